//! Tallies and the report: passes, failures with the smallest failing input, and notes
//! (findings that are reported without failing, such as undocumented fields).

use serde::Serialize;

/// Passes, failures and the smallest failing example of one check.
#[derive(Debug, Default, Serialize)]
pub struct Tally {
    /// The check's id.
    pub check: &'static str,
    /// Inputs that passed.
    pub passed: usize,
    /// Inputs that failed.
    pub failed: usize,
    /// The smallest failing input and what was wrong with it.
    pub smallest_failure: Option<Failure>,
    /// Findings reported without failing (the first of each kind), and how many there were.
    pub notes: Vec<String>,
    /// How many notes there were in all.
    pub noted: usize,
    /// The operations the check sent requests to (request checks only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<String>,
}

/// One failing input.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The input.
    pub input: String,
    /// What went wrong.
    pub problem: String,
}

/// Notes kept verbatim; the rest are counted.
const KEPT_NOTES: usize = 5;

impl Tally {
    pub(crate) fn new(check: &'static str) -> Self {
        Self {
            check,
            ..Self::default()
        }
    }

    pub(crate) fn pass(&mut self) {
        self.passed += 1;
    }

    /// Records a failure; the shortest input is kept as the one to reproduce.
    pub(crate) fn fail(&mut self, input: String, problem: String) {
        self.failed += 1;
        let smaller = self
            .smallest_failure
            .as_ref()
            .is_none_or(|f| input.len() < f.input.len());
        if smaller {
            self.smallest_failure = Some(Failure { input, problem });
        }
    }

    /// Records a finding that does not fail the check.
    pub(crate) fn note(&mut self, note: String) {
        self.noted += 1;
        if self.notes.len() < KEPT_NOTES && !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

/// Every check's tally.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The seed that reproduces the run.
    pub seed: u64,
    /// What was checked.
    pub target: String,
    /// One tally per check.
    pub checks: Vec<Tally>,
}

impl Report {
    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.failed == 0)
    }

    /// The tally of one check.
    pub fn check(&self, id: &str) -> Option<&Tally> {
        self.checks.iter().find(|c| c.check == id)
    }

    /// One line per check, then the smallest failures and the notes.
    pub fn render_human(&self) -> String {
        let mut out = format!("conformance against {} (seed {})\n", self.target, self.seed);
        for check in &self.checks {
            let verdict = if check.failed == 0 { "ok" } else { "FAILED" };
            out.push_str(&format!(
                "  {:<18} {verdict:<6} {} passed, {} failed",
                check.check, check.passed, check.failed
            ));
            if check.noted > 0 {
                out.push_str(&format!(", {} noted", check.noted));
            }
            out.push('\n');
            if let Some(failure) = &check.smallest_failure {
                out.push_str(&format!(
                    "      smallest failing input: {}\n      problem: {}\n",
                    passport_paas::printable(&failure.input),
                    passport_paas::printable(&failure.problem)
                ));
            }
            for note in &check.notes {
                out.push_str(&format!("      note: {}\n", passport_paas::printable(note)));
            }
        }
        out
    }

    /// The report as JSON.
    pub fn render_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
