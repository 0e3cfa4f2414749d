//! `cargo xtask spec --format github`: one GitHub Actions workflow command per finding, so a
//! pull request shows each finding on the spec's line (escaping in [`crate::github`]).

use crate::github::{Annotation, Level, render_all, repo_path};

use super::rules::Severity;
use super::{Diagnostic, Report};

/// One `::error`/`::warning` per diagnostic, in the report's order; an unreadable document is
/// one `::error` at the parser's location (line 1 when it gave none). A clean report is empty.
pub fn render_github(report: &Report) -> String {
    render_all(&annotations(report))
}

/// The report's annotations (for commands that combine them with others).
pub fn annotations(report: &Report) -> Vec<Annotation> {
    let file = repo_path(&report.file);
    if let Some(fatal) = &report.fatal {
        let at = fatal.position.unwrap_or_default();
        return vec![Annotation {
            level: Level::Error,
            file,
            line: at.line,
            col: at.column,
            title: "xtask spec: unreadable document".into(),
            message: format!("unreadable: {}", fatal.message),
        }];
    }
    report
        .diagnostics
        .iter()
        .map(|diagnostic| annotation(&file, diagnostic))
        .collect()
}

fn annotation(file: &str, diagnostic: &Diagnostic) -> Annotation {
    Annotation {
        level: match diagnostic.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        },
        file: file.to_owned(),
        line: diagnostic.position.line,
        col: diagnostic.position.column,
        title: format!("{} ({})", diagnostic.rule, diagnostic.group.name()),
        message: format!(
            "{}\nhint: {}\nat: {}",
            diagnostic.message,
            diagnostic.hint,
            pointer_label(&diagnostic.pointer)
        ),
    }
}

/// The JSON pointer, or what an empty one points at.
pub(super) fn pointer_label(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(the document)"
    } else {
        pointer
    }
}
