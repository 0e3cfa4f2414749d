//! `cargo xtask conformance …` and `cargo xtask mock …`: thin pass-throughs to the crates that
//! own those tasks.
//!
//! Both need the generated client or the mock server, which a broken spec can stop from
//! building; keeping them out of xtask keeps `spec` and `diff` runnable on any spec. Every
//! argument after the subcommand is forwarded as is, and xtask exits with the child's code.

use std::process::{Command, ExitCode};

/// A task that runs another package's binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The package.
    pub package: &'static str,
    /// The binary, when the package has several.
    pub bin: Option<&'static str>,
}

/// `cargo xtask conformance`.
pub const CONFORMANCE: Target = Target {
    package: "passport-paas-conformance",
    bin: None,
};

/// `cargo xtask mock`.
pub const MOCK: Target = Target {
    package: "passport-paas-mock",
    bin: Some("paas-mock"),
};

/// The `cargo` command line that runs `target` with `args`.
pub fn command(target: Target, args: &[String]) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(crate::workspace_root())
        .args(["run", "-q", "-p", target.package]);
    if let Some(bin) = target.bin {
        command.args(["--bin", bin]);
    }
    command.arg("--").args(args);
    command
}

/// Runs `target` with `args`, inheriting the terminal; exits as the child did.
pub fn run(target: Target, args: &[String]) -> ExitCode {
    match command(target, args).status() {
        Ok(status) => match status.code() {
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            // Killed by a signal: report failure.
            None => ExitCode::FAILURE,
        },
        Err(error) => {
            eprintln!("error: cannot run cargo for {}: {error}", target.package);
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_forwarded_as_is() {
        let args = vec!["--port".to_owned(), "0".to_owned(), "--help".to_owned()];
        let command = command(MOCK, &args);
        let line: Vec<String> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            line,
            [
                "run",
                "-q",
                "-p",
                "passport-paas-mock",
                "--bin",
                "paas-mock",
                "--",
                "--port",
                "0",
                "--help"
            ]
        );
        let conformance = super::command(CONFORMANCE, &[]);
        assert_eq!(
            conformance.get_args().nth(3).unwrap(),
            "passport-paas-conformance"
        );
    }
}
