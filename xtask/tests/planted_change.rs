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

#[path = "planted/copy.rs"]
mod copy;

use copy::{copy_repository, seeded_target};

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
    merge(&mut root, WIDGETS_JSON);
    merge(&mut root, CONSTRUCTS);
    serde_json::to_string_pretty(&root).unwrap()
}

/// One planted operation per OpenAPI 3.0 construct family (`planted/constructs.json`: integer
/// and number enums, unions with and without discriminator, typed and open maps, form and
/// text bodies, `PUT` and `PATCH`, response headers, a top-level array, deprecated and
/// path-level parameters), merged into the spec: tags appended, paths and components added.
const CONSTRUCTS: &str = include_str!("planted/constructs.json");

/// The planted resource: a paginated list, a get and a `text/plain` label of widgets.
const WIDGETS_JSON: &str = include_str!("planted/widgets.json");

/// Typed calls on the planted constructs, placed in the copy's `tests/`.
const USE_THE_CONSTRUCTS: &str = include_str!("planted/constructs_use.rs");

/// Adds a fragment's tags, paths and components to the spec; each must be new.
fn merge(root: &mut Value, fragment: &str) {
    let constructs: Value = serde_json::from_str(fragment).expect("a planted fragment is JSON");
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
const USE_THE_NEW_API: &str = include_str!("planted/widgets_use.rs");

fn run(dir: &Path, target: &Path, program: &str, args: &[&str]) -> std::process::Output {
    let started = std::time::Instant::now();
    let output = in_copy(dir, target, program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} {args:?}: {e}"));
    eprintln!("{program} {args:?}: {:.1?}", started.elapsed());
    output
}

/// `program` started in `dir` as from a user's shell, building into `target`.
fn in_copy(dir: &Path, target: &Path, program: &str) -> Command {
    let mut command = Command::new(program);
    // Not with the variables `cargo test` set for this test (ring's build script watches
    // `CARGO_MANIFEST_DIR`, and would compile again).
    xtask::cargo::remove_package_variables(&mut command)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        // The copy is built once: incremental caches would only be written, never read. Every
        // cargo started in the copy says so, or the next one would compile the copy again.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("CI")
        // CI lints while it builds (clippy as the workspace's rustc wrapper); the copy
        // builds with plain rustc.
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CLIPPY_ARGS");
    command
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
            // The fuzz targets are not what a spec change is reviewed with.
            "--exclude",
            "passport-paas-fuzz",
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

/// The planted widget operations (in the spec text `plant` writes).
const WIDGETS: [&str; 3] = ["listWidgets", "getWidget", "getWidgetLabel"];

#[test]
fn a_planted_spec_change_flows_through_with_no_rust_edit() {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("planted");
    let _ = std::fs::remove_dir_all(&scratch);
    let copy = scratch.join("repo");
    let target = scratch.join("target");
    let original_path = prepare_copy(&scratch, &copy, &target);
    build_once(&copy, &target);
    spec_and_diff_pass(&copy, &target, &original_path);
    let used = run(
        &copy,
        &target,
        "cargo",
        &[
            "test",
            "-q",
            "--workspace",
            // As `build_once` selects them: with the fuzz crate, the library's features (and
            // so the library) would differ from the build's.
            "--exclude",
            "passport-paas-fuzz",
            "--test",
            "planted_use",
            "--test",
            "planted_constructs",
        ],
    );
    assert!(used.status.success(), "the new API in use: {}", text(&used));
    paas_has_the_planted_commands(&copy, &target);
    conformance_exercises_the_planted_operations(&copy, &target);
    snapshots_are_offered_for_review(&copy, &target);
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Copies the repository, seeds its target directory, plants the change and the programs
/// that use it; returns the path of the spec as it was.
fn prepare_copy(scratch: &Path, copy: &Path, target: &Path) -> PathBuf {
    copy_repository(copy);
    let workspace_target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    seeded_target(&workspace_target, target);
    let spec_path = copy.join("openapi/passport-paas.yaml");
    let original = std::fs::read_to_string(&spec_path).unwrap();
    let original_path = scratch.join("original.yaml");
    std::fs::write(&original_path, &original).unwrap();
    std::fs::write(&spec_path, plant(&original)).unwrap();
    std::fs::write(copy.join("tests/planted_use.rs"), USE_THE_NEW_API).unwrap();
    std::fs::write(copy.join("tests/planted_constructs.rs"), USE_THE_CONSTRUCTS).unwrap();
    original_path
}

/// `xtask spec` passes on the planted spec, and `xtask diff` lists the additions, none
/// breaking.
fn spec_and_diff_pass(copy: &Path, target: &Path, original_path: &Path) {
    let xtask = binary(target, "xtask");
    // The copy's client was just compiled, so the compiler check of `xtask spec` (its own
    // target directory, a cold dependency build) would prove nothing more here.
    let spec = run(copy, target, &xtask, &["spec", "--no-compile"]);
    assert!(spec.status.success(), "xtask spec: {}", text(&spec));
    let old = original_path.to_str().unwrap();
    let diff = run(
        copy,
        target,
        &xtask,
        &["diff", "--old", old, "--fail-on-breaking"],
    );
    let shown = text(&diff);
    assert!(diff.status.success(), "no breaking change: {shown}");
    for addition in ["/v1/widgets", "/v1/widgets/{widget_id}", "planted_flag"] {
        assert!(
            shown.contains(addition),
            "the diff lists {addition}: {shown}"
        );
    }
}

/// `paas` has a group for the planted tag, a command per planted operation.
fn paas_has_the_planted_commands(copy: &Path, target: &Path) {
    let paas = binary(target, "paas");
    let group = run(copy, target, &paas, &["planted", "--help"]);
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
}

/// `paas-conformance` passes and exercises every planted operation.
fn conformance_exercises_the_planted_operations(copy: &Path, target: &Path) {
    let conformance = run(
        copy,
        target,
        &binary(target, "paas-conformance"),
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
    for id in WIDGETS
        .into_iter()
        .chain(planted.iter().map(String::as_str))
    {
        assert!(
            exercised.as_array().unwrap().contains(&json!(id)),
            "{exercised}"
        );
    }
}

/// Every changed or new snapshot is written for review (`.snap.new`) in one run, none
/// accepted: the README's review loop as a user runs it, with no force-pass.
fn snapshots_are_offered_for_review(copy: &Path, target: &Path) {
    let started = std::time::Instant::now();
    let snapshots = in_copy(copy, target, "cargo")
        .args([
            "test",
            "-q",
            "--workspace",
            "--exclude",
            "passport-paas-fuzz",
        ])
        .args(["--test", "spec_operations"])
        .env("INSTA_UPDATE", "new")
        .output()
        .unwrap();
    eprintln!("the copy's snapshot run: {:.1?}", started.elapsed());
    let pending = copy.join("tests/snapshots");
    let planted = construct_operations();
    let names = WIDGETS
        .into_iter()
        .map(str::to_owned)
        .chain(planted)
        .map(|id| format!("spec_operations__{id}.snap.new"));
    for name in names {
        assert!(
            pending.join(&name).exists(),
            "{name} is offered for review: {}",
            text(&snapshots)
        );
    }
    let changed = std::fs::read_to_string(pending.join("spec_operations__listTokens.snap.new"))
        .expect("the listTokens snapshot changed");
    assert!(changed.contains("planted_flag=on"), "{changed}");
}
