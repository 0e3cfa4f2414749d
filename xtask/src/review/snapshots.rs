//! The snapshot delta: the insta `.snap` files a change adds, changes or deletes against the
//! base revision (from git), and the untracked `.snap` and pending `.snap.new` files of the
//! working tree, each with its first changed line (for a request snapshot, its request line).

use std::path::Path;

use serde::Serialize;

use crate::spec::clean;

/// One snapshot file the change touches.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SnapshotChange {
    /// `added`, `modified`, `deleted`, `untracked` (a new `.snap` not in git yet) or
    /// `pending` (a `.snap.new` waiting for review).
    pub status: &'static str,
    /// The path, relative to the repository's root.
    pub path: String,
    /// The first line that differs (`+` added, `-` removed), without insta's header.
    pub first_change: Option<String>,
    /// For a request snapshot (`# request`), the request line of the newer side.
    pub request: Option<String>,
}

/// Runs git in `root`; its stdout within the spec model's size limit.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let ran = crate::git::run(root, args)?;
    if !ran.success {
        return Err(format!(
            "git {} failed: {}",
            args.first().unwrap_or(&""),
            clean(ran.stderr.trim())
        ));
    }
    ran.stdout
        .map_err(|error| format!("git {}: {}", args.join(" "), error.message))
}

/// A snapshot's body: what follows insta's `---` header.
pub fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

/// The line after `# request`, when the snapshot records a request.
pub fn request_line(text: &str) -> Option<String> {
    let mut lines = body(text).lines();
    lines.find(|line| line.trim() == "# request")?;
    lines.next().map(|line| clean(line.trim_end()))
}

/// The first line where `new` differs from `old` (bodies only): `+ line`, or `- line` when
/// `new` only lost lines there.
pub fn first_change(old: &str, new: &str) -> Option<String> {
    let (mut a, mut b) = (body(old).lines(), body(new).lines());
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (_, Some(y)) => return Some(format!("+ {}", clean(y))),
            (Some(x), None) => return Some(format!("- {}", clean(x))),
            (None, None) => return None,
        }
    }
}

/// The touched snapshots of the working tree under `root` against `base`.
pub fn delta(root: &Path, base: &str) -> Result<Vec<SnapshotChange>, String> {
    crate::diff::check_revision(base)?;
    let listing = git(
        root,
        &[
            "diff",
            "--name-status",
            "--no-renames",
            "--end-of-options",
            base,
            "--",
            "*.snap",
        ],
    )?;
    let at_base = |path: &str| {
        git(
            root,
            &["show", "--end-of-options", &format!("{base}:{path}")],
        )
    };
    let here = |path: &str| passport_paas_spec::limits::read_file(&root.join(path)).ok();
    let mut changes = Vec::new();
    for line in listing.lines() {
        let Some((status, path)) = line.split_once('\t') else {
            continue;
        };
        let (old, new) = match status {
            "A" => (String::new(), here(path).unwrap_or_default()),
            "D" => (at_base(path).unwrap_or_default(), String::new()),
            _ => (
                at_base(path).unwrap_or_default(),
                here(path).unwrap_or_default(),
            ),
        };
        let status = match status {
            "A" => "added",
            "D" => "deleted",
            _ => "modified",
        };
        let newer = if new.is_empty() { &old } else { &new };
        changes.push(SnapshotChange {
            status,
            path: clean(path),
            first_change: first_change(&old, &new),
            request: request_line(newer),
        });
    }
    let untracked = git(
        root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--",
            "*.snap",
            "*.snap.new",
        ],
    )?;
    for path in untracked.lines() {
        let new = here(path).unwrap_or_default();
        let (status, old) = match path.strip_suffix(".new") {
            Some(snap) => ("pending", here(snap).unwrap_or_default()),
            None => ("untracked", String::new()),
        };
        changes.push(SnapshotChange {
            status,
            path: clean(path),
            first_change: first_change(&old, &new),
            request: request_line(&new),
        });
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}
