//! A spec-only change flows through the whole product with no Rust edit.
//!
//! The test copies the repository, plants a change in the copy's spec — a new optional query
//! parameter on `listTokens`, and a new resource (a paginated `listWidgets`, a `getWidget`
//! with a new `Widget` schema holding an enum, a 64-bit integer and a timestamp, and a
//! `getWidgetLabel` answering `text/plain`) — and then, in
//! the copy, with no Rust file touched:
//! - `cargo xtask spec` passes and `cargo xtask diff` lists the additions;
//! - a program written against the regenerated client calls the new operations and the new
//!   setter, keeps an enum value the spec does not list, walks the new list's pages and reads
//!   a `text/plain` success as its bytes;
//!   the mock serves the new resource with pagination and auth and rejects a bad enum value;
//! - the planted constructs (`planted/constructs.json`, one operation per OpenAPI 3.0 construct
//!   family) are merged in too, called through the typed client (`planted/constructs_use.rs`)
//!   and listed by `paas`;
//! - `paas-conformance` exercises the new operations and passes;
//! - the spec-derived snapshot test reports new snapshots for the new operations and a changed
//!   one showing the new parameter on the wire.
//!
//! The copy builds in a target directory of its own (never the workspace's: cargo would take
//! the copy's crates for the workspace's), seeded with the workspace's compiled registry
//! dependencies so that only the copy's own crates compile; it is removed at the end.

use std::path::{Path, PathBuf};
use std::process::Command;

use passport_paas_spec::Document;
use serde_json::{Value, json};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The workspace's files (as git knows them, plus uncommitted edits) copied to `into`.
fn copy_repository(into: &Path) {
    let root = workspace();
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(&root)
        .output()
        .expect("git lists the files");
    assert!(listed.status.success());
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let from = root.join(&name);
        let to = into.join(&name);
        // A link stays a link (`mock/passport-paas.yaml` names the spec), so the copy's
        // mock serves the copy's planted spec.
        if let Ok(link) = std::fs::read_link(&from) {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(link, &to).unwrap();
            continue;
        }
        if !from.is_file() {
            continue;
        }
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
}

/// A target directory for the copy, seeded with what the workspace's `debug` profile compiled
/// of registry crates: their fingerprints do not depend on where a workspace lives, so cargo
/// takes them as fresh (modification times kept), while every path crate of the copy compiles
/// anew. The workspace's own crates and executables are left behind.
fn seeded_target(workspace_target: &Path, into: &Path) {
    let from = workspace_target.join("debug");
    let to = into.join("debug");
    for folder in [".fingerprint", "build", "deps"] {
        let Ok(entries) = std::fs::read_dir(from.join(folder)) else {
            continue;
        };
        std::fs::create_dir_all(to.join(folder)).unwrap();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if is_workspace_crate(&name.to_string_lossy()) {
                continue;
            }
            let target = to.join(folder).join(&name);
            if path.is_dir() {
                copy_tree(&path, &target);
            } else if folder != "deps" || path.extension().is_some() {
                copy_file(&path, &target);
            }
        }
    }
}

/// The workspace's own crates (artifacts, build outputs, fingerprints): the copy rebuilds them.
fn is_workspace_crate(name: &str) -> bool {
    let name = name.strip_prefix("lib").unwrap_or(name);
    ["passport", "xtask", "paas"]
        .iter()
        .any(|own| name.starts_with(own))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            copy_file(&path, &to.join(entry.file_name()));
        }
    }
}

/// A file of the seed, with its modification time: cargo takes a unit whose dependency's
/// output is newer than its own as stale. A file that a concurrent build removed meanwhile is
/// simply not seeded.
fn copy_file(from: &Path, to: &Path) {
    let copied = std::fs::copy(from, to).and_then(|_| {
        let modified = std::fs::metadata(from)?.modified()?;
        std::fs::File::options()
            .write(true)
            .open(to)?
            .set_modified(modified)
    });
    match copied {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => panic!("seeding {}: {error}", to.display()),
    }
}

/// The planted change, made on the spec's JSON and written back as JSON (which is YAML).
fn plant(spec: &str) -> String {
    let mut root = Document::parse(spec).expect("the spec parses").root;
    let list = root
        .pointer_mut("/paths/~1v1~1iam~1oauth~1tokens/get/parameters")
        .and_then(Value::as_array_mut)
        .expect("listTokens has parameters");
    list.push(json!({
        "name": "planted_flag", "in": "query", "required": false,
        "description": "A parameter planted by the test (inferred).",
        "schema": { "type": "string" }, "example": "on"
    }));
    let paging: Vec<Value> = [
        "PageSize",
        "PageNumber",
        "FirstRequestTimestampSeconds",
        "FirstRequestTimestampNanos",
        "OrderKey",
        "OrderDirection",
    ]
    .iter()
    .map(|p| json!({ "$ref": format!("#/components/parameters/{p}") }))
    .collect();
    let errors = json!({
        "400": { "$ref": "#/components/responses/BadRequest" },
        "401": { "$ref": "#/components/responses/Unauthorized" },
        "500": { "$ref": "#/components/responses/InternalServerError" }
    });
    let widget = json!({ "widget_id": "0d1f3c4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "name": "first",
        "color": "RED", "count": 12, "created_at": "2025-01-02T03:04:05Z" });
    let mut list_responses = errors.clone();
    list_responses["200"] = json!({
        "description": "One page of widgets (inferred).",
        "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/WidgetList" },
            "example": { "pagination_info": { "total_elements": 1, "total_pages": 1, "current_page": 1,
                "first_request_timestamp": "2025-01-02T03:04:05Z" }, "widgets": [widget] } } }
    });
    let mut get_responses = errors.clone();
    get_responses["200"] = json!({
        "description": "One widget (inferred).",
        "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Widget" }, "example": widget } }
    });
    get_responses["404"] = json!({ "$ref": "#/components/responses/NotFound" });
    let paths = root["paths"].as_object_mut().unwrap();
    paths.insert(
        "/v1/widgets".into(),
        json!({ "get": {
        "operationId": "listWidgets", "tags": ["widgets"], "summary": "List widgets",
        "description": "Widgets, a page at a time (inferred).",
        "parameters": paging, "responses": list_responses } }),
    );
    paths.insert("/v1/widgets/{widget_id}".into(), json!({ "get": {
        "operationId": "getWidget", "tags": ["widgets"], "summary": "Retrieve a widget",
        "description": "One widget (inferred).",
        "parameters": [{ "name": "widget_id", "in": "path", "required": true,
            "description": "The widget (inferred).", "schema": { "type": "string", "format": "uuid" },
            "example": "0d1f3c4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f" }],
        "responses": get_responses } }));
    let mut label_responses = errors.clone();
    label_responses["200"] = json!({
        "description": "The widget's label, as text (inferred).",
        "content": { "text/plain": {
            "schema": { "type": "string", "maxLength": 64 }, "example": "Widget first" } }
    });
    label_responses["404"] = json!({ "$ref": "#/components/responses/NotFound" });
    paths.insert("/v1/widgets/{widget_id}/label".into(), json!({ "get": {
        "operationId": "getWidgetLabel", "tags": ["widgets"], "summary": "A widget's label",
        "description": "The label to print on a widget, as text (inferred).",
        "parameters": [{ "name": "widget_id", "in": "path", "required": true,
            "description": "The widget (inferred).", "schema": { "type": "string", "format": "uuid" },
            "example": "0d1f3c4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f" }],
        "responses": label_responses } }));
    let schemas = root["components"]["schemas"].as_object_mut().unwrap();
    schemas.insert("Widget".into(), json!({
        "type": "object", "description": "A widget (inferred).", "required": ["widget_id"],
        "properties": {
            "widget_id": { "type": "string", "format": "uuid", "description": "Its id (inferred)." },
            "name": { "type": "string", "description": "Its name (inferred)." },
            "color": { "type": "string", "enum": ["RED", "GREEN"], "description": "Its color (inferred)." },
            "count": { "type": "integer", "format": "int64", "description": "How many (inferred)." },
            "created_at": { "type": "string", "format": "date-time", "description": "When (inferred)." }
        } }));
    schemas.insert(
        "WidgetList".into(),
        json!({
        "type": "object", "description": "A page of widgets (inferred).",
        "required": ["pagination_info", "widgets"],
        "properties": {
            "pagination_info": { "$ref": "#/components/schemas/PaginationInfo" },
            "widgets": { "type": "array", "description": "The widgets (inferred).",
                "items": { "$ref": "#/components/schemas/Widget" } }
        } }),
    );
    root["tags"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "widgets", "description": "Widgets (planted by a test)." }));
    merge_constructs(&mut root);
    serde_json::to_string_pretty(&root).unwrap()
}

/// One planted operation per OpenAPI 3.0 construct family (`planted/constructs.json`: integer
/// and number enums, unions with and without discriminator, typed and open maps, form and
/// text bodies, `PUT` and `PATCH`, response headers, a top-level array, deprecated and
/// path-level parameters), merged into the spec: tags appended, paths and components added.
const CONSTRUCTS: &str = include_str!("planted/constructs.json");

/// Typed calls on the planted constructs, placed in the copy's `tests/`.
const USE_THE_CONSTRUCTS: &str = include_str!("planted/constructs_use.rs");

fn merge_constructs(root: &mut Value) {
    let constructs: Value = serde_json::from_str(CONSTRUCTS).expect("constructs.json is JSON");
    for tag in constructs["tags"].as_array().into_iter().flatten() {
        root["tags"].as_array_mut().unwrap().push(tag.clone());
    }
    let paths = root["paths"].as_object_mut().unwrap();
    for (path, item) in constructs["paths"].as_object().unwrap() {
        assert!(
            paths.insert(path.clone(), item.clone()).is_none(),
            "{path} is new"
        );
    }
    for (section, entries) in constructs["components"].as_object().into_iter().flatten() {
        let into = root["components"]
            .as_object_mut()
            .unwrap()
            .entry(section.clone())
            .or_insert_with(|| json!({}));
        for (name, entry) in entries.as_object().unwrap() {
            let fresh = into
                .as_object_mut()
                .unwrap()
                .insert(name.clone(), entry.clone());
            assert!(fresh.is_none(), "{section}/{name} is new");
        }
    }
}

/// The operation ids of the planted constructs.
fn construct_operations() -> Vec<String> {
    let constructs: Value = serde_json::from_str(CONSTRUCTS).unwrap();
    constructs["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|operation| operation.get("operationId")?.as_str().map(str::to_owned))
        .collect()
}

/// A program written against the regenerated client, placed in the copy's `tests/`.
const USE_THE_NEW_API: &str = r##"
mod support;
use futures::TryStreamExt;
use passport_paas::prelude::*;
use passport_paas_mock::Fault;

#[tokio::test]
async fn the_new_operations_are_callable_and_served() {
    let mock = support::mock().await;
    let client = support::client(&mock);
    let page = client.list_widgets().page_params_page_size(1u32).call().await.unwrap();
    assert_eq!(page.widgets.len(), 1);
    let widgets: Vec<types::Widget> = client.list_widgets().page_params_page_size(1u32).items().try_collect().await.unwrap();
    let widget = client.get_widget().widget_id(widgets[0].widget_id).call().await.unwrap();
    assert_eq!(widget.color, Some(types::WidgetColor::Red));
    // A success that is not JSON comes back as its bytes.
    let label = client.get_widget_label().widget_id(widgets[0].widget_id).call().await.unwrap();
    let text: Vec<u8> = label.into_inner().map_ok(|chunk| chunk.to_vec()).try_concat().await.unwrap();
    assert_eq!(String::from_utf8(text).unwrap(), "Widget first");
    let tokens = client.list_tokens().planted_flag("on").call().await.unwrap();
    assert!(!tokens.tokens.is_empty());
    assert!(mock.requests().last().unwrap().query.as_deref().unwrap().contains("planted_flag=on"));
    // A value the spec does not list is kept.
    mock.push_fault(Fault::json(200, r#"{"widget_id":"0d1f3c4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f","color":"PURPLE","count":"9007199254740993"}"#));
    let odd = client.get_widget().widget_id(widgets[0].widget_id).call().await.unwrap();
    assert_eq!(odd.color, Some(types::WidgetColor::Unknown("PURPLE".into())));
    assert_eq!(odd.count.map(|c| c.get()), Some(9_007_199_254_740_993));
    // The mock checks auth and the enum of the new resource.
    let unauthenticated = reqwest::get(format!("{}/v1/widgets", mock.url())).await.unwrap();
    assert_eq!(unauthenticated.status().as_u16(), 401);
    let http = reqwest::Client::new();
    let bad = http.get(format!("{}/v1/widgets?order_params.order_direction=SIDEWAYS", mock.url()))
        .bearer_auth(support::TEST_TOKEN).send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 400);
}
"##;

fn run(dir: &Path, target: &Path, program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CI")
        // CI lints while it builds (clippy as the workspace's rustc wrapper); the copy
        // builds with plain rustc.
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CLIPPY_ARGS")
        .output()
        .unwrap_or_else(|e| panic!("{program} {args:?}: {e}"))
}

/// One build of everything the test runs, with the workspace's feature resolution (dev
/// dependencies on, as in `cargo test --workspace`), so the seeded registry crates are
/// taken as fresh and each of the copy's crates compiles once.
fn build_once(copy: &Path, target: &Path) {
    let started = std::time::Instant::now();
    let built = run(
        copy,
        target,
        "cargo",
        &[
            "build",
            "-q",
            "--workspace",
            "--bins",
            "--test",
            "planted_use",
            "--test",
            "planted_constructs",
            "--test",
            "spec_operations",
        ],
    );
    assert!(built.status.success(), "the copy builds: {}", text(&built));
    eprintln!("the copy built in {:.0?}", started.elapsed());
}

/// A binary of the copy's build.
fn binary(target: &Path, name: &str) -> String {
    target
        .join("debug")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn text(output: &std::process::Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_planted_spec_change_flows_through_with_no_rust_edit() {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("planted");
    let _ = std::fs::remove_dir_all(&scratch);
    let copy = scratch.join("repo");
    copy_repository(&copy);
    let workspace_target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let target = scratch.join("target");
    seeded_target(&workspace_target, &target);
    let spec_path = copy.join("openapi/passport-paas.yaml");
    let original = std::fs::read_to_string(&spec_path).unwrap();
    std::fs::write(scratch.join("original.yaml"), &original).unwrap();
    std::fs::write(&spec_path, plant(&original)).unwrap();
    std::fs::write(copy.join("tests/planted_use.rs"), USE_THE_NEW_API).unwrap();
    std::fs::write(copy.join("tests/planted_constructs.rs"), USE_THE_CONSTRUCTS).unwrap();

    build_once(&copy, &target);
    let xtask = binary(&target, "xtask");
    // The copy's client was just compiled, so the compiler check of `xtask spec` (its own
    // target directory, a cold dependency build) would prove nothing more here.
    let spec = run(&copy, &target, &xtask, &["spec", "--no-compile"]);
    assert!(spec.status.success(), "xtask spec: {}", text(&spec));

    let original_path = scratch.join("original.yaml");
    let diff = run(
        &copy,
        &target,
        &xtask,
        &[
            "diff",
            "--old",
            original_path.to_str().unwrap(),
            "--fail-on-breaking",
        ],
    );
    let shown = text(&diff);
    assert!(diff.status.success(), "no breaking change: {shown}");
    for addition in ["/v1/widgets", "/v1/widgets/{widget_id}", "planted_flag"] {
        assert!(
            shown.contains(addition),
            "the diff lists {addition}: {shown}"
        );
    }

    let used = run(
        &copy,
        &target,
        "cargo",
        &[
            "test",
            "-q",
            "--workspace",
            "--test",
            "planted_use",
            "--test",
            "planted_constructs",
        ],
    );
    assert!(used.status.success(), "the new API in use: {}", text(&used));

    // `paas` has a group for the planted tag, a command per planted operation.
    let paas = binary(&target, "paas");
    let group = run(&copy, &target, &paas, &["planted", "--help"]);
    assert!(group.status.success(), "paas planted: {}", text(&group));
    assert_eq!(
        String::from_utf8_lossy(&group.stdout)
            .lines()
            .skip_while(|line| !line.starts_with("Commands:"))
            .take_while(|line| !line.starts_with("Options:"))
            // A command's line: two spaces and its name (wrapped text is indented deeper).
            .filter(|line| line.starts_with("  ") && !line[2..].starts_with(' '))
            .filter(|line| !line.trim_start().starts_with("help"))
            .count(),
        construct_operations().len(),
        "one command per planted operation: {}",
        text(&group)
    );

    let conformance = run(
        &copy,
        &target,
        &binary(&target, "paas-conformance"),
        &["--cases", "300", "--format", "json"],
    );
    assert!(
        conformance.status.success(),
        "conformance: {}",
        text(&conformance)
    );
    let report: Value = serde_json::from_slice(&conformance.stdout).expect("a json report");
    let exercised = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "responses-conform")
        .unwrap()["operations"]
        .clone();
    let planted = construct_operations();
    let planted = planted.iter().map(String::as_str);
    for id in ["listWidgets", "getWidget", "getWidgetLabel"]
        .into_iter()
        .chain(planted)
    {
        assert!(
            exercised.as_array().unwrap().contains(&json!(id)),
            "{exercised}"
        );
    }

    // Every changed or new snapshot is written for review (`.snap.new`) in one run, none
    // accepted: the README's review loop as a user runs it, with no force-pass.
    let snapshots = Command::new("cargo")
        .args(["test", "-q", "--workspace", "--test", "spec_operations"])
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", &target)
        .env("INSTA_UPDATE", "new")
        .env_remove("CI")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CLIPPY_ARGS")
        .output()
        .unwrap();
    let pending = copy.join("tests/snapshots");
    let planted = construct_operations();
    let planted = planted
        .iter()
        .map(|id| format!("spec_operations__{id}.snap.new"));
    let widgets = ["listWidgets", "getWidget", "getWidgetLabel"]
        .map(|id| format!("spec_operations__{id}.snap.new"));
    for name in widgets.into_iter().chain(planted) {
        assert!(
            pending.join(&name).exists(),
            "{name} is offered for review: {}",
            text(&snapshots)
        );
    }
    let changed = std::fs::read_to_string(pending.join("spec_operations__listTokens.snap.new"))
        .expect("the listTokens snapshot changed");
    assert!(changed.contains("planted_flag=on"), "{changed}");
    let _ = std::fs::remove_dir_all(&scratch);
}
