//! Every fuzz target, built as the workspace builds it (a replaying program, no libFuzzer),
//! runs over its committed seeds (`seeds/<target>/`) without a panic: a target that no longer
//! holds on an input a fuzzer once found fails here, in `cargo test`, not hours into a run.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate's directory.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The names of the fuzz targets: the files under `fuzz_targets/`.
fn targets() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("fuzz_targets"))
        .expect("fuzz_targets/ is readable")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| {
            path.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Where cargo put the target `name`'s program (beside the one this test names).
fn program(name: &str) -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_loader"))
        .with_file_name(name)
        .with_extension(std::env::consts::EXE_EXTENSION)
}

#[test]
fn every_target_replays_its_seeds() {
    let names = targets();
    assert!(names.len() >= 9, "fuzz targets: {names:?}");
    for name in names {
        let seeds = root().join("seeds").join(&name);
        let count = std::fs::read_dir(&seeds)
            .unwrap_or_else(|error| panic!("{}: {error}", seeds.display()))
            .count();
        assert!(count > 0, "{name} has no seeds in {}", seeds.display());
        let output = Command::new(program(&name))
            .arg(&seeds)
            .output()
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        let log = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{name} failed on its seeds:\n{log}"
        );
        assert!(
            log.contains(&format!("replayed {count} inputs")),
            "{name}:\n{log}"
        );
    }
}

#[test]
fn an_unreadable_input_is_exit_2() {
    let output = Command::new(program("loader"))
        .arg(root().join("seeds/no-such-target"))
        .output()
        .expect("the loader target runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-target"));
    let bare = Command::new(program("loader")).output().expect("runs");
    assert_eq!(bare.status.code(), Some(2));
}
