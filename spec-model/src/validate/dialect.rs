//! OpenAPI 3.0's schema dialect → JSON Schema 2020-12: references into `#/$defs`, `nullable`
//! as a `null` type or member, boolean exclusive bounds as numbers, `int32`/`int64` as ranges,
//! and OpenAPI-only keywords and hint formats left out.

use serde_json::{Map, Value, json};

/// One OpenAPI schema as JSON Schema; references into `#/components/schemas` become `#/$defs`.
pub fn translate(schema: &Value) -> Value {
    let Value::Object(object) = schema else {
        return schema.clone();
    };
    if let Some(reference) = object.get("$ref") {
        // OpenAPI 3.0 ignores the siblings of a reference.
        let target =
            reference
                .as_str()
                .unwrap_or_default()
                .replacen("#/components/schemas/", "#/$defs/", 1);
        return json!({ "$ref": target });
    }
    let mut out = Map::new();
    for (key, value) in object {
        translate_keyword(object, key, value, &mut out);
    }
    drop_inclusive_bounds(&mut out);
    imply_integer_range(object, &mut out);
    if object.get("nullable") == Some(&Value::Bool(true)) {
        admit_null(&mut out);
    }
    Value::Object(out)
}

/// One keyword of `object` into `out`: subschemas translated, OpenAPI-only keywords and hint
/// formats left out, boolean exclusive bounds turned into numbers.
fn translate_keyword(
    object: &Map<String, Value>,
    key: &str,
    value: &Value,
    out: &mut Map<String, Value>,
) {
    match key {
        "properties" | "patternProperties" => {
            let members = value
                .as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), translate(v))).collect())
                .unwrap_or_default();
            out.insert(key.to_owned(), Value::Object(members));
        }
        "items" | "additionalProperties" | "not" => {
            out.insert(key.to_owned(), translate(value));
        }
        "allOf" | "anyOf" | "oneOf" => {
            let list = value
                .as_array()
                .map(|l| l.iter().map(translate).collect())
                .unwrap_or_default();
            out.insert(key.to_owned(), Value::Array(list));
        }
        // OpenAPI-only keywords with no validation meaning.
        "nullable" | "example" | "discriminator" | "xml" | "externalDocs" | "deprecated"
        | "readOnly" | "writeOnly" | "default" | "title" | "description" => {}
        key if key.starts_with("x-") => {}
        "exclusiveMinimum" | "exclusiveMaximum" => {
            if value == &Value::Bool(true) {
                let bound = if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                if let Some(limit) = object.get(bound) {
                    out.insert(key.to_owned(), limit.clone());
                }
            } else if value.is_number() {
                out.insert(key.to_owned(), value.clone());
            }
        }
        // `format: password` and the like are hints, not checks.
        "format" if !is_checked_format(value.as_str().unwrap_or_default()) => {}
        _ => {
            out.insert(key.to_owned(), value.clone());
        }
    }
}

/// An exclusive bound replaces the inclusive one it came from.
fn drop_inclusive_bounds(out: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if out.get(exclusive).is_some_and(Value::is_number) {
            out.remove(inclusive);
        }
    }
}

/// `int32` and `int64` integers get their range, unless the schema gives one.
fn imply_integer_range(object: &Map<String, Value>, out: &mut Map<String, Value>) {
    let integer_range = match object.get("format").and_then(Value::as_str) {
        Some("int32") => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
        Some("int64") => Some((i64::MIN, i64::MAX)),
        _ => None,
    };
    if let Some((low, high)) = integer_range
        && object.get("type").and_then(Value::as_str) == Some("integer")
    {
        out.entry("minimum").or_insert(json!(low));
        out.entry("maximum").or_insert(json!(high));
    }
}

/// `nullable: true`: `null` joins the type and the enum, and a composition becomes
/// `anyOf: [null, it]`.
fn admit_null(out: &mut Map<String, Value>) {
    if let Some(Value::String(kind)) = out.get("type").cloned() {
        out.insert("type".into(), json!([kind, "null"]));
    }
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    if out.contains_key("allOf") || out.contains_key("oneOf") || out.contains_key("anyOf") {
        let inner = Value::Object(std::mem::take(out));
        out.insert("anyOf".into(), json!([{ "type": "null" }, inner]));
    }
}

/// Formats JSON Schema checks; the others (`password`, `int64`, `byte`, …) are annotations.
fn is_checked_format(format: &str) -> bool {
    matches!(
        format,
        "date-time" | "date" | "time" | "email" | "uuid" | "uri" | "ipv4" | "ipv6" | "hostname"
    )
}
