//! A report read by a reader that stops at once (`cargo xtask spec | head -0`): the writer
//! meets a closed pipe, and ends without a panic, with the exit code of what it found.

use std::path::Path;
use std::process::{Command, Stdio};

fn closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask starts");
    // The only read end closes before the report is written: every write is a broken pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("xtask ends");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_report_survives_a_closed_pipe() {
    let spec = "openapi/passport-paas.yaml";
    let runs: [&[&str]; 4] = [
        &["spec", spec, "--no-compile", "--format", "sarif"],
        &["spec", spec, "--no-compile", "--format", "json"],
        &["diff", "--old", spec, "--new", spec, "--format", "json"],
        &["review", "--old", spec, "--new", spec, "--format", "json"],
    ];
    for args in runs {
        let (code, stderr) = closed_pipe(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(matches!(code, Some(0 | 1)), "{args:?}: {code:?} {stderr}");
    }
}
