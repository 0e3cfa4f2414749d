//! `cargo xtask`: the project's harness commands. Thin dispatch; each task is a module of the
//! library (`spec`, `diff`, `generate`) or another crate's binary (`conformance`, `mock`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use xtask::diff::FailOn;
use xtask::spec::Profile;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "passport-paas harness: spec checks, diffs, generation, conformance, mock"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum SpecFormat {
    Human,
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), one per finding.
    Github,
    /// SARIF 2.1.0, for code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Human,
    Json,
    Markdown,
    /// GitHub Actions workflow commands, one per change.
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Validate and lint an OpenAPI 3.0 document (default: openapi/passport-paas.yaml).
    Spec(SpecArgs),
    /// Classify spec changes since a git revision: wire verdict and Rust-API verdict.
    Diff(DiffArgs),
    /// One report of a spec change for a pull request: verdicts, lint delta, spec diff,
    /// generated Rust API, `paas` surface and snapshots.
    Review(xtask::review::Args),
    /// Write the generated client, open enums and wiring (default: target/generated).
    Generate(GenerateArgs),
    /// Run `paas-conformance` (package passport-paas-conformance) with these arguments.
    #[command(disable_help_flag = true)]
    Conformance(PassthroughArgs),
    /// Run `paas-mock` (package passport-paas-mock) with these arguments.
    #[command(disable_help_flag = true)]
    Mock(PassthroughArgs),
}

// The arguments of `cargo xtask spec`.
#[derive(Args)]
struct SpecArgs {
    path: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: SpecFormat,
    /// Rule profile: `house` adds this project's style rules (default for its own spec).
    #[arg(long, value_enum)]
    profile: Option<Profile>,
    /// Compile the generated client (default for the project's own spec, which the
    /// build generates from; cached by content under target/tmp/codegen-check).
    #[arg(long, conflicts_with = "no_compile")]
    compile: bool,
    /// Skip compiling the generated client (for huge specs).
    #[arg(long)]
    no_compile: bool,
}

// The arguments of `cargo xtask diff`.
#[derive(Args)]
struct DiffArgs {
    /// The base revision (default HEAD); a revision cannot start with `-`.
    #[arg(long, default_value = "HEAD")]
    base: String,
    /// Compare with this file instead of the spec at --base.
    #[arg(long)]
    old: Option<PathBuf>,
    /// The changed spec (default: the working tree's).
    #[arg(long)]
    new: Option<PathBuf>,
    /// Exit 1 on a wire-breaking change (same as `--fail-on wire`).
    #[arg(long)]
    fail_on_breaking: bool,
    /// Exit 1 on a breaking change of this layer.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    #[arg(long, value_enum, default_value = "human")]
    format: DiffFormat,
    /// Prefix of `file#Lline` links in markdown (e.g. a blob URL at the PR's commit).
    #[arg(long, default_value = "")]
    link_base: String,
}

// The arguments of `cargo xtask generate`.
#[derive(Args)]
struct GenerateArgs {
    /// The spec (default: the project's).
    #[arg(long)]
    spec: Option<PathBuf>,
    #[arg(long)]
    out: Option<PathBuf>,
}

// The arguments handed unchanged to another crate's binary.
#[derive(Args)]
struct PassthroughArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Spec(args) => spec(args),
        Command::Diff(args) => diff(args),
        Command::Review(args) => xtask::review::run(&args),
        Command::Generate(args) => generate(args),
        Command::Conformance(PassthroughArgs { args }) => {
            xtask::passthrough::run(xtask::passthrough::CONFORMANCE, &args)
        }
        Command::Mock(PassthroughArgs { args }) => {
            xtask::passthrough::run(xtask::passthrough::MOCK, &args)
        }
    }
}

/// `cargo xtask spec`: check one document and print its report.
fn spec(args: SpecArgs) -> ExitCode {
    let path = args.path.unwrap_or_else(xtask::project_spec);
    let own = Profile::for_path(&path);
    let profile = args.profile.unwrap_or(own);
    let options = xtask::spec::Options {
        compile: (args.compile || (own == Profile::House && !args.no_compile))
            .then(xtask::spec::compile_cache_dir),
    };
    let report = xtask::spec::check_file_with(&path, profile, &options);
    print_spec_report(&report, args.format, &path);
    ExitCode::from(report.exit_code())
}

/// The spec report in the chosen format; the human one quotes the source.
fn print_spec_report(report: &xtask::spec::Report, format: SpecFormat, path: &Path) {
    match format {
        SpecFormat::Human => {
            let source = passport_paas_spec::limits::read_file(path).ok();
            xtask::output::stderr(&xtask::spec::render_human(report, source.as_deref()));
        }
        SpecFormat::Json => xtask::output::stdout_line(&xtask::spec::render_json(report)),
        SpecFormat::Github => xtask::output::stdout(&xtask::spec::render_github(report)),
        SpecFormat::Sarif => xtask::output::stdout_line(&xtask::spec::render_sarif(report)),
    }
}

/// `cargo xtask diff`: classify the change between two sides and print it.
fn diff(args: DiffArgs) -> ExitCode {
    if args.old.is_none()
        && let Err(error) = xtask::diff::check_revision(&args.base)
    {
        return fail(&error);
    }
    let root = xtask::workspace_root();
    let (old_label, old_text) = old_side(&root, &args);
    let new_path = args.new.clone().unwrap_or_else(xtask::project_spec);
    let new_label = new_path
        .strip_prefix(&root)
        .unwrap_or(&new_path)
        .display()
        .to_string();
    let (old_text, new_text) = match (old_text, read(&new_path)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => return fail(&error),
    };
    let sides = xtask::diff::Sides {
        old: (&old_label, &old_text),
        new: (&new_label, &new_text),
    };
    let report = match xtask::diff::diff(&sides) {
        Ok(report) => report,
        Err(error) => return fail(&error),
    };
    print_diff_report(&report, args.format, &args.link_base);
    let fail_on = args
        .fail_on
        .or(args.fail_on_breaking.then_some(FailOn::Wire));
    match fail_on {
        Some(layer) if report.fails(layer) => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

/// The old side's label and text: the `--old` file, or the spec at `--base`.
fn old_side(root: &Path, args: &DiffArgs) -> (String, Result<String, String>) {
    match &args.old {
        Some(path) => (path.display().to_string(), read(path)),
        None => (
            format!("{}:{}", args.base, xtask::SPEC_PATH),
            xtask::diff::spec_at_revision(root, &args.base, xtask::SPEC_PATH),
        ),
    }
}

/// The diff report in the chosen format.
fn print_diff_report(report: &xtask::diff::Report, format: DiffFormat, link_base: &str) {
    match format {
        DiffFormat::Human => xtask::output::stdout(&xtask::diff::render_human(report)),
        DiffFormat::Json => xtask::output::stdout_line(&xtask::diff::render_json(report)),
        DiffFormat::Markdown => {
            xtask::output::stdout(&xtask::diff::render_markdown(report, link_base))
        }
        DiffFormat::Github => xtask::output::stdout(&xtask::diff::render_github(report)),
    }
}

/// `cargo xtask generate`: write the generated files and name each.
fn generate(args: GenerateArgs) -> ExitCode {
    let spec = args.spec.unwrap_or_else(xtask::project_spec);
    let out = args
        .out
        .unwrap_or_else(|| xtask::workspace_root().join("target/generated"));
    match xtask::generate::run(&spec, &out) {
        Ok(files) => {
            for file in files {
                xtask::output::stdout_line(&format!("wrote {}", file.display()));
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// The file's text, within the spec model's size limit.
fn read(path: &Path) -> Result<String, String> {
    passport_paas_spec::limits::read_file(path)
        .map_err(|error| xtask::diff::unreadable(&path.display().to_string(), &error))
}

/// One error line on stderr, exit 2.
fn fail(message: &str) -> ExitCode {
    xtask::output::stderr_line(&format!("error: {message}"));
    ExitCode::from(2)
}
