//! Rendering diff reports (text, JSON, a pull-request comment in markdown), and reading the
//! spec at a git revision.

pub(crate) use crate::spec::clean;

use super::{Change, Report};

fn place(change: &Change) -> String {
    if change.location.is_empty() {
        change.operation.clone()
    } else {
        format!("{} · {}", change.operation, change.location)
    }
}

fn section<'a>(
    out: &mut String,
    title: &str,
    changes: impl Iterator<Item = &'a Change>,
    rust: bool,
) {
    let changes: Vec<&Change> = changes.collect();
    out.push_str(&format!("{title} ({}):\n", changes.len()));
    let mut last = String::new();
    for change in changes {
        let here = place(change);
        if here != last {
            out.push_str(&format!("  {}\n", clean(&here)));
            last = here;
        }
        let note = match (&change.rust_note, rust) {
            (Some(note), true) => format!(": {note}"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "    - {}{}  ({}:{})\n",
            clean(&change.message),
            clean(&note),
            clean(&change.file),
            change.line
        ));
    }
}

/// Text: wire-breaking changes, then Rust-API-breaking ones, then the compatible ones.
pub fn render_human(report: &Report) -> String {
    let mut out = String::new();
    section(
        &mut out,
        "wire-breaking changes",
        report.wire_breaking(),
        false,
    );
    section(
        &mut out,
        "Rust-API-breaking changes",
        report.rust_breaking(),
        true,
    );
    section(&mut out, "compatible changes", report.compatible(), false);
    out
}

/// `{old, new, wire_breaking, rust_breaking, compatible, changes: [...]}`.
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "old": report.old,
        "new": report.new,
        "wire_breaking": report.wire_breaking().count(),
        "rust_breaking": report.rust_breaking().count(),
        "compatible": report.compatible().count(),
        "changes": report.changes,
    }))
    .unwrap_or_default()
}

fn cell(text: &str) -> String {
    clean(&text.replace('|', "\\|").replace('\n', " "))
}

/// A `file:line` link: `link_base` + the file's path (a `rev:path` label keeps the path).
fn link(change: &Change, link_base: &str) -> String {
    let path = change
        .file
        .rsplit_once(':')
        .map_or(change.file.as_str(), |(_, path)| path);
    format!(
        "[{}:{}]({}{}#L{})",
        clean(&change.file),
        change.line,
        clean(link_base),
        clean(path),
        change.line
    )
}

fn table<'a>(
    out: &mut String,
    title: &str,
    changes: impl Iterator<Item = &'a Change>,
    link_base: &str,
    rust: bool,
) {
    let changes: Vec<&Change> = changes.collect();
    if changes.is_empty() {
        return;
    }
    out.push_str(&format!("\n#### {title} ({})\n\n", changes.len()));
    if rust {
        out.push_str(
            "| Operation | Where | Change | Rust impact | Line |\n|---|---|---|---|---|\n",
        );
    } else {
        out.push_str("| Operation | Where | Change | Line |\n|---|---|---|---|\n");
    }
    for change in changes {
        let mut row = format!(
            "| `{}` | {} | {} |",
            cell(&change.operation),
            cell(&change.location),
            cell(&change.message)
        );
        if rust {
            row.push_str(&format!(
                " {} |",
                cell(change.rust_note.as_deref().unwrap_or_default())
            ));
        }
        row.push_str(&format!(" {} |\n", link(change, link_base)));
        out.push_str(&row);
    }
}

/// One pull-request comment: breaking changes first (wire, then Rust API), then additions.
pub fn render_markdown(report: &Report, link_base: &str) -> String {
    let (wire, rust, compatible) = (
        report.wire_breaking().count(),
        report.rust_breaking().count(),
        report.compatible().count(),
    );
    let mut out = format!(
        "### API changes: `{}` → `{}`\n\n",
        clean(&report.old),
        clean(&report.new)
    );
    if report.changes.is_empty() {
        out.push_str("No change to requests, responses or the generated client.\n");
        return out;
    }
    let verdict = if wire + rust == 0 {
        "✅ nothing breaks"
    } else {
        "⚠️ breaking changes"
    };
    out.push_str(&format!(
        "**{verdict}**: {wire} wire-breaking, {rust} Rust-API-breaking, {compatible} compatible.\n"
    ));
    table(
        &mut out,
        "Breaking on the wire (existing requests or response handling fail)",
        report.wire_breaking(),
        link_base,
        false,
    );
    table(
        &mut out,
        "Breaking for Rust code (code using the generated client stops compiling)",
        report.rust_breaking(),
        link_base,
        true,
    );
    table(
        &mut out,
        "Additions and compatible changes",
        report.compatible(),
        link_base,
        false,
    );
    out
}

/// Refuses a `--base` git would read as an option (`--output=FILE` makes `git show` write a
/// file): a revision never starts with `-`.
pub fn check_revision(revision: &str) -> Result<(), String> {
    if revision.starts_with('-') || revision.is_empty() {
        return Err(format!(
            "--base {:?} is not a revision: a revision cannot be empty or start with `-`",
            clean(revision)
        ));
    }
    Ok(())
}

/// The spec's text at a git revision, read within the spec model's size limit.
pub fn spec_at_revision(
    root: &std::path::Path,
    revision: &str,
    spec_path: &str,
) -> Result<String, String> {
    check_revision(revision)?;
    let label = format!("{revision}:{spec_path}");
    // `--end-of-options`: whatever the revision holds, git reads it as a revision.
    let ran = crate::git::run(root, &["show", "--end-of-options", &label])?;
    if !ran.success && ran.stdout.is_ok() {
        return Err(format!(
            "git show {} failed: {}",
            clean(&label),
            clean(ran.stderr.trim())
        ));
    }
    ran.stdout
        .map_err(|error| super::unreadable(&label, &error))
}
