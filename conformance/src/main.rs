//! `paas-conformance` (run by `cargo xtask conformance`): checks client, spec and a server
//! against each other. Exit 0 when every check passes, 1 when one fails, 2 on a usage problem.

use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use passport_paas_conformance::{Options, run};

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Check the client, the spec and a server (default: the embedded mock) against each other.
#[derive(Parser)]
#[command(name = "paas-conformance", version)]
struct Args {
    /// A deployment to check instead of the embedded mock.
    #[arg(long)]
    base_url: Option<String>,
    /// The environment variable holding the bearer token for --base-url (the token itself is
    /// never a flag: a command line is visible to every user of the machine in `ps`).
    #[arg(long, default_value = "PAAS_TOKEN")]
    token_env: String,
    /// Request cases to send in all.
    #[arg(long, default_value_t = 2000)]
    cases: usize,
    /// Seed of every generated input.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Send state-changing operations to --base-url too.
    #[arg(long)]
    allow_writes: bool,
    /// The spec to check against (default: the one the client was generated from).
    #[arg(long)]
    spec: Option<std::path::PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let spec = match &args.spec {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return ExitCode::from(2);
            }
        },
        None => passport_paas::SPEC_YAML.to_owned(),
    };
    let options = Options {
        spec,
        base_url: args.base_url,
        token: std::env::var(&args.token_env)
            .ok()
            .filter(|t| !t.is_empty())
            .map(passport_paas::Secret::new),
        cases: args.cases,
        seed: args.seed,
        allow_writes: args.allow_writes,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(options)) {
        Ok(report) => {
            match args.format {
                Format::Human => print!("{}", report.render_human()),
                Format::Json => println!("{}", report.render_json()),
            }
            if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("error: {}", passport_paas::printable(&error));
            ExitCode::from(2)
        }
    }
}
