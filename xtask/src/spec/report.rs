//! Rendering a [`Report`]: rustc-like text for terminals, JSON for machines.

use super::{Report, Severity};

/// rustc/clippy-like text: `error[rule]: message`, `--> file:line:col`, the source line, the hint.
pub fn render_human(report: &Report, source: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(fatal) = &report.fatal {
        out.push_str(&format!("error: {}\n", fatal.message));
        if let Some(position) = fatal.position {
            out.push_str(&format!(
                "  --> {}:{}:{}\n",
                report.file, position.line, position.column
            ));
        } else {
            out.push_str(&format!("  --> {}\n", report.file));
        }
        return out;
    }
    let lines: Vec<&str> = source.map(|s| s.lines().collect()).unwrap_or_default();
    for diagnostic in &report.diagnostics {
        let level = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let position = diagnostic.position;
        out.push_str(&format!(
            "{level}[{}]: {}\n",
            diagnostic.rule, diagnostic.message
        ));
        out.push_str(&format!(
            "  --> {}:{}:{}\n",
            report.file, position.line, position.column
        ));
        if let Some(line) = lines.get(position.line.wrapping_sub(1)) {
            let number = position.line.to_string();
            let pad = " ".repeat(number.len());
            out.push_str(&format!(
                "{pad} |\n{number} | {line}\n{pad} | {}^\n",
                " ".repeat(position.column.saturating_sub(1))
            ));
        }
        out.push_str(&format!("  = hint: {}\n\n", diagnostic.hint));
    }
    out.push_str(&format!(
        "{}: {} error(s), {} warning(s)\n",
        report.file,
        report.errors(),
        report.warnings()
    ));
    out
}

/// The report as JSON: `{file, errors, warnings, fatal, diagnostics: [...]}`.
pub fn render_json(report: &Report) -> String {
    let value = serde_json::json!({
        "file": report.file,
        "errors": report.errors(),
        "warnings": report.warnings(),
        "fatal": report.fatal,
        "diagnostics": report.diagnostics,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
