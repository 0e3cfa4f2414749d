//! Hostile specs: documents a stranger's pull request can carry, run through `xtask spec` and
//! `xtask diff` as processes under an address-space limit and a time limit. Each gives its
//! exit code (0, 1 or 2 — never a signal), a located message (`file:line:column`) and no raw
//! control character from the document. Small cases are files in `tests/hostile/`; large ones
//! (deep nesting, node floods, a 50 MB document, 60,000 properties) are generated here.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The address-space limit of every run (`ulimit -v`, KiB): well above the 1 GiB resident the
/// tools stay under, so only a blow-up trips it.
const MEMORY_KIB: u64 = 2 * 1024 * 1024;
/// The time limit of every run.
const TIME: Duration = Duration::from_secs(60);

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn scratch() -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&path).expect("scratch directory");
    path
}

struct Run {
    code: i32,
    output: String,
}

/// Runs the built xtask with `args` under the limits; fails the test on a signal or timeout.
fn xtask(args: &[&str]) -> Run {
    let script = format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\"");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask starts");
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let readers = (
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stdout.read_to_end(&mut bytes);
            bytes
        }),
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            bytes
        }),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIME {
            let _ = child.kill();
            let _ = child.wait();
            panic!("xtask {args:?} ran past {TIME:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut output = readers.0.join().expect("stdout");
    output.extend(readers.1.join().expect("stderr"));
    let output = String::from_utf8_lossy(&output).into_owned();
    let Some(code) = status.code() else {
        panic!("xtask {args:?} was killed by a signal ({status:?}):\n{output}");
    };
    Run { code, output }
}

/// What a hostile file must give.
struct Case {
    file: PathBuf,
    spec: i32,
    /// `xtask diff` with the file as the new side (and as the old side).
    diff: i32,
    /// A fragment of the message.
    says: &'static str,
}

/// Whether `output` names `file` with a line and a column (`file:12:5`).
fn located(output: &str, file: &Path) -> bool {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let digits = |text: &str| text.chars().take_while(char::is_ascii_digit).count();
    output.match_indices(name).any(|(at, _)| {
        let Some(rest) = output[at + name.len()..].strip_prefix(':') else {
            return false;
        };
        let line = digits(rest);
        line > 0
            && rest[line..]
                .strip_prefix(':')
                .is_some_and(|rest| digits(rest) > 0)
    })
}

fn no_control(output: &str) -> bool {
    !output.chars().any(|c| c.is_control() && c != '\n')
}

fn check(case: &Case) {
    let file = case.file.to_str().expect("utf-8 path");
    let valid = dir().join("corpus/valid.yaml");
    let valid = valid.to_str().expect("utf-8 path");
    let spec = xtask(&["spec", file]);
    assert_eq!(spec.code, case.spec, "spec {file}:\n{}", spec.output);
    let diffs = [
        xtask(&["diff", "--old", valid, "--new", file]),
        xtask(&["diff", "--old", file, "--new", valid]),
    ];
    for run in [&spec, &diffs[0], &diffs[1]] {
        assert!(no_control(&run.output), "{file}: {:?}", run.output);
    }
    for diff in &diffs {
        assert_eq!(diff.code, case.diff, "diff {file}:\n{}", diff.output);
        if case.diff == 2 {
            assert!(diff.output.contains("unreadable: "), "{}", diff.output);
            assert!(located(&diff.output, &case.file), "{}", diff.output);
            assert!(diff.output.contains(case.says), "{}", diff.output);
        }
    }
    if case.spec != 0 {
        assert!(located(&spec.output, &case.file), "{}", spec.output);
        assert!(spec.output.contains(case.says), "{}", spec.output);
    }
}

fn file(name: &str) -> PathBuf {
    dir().join("hostile").join(name)
}

#[test]
fn alias_bombs_are_refused_before_they_expand() {
    for name in [
        "alias-bomb-list.yaml",
        "alias-bomb-map.yaml",
        "alias-bomb-merge.yaml",
        // Found by the `loader` fuzz target: anchor copies counted as written nodes raised
        // the alias allowance as the bomb grew (a second per input, 550 MB).
        "alias-bomb-merge-fuzzed.yaml",
    ] {
        check(&Case {
            file: file(name),
            spec: 2,
            diff: 2,
            says: "the aliases of the document expand to more than",
        });
    }
}

#[test]
fn cycles_of_every_kind_are_found_where_they_close() {
    for name in [
        "cycle-ref.yaml",
        "cycle-allof.yaml",
        "cycle-oneof-anyof.yaml",
        "cycle-not.yaml",
        "cycle-items.yaml",
        "cycle-properties.yaml",
        "cycle-additional-properties.yaml",
    ] {
        let case = Case {
            file: file(name),
            spec: 1,
            diff: 0,
            says: "error[schema-cycle]",
        };
        check(&case);
    }
    check(&Case {
        file: file("ok-recursive-tree.yaml"),
        spec: 0,
        diff: 0,
        says: "",
    });
}

#[test]
fn a_bom_and_crlf_read_as_the_same_document() {
    let case = Case {
        file: file("ok-bom-crlf.yaml"),
        spec: 0,
        diff: 0,
        says: "",
    };
    check(&case);
    let plain = scratch().join("plain.yaml");
    let text = std::fs::read_to_string(&case.file).expect("file");
    std::fs::write(
        &plain,
        text.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
    )
    .expect("write");
    let run = xtask(&[
        "diff",
        "--old",
        plain.to_str().expect("utf-8"),
        "--new",
        case.file.to_str().expect("utf-8"),
        "--fail-on",
        "any",
    ]);
    assert_eq!(run.code, 0, "{}", run.output);
}

#[test]
fn documents_that_are_not_objects_are_unreadable() {
    for (name, says) in [
        ("not-object-empty.yaml", "the document is empty"),
        ("not-object-null.yaml", "not a mapping"),
        ("not-object-scalar.yaml", "not a mapping"),
        ("not-object-list.yaml", "not a mapping"),
    ] {
        check(&Case {
            file: file(name),
            spec: 2,
            diff: 2,
            says,
        });
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";

fn generated(name: &str, text: &str) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn deep_nesting_is_refused_at_the_limit() {
    let flow = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let mut block = format!("{HEAD}x-deep:\n");
    for level in 1..=1_000 {
        block.push_str(&format!("{}a:\n", "  ".repeat(level)));
    }
    let mut aliased = format!("{HEAD}x-anchor: &deep ");
    aliased.push_str(&"[".repeat(100));
    aliased.push_str(&"]".repeat(100));
    aliased.push_str("\nx-use:");
    for level in 1..=60 {
        aliased.push_str(&format!("\n{}a:", "  ".repeat(level)));
    }
    aliased.push_str(" *deep\n");
    for (name, text, says) in [
        ("deep-flow.yaml", flow, "yaml"),
        ("deep-block.yaml", block, "deeper than 128 levels"),
        ("deep-alias.yaml", aliased, "deeper than 128 levels"),
    ] {
        check(&Case {
            file: generated(name, &text),
            spec: 2,
            diff: 2,
            says,
        });
    }
}

#[test]
fn floods_of_nodes_operations_and_bytes_are_refused() {
    let nodes = format!("{HEAD}x-flood: [{}0]\n", "0,".repeat(2_100_000));
    let mut operations = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
    for index in 0..20_001 {
        operations.push_str(&format!("  /p{index}: {{get: {{responses: {{}}}}}}\n"));
    }
    // 50 MB, most of it one long description: read no further than the size limit.
    let big = format!(
        "{HEAD}x-text: \"{}\"\n",
        "0123456789".repeat(5 * 1024 * 1024)
    );
    for (name, text, says) in [
        ("flood-nodes.yaml", nodes, "more than 2000000 nodes"),
        (
            "flood-operations.yaml",
            operations,
            "more than 20000 operations",
        ),
        (
            "flood-bytes.yaml",
            big,
            "larger than the limit of 16777216 bytes",
        ),
    ] {
        check(&Case {
            file: generated(name, &text),
            spec: 2,
            diff: 2,
            says,
        });
    }
}

#[test]
fn a_wide_schema_stays_within_the_limits() {
    let mut wide = format!(
        "{HEAD}components:\n  schemas:\n    Wide:\n      type: object\n      properties:\n"
    );
    for index in 0..60_000 {
        wide.push_str(&format!("        p{index}: {{type: string}}\n"));
    }
    check(&Case {
        file: generated("wide.yaml", &wide),
        spec: 0,
        diff: 0,
        says: "",
    });
}

#[test]
fn control_characters_of_the_document_are_escaped() {
    let text = format!("{HEAD}\"x\u{1b}[31mred\u{7}\": 1\nx-k: \"\u{1b}]0;title\u{7}\"\n");
    let case = Case {
        file: generated("control.yaml", &text),
        spec: 1,
        diff: 0,
        says: "\\u{1b}[31mred",
    };
    check(&case);
}

#[test]
fn a_base_revision_that_looks_like_an_option_is_refused() {
    let written = scratch().join("written-by-git");
    let _ = std::fs::remove_file(&written);
    let base = format!("--base=--output={}", written.display());
    let run = xtask(&["diff", &base]);
    assert_eq!(run.code, 2, "{}", run.output);
    assert!(
        run.output.contains("cannot be empty or start with `-`"),
        "{}",
        run.output
    );
    assert!(!written.exists(), "git wrote {}", written.display());
}
