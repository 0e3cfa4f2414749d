//! `cargo xtask`: the project's harness commands. A thin dispatcher; the work is in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "passport-paas harness: spec checks, diffs, generation, mock"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Validate and lint an OpenAPI 3.0 spec (default: openapi/passport-paas.yaml).
    Spec {
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Write the formatted generated client (default: target/generated).
    Generate {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = xtask::workspace_root();
    let default_spec = root.join(xtask::codegen::SPEC_PATH);
    match cli.command {
        Command::Spec { path, format } => {
            let path = path.unwrap_or(default_spec);
            let report = xtask::spec::check_file(&path);
            match format {
                Format::Human => {
                    let source = std::fs::read_to_string(&path).ok();
                    eprint!("{}", xtask::spec::render_human(&report, source.as_deref()));
                }
                Format::Json => println!("{}", xtask::spec::render_json(&report)),
            }
            ExitCode::from(report.exit_code())
        }
        Command::Generate { out } => {
            let out = out.unwrap_or_else(|| root.join("target/generated"));
            match xtask::generate::run(&default_spec, &out) {
                Ok(path) => {
                    println!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
