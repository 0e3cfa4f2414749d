//! Structural rules: references resolve, operation ids are present, unique and snake-case
//! cleanly, path parameters match their templates. Also the helpers every rule uses.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Checker;
use super::source::escape;

/// HTTP methods an OpenAPI path item may hold.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation: (pointer, path, method, operation).
pub(crate) fn operations(doc: &Value) -> Vec<(String, String, &'static str, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                found.push((
                    format!("/paths/{}/{method}", escape(path)),
                    path.clone(),
                    *method,
                    operation,
                ));
            }
        }
    }
    found
}

/// Follows a local `$ref` (repeatedly); returns the target and its pointer.
pub(crate) fn resolve<'a>(
    doc: &'a Value,
    value: &'a Value,
    pointer: &str,
) -> Option<(&'a Value, String)> {
    let mut current = (value, pointer.to_owned());
    for _ in 0..32 {
        match current.0.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = reference.strip_prefix('#')?;
                current = (doc.pointer(target)?, target.to_owned());
            }
            None => return Some(current),
        }
    }
    None
}

pub(crate) fn check(c: &mut Checker<'_>) {
    references(c, c.doc, String::new());
    operation_ids(c);
    parameters(c);
    super::document::check(c);
}

fn references(c: &mut Checker<'_>, value: &Value, pointer: String) {
    match value {
        Value::Object(object) => {
            if let Some(reference) = object.get("$ref") {
                let target = reference.as_str().unwrap_or_default();
                let at = format!("{pointer}/$ref");
                if !target.starts_with("#/") {
                    c.report("unresolved-ref", &at, format!("$ref {target:?} is not a local reference (`#/...`); external files are not supported"));
                } else if c.doc.pointer(&target[1..]).is_none() {
                    c.report(
                        "unresolved-ref",
                        &at,
                        format!("$ref {target:?} does not resolve"),
                    );
                }
            }
            for (key, child) in object {
                references(c, child, format!("{pointer}/{}", escape(key)));
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                references(c, child, format!("{pointer}/{index}"));
            }
        }
        _ => {}
    }
}

fn operation_ids(c: &mut Checker<'_>) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_snake: BTreeMap<String, String> = BTreeMap::new();
    for (pointer, path, method, operation) in operations(c.doc) {
        let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
            c.report(
                "operation-id-missing",
                &pointer,
                format!("{} {path} has no operationId", method.to_uppercase()),
            );
            continue;
        };
        let at = format!("{pointer}/operationId");
        if let Some(first) = seen.insert(id.to_owned(), format!("{} {path}", method.to_uppercase()))
        {
            c.report(
                "operation-id-unique",
                &at,
                format!("operationId {id:?} is also used by {first}"),
            );
            continue;
        }
        let snake = heck::ToSnakeCase::to_snake_case(id);
        let clean = !snake.is_empty()
            && id
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
            && !snake.starts_with(|ch: char| ch.is_ascii_digit())
            && syn::parse_str::<syn::Ident>(&snake).is_ok();
        if !clean {
            c.report(
                "operation-id-snake-case",
                &at,
                format!(
                    "operationId {id:?} does not snake-case to a rust identifier (got {snake:?})"
                ),
            );
        } else if let Some(other) = seen_snake.insert(snake.clone(), id.to_owned()) {
            c.report(
                "operation-id-snake-case",
                &at,
                format!("operationId {id:?} and {other:?} both become `{snake}`"),
            );
        }
    }
}

fn parameters(c: &mut Checker<'_>) {
    for (pointer, path, _, operation) in operations(c.doc) {
        let path_pointer = pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        let item = c.doc.pointer(&path_pointer).cloned().unwrap_or(Value::Null);
        let mut declared: BTreeMap<(String, String), String> = BTreeMap::new();
        for (base, list) in [
            (path_pointer.clone(), item.get("parameters")),
            (pointer.clone(), operation.get("parameters")),
        ] {
            let is_operation = base == pointer;
            let mut local = BTreeSet::new();
            for (index, parameter) in list
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let at = format!("{base}/parameters/{index}");
                let Some((parameter, _)) = resolve(c.doc, parameter, &at) else {
                    continue;
                };
                let name = parameter
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let location = parameter
                    .get("in")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                if !local.insert((name.clone(), location.clone())) {
                    c.report(
                        "duplicate-parameter",
                        &at,
                        format!("parameter {name:?} in {location} is declared twice"),
                    );
                }
                if location == "path" && parameter.get("required") != Some(&Value::Bool(true)) {
                    c.report(
                        "path-params-match",
                        &at,
                        format!("path parameter {name:?} must be `required: true`"),
                    );
                }
                // Operation-level parameters override path-level ones of the same name and place.
                if is_operation || !declared.contains_key(&(name.clone(), location.clone())) {
                    declared.insert((name, location), at);
                }
            }
        }
        let template: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        for name in &template {
            if !declared.contains_key(&(name.clone(), "path".to_owned())) {
                c.report("path-params-match", &pointer, format!("path template parameter {{{name}}} is not declared as an `in: path` parameter"));
            }
        }
        for ((name, location), at) in &declared {
            if location == "path" && !template.contains(name) {
                c.report(
                    "path-params-match",
                    at,
                    format!("path parameter {name:?} does not appear in the path {path}"),
                );
            }
        }
    }
}
