//! `cargo xtask review`: the whole effect of a spec change in one report, for a pull request.
//!
//! Six sections, in this order: a verdict line; the lint delta ([`lint`]: findings introduced
//! and fixed, matched by rule and JSON pointer); the two-layer spec diff of `xtask diff`
//! ([`crate::diff`]); the generated Rust API delta ([`rust_delta`]: both sides generated
//! in-process and read as syntax, never compiled); the `paas` surface delta ([`surface`]); the
//! snapshot delta ([`snapshots`], from git). Rendered as markdown (one PR comment), JSON
//! (documented by `xtask/review.schema.json`) or GitHub workflow commands.

mod command;
mod github;
mod json;
pub mod lint;
mod markdown;
pub mod rust_api;
pub mod rust_delta;
pub mod snapshots;
pub mod surface;

use passport_paas_spec::Spec;
use serde::Serialize;

pub use command::{Args, Format, run};
pub use github::render_github;
pub use json::render_json;
pub use markdown::render_markdown;

use crate::diff::{self, Sides};
use crate::spec::Profile;

/// Which layer fails the command (`--fail-on`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A wire-breaking change.
    Wire,
    /// A change that breaks code using the generated client.
    Rust,
    /// A lint finding the change introduces.
    Lint,
    /// Any of them.
    Any,
}

/// What a review compares.
pub struct Inputs<'a> {
    /// The base and the change: (label, text) each.
    pub sides: Sides<'a>,
    /// The lint profile for both sides.
    pub profile: Profile,
    /// The snapshot delta, when it was computed (from git); its error otherwise.
    pub snapshots: Option<Result<Vec<snapshots::SnapshotChange>, String>>,
}

/// The counts of the verdict line.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Verdict {
    /// Wire-breaking changes.
    pub wire_breaking: usize,
    /// Changes that break code compiling against the base's generated client: the generated
    /// API delta's, or the spec diff's Rust layer when a side could not be generated.
    pub rust_breaking: usize,
    /// Compatible spec changes (additions among them).
    pub additions: usize,
    /// `paas` changes that break a script.
    pub paas_breaking: usize,
    /// Lint findings introduced.
    pub lint_introduced: usize,
    /// Lint findings fixed.
    pub lint_fixed: usize,
    /// Whether a side's client could not be generated.
    pub generation_failed: bool,
}

/// One review.
#[derive(Clone, Debug, Serialize)]
pub struct Review {
    /// The base's label.
    pub old: String,
    /// The change's label.
    pub new: String,
    /// The verdict line's counts.
    pub verdict: Verdict,
    /// Lint findings introduced and fixed.
    pub lint: lint::LintDelta,
    /// The spec diff (wire and Rust-API verdicts per change).
    pub diff: diff::Report,
    /// The generated client's public items, added, removed, changed.
    pub rust: rust_delta::RustDelta,
    /// `paas` commands and flags added, removed, renamed.
    pub surface: Vec<surface::SurfaceChange>,
    /// Snapshot files touched, or why they could not be listed; `None` when not asked.
    pub snapshots: Option<Result<Vec<snapshots::SnapshotChange>, String>>,
}

impl Review {
    /// Whether `layer` has a breaking change (or, for `lint`, an introduced finding).
    pub fn fails(&self, layer: FailOn) -> bool {
        let v = &self.verdict;
        match layer {
            FailOn::Wire => v.wire_breaking > 0,
            FailOn::Rust => v.rust_breaking > 0 || v.generation_failed,
            FailOn::Lint => v.lint_introduced > 0,
            FailOn::Any => [FailOn::Wire, FailOn::Rust, FailOn::Lint]
                .into_iter()
                .any(|layer| self.fails(layer)),
        }
    }
}

/// Reviews the change. Fails only when a side cannot be read as a spec (as `xtask diff`).
pub fn review(inputs: Inputs<'_>) -> Result<Review, String> {
    let Sides { old, new } = inputs.sides;
    let report = diff::diff(&Sides { old, new })?;
    let parse = |(label, text): (&str, &str)| {
        Spec::parse(text).map_err(|error| diff::unreadable(label, &error))
    };
    let (old_spec, new_spec) = (parse(old)?, parse(new)?);
    let lint = lint::delta(old, new, inputs.profile);
    let rust = rust_delta::delta(old.1, new.1);
    let surface = surface::delta(&old_spec, &new_spec);
    let verdict = Verdict {
        wire_breaking: report.wire_breaking().count(),
        // The generated client's own items are the better judge (an open enum's new variant
        // breaks nobody); the spec diff's Rust layer stands in when a side does not generate.
        rust_breaking: if rust.generation_failed.is_empty() {
            rust.breaking().count()
        } else {
            report.rust_breaking().count()
        },
        additions: report.compatible().count(),
        paas_breaking: surface.iter().filter(|c| c.breaking).count(),
        lint_introduced: lint.introduced.len(),
        lint_fixed: lint.fixed.len(),
        generation_failed: !rust.generation_failed.is_empty(),
    };
    Ok(Review {
        old: old.0.to_owned(),
        new: new.0.to_owned(),
        verdict,
        lint,
        diff: report,
        rust,
        surface,
        snapshots: inputs.snapshots,
    })
}
