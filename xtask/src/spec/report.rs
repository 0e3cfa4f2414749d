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
        out.push_str(&format!("error: {}\n", fatal.message));
        match fatal.position {
            Some(at) => out.push_str(&format!(
                "  --> {}:{}:{}\n",
                report.file, at.line, at.column
            )),
            None => out.push_str(&format!("  --> {}\n", report.file)),
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
                diagnostic.rule, diagnostic.message
            ));
            out.push_str(&format!(
                "  --> {}:{}:{}\n",
                report.file, at.line, at.column
            ));
            if let Some(line) = lines.get(at.line.wrapping_sub(1)) {
                let number = at.line.to_string();
                let pad = " ".repeat(number.len());
                let caret = " ".repeat(at.column.saturating_sub(1));
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
