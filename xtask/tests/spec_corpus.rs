//! `cargo xtask spec` on the corpus: every rule fires on the file named after it, with a located
//! diagnostic (snapshotted); each `ok-*` file (a false alarm of the past) stays silent; the real
//! spec passes clean; no input makes it panic.

use std::path::{Path, PathBuf};

use xtask::spec::{self, Group, Profile, RULES, Severity};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

fn check(path: &Path, profile: Profile) -> (spec::Report, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let label = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());
    (spec::check_text(&label, &text, profile), text)
}

#[test]
fn every_rule_fires_on_its_corpus_file() {
    let files = corpus();
    for rule in RULES {
        let path = files
            .iter()
            .find(|p| stem(p) == rule.id)
            .unwrap_or_else(|| panic!("no corpus file for rule {}", rule.id));
        let (report, _) = check(path, Profile::House);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.rule == rule.id && (d.position.line > 1 || d.pointer == "/openapi")),
            "{} does not fire (located) on its file: {:#?}",
            rule.id,
            report.diagnostics
        );
        let expected_exit = u8::from(rule.severity == Severity::Error);
        assert_eq!(report.exit_code(), expected_exit, "{}", rule.id);
    }
}

#[test]
fn past_false_alarms_stay_silent() {
    let files: Vec<PathBuf> = corpus()
        .into_iter()
        .filter(|p| stem(p).starts_with("ok-"))
        .collect();
    assert!(files.len() >= 5);
    for path in files {
        // `ok-standard-*` files use what progenitor accepts but the house style does not.
        let profile = if stem(&path).starts_with("ok-standard-") {
            Profile::Standard
        } else {
            Profile::House
        };
        let (report, text) = check(&path, profile);
        assert!(
            report.diagnostics.is_empty() && report.exit_code() == 0,
            "{}",
            spec::render_human(&report, Some(&text))
        );
    }
}

#[test]
fn house_rules_apply_only_under_the_house_profile() {
    for rule in RULES.iter().filter(|r| r.group == Group::House) {
        let path = corpus().into_iter().find(|p| stem(p) == rule.id).unwrap();
        let (report, _) = check(&path, Profile::Standard);
        assert!(
            report.diagnostics.iter().all(|d| d.group != Group::House),
            "{}",
            rule.id
        );
    }
    assert_eq!(Profile::for_path(&xtask::project_spec()), Profile::House);
    assert_eq!(
        Profile::for_path(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/corpus/valid.yaml"
        ))),
        Profile::Standard
    );
}

#[test]
fn corpus_diagnostics_snapshots() {
    for path in corpus() {
        let (report, text) = check(&path, Profile::House);
        let rendered = format!(
            "exit {}\n{}",
            report.exit_code(),
            spec::render_human(&report, Some(&text))
        );
        insta::assert_snapshot!(stem(&path), rendered);
    }
}

#[test]
fn json_format_is_machine_readable() {
    let path = corpus()
        .into_iter()
        .find(|p| p.ends_with("unresolved-ref.yaml"))
        .unwrap();
    let (report, _) = check(&path, Profile::House);
    let value: serde_json::Value = serde_json::from_str(&spec::render_json(&report)).unwrap();
    let first = &value["diagnostics"][0];
    assert_eq!(first["rule"], "unresolved-ref");
    assert_eq!(first["group"], "invalid");
    assert_eq!(first["severity"], "error");
    assert!(first["line"].as_u64().unwrap() > 1);
    assert!(first["hint"].as_str().unwrap().contains("$ref"));
    assert_eq!(value["groups"]["invalid"]["errors"], 1);
    assert_eq!(value["groups"]["house"]["warnings"], 1);
}

#[test]
fn the_real_spec_passes_clean() {
    let report = spec::check_file(&xtask::project_spec(), Profile::House);
    assert!(
        report.fatal.is_none() && report.diagnostics.is_empty(),
        "{}",
        spec::render_human(&report, None)
    );
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn versions_big_numbers_and_repeated_keys() {
    // A 3.1 document is told it is 3.1, whether or not this reader can read it.
    for text in [
        "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
        "openapi: 3.1.0\npaths: {a: [}\n",
        "{\"openapi\": \"3.1.1\", \"paths\": {\"a\": [}",
    ] {
        let report = spec::check_text("v31", text, Profile::Standard);
        assert_eq!(report.exit_code(), 1, "{text}");
        assert_eq!(report.diagnostics[0].rule, "openapi-version");
        assert!(
            report.diagnostics[0]
                .message
                .contains("progenitor reads OpenAPI 3.0.x")
        );
    }
    let big = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-big: 123456789012345678901234567890\n";
    let report = spec::check_text("big", big, Profile::Standard);
    assert!(
        report.fatal.is_none() && report.exit_code() == 0,
        "{:?}",
        report.diagnostics
    );
    let twice = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ninfo: {title: y, version: '2'}\n";
    let report = spec::check_text("twice", twice, Profile::Standard);
    assert_eq!(report.diagnostics[0].rule, "duplicate-key");
    assert_eq!(report.diagnostics[0].position.line, 4);
}

#[test]
fn a_progenitor_panic_prints_no_panic_text() {
    let path = corpus()
        .into_iter()
        .find(|p| p.ends_with("codegen.yaml"))
        .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec")
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked at"), "{stderr}");
    assert!(
        stderr.contains("error[codegen]: operation getThing"),
        "{stderr}"
    );
    assert!(stderr.contains("codegen.yaml:19:5"), "{stderr}");
}

#[test]
fn unreadable_and_odd_inputs_never_panic() {
    let missing = spec::check_file(Path::new("/nonexistent/spec.yaml"), Profile::Standard);
    assert_eq!(missing.exit_code(), 2);
    let real = std::fs::read_to_string(xtask::project_spec()).unwrap();
    let cuts: Vec<usize> = (0..real.len())
        .step_by(211)
        .filter(|cut| real.is_char_boundary(*cut))
        .collect();
    // Hundreds of whole checks: one share per core, so this test does not hold the run alone.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        for share in cuts.chunks(cuts.len().div_ceil(threads)) {
            let real = &real;
            scope.spawn(move || {
                for &cut in share {
                    let report = spec::check_text("prefix", &real[..cut], Profile::House);
                    assert!(report.exit_code() <= 2, "the prefix of {cut} bytes");
                }
            });
        }
    });
    for odd in [
        "{}",
        "[]",
        "null",
        "openapi: 3.0.3",
        "openapi: 3",
        "\u{0}\u{1}",
        "paths: {a: b}",
        "openapi: '3.0.0'\npaths: 7",
        "openapi: 3.0.3\ninfo: 1\npaths:\n  /a:\n    get:\n      responses: []\n",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/A'}}}",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {operationId: '...', responses: {'200': {description: x, content: {a/b: {schema: {type: array}}}}}}}}",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {responses: {'200': {$ref: 7}}}}}",
        "a: &x [*x]",
    ] {
        let report = spec::check_text("odd", odd, Profile::House);
        assert_ne!(report.exit_code(), 0, "{odd:?} passed");
    }
}
