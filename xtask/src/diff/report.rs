//! Rendering diff reports, and reading the spec at a git revision.

use super::{Change, Impact};

/// Grouped text: breaking changes first, each with its location and `file:line`.
pub fn render_human(changes: &[Change]) -> String {
    let mut out = String::new();
    for (impact, title) in [
        (Impact::Breaking, "breaking changes"),
        (Impact::NonBreaking, "non-breaking changes"),
    ] {
        let group: Vec<&Change> = changes.iter().filter(|c| c.impact == impact).collect();
        out.push_str(&format!("{title} ({}):\n", group.len()));
        let mut last_location = "";
        for change in group {
            if change.location != last_location {
                out.push_str(&format!("  {}\n", change.location));
                last_location = &change.location;
            }
            out.push_str(&format!("    - {}  ({})\n", change.message, change.at));
        }
    }
    out
}

/// `{breaking, non_breaking, changes: [...]}`.
pub fn render_json(changes: &[Change]) -> String {
    let breaking = changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .count();
    serde_json::to_string_pretty(&serde_json::json!({
        "breaking": breaking,
        "non_breaking": changes.len() - breaking,
        "changes": changes,
    }))
    .unwrap_or_default()
}

/// The spec's text at a git revision.
pub fn spec_at_revision(
    root: &std::path::Path,
    revision: &str,
    spec_path: &str,
) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{revision}:{spec_path}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git show {revision}:{spec_path} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| "the spec at that revision is not utf-8".into())
}
