//! OpenAPI 3.0 schemas as JSON Schema (2020-12): validate examples, requests and responses.
//!
//! OpenAPI 3.0's schema dialect is not JSON Schema: `nullable` is its own keyword, references
//! point into `#/components/schemas`, `exclusiveMinimum` is a boolean, and `int32`/`int64`
//! imply ranges. [`Validators`] translates every component once into one JSON Schema document,
//! adds the schemas it is asked about, and compiles the whole document once; validating an
//! instance is then a map lookup and a walk. A schema that cannot be compiled (say, a pattern
//! the regex engine rejects) is reported for itself without stopping the others.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::model::{Resolver, escape};

/// One violation: where in the instance, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the instance (`""` for the whole value).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "the value: {}", self.message)
        } else {
            write!(f, "`{}`: {}", self.path, self.message)
        }
    }
}

/// Joins violations into one line.
pub fn describe(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Compiled validators for a set of schemas of one document.
pub struct Validators {
    compiled: Option<jsonschema::ValidatorMap>,
    /// Schema text → its key under `$defs` in the compiled document.
    keys: HashMap<String, String>,
    /// Schemas compiled one by one because the whole document would not compile.
    alone: HashMap<String, Result<jsonschema::Validator, String>>,
}

impl std::fmt::Debug for Validators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validators")
            .field("schemas", &self.keys.len())
            .finish_non_exhaustive()
    }
}

/// The prefix under which the schemas asked about sit in the compiled document.
const SITE: &str = "__site";

impl Validators {
    /// Translates the components of `root` and compiles them with `schemas` (OpenAPI schemas of
    /// the same document, as written).
    pub fn new<'s>(root: &Value, schemas: impl IntoIterator<Item = &'s Value>) -> Self {
        let mut defs = Map::new();
        for (name, schema) in root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            defs.insert(name.clone(), schema_or_true(translate(schema)));
        }
        let mut keys = HashMap::new();
        let mut sites = Map::new();
        for schema in schemas {
            if schema.is_null() {
                continue;
            }
            let text = schema.to_string();
            if keys.contains_key(&text) {
                continue;
            }
            let key = format!("{SITE}{}", keys.len());
            sites.insert(key.clone(), schema_or_true(translate(schema)));
            keys.insert(text, key);
        }
        let mut all = defs.clone();
        all.extend(sites.clone());
        let document = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": all,
        });
        let compiled = options().build_map(&document).ok();
        let mut alone = HashMap::new();
        if compiled.is_none() {
            // Something does not compile: compile each schema alone, so one bad pattern only
            // affects the schemas that use it.
            for (text, key) in &keys {
                let mut own = defs.clone();
                own.insert(key.clone(), sites[key].clone());
                let single = json!({
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "$defs": own,
                    "$ref": format!("#/$defs/{key}"),
                });
                let result = options()
                    .build(&single)
                    .map_err(|error| format!("the schema cannot be compiled: {error}"));
                alone.insert(text.clone(), result);
            }
        }
        Self {
            compiled,
            keys,
            alone,
        }
    }

    /// Validators for a single schema of `root`.
    pub fn single(root: &Value, schema: &Value) -> Self {
        Self::new(root, [schema])
    }

    /// Whether `schema` compiled (`Err` says why not). Schemas not given to [`Validators::new`]
    /// are reported as unknown.
    pub fn check_compiles(&self, schema: &Value) -> Result<(), String> {
        self.validator(schema).map(|_| ())
    }

    fn validator(&self, schema: &Value) -> Result<&jsonschema::Validator, String> {
        let text = schema.to_string();
        if let Some(result) = self.alone.get(&text) {
            return result.as_ref().map_err(Clone::clone);
        }
        let key = self
            .keys
            .get(&text)
            .ok_or_else(|| "the schema was not prepared for validation".to_owned())?;
        self.compiled
            .as_ref()
            .and_then(|map| map.get(&format!("#/$defs/{}", escape(key))))
            .ok_or_else(|| "the schema cannot be compiled".to_owned())
    }

    /// Validates `instance` against `schema` (one of those given to [`Validators::new`]).
    pub fn validate(&self, schema: &Value, instance: &Value) -> Result<(), Vec<Violation>> {
        let validator = self.validator(schema).map_err(|message| {
            vec![Violation {
                path: String::new(),
                message,
            }]
        })?;
        let violations: Vec<Violation> = validator
            .iter_errors(instance)
            .map(|error| Violation {
                path: error.instance_path().to_string(),
                message: error.to_string(),
            })
            .collect();
        if violations.is_empty() {
            Ok(())
        } else {
            Err(violations)
        }
    }
}

/// A schema JSON Schema accepts: an object or a boolean (anything else allows everything).
fn schema_or_true(schema: Value) -> Value {
    if schema.is_object() || schema.is_boolean() {
        schema
    } else {
        Value::Bool(true)
    }
}

fn options() -> jsonschema::ValidationOptions<'static> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
}

/// Validates `instance` against one schema of `root` (compiles it: for one-off checks).
pub fn validate(root: &Value, schema: &Value, instance: &Value) -> Result<(), Vec<Violation>> {
    Validators::single(root, schema).validate(schema, instance)
}

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
        match key.as_str() {
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
                out.insert(key.clone(), value.clone());
            }
        }
    }
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
        if out.contains_key("allOf") || out.contains_key("oneOf") || out.contains_key("anyOf") {
            let inner = Value::Object(std::mem::take(&mut out));
            out.insert("anyOf".into(), json!([{ "type": "null" }, inner]));
        }
    }
    Value::Object(out)
}

/// Formats JSON Schema checks; the others (`password`, `int64`, `byte`, …) are annotations.
fn is_checked_format(format: &str) -> bool {
    matches!(
        format,
        "date-time" | "date" | "time" | "email" | "uuid" | "uri" | "ipv4" | "ipv6" | "hostname"
    )
}

/// Properties of `instance` that `schema` does not document (with `allOf` merged), as JSON
/// pointers. A schema that allows extra properties explicitly (`additionalProperties` set)
/// documents them.
pub fn undocumented_fields(
    resolver: &Resolver<'_>,
    schema: &Value,
    instance: &Value,
) -> Vec<String> {
    let mut found = Vec::new();
    walk_undocumented(resolver, schema, instance, String::new(), &mut found, 0);
    found
}

fn walk_undocumented(
    resolver: &Resolver<'_>,
    schema: &Value,
    instance: &Value,
    at: String,
    found: &mut Vec<String>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let schema = resolver.schema(schema);
    match instance {
        Value::Object(object) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let open = schema.get("additionalProperties");
            for (name, value) in object {
                let here = format!("{at}/{}", escape(name));
                match properties.and_then(|p| p.get(name)) {
                    Some(property) => {
                        walk_undocumented(resolver, property, value, here, found, depth + 1)
                    }
                    None => match open {
                        Some(Value::Object(extra)) => walk_undocumented(
                            resolver,
                            &Value::Object(extra.clone()),
                            value,
                            here,
                            found,
                            depth + 1,
                        ),
                        Some(Value::Bool(true)) => {}
                        _ if properties.is_some() => found.push(here),
                        _ => {}
                    },
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    walk_undocumented(
                        resolver,
                        item_schema,
                        item,
                        format!("{at}/{index}"),
                        found,
                        depth + 1,
                    );
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_admits_null_and_only_null() {
        let spec = json!({ "components": { "schemas": { "Id": { "type": "string", "format": "uuid" } } } });
        let nullable = json!({ "type": "string", "nullable": true });
        let plain = json!({ "type": "string" });
        let nullable_ref =
            json!({ "allOf": [{ "$ref": "#/components/schemas/Id" }], "nullable": true });
        let v = Validators::new(&spec, [&nullable, &plain, &nullable_ref]);
        assert!(v.validate(&nullable, &Value::Null).is_ok());
        assert!(v.validate(&nullable, &json!(3)).is_err());
        assert!(v.validate(&plain, &Value::Null).is_err());
        assert!(v.validate(&nullable_ref, &Value::Null).is_ok());
        assert!(
            v.validate(
                &nullable_ref,
                &json!("3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90")
            )
            .is_ok()
        );
        assert!(v.validate(&nullable_ref, &json!("not-a-uuid")).is_err());
    }

    #[test]
    fn integer_formats_imply_ranges_and_a_bad_pattern_stays_local() {
        let spec = json!({});
        let int32 = json!({ "type": "integer", "format": "int32" });
        let exclusive = json!({ "type": "integer", "minimum": 0, "exclusiveMinimum": true });
        let broken = json!({ "type": "string", "pattern": "(" });
        let v = Validators::new(&spec, [&int32, &exclusive, &broken]);
        assert!(v.validate(&int32, &json!(2_147_483_647)).is_ok());
        assert!(v.validate(&int32, &json!(2_147_483_648i64)).is_err());
        assert!(v.validate(&exclusive, &json!(0)).is_err());
        assert!(v.validate(&exclusive, &json!(1)).is_ok());
        assert!(v.check_compiles(&broken).is_err());
        let password = json!({ "type": "string", "format": "password" });
        assert!(validate(&spec, &password, &json!("x")).is_ok());
    }

    #[test]
    fn undocumented_fields_are_found_through_all_of() {
        let spec = json!({ "components": { "schemas": {
            "A": { "type": "object", "properties": { "a": { "type": "string" } } },
            "B": { "allOf": [ { "$ref": "#/components/schemas/A" }, { "properties": { "list": { "type": "array", "items": { "$ref": "#/components/schemas/A" } } } } ] }
        } } });
        let resolver = Resolver::new(&spec);
        let schema = json!({ "$ref": "#/components/schemas/B" });
        let found = undocumented_fields(
            &resolver,
            &schema,
            &json!({ "a": "x", "extra": 1, "list": [{ "a": "y", "more": true }] }),
        );
        assert_eq!(found, ["/extra", "/list/0/more"]);
    }
}
