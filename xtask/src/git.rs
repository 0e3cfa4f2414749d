//! Running git for the review tools: its stdout read within the spec model's size limit (a
//! huge or endless output stops there and the process is killed), stdin closed, stderr kept
//! for the message. Callers word their own errors.

use std::path::Path;
use std::process::{Command, Stdio};

use passport_paas_spec::LoadError;

/// What one git run gave.
pub struct Ran {
    /// Whether git exited with success.
    pub success: bool,
    /// Its stderr, as text.
    pub stderr: String,
    /// Its stdout, or why it was not read whole (past the size limit).
    pub stdout: Result<String, LoadError>,
}

/// Runs `git -C root ARGS`; an error only when git cannot be run at all.
pub fn run(root: &Path, args: &[&str]) -> Result<Ran, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let text = passport_paas_spec::limits::read_bounded(stdout);
    if text.is_err() {
        let _ = child.kill();
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    Ok(Ran {
        success: output.status.success(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        stdout: text,
    })
}
