//! Schema-level rules: typed enums without duplicates, `required` properties that exist,
//! consistent integer ranges and explicit formats, and descriptions on what gets documented.

use serde_json::Value;

use super::Checker;
use super::rules::{operations, resolve};
use super::source::escape;

/// Where a schema sits, which decides whether it needs a description.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// `components.schemas.X`.
    Component,
    /// A member of `properties`.
    Property,
    /// Anything else (items, compositions, parameter and media schemas).
    Nested,
}

/// Every schema object of the document, with its pointer and place.
pub(crate) fn all_schemas(doc: &Value) -> Vec<(String, &Value, Place)> {
    let mut roots: Vec<(String, &Value, Place)> = Vec::new();
    for (name, schema) in doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        roots.push((
            format!("/components/schemas/{}", escape(name)),
            schema,
            Place::Component,
        ));
    }
    let mut containers: Vec<(String, &Value)> = Vec::new();
    for kind in ["parameters", "responses", "requestBodies", "headers"] {
        for (name, item) in doc
            .pointer(&format!("/components/{kind}"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            containers.push((format!("/components/{kind}/{}", escape(name)), item));
        }
    }
    for (pointer, _, _, operation) in operations(doc) {
        containers.push((pointer, operation));
    }
    for (pointer, container) in containers {
        collect_media_and_parameter_schemas(&pointer, container, &mut roots);
    }
    let mut found = Vec::new();
    for (pointer, schema, place) in roots {
        walk(pointer, schema, place, &mut found);
    }
    found
}

fn collect_media_and_parameter_schemas<'a>(
    pointer: &str,
    value: &'a Value,
    into: &mut Vec<(String, &'a Value, Place)>,
) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let at = format!("{pointer}/{}", escape(key));
                if key == "schema" && child.is_object() {
                    into.push((at, child, Place::Nested));
                } else if key != "example" && key != "examples" {
                    collect_media_and_parameter_schemas(&at, child, into);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_media_and_parameter_schemas(&format!("{pointer}/{index}"), child, into);
            }
        }
        _ => {}
    }
}

fn walk<'a>(
    pointer: String,
    schema: &'a Value,
    place: Place,
    found: &mut Vec<(String, &'a Value, Place)>,
) {
    let Some(object) = schema.as_object() else {
        return;
    };
    for (name, child) in object
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        walk(
            format!("{pointer}/properties/{}", escape(name)),
            child,
            Place::Property,
            found,
        );
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = object.get(key).filter(|c| c.is_object()) {
            walk(format!("{pointer}/{key}"), child, Place::Nested, found);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for (index, child) in object
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            walk(
                format!("{pointer}/{key}/{index}"),
                child,
                Place::Nested,
                found,
            );
        }
    }
    found.push((pointer, schema, place));
}

pub(crate) fn check(c: &mut Checker<'_>) {
    let doc = c.doc;
    for (pointer, schema, place) in all_schemas(doc) {
        if schema.get("$ref").is_some() {
            continue;
        }
        enums(c, &pointer, schema);
        required(c, &pointer, schema);
        integers(c, &pointer, schema);
        let documented = schema
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.trim().is_empty());
        if !documented && place != Place::Nested {
            let what = if place == Place::Component {
                "schema"
            } else {
                "property"
            };
            c.report(
                "missing-description",
                &pointer,
                format!(
                    "{what} {} has no description",
                    pointer.rsplit('/').next().unwrap_or_default()
                ),
            );
        }
    }
    let mut parameters: Vec<(String, &Value)> = Vec::new();
    for (name, parameter) in doc
        .pointer("/components/parameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        parameters.push((
            format!("/components/parameters/{}", escape(name)),
            parameter,
        ));
    }
    for (pointer, _, _, operation) in operations(doc) {
        for (index, parameter) in operation
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if parameter.get("$ref").is_none() {
                parameters.push((format!("{pointer}/parameters/{index}"), parameter));
            }
        }
    }
    for (pointer, parameter) in parameters {
        let Some((parameter, _)) = resolve(doc, parameter, &pointer) else {
            continue;
        };
        if parameter
            .get("description")
            .and_then(Value::as_str)
            .is_none_or(|d| d.trim().is_empty())
        {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            c.report(
                "missing-description",
                &pointer,
                format!("parameter {name:?} has no description"),
            );
        }
    }
}

fn enums(c: &mut Checker<'_>, pointer: &str, schema: &Value) {
    let Some(values) = schema.get("enum").and_then(Value::as_array) else {
        return;
    };
    let at = format!("{pointer}/enum");
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    match schema.get("type").and_then(Value::as_str) {
        None => c.report("typed-enum", &at, "the enum has no `type`"),
        Some(kind) => {
            for (index, value) in values.iter().enumerate() {
                let fits = match (kind, value) {
                    (_, Value::Null) => nullable,
                    ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
                    ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
                    ("number", Value::Number(_)) => true,
                    _ => false,
                };
                if !fits {
                    c.report(
                        "typed-enum",
                        &format!("{at}/{index}"),
                        format!("enum value {value} is not of type {kind}"),
                    );
                }
            }
        }
    }
    for (index, value) in values.iter().enumerate() {
        if values[..index].contains(value) {
            c.report(
                "duplicate-enum-value",
                &format!("{at}/{index}"),
                format!("enum value {value} appears more than once"),
            );
        }
    }
}

fn required(c: &mut Checker<'_>, pointer: &str, schema: &Value) {
    let Some(required) = schema.get("required").and_then(Value::as_array) else {
        return;
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    let composed = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| schema.get(*k).is_some());
    if composed {
        return;
    }
    for (index, name) in required.iter().enumerate() {
        let name = name.as_str().unwrap_or_default();
        if !properties.is_some_and(|p| p.contains_key(name)) {
            c.report(
                "required-property-exists",
                &format!("{pointer}/required/{index}"),
                format!("required property {name:?} is not defined in `properties`"),
            );
        }
    }
}

fn integers(c: &mut Checker<'_>, pointer: &str, schema: &Value) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let format = schema.get("format").and_then(Value::as_str);
    if format.is_none() {
        c.report(
            "integer-format",
            pointer,
            "integer without `format`: int32 or int64",
        );
    }
    let minimum = schema.get("minimum").and_then(Value::as_f64);
    let maximum = schema.get("maximum").and_then(Value::as_f64);
    if let (Some(low), Some(high)) = (minimum, maximum)
        && low > high
    {
        c.report(
            "integer-range",
            &format!("{pointer}/minimum"),
            format!("minimum {low} is greater than maximum {high}"),
        );
    }
    if format == Some("int32") {
        for (key, bound) in [("minimum", minimum), ("maximum", maximum)] {
            if bound.is_some_and(|b| b < f64::from(i32::MIN) || b > f64::from(i32::MAX)) {
                c.report(
                    "integer-range",
                    &format!("{pointer}/{key}"),
                    format!(
                        "{key} {} does not fit format int32",
                        bound.unwrap_or_default()
                    ),
                );
            }
        }
    }
}
