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
    /// Classify the spec changes since a git revision as breaking or not.
    Diff {
        /// The base revision (default HEAD).
        #[arg(long, default_value = "HEAD")]
        base: String,
        /// Compare with this file instead of the spec at --base.
        #[arg(long)]
        old: Option<PathBuf>,
        /// The changed spec (default: the working tree's).
        #[arg(long)]
        new: Option<PathBuf>,
        /// Exit 1 when a change is breaking.
        #[arg(long)]
        fail_on_breaking: bool,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Check client, spec and a server against each other (default: the embedded mock).
    Conformance {
        /// A deployment to check instead of the embedded mock.
        #[arg(long)]
        base_url: Option<String>,
        /// The environment variable holding the bearer token for --base-url.
        #[arg(long, default_value = "PAAS_TOKEN")]
        token_env: String,
        /// Request cases to generate.
        #[arg(long, default_value_t = 2000)]
        cases: usize,
        /// Seed of every generated input.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Allow operations that change state on --base-url.
        #[arg(long)]
        allow_writes: bool,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Serve the spec-driven mock on loopback.
    Mock {
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Serve N generated tokens instead of the spec's examples.
        #[arg(long)]
        tokens: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Bearer token to accept (default: $PAAS_TOKEN).
        #[arg(long, env = "PAAS_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Client id the token operation accepts (with --client-secret).
        #[arg(long, env = "PAAS_CLIENT_ID")]
        client_id: Option<String>,
        /// Client secret the token operation accepts.
        #[arg(long, env = "PAAS_CLIENT_SECRET", hide_env_values = true)]
        client_secret: Option<String>,
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
        Command::Diff {
            base,
            old,
            new,
            fail_on_breaking,
            format,
        } => {
            let new_path = new.unwrap_or(default_spec);
            let (old_label, old_text) = match old {
                Some(path) => (
                    path.display().to_string(),
                    std::fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display())),
                ),
                None => (
                    format!("{base}:{}", xtask::codegen::SPEC_PATH),
                    xtask::diff::spec_at_revision(&root, &base, xtask::codegen::SPEC_PATH),
                ),
            };
            let new_text = std::fs::read_to_string(&new_path)
                .map_err(|e| format!("cannot read {}: {e}", new_path.display()));
            let (old_text, new_text) = match (old_text, new_text) {
                (Ok(old), Ok(new)) => (old, new),
                (Err(error), _) | (_, Err(error)) => return fail(&error),
            };
            let new_label = new_path.display().to_string();
            let sides = xtask::diff::Sides {
                old: (&old_label, &old_text),
                new: (&new_label, &new_text),
            };
            match xtask::diff::diff(&sides) {
                Ok(changes) => {
                    match format {
                        Format::Human => print!("{}", xtask::diff::render_human(&changes)),
                        Format::Json => println!("{}", xtask::diff::render_json(&changes)),
                    }
                    let breaking = changes
                        .iter()
                        .any(|c| c.impact == xtask::diff::Impact::Breaking);
                    if fail_on_breaking && breaking {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(error) => fail(&error),
            }
        }
        Command::Conformance {
            base_url,
            token_env,
            cases,
            seed,
            allow_writes,
            format,
        } => {
            let spec = match std::fs::read_to_string(&default_spec) {
                Ok(text) => text,
                Err(error) => {
                    return fail(&format!("cannot read {}: {error}", default_spec.display()));
                }
            };
            let token = std::env::var(&token_env).ok().filter(|t| !t.is_empty());
            let options = xtask::conformance::Options {
                spec,
                base_url,
                token,
                cases,
                seed,
                allow_writes,
            };
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime,
                Err(error) => return fail(&format!("cannot start the runtime: {error}")),
            };
            match runtime.block_on(xtask::conformance::run(options)) {
                Ok(report) => {
                    match format {
                        Format::Human => print!("{}", report.render_human()),
                        Format::Json => println!("{}", xtask::conformance::render_json(&report)),
                    }
                    if report.passed() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(error) => fail(&error),
            }
        }
        Command::Mock {
            port,
            tokens,
            seed,
            token,
            client_id,
            client_secret,
        } => {
            let client = client_id.zip(client_secret);
            match xtask::mock::run(xtask::mock::Options {
                port,
                tokens,
                seed,
                token,
                client,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(&error),
            }
        }
        Command::Generate { out } => {
            let out = out.unwrap_or_else(|| root.join("target/generated"));
            match xtask::generate::run(&default_spec, &out) {
                Ok(path) => {
                    println!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
    }
}

/// One error line on stderr, exit 2.
fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
