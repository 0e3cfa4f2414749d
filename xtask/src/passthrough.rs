//! `cargo xtask conformance …` and `cargo xtask mock …`: thin pass-throughs to the crates that
//! own those tasks.
//!
//! Both need the generated client or the mock server, which a broken spec can stop from
//! building; keeping them out of xtask keeps `spec` and `diff` runnable on any spec. The binary
//! is built with `cargo build` first, then run with every argument after the subcommand as is.
//! On Unix xtask *becomes* that binary (`exec`): there is no `xtask → cargo → binary` chain, so
//! a signal that stops xtask (a script's `kill`, CI's timeout) stops the mock itself and leaves
//! no server holding its port. Elsewhere xtask waits for it and exits with its code.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

/// A task that runs another package's binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The package.
    pub package: &'static str,
    /// The binary.
    pub bin: &'static str,
}

/// `cargo xtask conformance`.
pub const CONFORMANCE: Target = Target {
    package: "passport-paas-conformance",
    bin: "paas-conformance",
};

/// `cargo xtask mock`.
pub const MOCK: Target = Target {
    package: "passport-paas-mock",
    bin: "paas-mock",
};

/// The `cargo build` command line that builds `target`'s binary and reports where it is.
pub fn build_command(target: Target) -> Command {
    let mut command = crate::cargo::command();
    // Features are resolved for the whole workspace (only the one binary is built), so this
    // reuses what `cargo build`/`cargo test --workspace` compiled instead of a `-p` variant.
    command.current_dir(crate::workspace_root()).args([
        "build",
        "-q",
        "--workspace",
        "--bin",
        target.bin,
        "--message-format=json-render-diagnostics",
    ]);
    command
}

/// The executable a `cargo build --message-format=json` run reported for `bin`.
pub fn executable(messages: &str, bin: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == bin)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
}

/// Builds `target`'s binary; its path.
fn build(target: Target) -> Result<PathBuf, String> {
    let output = build_command(target)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run cargo for {}: {error}", target.package))?;
    if !output.status.success() {
        return Err(format!("{} does not build", target.package));
    }
    executable(&String::from_utf8_lossy(&output.stdout), target.bin)
        .ok_or_else(|| format!("cargo reported no executable for {}", target.bin))
}

/// Runs `target` with `args`, inheriting the terminal: on Unix by becoming it, elsewhere by
/// waiting for it and exiting as it did.
pub fn run(target: Target, args: &[String]) -> ExitCode {
    let binary = match build(target) {
        Ok(binary) => binary,
        Err(message) => {
            crate::output::stderr_line(&format!("error: {message}"));
            return ExitCode::from(2);
        }
    };
    let mut command = Command::new(&binary);
    command.args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Only returns when the binary could not be started.
        let error = command.exec();
        crate::output::stderr_line(&format!("error: cannot run {}: {error}", binary.display()));
        ExitCode::from(2)
    }
    #[cfg(not(unix))]
    match command.status() {
        Ok(status) => match status.code() {
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => ExitCode::FAILURE,
        },
        Err(error) => {
            crate::output::stderr_line(&format!("error: cannot run {}: {error}", binary.display()));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_is_built_then_found_in_cargos_report() {
        let line: Vec<String> = build_command(MOCK)
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            line,
            [
                "build",
                "-q",
                "--workspace",
                "--bin",
                "paas-mock",
                "--message-format=json-render-diagnostics"
            ]
        );
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"passport_paas_mock"},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"paas-mock"},"executable":"/t/debug/paas-mock"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#
        );
        assert_eq!(
            executable(messages, "paas-mock"),
            Some(PathBuf::from("/t/debug/paas-mock"))
        );
        assert_eq!(executable(messages, "paas-conformance"), None);
    }
}
