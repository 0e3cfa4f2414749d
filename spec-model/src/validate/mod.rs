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

use crate::model::escape;

mod dialect;
mod undocumented;

pub use dialect::translate;
/// Node counting, for the instance generator's tests.
#[cfg(test)]
pub(crate) use undocumented::nodes;
pub use undocumented::{CHECK_MERGE_WORK_FREE, CHECK_MERGE_WORK_PER_NODE, undocumented_fields};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Resolver;

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

    fn wide_members() -> Vec<Value> {
        (0..2_000).map(|i| json!({ "description": i })).collect()
    }

    #[test]
    fn a_schema_met_at_every_node_is_merged_once_and_the_check_is_whole() {
        let root = json!({ "components": { "schemas": { "Wide": {
            "type": "object", "properties": { "id": { "type": "string" } }, "allOf": wide_members()
        } } } });
        let resolver = crate::Resolver::new(&root);
        let schema = json!({ "type": "array", "items": { "$ref": "#/components/schemas/Wide" } });
        let instance = Value::Array(vec![json!({ "id": "a", "extra": 1 }); 1_000]);
        // Merged at every item, Wide's 2,000 members would spend the budget after a few
        // hundred items; merged once, every item is checked.
        let item = resolver.effective(&schema["items"]).work();
        let budget = CHECK_MERGE_WORK_FREE + CHECK_MERGE_WORK_PER_NODE * 3_001;
        assert!(
            item * 1_000 > budget,
            "the test needs merging at every item to overspend"
        );
        let found = undocumented_fields(&resolver, &schema, &instance);
        assert_eq!(found.len(), 1_000);
        assert_eq!(found[999], "/999/extra");
    }

    #[test]
    fn the_check_stops_after_its_merges() {
        // A thousand schema nodes of their own, each uniting the same 2,000 members again.
        let properties: Map<String, Value> = (0..1_000)
            .map(|i| {
                let own = json!({ "allOf": [{ "$ref": "#/components/schemas/Wide" }] });
                (format!("p{i:04}"), own)
            })
            .collect();
        let root = json!({ "components": { "schemas": {
            "Wide": { "type": "object", "properties": { "id": { "type": "string" } },
                      "allOf": wide_members() },
            "Many": { "type": "object", "properties": properties }
        } } });
        let resolver = crate::Resolver::new(&root);
        let schema = json!({ "$ref": "#/components/schemas/Many" });
        let instance: Map<String, Value> = (0..1_000)
            .map(|i| (format!("p{i:04}"), json!({ "id": "a", "extra": 1 })))
            .collect();
        let instance = Value::Object(instance);
        let per_property = resolver
            .effective(&root["components"]["schemas"]["Many"]["properties"]["p0000"])
            .work();
        let top = resolver.effective(&schema).work();
        // 3,001 nodes: the object, each property's object and its two fields. Each property
        // merges its own node (`per_property`); the one that spends the budget is checked.
        let budget = CHECK_MERGE_WORK_FREE + CHECK_MERGE_WORK_PER_NODE * 3_001;
        let found = undocumented_fields(&resolver, &schema, &instance);
        assert_eq!(found[0], "/p0000/extra");
        assert_eq!(found.len(), (budget - top).div_ceil(per_property));
        assert!(found.len() < 1_000);
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

    /// Each pointer names its own field, escaped: the walk's one buffer is cut back after
    /// every field, nested or not.
    #[test]
    fn undocumented_field_pointers_are_escaped_and_each_its_own() {
        let spec = json!({});
        let resolver = Resolver::new(&spec);
        let schema = json!({ "type": "object", "properties": {
            "a/b": { "type": "object", "properties": { "x": {} } },
            "list": { "type": "array", "items": { "type": "object", "properties": {} } }
        } });
        let found = undocumented_fields(
            &resolver,
            &schema,
            &json!({ "a/b": { "x": 1, "y~z": 2 }, "list": [{ "p": 1 }, { "q": 2 }], "after": 3 }),
        );
        assert_eq!(found, ["/a~1b/y~0z", "/list/0/p", "/list/1/q", "/after"]);
    }
}
