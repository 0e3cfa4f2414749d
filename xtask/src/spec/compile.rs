//! The compile check of the `codegen` group: the generated client must compile, so the
//! compiler checks it.
//!
//! progenitor and typify can emit code that does not compile (typify's `JsonSchema` impls of
//! non-string enums were written for schemars 0.8 and edition 2021). No table of constructs
//! can promise what only the compiler knows, so this check writes a scratch crate — the
//! library's `src/`, its `[features]`, `[dependencies]` and dev profile copied from the
//! workspace manifest, its `Cargo.lock`, and a build script that hands the code generated
//! from the spec under review to `include!` — and runs `cargo check --lib` on it, in a target
//! directory of its own (`target/tmp/codegen-check/target`, never the workspace's), so only
//! the first run compiles the dependencies.
//!
//! A successful check is remembered by a hash of everything the crate is made of, so checking
//! an unchanged spec again costs the generation only. `cargo xtask spec --no-compile` skips
//! the check (for huge specs); `PAAS_CODEGEN_CHECK_KEEP=1` keeps the scratch crate to read.
//! When cargo cannot run at all the finding is still an error (at the document's root): the
//! client is then not known to compile. Findings use the `codegen` rule.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use passport_paas_spec::{Spec, codegen};

use super::Checker;
use super::compile_errors::{self, CompileError};

/// The scratch crate's package name.
const PACKAGE: &str = "paas-codegen-check";

/// The workspace manifest sections the scratch crate copies, as written.
const SECTIONS: &[&str] = &[
    "[features]",
    "[dependencies]",
    "[profile.dev]",
    "[profile.dev.package.\"*\"]",
];

/// Where the check keeps its crates, its target directory and its record of checked hashes.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("PAAS_CODEGEN_CHECK_DIR").map_or_else(
        || crate::workspace_root().join("target/tmp/codegen-check"),
        PathBuf::from,
    )
}

/// What the check found.
#[derive(Debug)]
pub enum Outcome {
    /// The generated code compiles.
    Compiles,
    /// The compiler's errors in the generated code.
    Errors(Vec<CompileError>),
    /// The check could not run (cargo missing, a dependency not available, …).
    NotRun(String),
}

/// Generates the client from `spec` and has the compiler check it (see the module doc).
pub fn run(spec: &Spec, cache: &Path) -> Outcome {
    let generated = match codegen::generate(spec) {
        Ok(generated) => generated,
        // The `codegen` rule reports why generation failed.
        Err(_) => return Outcome::Compiles,
    };
    let root = crate::workspace_root();
    let crate_files = match scratch_files(&root, &generated, spec) {
        Ok(files) => files,
        Err(error) => return Outcome::NotRun(error),
    };
    let key = key(&crate_files);
    let stamp = cache.join("checked").join(&key);
    if stamp.exists() {
        return Outcome::Compiles;
    }
    let dir = cache.join("crates").join(&key);
    let outcome = write_and_check(&dir, &cache.join("target"), &crate_files, &generated);
    if std::env::var_os("PAAS_CODEGEN_CHECK_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    if matches!(outcome, Outcome::Compiles) {
        let _ = std::fs::create_dir_all(cache.join("checked"));
        let _ = std::fs::write(&stamp, "");
    }
    outcome
}

/// The scratch crate's files: (path relative to the crate, contents).
fn scratch_files(
    root: &Path,
    generated: &codegen::Generated,
    spec: &Spec,
) -> Result<Vec<(PathBuf, String)>, String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let manifest = read(&root.join("Cargo.toml"))?;
    let mut files = vec![
        (PathBuf::from("Cargo.toml"), scratch_manifest(&manifest)),
        (PathBuf::from("Cargo.lock"), read(&root.join("Cargo.lock"))?),
        (PathBuf::from("build.rs"), BUILD_SCRIPT.to_owned()),
        (PathBuf::from("README.md"), read(&root.join("README.md"))?),
        (
            PathBuf::from(codegen::SPEC_PATH),
            serde_json::to_string(spec.root()).unwrap_or_default(),
        ),
        (
            PathBuf::from("generated/codegen.rs"),
            generated.client.clone(),
        ),
        (PathBuf::from("generated/enums.rs"), generated.enums.clone()),
        (
            PathBuf::from("generated/wiring.rs"),
            generated.wiring.clone(),
        ),
    ];
    for path in rust_files(&root.join("src"))? {
        let relative = path
            .strip_prefix(root)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        files.push((relative, read(&path)?));
    }
    Ok(files)
}

/// The `.rs` files under `dir`, sorted, its subdirectories included.
fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The scratch crate's build script: the generated files go where `include!` reads them.
const BUILD_SCRIPT: &str = r#"fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    for name in ["codegen.rs", "enums.rs", "wiring.rs"] {
        std::fs::copy(std::path::Path::new("generated").join(name), out.join(name)).unwrap();
    }
}
"#;

/// A manifest with the library's features, dependencies and dev profile, and no workspace.
fn scratch_manifest(workspace_manifest: &str) -> String {
    let mut out = format!(
        "[package]\nname = \"{PACKAGE}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[lib]\npath = \"src/lib.rs\"\n\n[workspace]\n\n"
    );
    let mut keep = false;
    for line in workspace_manifest.lines() {
        if line.starts_with('[') {
            keep = SECTIONS.contains(&line.trim());
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A hash of the crate's contents, as a file name.
fn key(files: &[(PathBuf, String)]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for (path, text) in files {
        path.hash(&mut hasher);
        text.hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

fn write_and_check(
    dir: &Path,
    target: &Path,
    files: &[(PathBuf, String)],
    generated: &codegen::Generated,
) -> Outcome {
    for (path, text) in files {
        let path = dir.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(error) = written {
            return Outcome::NotRun(format!("cannot write {}: {error}", path.display()));
        }
    }
    let output = crate::cargo::command()
        .args(["check", "--lib", "--quiet", "--message-format=json"])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output();
    let output = match output {
        Ok(output) => output,
        Err(error) => return Outcome::NotRun(format!("cannot run cargo: {error}")),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let errors = compile_errors::read(&stdout, PACKAGE, generated);
    if !errors.is_empty() {
        return Outcome::Errors(errors);
    }
    if output.status.success() {
        return Outcome::Compiles;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
    Outcome::NotRun(format!(
        "cargo check failed outside the generated code: {}",
        last.unwrap_or("no message")
    ))
}

/// Runs the check and reports what it found.
pub(crate) fn check(checker: &mut Checker<'_>, cache: &Path) {
    match run(checker.spec, cache) {
        Outcome::Compiles => {}
        Outcome::NotRun(why) => checker.report(
            "codegen",
            "",
            format!(
                "the generated client could not be compiled, so it is not known to compile: \
                 {why} (`--no-compile` skips the check)"
            ),
        ),
        Outcome::Errors(errors) => {
            // One finding per place in the spec: its first error, and how many followed.
            let mut places: Vec<(String, CompileError, usize)> = Vec::new();
            for error in errors {
                let pointer = compile_errors::locate(checker.spec, &error);
                match places.iter_mut().find(|(p, _, _)| *p == pointer) {
                    Some((_, _, more)) => *more += 1,
                    None => places.push((pointer, error, 0)),
                }
            }
            for (pointer, error, more) in places {
                let mut message = error.describe();
                if more > 0 {
                    message.push_str(&format!(" (and {more} more error(s) there)"));
                }
                if let Some(advice) = advice(checker.doc.pointer(&pointer)) {
                    message.push_str("; ");
                    message.push_str(advice);
                }
                checker.report("codegen", &pointer, message);
            }
        }
    }
}

/// What to write instead, for the constructs known to generate code that does not compile.
fn advice(schema: Option<&serde_json::Value>) -> Option<&'static str> {
    let schema = schema?;
    (schema.get("enum").is_some() && codegen::enum_values(schema).is_none()).then_some(
        "an `enum` whose values are not all strings, all integers within i64, all numbers or \
         all booleans is left to typify, whose code for it does not compile: list the values \
         in the description instead, or make them strings",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scratch_manifest_keeps_the_library_sections_only() {
        let manifest = "[workspace]\nmembers = [\".\"]\n\n[package]\nname = \"passport-paas\"\n\n[features]\ndefault = [\"rustls\"]\n\n[dependencies]\nserde = \"1\"\n\n[build-dependencies]\nspec = { path = \"spec-model\" }\n\n[dev-dependencies]\ninsta = \"1\"\n\n[profile.dev]\ndebug = \"line-tables-only\"\n";
        let scratch = scratch_manifest(manifest);
        assert!(scratch.starts_with("[package]\nname = \"paas-codegen-check\""));
        for kept in [
            "default = [\"rustls\"]",
            "serde = \"1\"",
            "debug = \"line-tables-only\"",
        ] {
            assert!(scratch.contains(kept), "{kept}: {scratch}");
        }
        for dropped in ["members", "spec-model", "insta", "passport-paas"] {
            assert!(!scratch.contains(dropped), "{dropped}: {scratch}");
        }
    }

    #[test]
    fn the_key_changes_with_any_file() {
        let a = vec![(PathBuf::from("a"), "1".to_owned())];
        let b = vec![(PathBuf::from("a"), "2".to_owned())];
        assert_ne!(key(&a), key(&b));
        assert_eq!(key(&a), key(&a.clone()));
    }
}
