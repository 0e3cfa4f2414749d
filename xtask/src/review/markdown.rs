//! A review as one pull-request comment in markdown: the verdict line, then each section
//! with its breaking changes first; sections longer than [`FOLD`] rows are folded in
//! `<details>`.

use super::Review;
use super::lint::Finding;
use super::rust_delta::RustChange;
use super::snapshots::SnapshotChange;
use super::surface::SurfaceChange;
use crate::spec::clean;

/// Rows a section shows unfolded.
pub const FOLD: usize = 10;

/// Text for a table cell: one line, `|` escaped, and `<`/`>` outside code spans written as
/// entities (GitHub would read `<integer>` as an HTML tag).
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut code = false;
    for c in clean(&text.replace(['\n', '\r'], " ")).chars() {
        match c {
            '`' => {
                code = !code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '<' if !code => out.push_str("&lt;"),
            '>' if !code => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// `rows` as a table under `header`, folded in `<details>` titled `summary` when long.
fn table(out: &mut String, summary: &str, header: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        return;
    }
    let fold = rows.len() > FOLD;
    if fold {
        out.push_str(&format!(
            "<details><summary>{summary} ({})</summary>\n\n",
            rows.len()
        ));
    } else {
        out.push_str(&format!("**{summary}** ({})\n\n", rows.len()));
    }
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push_str(if fold { "\n</details>\n\n" } else { "\n" });
}

fn verdict(review: &Review) -> String {
    let v = &review.verdict;
    let breaking = v.wire_breaking + v.rust_breaking > 0 || v.generation_failed;
    let mark = if breaking {
        "⚠️ breaking"
    } else if v.lint_introduced > 0 {
        "⚠️ new lint findings"
    } else {
        "✅ nothing breaks"
    };
    let source = if v.generation_failed {
        "the spec diff's Rust layer"
    } else {
        "the generated client's items"
    };
    let failed = if v.generation_failed {
        " · **client generation failed**"
    } else {
        ""
    };
    format!(
        "**{mark}**: {} wire-breaking · {} Rust-API-breaking ({source}) · {} additions · {} `paas`-breaking · lint: {} introduced, {} fixed{failed}\n\n",
        v.wire_breaking,
        v.rust_breaking,
        v.additions,
        v.paas_breaking,
        v.lint_introduced,
        v.lint_fixed
    )
}

fn lint_rows(findings: &[Finding]) -> Vec<Vec<String>> {
    findings
        .iter()
        .map(|f| {
            vec![
                format!("`{}`", f.rule),
                format!("{:?}", f.severity).to_lowercase(),
                f.message.clone(),
                format!("`{}`", f.pointer),
                format!("{}:{}", f.file, f.line),
            ]
        })
        .collect()
}

fn lint(out: &mut String, review: &Review) {
    out.push_str("### Lint (`xtask spec`, findings matched by rule and JSON pointer)\n\n");
    let (introduced, fixed) = (&review.lint.introduced, &review.lint.fixed);
    if introduced.is_empty() && fixed.is_empty() {
        out.push_str("No finding introduced or fixed.\n\n");
        return;
    }
    let header = ["Rule", "Severity", "Finding", "Pointer", "Line"];
    table(out, "Introduced", &header, &lint_rows(introduced));
    table(out, "Fixed", &header, &lint_rows(fixed));
}

fn spec_diff(out: &mut String, review: &Review, link_base: &str) {
    out.push_str("### Spec diff (wire and Rust-API verdicts)\n\n");
    let text = crate::diff::render_markdown(&review.diff, link_base);
    // The diff's own title names the same two sides as the review's.
    let body = text
        .split_once("\n\n")
        .map_or(text.as_str(), |(_, rest)| rest);
    out.push_str(body.trim_end());
    out.push_str("\n\n");
}

fn rust_rows(changes: &[&RustChange]) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            vec![
                c.change.to_owned(),
                c.item.to_owned(),
                format!("`{}`", c.path),
                c.message.clone(),
            ]
        })
        .collect()
}

fn rust(out: &mut String, review: &Review) {
    out.push_str(
        "### Generated Rust API (public items of the client generated from each side)\n\n",
    );
    for failure in &review.rust.generation_failed {
        out.push_str(&format!(
            "⚠️ **generation failed** for {}\n\n",
            cell(failure)
        ));
    }
    if !review.rust.generation_failed.is_empty() {
        return;
    }
    if review.rust.changes.is_empty() {
        out.push_str("No change to the generated client's public items.\n\n");
        return;
    }
    let header = ["Change", "Item", "Path", "What"];
    let (breaking, other): (Vec<&RustChange>, Vec<&RustChange>) =
        review.rust.changes.iter().partition(|c| c.breaking);
    table(
        out,
        "Breaks code that compiles today",
        &header,
        &rust_rows(&breaking),
    );
    table(out, "Compatible", &header, &rust_rows(&other));
}

fn surface_rows(changes: &[&SurfaceChange]) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            vec![
                c.kind.to_owned(),
                format!("`{}`", c.command),
                c.message.clone(),
            ]
        })
        .collect()
}

fn surface(out: &mut String, review: &Review) {
    out.push_str("### `paas` command line\n\n");
    if review.surface.is_empty() {
        out.push_str("No command or flag added, removed or renamed.\n\n");
        return;
    }
    let header = ["Change", "Command", "What"];
    let (breaking, other): (Vec<&SurfaceChange>, Vec<&SurfaceChange>) =
        review.surface.iter().partition(|c| c.breaking);
    table(out, "Breaks scripts", &header, &surface_rows(&breaking));
    table(out, "Compatible", &header, &surface_rows(&other));
}

fn snapshot_rows(changes: &[SnapshotChange]) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            let line = c.request.as_ref().or(c.first_change.as_ref());
            vec![
                c.status.to_owned(),
                format!("`{}`", c.path),
                line.map_or_else(String::new, |l| format!("`{l}`")),
            ]
        })
        .collect()
}

fn snapshots(out: &mut String, review: &Review) {
    out.push_str("### Snapshots\n\n");
    match &review.snapshots {
        None => out.push_str("Not compared (no git base).\n\n"),
        Some(Err(error)) => out.push_str(&format!("Not compared: {}\n\n", cell(error))),
        Some(Ok(changes)) if changes.is_empty() => out.push_str("No snapshot touched.\n\n"),
        Some(Ok(changes)) => {
            let header = ["Status", "File", "Request line or first change"];
            table(out, "Touched", &header, &snapshot_rows(changes));
        }
    }
}

/// The review as one pull-request comment; `link_base` prefixes the spec diff's line links.
pub fn render_markdown(review: &Review, link_base: &str) -> String {
    let mut out = format!(
        "## Spec review: `{}` → `{}`\n\n",
        cell(&review.old),
        cell(&review.new)
    );
    out.push_str(&verdict(review));
    lint(&mut out, review);
    spec_diff(&mut out, review, link_base);
    rust(&mut out, review);
    surface(&mut out, review);
    snapshots(&mut out, review);
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
