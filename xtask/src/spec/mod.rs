//! `cargo xtask spec [PATH]`: validate and lint one OpenAPI 3.0 document.
//!
//! The document is read once by the spec model (one parser, one source map, one resolver). One
//! kind-aware walk ([`walk`]) checks every object against the OpenAPI 3.0 structure and collects
//! the schemas and the examples and defaults to validate; the rule modules then work on what it
//! collected, all examples are validated against validators compiled once, and progenitor runs
//! last, exactly as the build runs it, and then (with [`Options::compile`]) the compiler checks
//! the generated client ([`compile`]). Rules come in groups ([`Group`]): `invalid`, `codegen` and
//! the project's `house` style, which only the house [`Profile`] applies.

mod compile;
mod compile_errors;
mod examples;
mod fields;
mod generation;
mod github;
mod house;
mod objects;
mod operations;
mod report;
mod rules;
mod sarif;
mod schemas;
mod structure;
mod walk;

use std::path::Path;

use passport_paas_spec::{Api, Position, Resolver, Spec};
use serde::Serialize;
use serde_json::Value;

pub use compile::{
    Outcome as CompileOutcome, cache_dir as compile_cache_dir, run as compile_client,
};
pub use compile_errors::CompileError;
pub use github::{annotations as github_annotations, render_github};
pub use report::{clean, render_human, render_json};
pub use rules::{Group, RULES, Rule, Severity};
pub use sarif::{SARIF_SCHEMA, render_sarif, sarif_log};

/// Which rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// OpenAPI 3.0 validity and what progenitor can generate.
    Standard,
    /// The standard rules and this project's style.
    House,
}

impl Profile {
    /// `house` for the project's own spec, `standard` for any other file.
    pub fn for_path(path: &Path) -> Self {
        let canonical = |p: &Path| std::fs::canonicalize(p).ok();
        match (canonical(path), canonical(&crate::project_spec())) {
            (Some(a), Some(b)) if a == b => Profile::House,
            _ => Profile::Standard,
        }
    }
}

/// A 1-based line and column in the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl From<Position> for Location {
    fn from(position: Position) -> Self {
        Self {
            line: position.line,
            column: position.column,
        }
    }
}

/// One finding.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    /// Rule id.
    pub rule: &'static str,
    /// The rule's group.
    pub group: Group,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
    /// JSON pointer into the document.
    pub pointer: String,
    /// Where in the file.
    #[serde(flatten)]
    pub position: Location,
}

/// The result of checking one file.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The file as given.
    pub file: String,
    /// The profile applied.
    pub profile: Profile,
    /// Findings, by group, then in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file could not be read or parsed; no rule ran.
    pub fatal: Option<Fatal>,
}

/// The file could not be read or parsed.
#[derive(Debug, Serialize)]
pub struct Fatal {
    /// The reader's or parser's message.
    pub message: String,
    /// The parser's location, when it gave one.
    pub position: Option<Location>,
}

impl Report {
    /// 0 clean (warnings allowed), 1 errors, 2 unreadable or unparsable.
    pub fn exit_code(&self) -> u8 {
        if self.fatal.is_some() {
            2
        } else if self.errors() > 0 {
            1
        } else {
            0
        }
    }

    /// How many errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// What the rules share while they run: the document, its operations, the findings.
pub(crate) struct Checker<'a> {
    pub spec: &'a Spec,
    pub doc: &'a Value,
    pub resolver: Resolver<'a>,
    pub api: &'a Api,
    pub profile: Profile,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Reports `message` under `rule` at `pointer` (house rules only under the house profile).
    pub fn report(&mut self, rule: &'static str, pointer: &str, message: impl Into<String>) {
        let rule = rules::rule(rule);
        if rule.group == Group::House && self.profile != Profile::House {
            return;
        }
        self.diagnostics.push(Diagnostic {
            rule: rule.id,
            group: rule.group,
            severity: rule.severity,
            message: message.into(),
            hint: rule.hint,
            pointer: pointer.to_owned(),
            position: self.spec.document.locate(pointer).into(),
        });
    }

    /// Whether an error has been reported in `groups`.
    pub fn has_errors_in(&self, groups: &[Group]) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && groups.contains(&d.group))
    }
}

/// How far the codegen group goes.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Also compile the generated client (`compile`), with this cache directory; `None`
    /// stops at progenitor's own findings. `cargo xtask spec` compiles unless `--no-compile`.
    pub compile: Option<std::path::PathBuf>,
}

/// Reads and checks `path` (without the compile check: see [`check_file_with`]).
pub fn check_file(path: &Path, profile: Profile) -> Report {
    check_file_with(path, profile, &Options::default())
}

/// Reads and checks `path` as `options` say.
pub fn check_file_with(path: &Path, profile: Profile, options: &Options) -> Report {
    let file = path.display().to_string();
    match passport_paas_spec::limits::read_file(path) {
        Ok(text) => check_text_with(&file, &text, profile, options),
        Err(error) => fatal(file, profile, error.message, error.position.map(Into::into)),
    }
}

fn fatal(file: String, profile: Profile, message: String, position: Option<Location>) -> Report {
    Report {
        file,
        profile,
        diagnostics: Vec::new(),
        fatal: Some(Fatal { message, position }),
    }
}

/// Checks a document given as text; `file` labels the diagnostics (no compile check).
pub fn check_text(file: &str, text: &str, profile: Profile) -> Report {
    check_text_with(file, text, profile, &Options::default())
}

/// Checks a document given as text as `options` say; `file` labels the diagnostics.
pub fn check_text_with(file: &str, text: &str, profile: Profile, options: &Options) -> Report {
    let timer = Timer::new();
    let spec = match parse(file, text, profile) {
        Ok(spec) => spec,
        Err(report) => return report,
    };
    let mut checker = Checker {
        spec: &spec,
        doc: &spec.document.root,
        resolver: spec.resolver(),
        api: &spec.api,
        profile,
        diagnostics: Vec::new(),
    };
    timer.lap("parse");
    for issue in &spec.document.issues {
        checker.report("duplicate-key", &issue.pointer, issue.message.clone());
    }
    if rules::version(&mut checker) {
        run_rules(&mut checker, options, &timer);
    }
    finish(file, profile, checker.diagnostics)
}

/// The parsed document, or the report of why it cannot be checked.
fn parse(file: &str, text: &str, profile: Profile) -> Result<Spec, Report> {
    let spec = match Spec::parse(text) {
        Ok(spec) => spec,
        Err(error) => {
            // A 3.1 document is reported as such even when this reader cannot read it.
            if let Some(diagnostic) = rules::version_from_text(text, &error.message) {
                return Err(Report {
                    file: file.into(),
                    profile,
                    diagnostics: vec![diagnostic],
                    fatal: None,
                });
            }
            return Err(fatal(
                file.into(),
                profile,
                error.message,
                error.position.map(Into::into),
            ));
        }
    };
    if !spec.document.root.is_object() {
        return Err(fatal(
            file.into(),
            profile,
            "the document is not a mapping of OpenAPI fields".into(),
            Some(Location { line: 1, column: 1 }),
        ));
    }
    Ok(spec)
}

/// Every rule group on a document of a supported version, in order: structure, operations
/// and schemas, examples, house, then generation and compilation while nothing is invalid.
fn run_rules(checker: &mut Checker<'_>, options: &Options, timer: &Timer) {
    let walk = walk::walk(checker);
    for cycle in passport_paas_spec::schema_cycles(checker.doc) {
        checker.report("schema-cycle", &cycle.pointer, cycle.message);
    }
    timer.lap("walk");
    operations::check(checker);
    schemas::check(checker, &walk);
    timer.lap("rules");
    examples::check(checker, &walk);
    timer.lap("examples");
    house::check(checker, &walk);
    drop(walk);
    // Generation is the slowest check and its messages the least precise: it runs when the
    // document is valid, so its findings are about progenitor's own limits.
    if !checker.has_errors_in(&[Group::Invalid, Group::Codegen]) {
        let outcome = generation::run(checker.spec);
        timer.lap("codegen");
        generation::check(checker, outcome);
    }
    // Only a client progenitor generated can be compiled.
    if let Some(cache) = &options.compile
        && !checker.has_errors_in(&[Group::Invalid, Group::Codegen])
    {
        compile::check(checker, cache);
        timer.lap("compile");
    }
}

/// The report: findings by group, then in document order, each once.
fn finish(file: &str, profile: Profile, mut diagnostics: Vec<Diagnostic>) -> Report {
    diagnostics.sort_by(|a, b| {
        (a.group, a.position, a.rule, &a.message).cmp(&(b.group, b.position, b.rule, &b.message))
    });
    diagnostics
        .dedup_by(|a, b| a.rule == b.rule && a.pointer == b.pointer && a.message == b.message);
    Report {
        file: file.into(),
        profile,
        diagnostics,
        fatal: None,
    }
}

/// Phase timings and peak RSS on stderr when `XTASK_TIMINGS` is set (for benchmarking).
struct Timer(Option<std::cell::Cell<std::time::Instant>>);

impl Timer {
    fn new() -> Self {
        Self(
            std::env::var_os("XTASK_TIMINGS")
                .map(|_| std::cell::Cell::new(std::time::Instant::now())),
        )
    }

    fn lap(&self, phase: &str) {
        if let Some(start) = &self.0 {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let peak = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .map_or("", str::trim);
            eprintln!(
                "{phase}: {:?} (peak RSS so far {peak})",
                start.get().elapsed()
            );
            start.set(std::time::Instant::now());
        }
    }
}
