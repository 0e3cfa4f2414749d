//! The lint delta: the `xtask spec` findings a change introduces and the ones it fixes.
//!
//! Both sides are checked by the same rules (without the compile check: a review never
//! compiles); findings are matched by rule and JSON pointer, never by line, so text that only
//! moves is not a new finding.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::spec::{Diagnostic, Profile, Severity, check_text};

/// One finding, as a review reports it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Finding {
    /// The rule id.
    pub rule: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// JSON pointer into the document it is in.
    pub pointer: String,
    /// The file label of that document.
    pub file: String,
    /// 1-based line there.
    pub line: usize,
    /// 1-based column there.
    pub column: usize,
}

/// Findings introduced (in the new document) and fixed (in the base).
#[derive(Clone, Debug, Default, Serialize)]
pub struct LintDelta {
    /// The profile both sides were checked with.
    pub profile: Option<Profile>,
    /// Findings of the change that the base does not have.
    pub introduced: Vec<Finding>,
    /// Findings of the base that the change no longer has.
    pub fixed: Vec<Finding>,
}

fn finding(file: &str, diagnostic: &Diagnostic) -> Finding {
    Finding {
        rule: diagnostic.rule,
        severity: diagnostic.severity,
        message: diagnostic.message.clone(),
        pointer: diagnostic.pointer.clone(),
        file: file.to_owned(),
        line: diagnostic.position.line,
        column: diagnostic.position.column,
    }
}

/// The findings only one side has. A side the linter cannot read (past the limits, not a
/// document) contributes its fatal error as a finding of the `unreadable` rule.
pub fn delta(old: (&str, &str), new: (&str, &str), profile: Profile) -> LintDelta {
    let check = |(label, text): (&str, &str)| {
        let report = check_text(label, text, profile);
        let mut findings: Vec<Finding> = report
            .diagnostics
            .iter()
            .map(|d| finding(label, d))
            .collect();
        if let Some(fatal) = &report.fatal {
            let at = fatal.position.unwrap_or_default();
            findings.push(Finding {
                rule: "unreadable",
                severity: Severity::Error,
                message: fatal.message.clone(),
                pointer: String::new(),
                file: label.to_owned(),
                line: at.line,
                column: at.column,
            });
        }
        findings
    };
    let (before, after) = (check(old), check(new));
    let keys = |findings: &[Finding]| -> BTreeSet<(&'static str, String)> {
        findings
            .iter()
            .map(|f| (f.rule, f.pointer.clone()))
            .collect()
    };
    let (had, has) = (keys(&before), keys(&after));
    LintDelta {
        profile: Some(profile),
        introduced: after
            .into_iter()
            .filter(|f| !had.contains(&(f.rule, f.pointer.clone())))
            .collect(),
        fixed: before
            .into_iter()
            .filter(|f| !has.contains(&(f.rule, f.pointer.clone())))
            .collect(),
    }
}
