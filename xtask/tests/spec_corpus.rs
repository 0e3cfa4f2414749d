//! `cargo xtask spec` on the corpus: every rule fires on the file named after it, with a located
//! diagnostic (snapshotted); the real spec passes clean; no input makes it panic.

use std::path::{Path, PathBuf};

use xtask::spec::{self, RULES, Severity};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn check(path: &Path) -> (spec::Report, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let label = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());
    let report = spec::check_text(&label, &text);
    (report, text)
}

#[test]
fn every_rule_fires_on_its_corpus_file() {
    let files = corpus();
    for rule in RULES {
        let path = files
            .iter()
            .find(|p| p.file_stem().unwrap() == rule.id)
            .unwrap_or_else(|| panic!("no corpus file for rule {}", rule.id));
        let (report, _) = check(path);
        assert!(
            report.diagnostics.iter().any(|d| d.rule == rule.id),
            "{} does not fire on its file: {:#?}",
            rule.id,
            report.diagnostics
        );
        let expected_exit = if rule.severity == Severity::Error {
            1
        } else {
            0
        };
        assert_eq!(report.exit_code(), expected_exit, "{}", rule.id);
    }
}

#[test]
fn corpus_diagnostics_snapshots() {
    for path in corpus() {
        let (report, text) = check(&path);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let rendered = format!(
            "exit {}\n{}",
            report.exit_code(),
            spec::render_human(&report, Some(&text))
        );
        insta::assert_snapshot!(name, rendered);
    }
}

#[test]
fn json_format_is_machine_readable() {
    let path = corpus()
        .into_iter()
        .find(|p| p.ends_with("unresolved-ref.yaml"))
        .unwrap();
    let (report, _) = check(&path);
    let value: serde_json::Value = serde_json::from_str(&spec::render_json(&report)).unwrap();
    let first = &value["diagnostics"][0];
    assert_eq!(first["rule"], "unresolved-ref");
    assert_eq!(first["severity"], "error");
    assert!(first["line"].as_u64().unwrap() > 1);
    assert!(first["hint"].as_str().unwrap().contains("$ref"));
}

#[test]
fn the_real_spec_passes_clean() {
    let path = xtask::workspace_root().join(xtask::codegen::SPEC_PATH);
    let report = spec::check_file(&path);
    assert!(
        report.fatal.is_none() && report.diagnostics.is_empty(),
        "{}",
        spec::render_human(&report, None)
    );
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn unreadable_and_odd_inputs_never_panic() {
    let missing = spec::check_file(Path::new("/nonexistent/spec.yaml"));
    assert_eq!(missing.exit_code(), 2);
    let real =
        std::fs::read_to_string(xtask::workspace_root().join(xtask::codegen::SPEC_PATH)).unwrap();
    let mut cut = 0;
    while cut < real.len() {
        if real.is_char_boundary(cut) {
            let report = spec::check_text("prefix", &real[..cut]);
            assert!(report.exit_code() <= 2);
        }
        cut += 97;
    }
    for odd in [
        "{}",
        "[]",
        "null",
        "openapi: 3.0.3",
        "openapi: 3",
        "\u{0}\u{1}",
        "paths: {a: b}",
        "openapi: '3.0.0'\npaths: 7",
    ] {
        let report = spec::check_text("odd", odd);
        assert_ne!(report.exit_code(), 0, "{odd:?} passed");
    }
}
