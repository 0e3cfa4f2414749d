//! Schema rules: enums whose values fit their type and do not repeat, `required` names that
//! exist (in the schema with `allOf` merged, or in the schema it is a member of), consistent
//! numeric ranges, and arrays with `items`.

use std::collections::{BTreeSet, HashSet};

use passport_paas_spec::Resolver;
use serde_json::Value;

use super::Checker;
use super::walk::{Place, SchemaNode, Walk};

pub(crate) fn check(c: &mut Checker<'_>, walk: &Walk<'_>) {
    for (index, node) in walk.schemas.iter().enumerate() {
        enums(c, node);
        required(c, walk, index);
        ranges(c, node);
        if node.value.get("type").and_then(Value::as_str) == Some("array")
            && node.value.get("items").is_none()
        {
            c.report(
                "array-items",
                &node.pointer,
                "`type: array` without `items`",
            );
        }
    }
}

fn enums(c: &mut Checker<'_>, node: &SchemaNode<'_>) {
    let Some(values) = node.value.get("enum").and_then(Value::as_array) else {
        return;
    };
    let at = format!("{}/enum", node.pointer);
    let nullable = node.value.get("nullable") == Some(&Value::Bool(true));
    if let Some(kind) = node.value.get("type").and_then(Value::as_str) {
        for (index, value) in values.iter().enumerate() {
            let fits = match (kind, value) {
                (_, Value::Null) => nullable,
                ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
                ("integer", Value::Number(n)) => {
                    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
                }
                ("number", Value::Number(_)) => true,
                ("object", Value::Object(_)) | ("array", Value::Array(_)) => true,
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

/// Property names a schema offers: its own with `allOf` merged, and its alternatives'.
/// `seen` holds the alternatives already visited, so a `oneOf`/`anyOf` cycle ends.
fn offered(
    resolver: &Resolver<'_>,
    schema: &Value,
    into: &mut BTreeSet<String>,
    seen: &mut HashSet<String>,
) -> bool {
    if let Some(reference) = Resolver::reference(schema)
        && !seen.insert(reference.to_owned())
    {
        return false;
    }
    let merged = resolver.schema(schema);
    let mut declares = false;
    if let Some(properties) = merged.get("properties").and_then(Value::as_object) {
        declares = true;
        into.extend(properties.keys().cloned());
    }
    for key in ["oneOf", "anyOf"] {
        for member in merged
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            declares |= offered(resolver, member, into, seen);
        }
    }
    declares
}

fn required(c: &mut Checker<'_>, walk: &Walk<'_>, index: usize) {
    let node = &walk.schemas[index];
    let Some(required) = node.value.get("required").and_then(Value::as_array) else {
        return;
    };
    let resolver = c.resolver;
    let mut names = BTreeSet::new();
    let mut seen = HashSet::new();
    let mut declares = offered(&resolver, node.value, &mut names, &mut seen);
    // A member of `allOf`, `oneOf` or `anyOf` may require what its parent declares.
    let mut current = node;
    while matches!(current.place, Place::AllOf | Place::Alternative) {
        let Some(parent) = current.parent.map(|p| &walk.schemas[p]) else {
            break;
        };
        declares |= offered(&resolver, parent.value, &mut names, &mut seen);
        current = parent;
    }
    let open = matches!(
        resolver.schema(node.value).get("additionalProperties"),
        Some(Value::Bool(true) | Value::Object(_))
    );
    // A schema that declares no property at all only adds constraints (a mixin).
    if !declares || open {
        return;
    }
    for (position, name) in required.iter().enumerate() {
        let Some(name) = name.as_str() else { continue };
        if !names.contains(name) {
            let message = format!("required property {name:?} is not defined in `properties`");
            c.report(
                "required-property-exists",
                &format!("{}/required/{position}", node.pointer),
                message,
            );
        }
    }
}

fn ranges(c: &mut Checker<'_>, node: &SchemaNode<'_>) {
    let schema = node.value;
    let number = |key: &str| schema.get(key).and_then(Value::as_f64);
    let pairs = [
        ("minimum", "maximum"),
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
    ];
    for (low_key, high_key) in pairs {
        if let (Some(low), Some(high)) = (number(low_key), number(high_key))
            && low > high
        {
            let message = format!("{low_key} {low} is greater than {high_key} {high}");
            c.report(
                "integer-range",
                &format!("{}/{low_key}", node.pointer),
                message,
            );
        }
    }
    if schema.get("type").and_then(Value::as_str) == Some("integer")
        && schema.get("format").and_then(Value::as_str) == Some("int32")
    {
        for key in ["minimum", "maximum"] {
            if let Some(bound) = number(key)
                && (bound < f64::from(i32::MIN) || bound > f64::from(i32::MAX))
            {
                c.report(
                    "integer-range",
                    &format!("{}/{key}", node.pointer),
                    format!("{key} {bound} does not fit format int32"),
                );
            }
        }
    }
}
