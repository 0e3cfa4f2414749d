//! `cargo xtask diff`: what a spec change does to existing users, judged on two layers.
//!
//! Every change gets a **wire verdict** (what oasdiff judges: do existing requests and response
//! handling still work) and a **Rust-API verdict** (does code written against the generated
//! client still compile: method and setter names, types, enum variants, exhaustive struct
//! fields, `Option<T>`). Operations are matched by method and path with parameter names
//! normalised, so renaming `{bookId}` to `{id}` is a renamed setter, not a removed operation.
//! Both documents are read by the spec model; every change points at its own node.
//!
//! The wire layer follows oasdiff's rules (`checker/rules.go`): `readOnly` values do not travel
//! in requests nor `writeOnly` ones in responses, types widen or narrow by direction
//! (`types`), headers and non-JSON bodies read any value as text, and deprecation, `x-sunset`
//! and `x-stability-level` decide whether a removal breaks anyone (`lifecycle`), judged on the
//! date the diff is given ([`diff_on`]).

mod composition;
mod constraints;
mod github;
mod lifecycle;
mod media;
mod merged;
mod mutability;
mod operations;
mod properties;
mod report;
mod requests;
mod responses;
mod schema;
mod types;

use chrono::NaiveDate;
use passport_paas_spec::{LoadError, Spec};
use serde::Serialize;

pub use chrono::NaiveDate as Date;
pub use github::{annotations as github_annotations, render_github, verdict};
pub use report::{check_revision, render_human, render_json, render_markdown, spec_at_revision};

/// The error line for a side that cannot be read: `unreadable: what` and where
/// (`  --> label:line:column`), with no control character of the document's.
pub fn unreadable(label: &str, error: &LoadError) -> String {
    let message = report::clean(&error.message);
    let label = report::clean(label);
    match error.position {
        Some(at) => format!(
            "unreadable: {message}\n  --> {label}:{}:{}",
            at.line, at.column
        ),
        None => format!("unreadable: {message}\n  --> {label}"),
    }
}

/// One layer's verdict on a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Existing users break.
    Breaking,
    /// Existing users keep working.
    Compatible,
}

impl Verdict {
    /// `Breaking` when `breaks`.
    pub fn from(breaks: bool) -> Self {
        if breaks {
            Verdict::Breaking
        } else {
            Verdict::Compatible
        }
    }
}

/// Which breaking changes fail the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Wire-breaking changes.
    Wire,
    /// Rust-API-breaking changes.
    Rust,
    /// Either.
    Any,
}

/// Which document a change points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The base (for removals).
    Old,
    /// The change.
    New,
}

/// One classified change.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// Stable kebab-case class (`parameter-removed`, `enum-value-added`, …).
    pub kind: &'static str,
    /// The operation: `GET /v1/tokens`.
    pub operation: String,
    /// Where in it: `query parameter \`role\``, `response 200 · tokens[].id`.
    pub location: String,
    /// What changed.
    pub message: String,
    /// Will existing requests and response handling still work.
    pub wire: Verdict,
    /// Will code written against the generated client still compile.
    pub rust: Verdict,
    /// What changes for Rust code, when it does.
    pub rust_note: Option<String>,
    /// The document the line is in.
    pub side: Side,
    /// The file label.
    pub file: String,
    /// The changed node's line.
    pub line: usize,
}

/// The changes between two documents.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Label of the base.
    pub old: String,
    /// Label of the change.
    pub new: String,
    /// Changes, in document order of their operation.
    pub changes: Vec<Change>,
}

impl Report {
    /// Changes breaking on the wire.
    pub fn wire_breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.wire == Verdict::Breaking)
    }

    /// Changes breaking Rust code.
    pub fn rust_breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.rust == Verdict::Breaking)
    }

    /// Changes breaking neither.
    pub fn compatible(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| c.wire == Verdict::Compatible && c.rust == Verdict::Compatible)
    }

    /// Whether a change breaks `layer`.
    pub fn fails(&self, layer: FailOn) -> bool {
        match layer {
            FailOn::Wire => self.wire_breaking().next().is_some(),
            FailOn::Rust => self.rust_breaking().next().is_some(),
            FailOn::Any => self
                .wire_breaking()
                .chain(self.rust_breaking())
                .next()
                .is_some(),
        }
    }
}

/// The two documents being compared: (label, text) each.
pub struct Sides<'a> {
    /// The base.
    pub old: (&'a str, &'a str),
    /// The change.
    pub new: (&'a str, &'a str),
}

/// A change being described, before it is located.
pub(crate) struct Found {
    pub kind: &'static str,
    pub location: String,
    pub message: String,
    pub wire: Verdict,
    pub rust: Verdict,
    pub rust_note: Option<String>,
    pub side: Side,
    pub pointer: String,
}

impl Found {
    /// A change with its wire verdict; the Rust-API verdict starts compatible.
    pub(crate) fn new(
        kind: &'static str,
        location: String,
        message: String,
        wire: bool,
        side: Side,
        pointer: String,
    ) -> Self {
        Self {
            kind,
            location,
            message,
            wire: Verdict::from(wire),
            rust: Verdict::Compatible,
            rust_note: None,
            side,
            pointer,
        }
    }
}

pub(crate) struct Differ<'a> {
    pub old: &'a Spec,
    pub new: &'a Spec,
    labels: (String, String),
    operation: String,
    changes: Vec<Change>,
    /// Schema pairs already compared for the current body (recursive schemas end there).
    pub seen: std::collections::HashSet<(String, String)>,
    /// The effective schemas of the nodes compared so far.
    merged: std::cell::RefCell<merged::MergedSchemas>,
    /// The date sunsets are judged on.
    pub today: NaiveDate,
    /// Why the current operation's changes break nobody (its base is `draft` or `alpha`).
    pub exempt: Option<String>,
}

impl Differ<'_> {
    /// Records a change of the operation being compared.
    pub fn push(&mut self, found: Found) {
        let (spec, label) = match found.side {
            Side::Old => (self.old, &self.labels.0),
            Side::New => (self.new, &self.labels.1),
        };
        let line = spec.document.locate(&found.pointer).line;
        let (wire, message) = match &self.exempt {
            Some(why) if found.wire == Verdict::Breaking => {
                (Verdict::Compatible, format!("{} ({why})", found.message))
            }
            _ => (found.wire, found.message),
        };
        self.changes.push(Change {
            kind: found.kind,
            operation: self.operation.clone(),
            location: found.location,
            message,
            wire,
            rust: if found.rust_note.is_some() {
                found.rust
            } else {
                Verdict::Compatible
            },
            rust_note: found.rust_note,
            side: found.side,
            file: label.clone(),
            line,
        });
    }
}

/// Compares two spec texts, judging sunset dates on today's date (UTC). Fails only when
/// either cannot be read as a spec (it does not parse, it is not a mapping of OpenAPI fields,
/// or it is past the spec model's limits).
pub fn diff(sides: &Sides<'_>) -> Result<Report, String> {
    diff_on(sides, chrono::Utc::now().date_naive())
}

/// [`diff`] with sunset dates (`x-sunset`) judged on `today`.
pub fn diff_on(sides: &Sides<'_>, today: NaiveDate) -> Result<Report, String> {
    let parse =
        |(label, text): (&str, &str)| Spec::parse(text).map_err(|error| unreadable(label, &error));
    let (old, new) = (parse(sides.old)?, parse(sides.new)?);
    let mut differ = Differ {
        old: &old,
        new: &new,
        labels: (sides.old.0.to_owned(), sides.new.0.to_owned()),
        operation: String::new(),
        changes: Vec::new(),
        seen: Default::default(),
        merged: Default::default(),
        today,
        exempt: None,
    };
    differ.operations();
    Ok(Report {
        old: sides.old.0.to_owned(),
        new: sides.new.0.to_owned(),
        changes: differ.changes,
    })
}
