//! OpenAPI 3.0 schemas as JSON Schema (2020-12), for validating examples and bodies.
//!
//! OpenAPI 3.0's schema dialect is not JSON Schema: `nullable` is its own keyword, references
//! point into `#/components/schemas`, `exclusiveMinimum` is a boolean, and `int32`/`int64`
//! imply ranges. [`to_json_schema`] translates one schema, with every component it may reach
//! under `$defs`, so that a `null` example of a nullable field passes and a wrong type fails.

use serde_json::{Map, Value, json};

/// A validator for one OpenAPI schema of `spec`.
pub fn validator(spec: &Value, schema: &Value) -> Result<jsonschema::Validator, String> {
    let document = to_json_schema(spec, schema);
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&document)
        .map_err(|error| format!("the schema cannot be compiled: {error}"))
}

/// Validates `instance` against `schema`; the error lists each violation with its path.
pub fn validate(spec: &Value, schema: &Value, instance: &Value) -> Result<(), String> {
    let validator = validator(spec, schema)?;
    let problems: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| {
            let path = error.instance_path().to_string();
            let at = if path.is_empty() {
                "the value".to_owned()
            } else {
                format!("`{path}`")
            };
            format!("{at}: {error}")
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The JSON Schema document for `schema`: the translated schema plus `$defs`.
pub fn to_json_schema(spec: &Value, schema: &Value) -> Value {
    let mut document = translate(schema);
    let defs: Map<String, Value> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .map(|(name, s)| (name.clone(), translate(s)))
                .collect()
        })
        .unwrap_or_default();
    if let Value::Object(object) = &mut document {
        object.insert("$defs".into(), Value::Object(defs));
    } else {
        document = json!({ "allOf": [document], "$defs": defs });
    }
    document
}

fn translate(schema: &Value) -> Value {
    let Value::Object(object) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in object {
        match key.as_str() {
            "$ref" => {
                let target = value
                    .as_str()
                    .unwrap_or_default()
                    .replace("#/components/schemas/", "#/$defs/");
                out.insert("$ref".into(), Value::String(target));
            }
            "properties" | "patternProperties" => {
                let members = value
                    .as_object()
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), translate(v))).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(members));
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(key.clone(), translate(value));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let list = value
                    .as_array()
                    .map(|l| l.iter().map(translate).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(list));
            }
            // OpenAPI-only keywords with no validation meaning.
            "nullable" | "example" | "discriminator" | "xml" | "externalDocs" | "deprecated"
            | "readOnly" | "writeOnly" => {}
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
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    // An exclusive bound replaces the inclusive one it was written as.
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if out.get(exclusive).is_some_and(Value::is_number) {
            out.remove(inclusive);
        }
    }
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
    if object.get("nullable") == Some(&Value::Bool(true)) {
        if let Some(Value::String(kind)) = out.get("type").cloned() {
            out.insert("type".into(), json!([kind, "null"]));
        }
        if let Some(Value::Array(values)) = out.get_mut("enum")
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
        if out.contains_key("$ref")
            || out.contains_key("allOf")
            || out.contains_key("oneOf")
            || out.contains_key("anyOf")
        {
            let inner = Value::Object(std::mem::take(&mut out));
            out.insert("anyOf".into(), json!([{ "type": "null" }, inner]));
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_admits_null_and_only_null() {
        let spec = json!({ "components": { "schemas": { "Id": { "type": "string", "format": "uuid" } } } });
        let nullable = json!({ "type": "string", "nullable": true });
        assert!(validate(&spec, &nullable, &Value::Null).is_ok());
        assert!(validate(&spec, &nullable, &json!(3)).is_err());
        let plain = json!({ "type": "string" });
        assert!(validate(&spec, &plain, &Value::Null).is_err());
        let nullable_ref =
            json!({ "allOf": [{ "$ref": "#/components/schemas/Id" }], "nullable": true });
        assert!(validate(&spec, &nullable_ref, &Value::Null).is_ok());
        assert!(
            validate(
                &spec,
                &nullable_ref,
                &json!("3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90")
            )
            .is_ok()
        );
        assert!(validate(&spec, &nullable_ref, &json!("not-a-uuid")).is_err());
    }

    #[test]
    fn integer_formats_imply_ranges() {
        let spec = json!({});
        let int32 = json!({ "type": "integer", "format": "int32" });
        assert!(validate(&spec, &int32, &json!(2_147_483_647)).is_ok());
        assert!(validate(&spec, &int32, &json!(2_147_483_648i64)).is_err());
        let exclusive = json!({ "type": "integer", "minimum": 0, "exclusiveMinimum": true });
        assert!(validate(&spec, &exclusive, &json!(0)).is_err());
        assert!(validate(&spec, &exclusive, &json!(1)).is_ok());
    }
}
