//! `cargo xtask review`'s arguments and its run: read both sides (the spec at `--base`, or
//! `--old FILE`; the working tree's, or `--new FILE`), review, print, and exit by the
//! `--fail-on` policy (1 when that layer breaks, 2 when an input is unreadable).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{FailOn, Inputs, review};
use crate::diff::{Sides, check_revision, spec_at_revision, unreadable};
use crate::spec::Profile;

/// How the review is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One pull-request comment.
    Markdown,
    /// The shape `xtask/review.schema.json` documents.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

/// `cargo xtask review [--base REV] [--old FILE] [--new FILE] [--format …] [--link-base URL]
/// [--fail-on …]`.
#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// The base revision (default HEAD); a revision cannot start with `-`.
    #[arg(long, default_value = "HEAD")]
    pub base: String,
    /// Compare with this file instead of the spec at --base (snapshots still against --base).
    #[arg(long)]
    pub old: Option<PathBuf>,
    /// The changed spec (default: the working tree's).
    #[arg(long)]
    pub new: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
    /// Prefix of `file#Lline` links in markdown (e.g. a blob URL at the PR's commit).
    #[arg(long, default_value = "")]
    pub link_base: String,
    /// Exit 1 when this layer breaks (`lint`: a lint finding is introduced).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

/// The repository being reviewed: the git top level of the current directory, else the
/// workspace's root.
fn repository_root() -> PathBuf {
    let output = std::process::Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => {
            let text = String::from_utf8_lossy(&output.stdout);
            PathBuf::from(text.trim_end_matches(['\n', '\r']))
        }
        _ => crate::workspace_root(),
    }
}

fn read(path: &Path) -> Result<String, String> {
    passport_paas_spec::limits::read_file(path)
        .map_err(|error| unreadable(&path.display().to_string(), &error))
}

fn fail(message: &str) -> ExitCode {
    crate::output::stderr_line(&format!("error: {message}"));
    ExitCode::from(2)
}

/// Runs the review as `args` say; the exit code.
pub fn run(args: &Args) -> ExitCode {
    if let Err(error) = check_revision(&args.base) {
        return fail(&error);
    }
    let root = repository_root();
    let new_path = args
        .new
        .clone()
        .unwrap_or_else(|| root.join(crate::SPEC_PATH));
    let (old_label, old_text) = match &args.old {
        Some(path) => (path.display().to_string(), read(path)),
        None => (
            format!("{}:{}", args.base, crate::SPEC_PATH),
            spec_at_revision(&root, &args.base, crate::SPEC_PATH),
        ),
    };
    let new_label = new_path
        .strip_prefix(&root)
        .unwrap_or(&new_path)
        .display()
        .to_string();
    let (old_text, new_text) = match (old_text, read(&new_path)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => return fail(&error),
    };
    let profile = Profile::for_path(&new_path);
    let inputs = Inputs {
        sides: Sides {
            old: (&old_label, &old_text),
            new: (&new_label, &new_text),
        },
        profile,
        snapshots: Some(super::snapshots::delta(&root, &args.base)),
    };
    let review = match review(inputs) {
        Ok(review) => review,
        Err(error) => return fail(&error),
    };
    match args.format {
        Format::Markdown => {
            crate::output::stdout(&super::render_markdown(&review, &args.link_base))
        }
        Format::Json => crate::output::stdout_line(&super::render_json(&review)),
        Format::Github => crate::output::stdout(&super::render_github(&review)),
    }
    match args.fail_on {
        Some(layer) if review.fails(layer) => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}
