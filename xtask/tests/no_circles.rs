//! The house rule "no two files that import each other", checked over every crate of the
//! workspace (a tidy test, in the manner of rust-analyzer's): a file's imports are the modules
//! its code (not its comments) names through `crate::…` or `super::…`; two files that name
//! each other are a circle, and the test names both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The source folders of the workspace's crates.
const CRATES: &[&str] = &[
    "src",
    "spec-model/src",
    "mock/src",
    "cli/src",
    "conformance/src",
    "xtask/src",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Every `.rs` file below `dir`.
fn files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// A file's module path within its crate (`model::source`; the crate root is empty).
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    if parts.first().is_some_and(|p| p == "bin") {
        parts.clear();
    }
    parts
}

/// The code of a file without its comment lines.
fn code(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths named after each `prefix` (`crate::a::b` → `["a", "b"]`).
fn named_paths<'a>(code: &'a str, prefix: &'a str) -> impl Iterator<Item = Vec<String>> + 'a {
    code.match_indices(prefix).filter_map(move |(at, _)| {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            return None;
        }
        let path: String = code[at + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        Some(
            path.split("::")
                .filter(|word| !word.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    })
}

/// The modules of `modules` a file at `module` names, itself left out.
fn imports(
    text: &str,
    module: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> BTreeSet<Vec<String>> {
    let code = code(text);
    let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
    let mut found = BTreeSet::new();
    let absolute = named_paths(&code, "crate::");
    let relative = named_paths(&code, "super::").map(|path| [parent.clone(), path].concat());
    for path in absolute.chain(relative) {
        // The longest prefix of the path that is a module file.
        if let Some(hit) = (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|candidate| modules.contains(candidate))
        {
            found.insert(hit);
        }
    }
    found.remove(module);
    found.remove(&Vec::new());
    found
}

#[test]
fn no_two_files_import_each_other() {
    let root = workspace();
    let mut circles = Vec::new();
    for krate in CRATES {
        let src = root.join(krate);
        let mut all = Vec::new();
        files(&src, &mut all);
        let by_module: BTreeMap<Vec<String>, PathBuf> = all
            .iter()
            .map(|file| (module_of(&src, file), file.clone()))
            .collect();
        let modules: BTreeSet<Vec<String>> = by_module.keys().cloned().collect();
        let graph: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = by_module
            .iter()
            .map(|(module, file)| {
                let text = std::fs::read_to_string(file).unwrap();
                (module, imports(&text, module, &modules))
            })
            .collect();
        assert!(graph.len() > 3, "{krate} has its modules");
        for (module, uses) in &graph {
            for other in uses {
                let back = graph.get(other).is_some_and(|o| o.contains(*module));
                if back && *module < other {
                    circles.push(format!(
                        "{} <-> {}",
                        by_module[*module].display(),
                        by_module[other].display()
                    ));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "files that import each other:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_check_sees_a_circle() {
    let modules: BTreeSet<Vec<String>> = [vec!["a".to_owned()], vec!["b".to_owned()]].into();
    let a = imports(
        "use crate::b::Thing;\n// crate::c in a comment\n",
        &["a".into()],
        &modules,
    );
    assert_eq!(a, [vec!["b".to_owned()]].into());
    let nested: BTreeSet<Vec<String>> = [
        vec!["m".to_owned()],
        vec!["m".to_owned(), "x".to_owned()],
        vec!["m".to_owned(), "y".to_owned()],
    ]
    .into();
    let x = imports("use super::y::{f, g};", &["m".into(), "x".into()], &nested);
    assert_eq!(x, [vec!["m".to_owned(), "y".to_owned()]].into());
}
