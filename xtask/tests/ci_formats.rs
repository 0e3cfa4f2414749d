//! CI-native output: `xtask spec --format github|sarif` and `xtask diff --format github`, run
//! as processes on small specs. Every github line is a workflow command with file, line and
//! column (those of the findings), a hostile document's control characters come out escaped,
//! an unreadable document is one located `::error`, and the SARIF log validates against the
//! official SARIF 2.1.0 schema (`tests/sarif/`) and holds the findings. The github and SARIF
//! output of `tests/ci/small.yaml` is snapshotted.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use regex::Regex;
use serde_json::Value;
use xtask::spec::{self, Profile};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The small spec: `required-property-exists` and `example-valid` errors, a `ref-siblings`
/// warning.
fn small() -> PathBuf {
    tests_dir().join("ci/small.yaml")
}

/// Runs the built xtask; (exit code, stdout).
fn xtask(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    (
        output.status.code().expect("an exit code, not a signal"),
        stdout,
    )
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// The workflow-command syntax, with the properties captured.
fn command_syntax() -> Regex {
    Regex::new(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]*)::(.*)$")
        .unwrap()
}

/// (level, file, line, col, title, message) of every line; fails on a line of another shape.
fn commands(output: &str) -> Vec<(String, String, usize, usize, String, String)> {
    let syntax = command_syntax();
    output
        .lines()
        .map(|line| {
            let c = syntax
                .captures(line)
                .unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
            let text = |i: usize| c[i].to_owned();
            (
                text(1),
                text(2),
                c[3].parse().unwrap(),
                c[4].parse().unwrap(),
                text(5),
                text(6),
            )
        })
        .collect()
}

/// No control character but the line ends, no bidirectional override.
fn assert_no_raw_control(output: &str) {
    let bad = output.chars().find(|c| {
        (c.is_control() && *c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert_eq!(bad, None, "raw control character in {output:?}");
}

#[test]
fn spec_github_lines_are_workflow_commands_at_the_findings() {
    let (code, out) = xtask(&["spec", path(&small()), "--format", "github"]);
    assert_eq!(code, 1, "{out}");
    let lines = commands(&out);
    let at = |rule: &str| {
        lines
            .iter()
            .find(|l| l.4.starts_with(rule))
            .unwrap_or_else(|| panic!("no {rule} in {out}"))
    };
    // Relative to the workspace root, whatever path it was given.
    let file = "xtask/tests/ci/small.yaml";
    let example = at("example-valid");
    assert_eq!((example.0.as_str(), example.1.as_str()), ("error", file));
    assert_eq!((example.2, example.3), (33, 11), "{out}");
    let required = at("required-property-exists");
    assert_eq!((required.0.as_str(), required.2), ("error", 29), "{out}");
    let sibling = at("ref-siblings");
    assert_eq!((sibling.0.as_str(), sibling.2), ("warning", 22), "{out}");
    assert!(sibling.5.contains("%0Ahint: "), "{}", sibling.5);
    assert_eq!(lines.len(), 3, "{out}");
}

#[test]
fn a_clean_spec_prints_no_annotation() {
    let clean = tests_dir().join("corpus/valid.yaml");
    let (code, out) = xtask(&["spec", path(&clean), "--format", "github"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

/// A document whose keys and values hold control characters, `%`, `:` and `,`.
const HOSTILE: &str = "openapi: 3.0.3\n\
info:\n  title: \"t\\e[2J\\a\"\n  version: '1'\n  \"k\\e]0;pwned\\a\\r\\n::error file=x,line=1::%,\\u202e\": 1\n\
paths:\n  /a:\n    get:\n      operationId: \"get\\x9b31m\\x7f\"\n      responses:\n        '200':\n          description: ok\n\
components:\n  schemas:\n    E:\n      type: integer\n      enum: [\"\\e[31mred\\r\\n\"]\n";

#[test]
fn hostile_documents_come_out_escaped() {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-hostile.yaml");
    std::fs::write(&file, HOSTILE).unwrap();
    let (code, out) = xtask(&["spec", path(&file), "--format", "github"]);
    assert_eq!(code, 1, "{out}");
    assert_no_raw_control(&out);
    let lines = commands(&out);
    assert!(lines.len() >= 2, "{out}");
    // The unknown key is named, escaped: its line break as the toolkit writes it, the rest as
    // Rust escapes, so no injected command starts a line.
    assert!(
        out.contains(r"k\u{1b}]0;pwned\u{7}%0D%0A::error file=x,line=1::%25,\u{202e}"),
        "{out}"
    );
    let (code, sarif) = xtask(&["spec", path(&file), "--format", "sarif"]);
    assert_eq!(code, 1);
    assert_no_raw_control(&sarif);
    validate(&sarif);
}

#[test]
fn an_unreadable_document_is_one_located_error() {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-unreadable.yaml");
    std::fs::write(
        &file,
        "openapi: 3.0.3\ninfo: {title: \"\u{1b}[31m\n  : [\u{7}\n",
    )
    .unwrap();
    let (code, out) = xtask(&["spec", path(&file), "--format", "github"]);
    assert_eq!(code, 2, "{out}");
    assert_no_raw_control(&out);
    let lines = commands(&out);
    assert_eq!(lines.len(), 1, "{out}");
    let (level, _, line, _, title, message) = &lines[0];
    assert_eq!(level, "error");
    assert!(*line >= 2, "{out}");
    assert!(
        title.contains("unreadable") && message.starts_with("unreadable: "),
        "{out}"
    );
    let (_, sarif) = xtask(&["spec", path(&file), "--format", "sarif"]);
    let log = validate(&sarif);
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

/// The official SARIF 2.1.0 schema (draft-07), formats checked too.
fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(tests_dir().join("sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// Parses `text` and validates it against the SARIF 2.1.0 schema.
fn validate(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let errors: Vec<String> = validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    log
}

#[test]
fn spec_sarif_validates_and_holds_the_findings() {
    let (code, out) = xtask(&["spec", path(&small()), "--format", "sarif"]);
    assert_eq!(code, 1);
    let log = validate(&out);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(!rules[index]["help"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "xtask/tests/ci/small.yaml"
        );
    }
    let example = results
        .iter()
        .find(|r| r["ruleId"] == "example-valid")
        .unwrap();
    assert_eq!(example["level"], "error");
    let region = &example["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(33), Some(11))
    );
    let sibling = results
        .iter()
        .find(|r| r["ruleId"] == "ref-siblings")
        .unwrap();
    assert_eq!(sibling["level"], "warning");
    // The standard profile lists no house rule; the house profile does.
    assert!(rules.iter().all(|r| r["properties"]["tags"][0] != "house"));
    let (_, house) = xtask(&[
        "spec",
        path(&small()),
        "--format",
        "sarif",
        "--profile",
        "house",
    ]);
    let house = validate(&house);
    let house_rules = house["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(house_rules.len(), spec::RULES.len());
    // The schema check can fail: a region before the first line is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        serde_json::json!(0);
    assert!(!validator().is_valid(&broken));
}

#[test]
fn small_spec_output_is_snapshotted() {
    let text = std::fs::read_to_string(small()).unwrap();
    let report = spec::check_text("xtask/tests/ci/small.yaml", &text, Profile::Standard);
    insta::assert_snapshot!("small_github", spec::render_github(&report));
    insta::assert_snapshot!("small_sarif", spec::render_sarif(&report));
}

/// `xtask diff --format github` on the pair `tests/diff/<class>`.
fn diff_github(class: &str) -> (i32, String) {
    let pair = tests_dir().join("diff").join(class);
    let (old, new) = (pair.join("old.yaml"), pair.join("new.yaml"));
    xtask(&[
        "diff",
        "--old",
        path(&old),
        "--new",
        path(&new),
        "--format",
        "github",
    ])
}

#[test]
fn diff_github_annotates_each_change_with_its_verdict() {
    let (code, out) = diff_github("parameter-removed");
    assert_eq!(code, 0, "{out}");
    let lines = commands(&out);
    let removed = lines
        .iter()
        .find(|l| l.4.contains("parameter-removed"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(removed.0, "error");
    assert!(removed.4.starts_with("wire-breaking"), "{out}");
    // A removal points into the base document.
    assert_eq!(removed.1, "xtask/tests/diff/parameter-removed/old.yaml");
    assert!(removed.2 > 1 && removed.3 == 1, "{out}");
    // An addition is a notice in the new document.
    let (_, out) = diff_github("max-length-widened-request");
    let lines = commands(&out);
    let notice = lines
        .iter()
        .find(|l| l.0 == "notice")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        notice.1,
        "xtask/tests/diff/max-length-widened-request/new.yaml"
    );
    assert!(notice.4.starts_with("compatible"), "{out}");
}

#[test]
fn diff_github_puts_a_removal_on_the_base_path_and_names_the_revision() {
    let pair = tests_dir().join("diff/parameter-removed");
    let read = |side: &str| std::fs::read_to_string(pair.join(side)).unwrap();
    let (old, new) = (read("old.yaml"), read("new.yaml"));
    let report = xtask::diff::diff(&xtask::diff::Sides {
        old: ("origin/main:openapi/x.yaml", &old),
        new: ("openapi/x.yaml", &new),
    })
    .unwrap();
    let out = xtask::diff::render_github(&report);
    let lines = commands(&out);
    let removed = lines
        .iter()
        .find(|l| l.4.contains("parameter-removed"))
        .unwrap();
    assert_eq!(
        (removed.1.as_str(), removed.2),
        ("openapi/x.yaml", 21),
        "{out}"
    );
    assert!(
        removed
            .5
            .ends_with("%0A(in the base: origin/main:openapi/x.yaml:21)"),
        "{out}"
    );
}
