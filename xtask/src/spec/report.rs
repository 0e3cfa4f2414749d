//! Rendering a [`Report`]: rustc-like text grouped by rule group, and JSON for machines.

use super::rules::{Group, Severity};
use super::{Profile, Report};

fn groups(report: &Report) -> Vec<Group> {
    let mut groups = vec![Group::Invalid, Group::Codegen];
    if report.profile == Profile::House {
        groups.push(Group::House);
    }
    groups
}

fn counts(report: &Report, group: Group) -> (usize, usize) {
    let of = |severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.group == group && d.severity == severity)
            .count()
    };
    (of(Severity::Error), of(Severity::Warning))
}

/// rustc/clippy-like text: per group, `error[rule]: message`, `--> file:line:col`, the source
/// line, the hint; then one summary line.
pub fn render_human(report: &Report, source: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(fatal) = &report.fatal {
        out.push_str(&format!("error: unreadable: {}\n", clean(&fatal.message)));
        match fatal.position {
            Some(at) => out.push_str(&format!(
                "  --> {}:{}:{}\n",
                clean(&report.file),
                at.line,
                at.column
            )),
            None => out.push_str(&format!("  --> {}\n", clean(&report.file))),
        }
        return out;
    }
    let lines: Vec<&str> = source.map(|s| s.lines().collect()).unwrap_or_default();
    for group in groups(report) {
        let (errors, warnings) = counts(report, group);
        if errors + warnings == 0 {
            continue;
        }
        out.push_str(&format!(
            "== {} ({}): {errors} error(s), {warnings} warning(s)\n\n",
            group.name(),
            group.title()
        ));
        for diagnostic in report.diagnostics.iter().filter(|d| d.group == group) {
            let level = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let at = diagnostic.position;
            out.push_str(&format!(
                "{level}[{}]: {}\n",
                diagnostic.rule,
                clean(&diagnostic.message)
            ));
            out.push_str(&format!(
                "  --> {}:{}:{}\n",
                clean(&report.file),
                at.line,
                at.column
            ));
            if let Some(line) = lines.get(at.line.wrapping_sub(1)) {
                let number = at.line.to_string();
                let pad = " ".repeat(number.len());
                let (line, column) = excerpt(line, at.column);
                let caret = " ".repeat(column.saturating_sub(1));
                out.push_str(&format!("{pad} |\n{number} | {line}\n{pad} | {caret}^\n"));
            }
            out.push_str(&format!("  = hint: {}\n\n", diagnostic.hint));
        }
    }
    let summary: Vec<String> = groups(report)
        .into_iter()
        .map(|group| {
            let (errors, warnings) = counts(report, group);
            format!("{} {errors}/{warnings}", group.name())
        })
        .collect();
    out.push_str(&format!(
        "{}: {} error(s), {} warning(s) [errors/warnings: {}]\n",
        report.file,
        report.errors(),
        report.warnings(),
        summary.join(", ")
    ));
    out
}

/// The report as JSON: `{file, profile, errors, warnings, groups, fatal, diagnostics: [...]}`.
pub fn render_json(report: &Report) -> String {
    let mut per_group = serde_json::Map::new();
    for group in groups(report) {
        let (errors, warnings) = counts(report, group);
        per_group.insert(
            group.name().into(),
            serde_json::json!({ "title": group.title(), "errors": errors, "warnings": warnings }),
        );
    }
    let value = serde_json::json!({
        "file": report.file,
        "profile": report.profile,
        "errors": report.errors(),
        "warnings": report.warnings(),
        "groups": per_group,
        "fatal": report.fatal,
        "diagnostics": report.diagnostics,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// `text` with every control character (and bidirectional override) escaped, so that nothing
/// a document holds can move the cursor, recolour or rewrite a terminal line.
pub fn clean(text: &str) -> String {
    if !text.chars().any(unsafe_char) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// At most [`EXCERPT`] characters of `line` around `column`, cleaned, and the column of the
/// same character in the excerpt.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(EXCERPT / 2);
    let end = (start + EXCERPT).min(chars.len());
    let mut text = String::new();
    let mut caret = 1;
    if start > 0 {
        text.push('…');
        caret += 1;
    }
    for (index, c) in chars[start..end].iter().enumerate() {
        let shown = clean(&c.to_string());
        if start + index < at {
            caret += shown.chars().count();
        }
        text.push_str(&shown);
    }
    if end < chars.len() {
        text.push('…');
    }
    (text, caret)
}

/// How much of a source line a diagnostic shows.
const EXCERPT: usize = 160;
