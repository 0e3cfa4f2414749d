//! The `cargo` that xtask runs: the one that started it, with the environment a user's shell
//! would give it.
//!
//! `cargo xtask …` is `cargo run -p xtask -- …`, and a test is started by `cargo test`: either
//! way cargo has set variables that describe *xtask's* package (`CARGO_MANIFEST_DIR`,
//! `CARGO_PKG_NAME`, …) in xtask's environment. A cargo started from there passes them on
//! to every build script, and build scripts that watch them (ring's watches
//! `CARGO_MANIFEST_DIR`) see a changed environment: ring, rustls, reqwest and everything above
//! them compile again, and compile again once more at the user's next `cargo build`. So every
//! cargo that xtask or its tests start goes through [`command`], which removes them.

use std::ffi::OsString;
use std::process::Command;

/// Variables cargo sets for the package it builds, runs or tests (see "Environment variables
/// Cargo sets for crates" in the Cargo book), by exact name.
const PACKAGE_VARIABLES: &[&str] = &[
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_MANIFEST_LINKS",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
    "OUT_DIR",
];

/// The same, by prefix: `CARGO_PKG_NAME`, `CARGO_PKG_VERSION_MAJOR`, `CARGO_BIN_EXE_paas`, ….
const PACKAGE_PREFIXES: &[&str] = &["CARGO_PKG_", "CARGO_BIN_EXE_"];

/// Whether cargo set `name` to describe the package it started (rather than the user setting
/// it to configure cargo, as `CARGO_HOME`, `CARGO_TARGET_DIR` or `CARGO_PROFILE_*`).
pub fn describes_a_package(name: &str) -> bool {
    PACKAGE_VARIABLES.contains(&name)
        || PACKAGE_PREFIXES
            .iter()
            .any(|prefix| name.starts_with(prefix))
}

/// A `cargo` command: the cargo that started this process (`$CARGO`), or `cargo` from the
/// `PATH`, without the variables that describe this process's package.
pub fn command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(cargo);
    remove_package_variables(&mut command);
    command
}

/// Makes `command` start without the variables, inherited from this process, that describe
/// this process's package.
pub fn remove_package_variables(command: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(describes_a_package) {
            command.env_remove(name);
        }
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_cargo_sets_for_a_package_is_removed_and_what_configures_cargo_is_kept() {
        for name in [
            "CARGO_MANIFEST_DIR",
            "CARGO_PKG_NAME",
            "CARGO_PKG_VERSION_MAJOR",
            "CARGO_BIN_EXE_paas",
            "CARGO_TARGET_TMPDIR",
            "OUT_DIR",
        ] {
            assert!(describes_a_package(name), "{name}");
        }
        for name in [
            "CARGO",
            "CARGO_HOME",
            "CARGO_TARGET_DIR",
            "CARGO_PROFILE_DEV_DEBUG",
            "CARGO_INCREMENTAL",
            "RUSTC_WORKSPACE_WRAPPER",
            "PATH",
        ] {
            assert!(!describes_a_package(name), "{name}");
        }
    }

    #[test]
    fn the_command_leaves_out_this_test_s_package_variables() {
        // `cargo test` set CARGO_MANIFEST_DIR and CARGO_PKG_NAME for this very process.
        assert!(std::env::var_os("CARGO_MANIFEST_DIR").is_some());
        let command = command();
        let removed: Vec<String> = command
            .get_envs()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| name.to_string_lossy().into_owned())
            .collect();
        assert!(
            removed.iter().any(|n| n == "CARGO_MANIFEST_DIR"),
            "{removed:?}"
        );
        assert!(removed.iter().any(|n| n == "CARGO_PKG_NAME"), "{removed:?}");
        assert!(
            removed.iter().all(|n| describes_a_package(n)),
            "{removed:?}"
        );
    }
}
