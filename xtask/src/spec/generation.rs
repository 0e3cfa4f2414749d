//! `codegen`: run progenitor on the document exactly as the build does, and say why and where
//! when it cannot generate.
//!
//! progenitor reports some problems by panicking. The spec model's `codegen` catches the panic
//! (with a silent hook, so no panic text reaches stderr) and returns its message; this module
//! locates the message in the document: the operation, schema or path it names.

use passport_paas_spec::{Case, codegen, escape, sanitize};
use serde_json::Value;

use super::Checker;

pub(crate) fn check(c: &mut Checker<'_>) {
    let Err(message) = codegen::generate(c.spec) else {
        return;
    };
    let mut pointer = locate(c, &message);
    let mut message = match explain(&message) {
        Some(why) => format!("{message} ({why})"),
        None => message,
    };
    if pointer.is_empty()
        && let Some(operation) = culprit(c)
    {
        let operation = &c.api.operations[operation];
        message = format!("operation {}: {message}", operation.id);
        pointer = operation.pointer.clone();
    }
    c.report("codegen", &pointer, message);
}

/// What some of progenitor's panics mean.
fn explain(message: &str) -> Option<&'static str> {
    const KNOWN: &[(&str, &str)] = &[
        (
            "response_types.len() <= 1",
            "progenitor needs one body type for all success responses and one for all error responses of an operation: \
             use one schema, and a JSON body on every error response or on none",
        ),
        (
            "not yet implemented",
            "progenitor does not support this construct yet",
        ),
    ];
    KNOWN
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|(_, why)| *why)
}

/// The first operation progenitor fails on, found by generating ever shorter prefixes of the
/// operation list (a binary search: a handful of runs, only when generation already failed).
fn culprit(c: &Checker<'_>) -> Option<usize> {
    let fails = |count: usize| {
        let mut root = c.doc.clone();
        let keep: Vec<&str> = c.api.operations[..count]
            .iter()
            .map(|o| o.pointer.as_str())
            .collect();
        if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                let Some(item) = item.as_object_mut() else {
                    continue;
                };
                let at = format!("/paths/{}", escape(path));
                item.retain(|key, _| {
                    !passport_paas_spec::METHODS.contains(&key.as_str())
                        || keep.contains(&format!("{at}/{key}").as_str())
                });
            }
        }
        codegen::generate_client(&codegen::prepare(&root)).is_err()
    };
    let total = c.api.operations.len();
    if total == 0 || fails(0) || !fails(total) {
        return None;
    }
    // fails(high) holds, fails(low) does not: the culprit is operation `high - 1`.
    let (mut low, mut high) = (0, total);
    while high - low > 1 {
        let middle = (low + high) / 2;
        if fails(middle) {
            high = middle
        } else {
            low = middle
        }
    }
    Some(high - 1)
}

/// The pointer of what `message` names, the most specific first: an operation (by id or
/// method name), a component schema (by name or type name), a path; the root otherwise.
pub(crate) fn locate(c: &Checker<'_>, message: &str) -> String {
    let mut best: Option<(usize, String)> = None;
    let mut consider = |name: &str, pointer: String| {
        if name.len() >= 3
            && mentions(message, name)
            && best.as_ref().is_none_or(|(len, _)| name.len() > *len)
        {
            best = Some((name.len(), pointer));
        }
    };
    for operation in &c.api.operations {
        consider(&operation.id, operation.pointer.clone());
        consider(&operation.rust_name, operation.pointer.clone());
        consider(&operation.type_name, operation.pointer.clone());
        consider(
            &operation.path,
            format!("/paths/{}", escape(&operation.path)),
        );
    }
    for name in c
        .doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(n, _)| n)
    {
        let pointer = format!("/components/schemas/{}", escape(name));
        consider(name, pointer.clone());
        consider(&sanitize(name, Case::Pascal), pointer);
    }
    best.map(|(_, pointer)| pointer).unwrap_or_default()
}

/// Whether `name` occurs in `text` as a whole word.
fn mentions(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + name.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}
