//! The planted test's copy of the repository: the files git knows (with uncommitted edits),
//! and a target directory of its own seeded with the workspace's compiled registry
//! dependencies, so that only the copy's own crates compile.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The workspace's files (as git knows them, plus uncommitted edits) copied to `into`.
pub fn copy_repository(into: &Path) {
    let root = workspace();
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(&root)
        .output()
        .expect("git lists the files");
    assert!(listed.status.success());
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let from = root.join(&name);
        let to = into.join(&name);
        // A link stays a link (`mock/passport-paas.yaml` names the spec), so the copy's
        // mock serves the copy's planted spec.
        if let Ok(link) = std::fs::read_link(&from) {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(link, &to).unwrap();
            continue;
        }
        if !from.is_file() {
            continue;
        }
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
}

/// A target directory for the copy, seeded with what the workspace's `debug` profile compiled
/// of registry crates: their fingerprints do not depend on where a workspace lives, so cargo
/// takes them as fresh (modification times kept), while every path crate of the copy compiles
/// anew. The workspace's own crates and executables are left behind.
///
/// The compiled libraries (gigabytes: CI's disk once ran out with them copied) are hard links
/// to the workspace's files, which rustc and the linker replace rather than write through;
/// everything cargo or a build script may rewrite in place (fingerprints, dep-info, build
/// outputs) is a copy.
pub fn seeded_target(workspace_target: &Path, into: &Path) {
    let from = workspace_target.join("debug");
    let to = into.join("debug");
    for folder in [".fingerprint", "build", "deps"] {
        let Ok(entries) = std::fs::read_dir(from.join(folder)) else {
            continue;
        };
        std::fs::create_dir_all(to.join(folder)).unwrap();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if is_workspace_crate(&name.to_string_lossy()) {
                continue;
            }
            let target = to.join(folder).join(&name);
            if path.is_dir() {
                copy_tree(&path, &target);
            } else if folder != "deps" {
                seed_file(&path, &target, Seed::Copy);
            } else if is_library(&path) {
                seed_file(&path, &target, Seed::Link);
            } else if path.extension().is_some() {
                seed_file(&path, &target, Seed::Copy);
            }
        }
    }
}

/// The workspace's own crates (artifacts, build outputs, fingerprints): the copy rebuilds them.
fn is_workspace_crate(name: &str) -> bool {
    let name = name.strip_prefix("lib").unwrap_or(name);
    ["passport", "xtask", "paas"]
        .iter()
        .any(|own| name.starts_with(own))
}

/// How a seeded file reaches the copy's target directory.
#[derive(Clone, Copy)]
enum Seed {
    /// A copy with the original's modification time, for files cargo rewrites in place.
    Copy,
    /// A hard link (the same file, so the same modification time), or a copy where the two
    /// directories are on different file systems.
    Link,
}

/// A compiled library: what rustc writes to a temporary file and renames, or the linker
/// unlinks before writing.
fn is_library(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| ["rlib", "rmeta", "so"].iter().any(|own| extension == *own))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            seed_file(&path, &to.join(entry.file_name()), Seed::Copy);
        }
    }
}

/// A file of the seed, with its modification time: cargo takes a unit whose dependency's
/// output is newer than its own as stale. A file that a concurrent build removed meanwhile is
/// simply not seeded.
fn seed_file(from: &Path, to: &Path, seed: Seed) {
    let linked = match seed {
        Seed::Link => std::fs::hard_link(from, to),
        Seed::Copy => Err(std::io::ErrorKind::Unsupported.into()),
    };
    let seeded = linked.or_else(|_| copy_file(from, to));
    match seeded {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => panic!("seeding {}: {error}", to.display()),
    }
}

fn copy_file(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::copy(from, to)?;
    let modified = std::fs::metadata(from)?.modified()?;
    std::fs::File::options()
        .write(true)
        .open(to)?
        .set_modified(modified)
}
