//! `cargo xtask review` through the library on text pairs of the project's spec: a change that
//! adds an operation, removes a parameter, changes a response field's type and adds an enum
//! value (all six sections, snapshotted); a change that only moves text (nothing introduced,
//! no API change); a spec whose client cannot be generated (reviewed, and said so); JSON valid
//! against `xtask/review.schema.json`. One process test runs `--base` in a scratch git repo.
//!
//! Over 400 lines on purpose: the edits each test plants in the project's spec are written
//! out here, next to the assertions on what the review says of them.

use std::path::Path;
use std::process::Command;

use passport_paas_spec::codegen::Generated;
use serde_json::Value;
use xtask::diff::Sides;
use xtask::review::snapshots::{SnapshotChange, first_change, request_line};
use xtask::review::{FailOn, Inputs, Review, render_github, render_json, render_markdown, review};
use xtask::spec::Profile;

fn project() -> String {
    std::fs::read_to_string(xtask::project_spec()).unwrap()
}

/// `text` with `from` replaced once by `to`; `from` must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the spec no longer holds {from:?}");
    text.replacen(from, to, 1)
}

const EXPIRES_IN: &str = "        expires_in:
          type: integer
          format: int64
          description: Lifetime in seconds, e.g. 86400 (inferred).
";

const ROLE: &str = "        - name: role
          in: query
          description: |
            Filters by the role associated with the access token (documented).
            Role names are not documented.
          required: false
          schema:
            type: string
          example: admin
";

const RECEIPT: &str = "  /v1/payments/{payment_id}/receipt:
    parameters:
      - $ref: '#/components/parameters/PaymentId'
    get:
      operationId: getPaymentReceipt
      tags:
        - payments
      summary: Retrieve Payment Receipt
      description: The receipt of a settled payment (inferred).
      responses:
        '200':
          description: The receipt (inferred).
          content:
            application/json:
              schema:
                type: object
                required:
                  - receipt_id
                properties:
                  receipt_id:
                    type: string
                    description: The receipt's id (inferred).
        '404':
          $ref: '#/components/responses/NotFound'
";

/// The four edits: an operation added, `role` removed from listTokens, `Token.expires_in` an
/// integer → a string, `GRANT_FLOW_DEVICE` added to `GrantFlow`.
fn changed() -> String {
    let text = project();
    let text = edit(
        &text,
        EXPIRES_IN,
        &EXPIRES_IN.replace("type: integer\n          format: int64", "type: string"),
    );
    let text = edit(&text, ROLE, "");
    let text = edit(
        &text,
        "        - GRANT_FLOW_LOGIN\n    OrderDirection:",
        "        - GRANT_FLOW_LOGIN\n        - GRANT_FLOW_DEVICE\n    OrderDirection:",
    );
    edit(
        &text,
        "  /v1/qrcodes:\n",
        &format!("{RECEIPT}  /v1/qrcodes:\n"),
    )
}

/// A request snapshot as insta writes it, before and after `role=` left the request.
const SNAPSHOT: &str = "---
source: tests/spec_operations.rs
expression: text.trim_end()
---
# request
GET /v1/iam/oauth/tokens?page_params.page_size=50&role=admin
accept: application/json
";

fn snapshot_delta() -> Vec<SnapshotChange> {
    let new = edit(SNAPSHOT, "&role=admin", "");
    vec![SnapshotChange {
        status: "modified",
        path: "tests/snapshots/spec_operations__listTokens.snap".into(),
        first_change: first_change(SNAPSHOT, &new),
        request: request_line(&new),
    }]
}

fn run(old: &str, new: &str, snapshots: Option<Vec<SnapshotChange>>) -> Review {
    review(Inputs {
        sides: Sides {
            old: ("HEAD:openapi/passport-paas.yaml", old),
            new: ("openapi/passport-paas.yaml", new),
        },
        profile: Profile::House,
        snapshots: snapshots.map(Ok),
    })
    .expect("both sides are specs")
}

#[test]
fn a_change_shows_all_six_sections_with_their_verdicts() {
    let review = run(&project(), &changed(), Some(snapshot_delta()));
    let v = &review.verdict;
    assert!(
        v.wire_breaking > 0 && v.rust_breaking > 0 && v.additions > 0,
        "{v:?}"
    );
    assert!(!v.generation_failed);
    let rust = |path: &str| review.rust.changes.iter().find(|c| c.path == path).cloned();
    let field = rust("Token.expires_in").expect("the field's type change");
    assert!(field.breaking);
    assert_eq!(
        field.message,
        "Token.expires_in: Option<Int64> → Option<String>"
    );
    assert!(rust("builder::ListTokens::role").unwrap().breaking);
    assert!(!rust("Client::get_payment_receipt").unwrap().breaking);
    // GrantFlow is an open, #[non_exhaustive] enum: a new value breaks no code.
    assert!(!rust("GrantFlow::Device").unwrap().breaking);
    assert_eq!(v.rust_breaking, review.rust.breaking().count());
    let surface = |kind: &str, command: &str| {
        review
            .surface
            .iter()
            .any(|c| c.kind == kind && c.command == command)
    };
    assert!(surface("command-added", "paas payments get-receipt"));
    assert!(surface("flag-removed", "paas tokens list"));
    assert!(
        !review.lint.introduced.is_empty(),
        "the examples now mismatch"
    );
    let snapshot = &snapshot_delta()[0];
    assert_eq!(
        snapshot.first_change.as_deref(),
        Some("+ GET /v1/iam/oauth/tokens?page_params.page_size=50")
    );
    assert_eq!(
        snapshot.request,
        Some("GET /v1/iam/oauth/tokens?page_params.page_size=50".into())
    );
    let markdown = render_markdown(&review, "https://example.test/blob/abc/");
    for heading in [
        "## Spec review",
        "### Lint",
        "### Spec diff",
        "### Generated Rust API",
        "### `paas` command line",
        "### Snapshots",
    ] {
        assert!(markdown.contains(heading), "{heading}");
    }
    insta::assert_snapshot!("review_markdown", markdown);
    let github = render_github(&review);
    let line = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:]+,line=[1-9][0-9]*,col=[1-9][0-9]*,title=[^:]+::.+$",
    )
    .unwrap();
    for annotation in github.lines() {
        assert!(line.is_match(annotation), "{annotation}");
    }
    assert!(github.contains("title=generated client%3A field changed breaks::Token.expires_in"));
    assert!(github.contains("::notice file=tests/snapshots/spec_operations__listTokens.snap,"));
    assert!(review.fails(FailOn::Wire) && review.fails(FailOn::Rust));
    assert!(review.fails(FailOn::Lint) && review.fails(FailOn::Any));
}

#[test]
fn moving_text_changes_nothing() {
    let text = project();
    // The QR-code paths moved to the front of `paths`.
    let start = text.find("  /v1/qrcodes:\n").unwrap();
    let end = text.find("\nx-webhooks:").unwrap() + 1;
    let block = &text[start..end];
    let without = format!("{}{}", &text[..start], &text[end..]);
    let paths = without.find("\npaths:\n").unwrap() + "\npaths:\n".len();
    let moved = format!("{}{block}{}", &without[..paths], &without[paths..]);
    // A description reflowed: the same words on other lines.
    let moved = edit(
        &moved,
        "            Filters by the role associated with the access token (documented).\n            Role names are not documented.\n",
        "            Filters by the role associated with the access token\n            (documented). Role names are not\n            documented.\n",
    );
    assert_ne!(moved, text);
    let review = run(&text, &moved, None);
    assert!(
        review.lint.introduced.is_empty(),
        "{:?}",
        review.lint.introduced
    );
    assert!(review.lint.fixed.is_empty(), "{:?}", review.lint.fixed);
    assert!(review.rust.generation_failed.is_empty());
    assert!(review.rust.changes.is_empty(), "{:?}", review.rust.changes);
    assert!(review.surface.is_empty(), "{:?}", review.surface);
    assert!(review.diff.changes.is_empty(), "{:?}", review.diff.changes);
    assert!(!review.fails(FailOn::Any));
}

#[test]
fn a_spec_that_does_not_generate_is_reviewed_and_says_so() {
    // Two operations with one operationId: progenitor refuses to generate the client.
    let broken = edit(
        &project(),
        "operationId: getPayment\n",
        "operationId: listPayments\n",
    );
    let review = run(&project(), &broken, None);
    assert!(review.verdict.generation_failed);
    let failure = review.rust.generation_failed.join("\n");
    assert!(
        failure.starts_with("new: ") && failure.contains("duplicate operation ID"),
        "{failure}"
    );
    assert!(review.rust.changes.is_empty());
    assert!(
        review
            .lint
            .introduced
            .iter()
            .any(|f| f.rule == "operation-id-unique")
    );
    assert!(!review.diff.changes.is_empty(), "the wire diff still runs");
    assert!(review.fails(FailOn::Rust));
    let markdown = render_markdown(&review, "");
    assert!(
        markdown.contains("**generation failed** for new: "),
        "{markdown}"
    );
    assert!(render_github(&review).contains("generation failed"));
}

fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("review.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the review schema compiles")
}

fn assert_valid(text: &str) -> Value {
    let value: Value = serde_json::from_str(text).expect("JSON");
    let errors: Vec<String> = schema()
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    value
}

#[test]
fn json_validates_against_the_committed_schema() {
    let full = run(&project(), &changed(), Some(snapshot_delta()));
    let value = assert_valid(&render_json(&full));
    assert_eq!(value["format_version"], 1);
    assert!(!value["rust"]["changes"].as_array().unwrap().is_empty());
    let broken = edit(
        &project(),
        "operationId: getPayment\n",
        "operationId: listPayments\n",
    );
    assert_valid(&render_json(&run(&project(), &broken, None)));
    // The schema is not a pass-everything: a missing section fails it.
    let mut value = value;
    value.as_object_mut().unwrap().remove("surface");
    assert!(!schema().is_valid(&value));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.test"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

#[test]
fn base_reads_the_spec_and_snapshots_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("openapi")).unwrap();
    std::fs::create_dir_all(root.join("snapshots")).unwrap();
    let spec = root.join(xtask::SPEC_PATH);
    std::fs::write(&spec, project()).unwrap();
    let snap = "---\nsource: t.rs\n---\n# request\nGET /v1/iam/oauth/tokens?role=admin\n";
    std::fs::write(root.join("snapshots/a.snap"), snap).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    std::fs::write(&spec, changed()).unwrap();
    let changed_snap = snap.replace("?role=admin", "");
    std::fs::write(root.join("snapshots/a.snap"), changed_snap).unwrap();
    std::fs::write(root.join("snapshots/b.snap.new"), snap).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "review",
            "--base",
            "HEAD",
            "--format",
            "json",
            "--fail-on",
            "wire",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let value = assert_valid(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(value["old"], "HEAD:openapi/passport-paas.yaml");
    let snapshots = &value["snapshots"]["changes"];
    assert_eq!(snapshots[0]["path"], "snapshots/a.snap");
    assert_eq!(snapshots[0]["status"], "modified");
    assert_eq!(snapshots[0]["request"], "GET /v1/iam/oauth/tokens");
    assert_eq!(snapshots[1]["status"], "pending");
    let refused = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["review", "--base=--output=x"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

/// Generated code in progenitor's shapes: a struct, an exhaustive enum, an open enum, an
/// operation builder with one optional and `extra` more setters.
fn generated(field: &str, variants: &str, open: &str, extra: &str) -> Generated {
    let client = format!(
        "pub mod types {{
            pub struct Token {{ pub id: ::std::string::String, {field} }}
            #[serde(untagged)]
            pub enum Code {{ {variants} }}
        }}
        pub struct Client {{}}
        impl Client {{
            pub fn list_tokens(&self) -> builder::ListTokens<'_> {{ builder::ListTokens::new(self) }}
        }}
        pub mod builder {{
            pub struct ListTokens<'a> {{
                client: &'a super::Client,
                role: Result<Option<::std::string::String>, String>,
                {extra}
            }}
            impl<'a> ListTokens<'a> {{
                pub fn new(client: &'a super::Client) -> Self {{ todo!() }}
                pub fn role<V>(mut self, value: V) -> Self
                where V: std::convert::TryInto<::std::string::String> {{ self }}
                pub fn limit<V>(mut self, value: V) -> Self
                where V: std::convert::TryInto<::std::num::NonZeroU32> {{ self }}
                pub async fn send(self) -> Result<(), ()> {{ Ok(()) }}
            }}
        }}"
    );
    Generated {
        client,
        enums: format!("crate::compat::open_enum! {{ #[doc = \"x\"] GrantFlow {{ {open} }} }}"),
        wiring: String::new(),
    }
}

#[test]
fn rust_items_say_what_breaks_code_that_compiles_today() {
    use xtask::review::rust_api::Api;
    use xtask::review::rust_delta::compare;
    let old = Api::read(&generated(
        "pub expires_in: ::std::option::Option<i64>, pub gone: i32,",
        "Int(i32), Text(String),",
        "Login = \"GRANT_FLOW_LOGIN\", Password = \"GRANT_FLOW_PASSWORD\",",
        "limit: Result<Option<::std::num::NonZeroU32>, String>,",
    ))
    .unwrap();
    let new = Api::read(&generated(
        "pub expires_in: i64, pub added: ::std::option::Option<bool>,",
        "Int(i32), Text(String), Flag(bool),",
        "Login = \"GRANT_FLOW_LOGIN\", Device = \"GRANT_FLOW_DEVICE\",",
        "limit: Result<::std::num::NonZeroU32, String>,",
    ))
    .unwrap();
    let changes = compare(&old, &new);
    let verdict = |path: &str| {
        let change = changes.iter().find(|c| c.path == path);
        change.map(|c| (c.change, c.breaking, c.message.clone()))
    };
    let (_, breaks, message) = verdict("Token.expires_in").unwrap();
    assert!(breaks);
    assert_eq!(
        message,
        "Token.expires_in: Option<i64> → i64 (no longer Option)"
    );
    assert_eq!(verdict("Token.gone").unwrap().0, "removed");
    assert!(
        verdict("Token.added").unwrap().1,
        "struct literals must name it"
    );
    assert!(
        verdict("Code::Flag").unwrap().1,
        "an exhaustive enum's new variant"
    );
    assert!(
        !verdict("GrantFlow::Device").unwrap().1,
        "an open enum's new variant"
    );
    assert!(
        verdict("GrantFlow::Password").unwrap().1,
        "a removed variant"
    );
    let (_, breaks, message) = verdict("builder::ListTokens::limit").unwrap();
    assert!(breaks, "{message}");
    assert!(message.contains("now required"), "{message}");
    assert!(verdict("builder::ListTokens::role").is_none(), "unchanged");
    assert!(verdict("Client::list_tokens").is_none(), "unchanged");
    assert!(
        changes.iter().take_while(|c| c.breaking).count()
            == changes.iter().filter(|c| c.breaking).count()
    );
}
