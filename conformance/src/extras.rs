//! What a generated type keeps of a JSON value: the value without the fields its schema does
//! not list, which the types ignore (servers may add fields).
//!
//! The round-trip check compares a type's serialization with this. It follows the schema
//! where the types do: a property's own schema, an array's items, a typed map's values
//! (`additionalProperties: {…}` keeps every key, each as its value schema says), and the one
//! member of a `oneOf`/`anyOf` the value is (by its discriminator, else the member listing
//! most of its fields), so an extra inside a discriminated member is an allowed loss rather
//! than a fault of the type.

use passport_paas_spec::Spec;
use serde_json::{Map, Value};

/// `value` as the generated type for `schema` keeps it.
pub(crate) fn strip_extras(spec: &Spec, schema: &Value, value: &Value) -> Value {
    strip(spec, schema, value, 0)
}

fn strip(spec: &Spec, schema: &Value, value: &Value, depth: usize) -> Value {
    if depth > 32 {
        return value.clone();
    }
    let schema = spec.resolver().schema(schema);
    if let Some(member) = member(spec, &schema, value) {
        return strip(spec, &member, value, depth + 1);
    }
    let properties = schema.get("properties").and_then(Value::as_object);
    let map_values = schema
        .get("additionalProperties")
        .filter(|values| values.is_object());
    match (value, properties, map_values) {
        (Value::Object(object), _, Some(values)) => Value::Object(
            object
                .iter()
                .map(|(k, v)| {
                    let own = properties.and_then(|p| p.get(k)).unwrap_or(values);
                    (k.clone(), strip(spec, own, v, depth + 1))
                })
                .collect::<Map<_, _>>(),
        ),
        (Value::Object(object), Some(properties), None) => Value::Object(
            object
                .iter()
                .filter_map(|(k, v)| {
                    properties
                        .get(k)
                        .map(|s| (k.clone(), strip(spec, s, v, depth + 1)))
                })
                .collect::<Map<_, _>>(),
        ),
        (Value::Array(items), _, _) => {
            let item_schema = schema.get("items").cloned().unwrap_or(Value::Null);
            Value::Array(
                items
                    .iter()
                    .map(|v| strip(spec, &item_schema, v, depth + 1))
                    .collect(),
            )
        }
        _ => value.clone(),
    }
}

/// The member of a `oneOf`/`anyOf` an object value is: the one its discriminator names,
/// else the one whose properties hold most of its fields.
fn member(spec: &Spec, schema: &Value, value: &Value) -> Option<Value> {
    let members = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)?;
    let object = value.as_object()?;
    if let Some(property) = schema
        .pointer("/discriminator/propertyName")
        .and_then(Value::as_str)
        && let Some(tag) = object.get(property).and_then(Value::as_str)
    {
        let target = schema
            .pointer("/discriminator/mapping")
            .and_then(|mapping| mapping.get(tag))
            .and_then(Value::as_str)
            .map_or_else(|| format!("#/components/schemas/{tag}"), str::to_owned);
        if let Some(found) = members
            .iter()
            .find(|m| m.get("$ref").and_then(Value::as_str) == Some(target.as_str()))
        {
            return Some(found.clone());
        }
    }
    // Without a tag: the member listing most fields, each looked at through its `$ref`.
    let resolver = spec.resolver();
    members
        .iter()
        .enumerate()
        .max_by_key(|(index, m)| {
            let listed = resolver
                .schema(m)
                .get("properties")
                .and_then(Value::as_object)
                .map_or(0, |p| object.keys().filter(|k| p.contains_key(*k)).count());
            (listed, usize::MAX - index)
        })
        .map(|(_, m)| m.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use passport_paas_spec::instances::{Deviations, Generator};
    use passport_paas_spec::validate::validate;
    use serde_json::json;

    const PLANTED: &str = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
      "components": {"schemas": {
        "Circle": {"type": "object", "required": ["kind", "radius"], "properties": {
          "kind": {"type": "string", "enum": ["circle"]}, "radius": {"type": "number"}}},
        "Square": {"type": "object", "required": ["kind", "side"], "properties": {
          "kind": {"type": "string", "enum": ["square"]}, "side": {"type": "number"}}},
        "Shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}],
          "discriminator": {"propertyName": "kind",
            "mapping": {"circle": "#/components/schemas/Circle", "square": "#/components/schemas/Square"}}},
        "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "Closed": {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}}},
        "Priority": {"type": "integer", "enum": [0, 1, 2]},
        "Holder": {"type": "object", "properties": {
          "shape": {"$ref": "#/components/schemas/Shape"},
          "labels": {"$ref": "#/components/schemas/Labels"},
          "priority": {"$ref": "#/components/schemas/Priority"}}}
      }}}"##;

    fn spec() -> Spec {
        Spec::parse(PLANTED).expect("the planted spec parses")
    }

    fn at(name: &str) -> Value {
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    #[test]
    fn an_extra_in_a_discriminated_member_is_stripped_by_that_member() {
        let spec = spec();
        let sent = json!({ "kind": "square", "side": 2, "x_extra_1": { "nested": [1] } });
        assert_eq!(
            strip_extras(&spec, &at("Shape"), &sent),
            json!({ "kind": "square", "side": 2 })
        );
        let untagged = json!({ "side": 2, "x": 1 });
        assert_eq!(
            strip_extras(&spec, &at("Shape"), &untagged),
            json!({ "side": 2 })
        );
    }

    #[test]
    fn a_typed_map_keeps_every_entry() {
        let spec = spec();
        let sent = json!({ "labels": { "a": "x", "b": "y" }, "x_extra_2": 1 });
        assert_eq!(
            strip_extras(&spec, &at("Holder"), &sent),
            json!({ "labels": { "a": "x", "b": "y" } })
        );
    }

    /// The harness's own inputs, deviations included, are what the schema allows: no extra in
    /// a string map or a closed object, a discriminator that names its member, an unknown
    /// enum value of the enum's own type.
    #[test]
    fn deviating_instances_stay_within_what_the_schema_allows() {
        let spec = spec();
        let deviations = Deviations {
            unknown_enums: true,
            extra_fields: true,
        };
        let mut generator = Generator::new(spec.root(), 7, deviations);
        let mut unknown_priority = false;
        for _ in 0..300 {
            for name in ["Labels", "Closed", "Shape"] {
                let value = generator.instance(&at(name));
                let checked = validate(spec.root(), &at(name), &value);
                assert!(checked.is_ok(), "{name}: {value} {checked:?}");
            }
            let priority = generator.instance(&at("Priority"));
            assert!(priority.is_i64(), "{priority}");
            unknown_priority |= ![0, 1, 2].contains(&priority.as_i64().unwrap_or(0));
        }
        assert!(unknown_priority, "an unknown integer is sometimes sent");
    }
}
