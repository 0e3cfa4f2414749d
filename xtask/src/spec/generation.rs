//! `codegen`: run progenitor on the document exactly as the build does, and say why and where
//! when it cannot generate.
//!
//! progenitor reports some problems by panicking. The spec model's `codegen` catches the panic
//! (with a silent hook, so no panic text reaches stderr) and returns its message; this module
//! locates the message in the document: the operation, schema or path it names.

use std::collections::BTreeSet;

use passport_paas_spec::{Case, Spec, codegen, escape, sanitize};
use serde_json::{Map, Value, json};

use super::Checker;

/// Operations generated in one piece; larger documents are generated in chunks.
const CHUNK: usize = 128;

/// Runs progenitor with the build's settings (`codegen::prepare` and `codegen::settings`) on
/// the document, without formatting the output nobody reads. A document of more than [`CHUNK`]
/// operations is generated a chunk of operations at a time, each with the component schemas it
/// reaches (then the schemas no operation reaches), which bounds memory by the chunk.
pub(crate) fn run(spec: &Spec) -> Result<(), String> {
    let total = spec.api.operations.len();
    if total <= CHUNK {
        return tokens(spec.root());
    }
    let all: Vec<usize> = (0..total).collect();
    let mut reached = BTreeSet::new();
    for chunk in all.chunks(CHUNK) {
        let (root, schemas) = prune(spec, chunk, None);
        reached.extend(schemas);
        tokens(&root)?;
    }
    let (root, _) = prune(spec, &[], Some(&reached));
    tokens(&root)
}

/// Generates `root`, its wide schemas a slice at a time (see [`WIDE`]).
fn tokens(root: &Value) -> Result<(), String> {
    let Some((narrow, slices)) = split_wide(root) else {
        return generate(root);
    };
    generate(&narrow)?;
    let all = narrow
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (name, slice) in slices {
        let mut schemas = Map::new();
        schemas.insert(name, slice);
        let mut document = Map::new();
        for (key, value) in narrow.as_object().into_iter().flatten() {
            if key != "paths" && key != "components" {
                document.insert(key.clone(), value.clone());
            }
        }
        document.insert("paths".into(), Value::Object(Map::new()));
        let schemas = with_references(&all, schemas);
        document.insert("components".into(), json!({ "schemas": schemas }));
        generate(&Value::Object(document))?;
    }
    Ok(())
}

/// `schemas` and every component schema of `all` they reach.
fn with_references(
    all: &Map<String, Value>,
    mut schemas: Map<String, Value>,
) -> Map<String, Value> {
    let mut pending: Vec<Value> = schemas.values().cloned().collect();
    while let Some(schema) = pending.pop() {
        let mut found = BTreeSet::new();
        references(&schema, &mut found);
        for reference in found {
            let Some(name) = reference.strip_prefix("#/components/schemas/") else {
                continue;
            };
            let name = name.split('/').next().unwrap_or_default();
            if !schemas.contains_key(name)
                && let Some(target) = all.get(name)
            {
                schemas.insert(name.to_owned(), target.clone());
                pending.push(target.clone());
            }
        }
    }
    schemas
}

fn generate(root: &Value) -> Result<(), String> {
    let prepared = codegen::prepare(root);
    let settings = codegen::settings(&prepared);
    let openapi = codegen::openapi(&prepared)?;
    drop(prepared);
    let mut generator = progenitor::Generator::new(&settings);
    codegen::catch_panic(|| generator.generate_tokens(&openapi).map(|_| ()))?
        .map_err(|error| format!("progenitor cannot generate the client: {error}"))
}

/// Properties of one component schema generated in one piece. progenitor's memory grows
/// faster than linearly with a struct's fields (60,000 properties took 960 MB), so a wider
/// schema is generated a slice of properties at a time: each slice is a schema of its own.
/// What progenitor says about a property does not depend on its siblings.
const WIDE: usize = 512;

fn width(schema: &Value) -> usize {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map_or(0, Map::len)
}

/// The document with every component schema wider than [`WIDE`] cut to its first slice of
/// properties, and the other slices as schemas of their own (`None` when there is none).
fn split_wide(root: &Value) -> Option<(Value, Vec<(String, Value)>)> {
    let schemas = root.pointer("/components/schemas")?.as_object()?;
    if !schemas.values().any(|schema| width(schema) > WIDE) {
        return None;
    }
    let mut root = root.clone();
    let schemas = root
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)?;
    let mut extra = Vec::new();
    for (name, schema) in schemas.iter_mut() {
        let wide = |s: &Map<String, Value>| {
            s.get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| p.len() > WIDE)
        };
        let Some(schema) = schema.as_object_mut().filter(|s| wide(s)) else {
            continue;
        };
        let Some(Value::Object(properties)) = schema.remove("properties") else {
            continue;
        };
        let required = schema.remove("required");
        let mut slices: Vec<Map<String, Value>> = vec![Map::new()];
        for (key, property) in properties {
            if slices.last().is_some_and(|slice| slice.len() == WIDE) {
                slices.push(Map::new());
            }
            if let Some(slice) = slices.last_mut() {
                slice.insert(key, property);
            }
        }
        for (index, slice) in slices.into_iter().enumerate() {
            let mut part = Map::new();
            if let Some(Value::Array(names)) = &required {
                let kept: Vec<Value> = names
                    .iter()
                    .filter(|n| n.as_str().is_some_and(|n| slice.contains_key(n)))
                    .cloned()
                    .collect();
                if !kept.is_empty() {
                    part.insert("required".into(), Value::Array(kept));
                }
            }
            part.insert("properties".into(), Value::Object(slice));
            if index == 0 {
                schema.extend(part);
            } else {
                part.insert("type".into(), Value::String("object".into()));
                extra.push((format!("{name}Part{}", index + 1), Value::Object(part)));
            }
        }
    }
    Some((root, extra))
}

/// The document with only the operations `keep` (by index in the operation table) and the
/// component schemas they reach; with `except`, no operation and the schemas not in `except`.
fn prune(
    spec: &Spec,
    keep: &[usize],
    except: Option<&BTreeSet<String>>,
) -> (Value, BTreeSet<String>) {
    let mut root = Map::new();
    for (key, value) in spec.root().as_object().into_iter().flatten() {
        if key != "paths" && key != "components" {
            root.insert(key.clone(), value.clone());
        }
    }
    let paths = kept_paths(spec, keep);
    let mut components = spec
        .root()
        .get("components")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let all_schemas = components
        .remove("schemas")
        .and_then(|s| s.as_object().cloned())
        .unwrap_or_default();
    let start: Vec<String> = match except {
        Some(reached) => all_schemas
            .keys()
            .filter(|n| !reached.contains(*n))
            .cloned()
            .collect(),
        None => {
            let mut seeds = BTreeSet::new();
            references(&Value::Object(paths.clone()), &mut seeds);
            references(&Value::Object(components.clone()), &mut seeds);
            seeds
                .iter()
                .filter_map(|r| schema_name(r))
                .map(str::to_owned)
                .collect()
        }
    };
    let schemas = reachable(&all_schemas, start);
    let kept: Map<String, Value> = all_schemas
        .into_iter()
        .filter(|(n, _)| schemas.contains(n))
        .collect();
    components.insert("schemas".into(), Value::Object(kept));
    root.insert("paths".into(), Value::Object(paths));
    root.insert("components".into(), Value::Object(components));
    (Value::Object(root), schemas)
}

/// The path items of the operations `keep`: each with its shared fields and the kept methods.
fn kept_paths(spec: &Spec, keep: &[usize]) -> Map<String, Value> {
    let mut paths = Map::new();
    for &index in keep {
        let operation = &spec.api.operations[index];
        let item_at = format!("/paths/{}", escape(&operation.path));
        let Some(item) = spec.root().pointer(&item_at).and_then(Value::as_object) else {
            continue;
        };
        let entry = paths.entry(operation.path.clone()).or_insert_with(|| {
            let shared = item
                .iter()
                .filter(|(k, _)| !passport_paas_spec::METHODS.contains(&k.as_str()));
            Value::Object(shared.map(|(k, v)| (k.clone(), v.clone())).collect())
        });
        if let (Some(entry), Some(value)) = (entry.as_object_mut(), item.get(&operation.method)) {
            entry.insert(operation.method.clone(), value.clone());
        }
    }
    paths
}

/// The component schemas `start` names and every one they reach through references.
fn reachable(all_schemas: &Map<String, Value>, start: Vec<String>) -> BTreeSet<String> {
    let mut schemas = BTreeSet::new();
    let mut pending = start;
    while let Some(name) = pending.pop() {
        schemas.insert(name.clone());
        let mut found = BTreeSet::new();
        if let Some(schema) = all_schemas.get(&name) {
            references(schema, &mut found);
        }
        for next in found.iter().filter_map(|r| schema_name(r)) {
            if !schemas.contains(next) {
                schemas.insert(next.to_owned());
                pending.push(next.to_owned());
            }
        }
    }
    schemas
}

/// The component schema a reference points into (`#/components/schemas/X/...` → `X`).
fn schema_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/components/schemas/")
        .map(|r| r.split('/').next().unwrap_or_default())
}

fn references(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                into.insert(reference.clone());
            }
            object.values().for_each(|child| references(child, into));
        }
        Value::Array(items) => items.iter().for_each(|child| references(child, into)),
        _ => {}
    }
}

/// Reports the outcome of [`run`], located.
pub(crate) fn check(c: &mut Checker<'_>, outcome: Result<(), String>) {
    let Err(message) = outcome else {
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
            "progenitor needs one body type for all success responses of an operation (and `default`, which it \
             counts as one): use one schema, and a JSON body on every success response or on none",
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
        let keep: Vec<usize> = (0..count).collect();
        tokens(&prune(c.spec, &keep, None).0).is_err()
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
