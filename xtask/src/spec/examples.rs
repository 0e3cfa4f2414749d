//! `example-valid` and `default-valid`: every example and default matches its schema.
//!
//! All the schemas that have a sample are handed to the spec model's `Validators` at once:
//! the components are translated to JSON Schema and compiled a single time, and each sample is
//! then one lookup and one validation, however many examples the document holds.

use passport_paas_spec::validate::{Validators, describe};

use super::Checker;
use super::walk::{SampleKind, Walk};

pub(crate) fn check(c: &mut Checker<'_>, walk: &Walk<'_>) {
    if walk.samples.is_empty() {
        return;
    }
    let validators = Validators::new(c.doc, walk.samples.iter().map(|s| s.schema.as_ref()));
    // A schema with a dangling reference cannot compile; `unresolved-ref` already says why.
    let dangling = c.diagnostics.iter().any(|d| d.rule == "unresolved-ref");
    for sample in &walk.samples {
        let Err(violations) = validators.validate(&sample.schema, sample.value) else {
            continue;
        };
        let uncompiled = violations.len() == 1
            && violations[0].path.is_empty()
            && violations[0].message.starts_with("the schema ");
        if uncompiled && dangling {
            continue;
        }
        let (rule, what) = match sample.kind {
            SampleKind::Example => ("example-valid", "the example"),
            SampleKind::Default => ("default-valid", "the default"),
        };
        let message = if uncompiled {
            format!("{what} cannot be checked: {}", violations[0].message)
        } else {
            format!(
                "{what} does not match its schema: {}",
                describe(&violations)
            )
        };
        c.report(rule, &sample.pointer, message);
    }
}
