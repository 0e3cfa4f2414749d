//! `cargo xtask diff --format github`: one GitHub Actions workflow command per change, at the
//! changed node's line (escaping in [`crate::github`]).
//!
//! A change breaking either layer is an `::error`, any other a `::notice`; the title is the
//! verdict and the change's class. Changes point into the new spec, removals into the old one:
//! for a git label (`REV:path`) that is its path, and the message names `REV:path:line`, since
//! GitHub draws the annotation on the pull request's version of the file. A change is located
//! by line only, so the column is 1.

use crate::github::{Annotation, Level, render_all, repo_path};

use super::{Change, Report, Side, Verdict};

/// One annotation per change, in the report's order; no change, no output.
pub fn render_github(report: &Report) -> String {
    render_all(&annotations(report))
}

/// The report's annotations (for commands that combine them with others).
pub fn annotations(report: &Report) -> Vec<Annotation> {
    report.changes.iter().map(annotation).collect()
}

/// The verdict as a title: which layers break, or `compatible`.
pub fn verdict(change: &Change) -> &'static str {
    match (change.wire, change.rust) {
        (Verdict::Breaking, Verdict::Breaking) => "wire-breaking, Rust-API-breaking",
        (Verdict::Breaking, Verdict::Compatible) => "wire-breaking",
        (Verdict::Compatible, Verdict::Breaking) => "Rust-API-breaking",
        (Verdict::Compatible, Verdict::Compatible) => "compatible",
    }
}

fn annotation(change: &Change) -> Annotation {
    let breaking = change.wire == Verdict::Breaking || change.rust == Verdict::Breaking;
    let mut message = if change.location.is_empty() {
        format!("{}: {}", change.operation, change.message)
    } else {
        format!(
            "{} · {}: {}",
            change.operation, change.location, change.message
        )
    };
    if let Some(note) = &change.rust_note {
        message.push_str(&format!("\nRust API: {note}"));
    }
    let path = file_path(change);
    if path != change.file {
        message.push_str(&format!("\n(in the base: {}:{})", change.file, change.line));
    }
    Annotation {
        level: if breaking {
            Level::Error
        } else {
            Level::Notice
        },
        file: repo_path(path),
        line: change.line,
        col: 1,
        title: format!("{} ({})", verdict(change), change.kind),
        message,
    }
}

/// The path of the change's file: a removal's `REV:path` label gives its path.
fn file_path(change: &Change) -> &str {
    match (change.side, change.file.split_once(':')) {
        (Side::Old, Some((_, path))) if !path.is_empty() => path,
        _ => &change.file,
    }
}
