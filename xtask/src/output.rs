//! Writing reports to the terminal or a pipe. A reader that stops early (`xtask spec | head`)
//! closes the pipe; the rest of the report is dropped quietly instead of a panic, and the exit
//! code still says what the report found.

use std::io::Write;

/// Writes `text` to stdout as it is.
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe is the reader's choice, not a failure of the check.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Writes `text` and a newline to stdout.
pub fn stdout_line(text: &str) {
    stdout(&format!("{text}\n"));
}

/// Writes `text` to stderr as it is.
pub fn stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Writes `text` and a newline to stderr.
pub fn stderr_line(text: &str) {
    stderr(&format!("{text}\n"));
}
