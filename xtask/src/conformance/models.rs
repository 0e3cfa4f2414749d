//! Model conformance: the Rust types against the spec's schemas.
//!
//! - round trip: seeded schema-valid bodies (optional fields absent, unknown enum values,
//!   extra fields) parse into the generated types and serialize back to an equivalent document;
//! - types against spec: the JSON Schema `schemars` derives for each type names the same
//!   properties, requires the same ones and lists the same enum values as the spec;
//! - examples: every example in the spec validates against its spec schema and parses into its
//!   Rust type.

use passport_paas::types;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::Tally;
use super::instances::{Deviations, Generator};

/// A spec component and the Rust type that models it.
struct Model {
    schema: &'static str,
    json_schema: fn() -> Value,
    round_trip: fn(&Value) -> Result<Value, String>,
    /// Whether the client receives it (and must tolerate a newer server's deviations), rather
    /// than only sending it.
    received: bool,
}

fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let parsed: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("does not parse: {e}"))?;
    serde_json::to_value(&parsed).map_err(|e| format!("does not serialize: {e}"))
}

fn schema_of<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default()
}

macro_rules! models {
    ($($name:literal => $ty:ty, $received:literal;)+) => {
        vec![$(Model { schema: $name, json_schema: schema_of::<$ty>, round_trip: round_trip::<$ty>, received: $received }),+]
    };
}

fn models() -> Vec<Model> {
    models! {
        "TokenList" => types::TokenList, true;
        "PaginationInfo" => types::PaginationInfo, true;
        "Token" => types::Token, true;
        "IssuedToken" => types::IssuedToken, true;
        "Error" => types::Error, true;
        "ClientCredentialsRequest" => types::ClientCredentialsRequest, false;
        "RevokeTokenRequest" => types::RevokeTokenRequest, false;
        "GrantFlow" => passport_paas::compat::GrantFlow, true;
        "OrderDirection" => passport_paas::compat::OrderDirection, true;
    }
}

/// Round-trips `per_model` generated bodies of every model.
pub fn check_round_trip(spec: &Value, per_model: usize, seed: u64, tally: &mut Tally) {
    for (index, model) in models().into_iter().enumerate() {
        // Only what the client receives must survive a newer server's deviations.
        let deviations = Deviations {
            unknown_enums: model.received,
            extra_fields: model.received,
        };
        let mut generator = Generator::new(spec, seed.wrapping_add(index as u64), deviations);
        let schema = json!({ "$ref": format!("#/components/schemas/{}", model.schema) });
        for _ in 0..per_model {
            let sent = generator.instance(&schema);
            let expected = strip_extras(spec, &schema, &sent);
            match (model.round_trip)(&sent) {
                Ok(back) if equivalent(&back, &expected) => tally.pass(),
                Ok(back) => tally.fail(
                    format!("{}: {sent}", model.schema),
                    format!("serialized back as {back}"),
                ),
                Err(message) => tally.fail(format!("{}: {sent}", model.schema), message),
            }
        }
    }
}

/// `value` without the properties the schema does not list (the types ignore them).
fn strip_extras(spec: &Value, schema: &Value, value: &Value) -> Value {
    let schema = flatten(spec, schema);
    match (value, schema.get("properties").and_then(Value::as_object)) {
        (Value::Object(object), Some(properties)) => Value::Object(
            object
                .iter()
                .filter_map(|(k, v)| {
                    properties
                        .get(k)
                        .map(|s| (k.clone(), strip_extras(spec, s, v)))
                })
                .collect::<Map<_, _>>(),
        ),
        (Value::Array(items), _) => {
            let item_schema = schema.get("items").cloned().unwrap_or(Value::Null);
            Value::Array(
                items
                    .iter()
                    .map(|v| strip_extras(spec, &item_schema, v))
                    .collect(),
            )
        }
        _ => value.clone(),
    }
}

/// Equal, treating an absent optional array and an empty one alike (the generated types
/// serialize empty arrays as absent).
fn equivalent(back: &Value, expected: &Value) -> bool {
    match (back, expected) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().all(|k| match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => equivalent(x, y),
                (None, Some(Value::Array(v))) | (Some(Value::Array(v)), None) => v.is_empty(),
                (None, Some(Value::Null)) | (Some(Value::Null), None) => true,
                _ => false,
            })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equivalent(x, y))
        }
        _ => back == expected,
    }
}

fn flatten(spec: &Value, schema: &Value) -> Value {
    let mut current = schema.clone();
    for _ in 0..16 {
        if let Some(pointer) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            current = spec.pointer(pointer).cloned().unwrap_or(Value::Null);
        } else if let Some(first) = current
            .get("allOf")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .cloned()
        {
            current = first;
        } else {
            break;
        }
    }
    current
}

/// Compares each model's derived JSON Schema with the spec's schema for it.
pub fn check_types(spec: &Value, tally: &mut Tally) {
    for model in models() {
        let ours = (model.json_schema)();
        let theirs = flatten(
            spec,
            &json!({ "$ref": format!("#/components/schemas/{}", model.schema) }),
        );
        let mut problems = Vec::new();
        let names = |s: &Value| -> Vec<String> {
            let mut v: Vec<String> = s
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            v.sort();
            v
        };
        let required = |s: &Value| -> Vec<String> {
            let mut v: Vec<String> = s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect();
            v.sort();
            v
        };
        let values = |s: &Value| -> Vec<String> {
            let mut v: Vec<String> = s
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(Value::to_string)
                .collect();
            v.sort();
            v
        };
        if names(&ours) != names(&theirs) {
            problems.push(format!(
                "properties: rust {:?}, spec {:?}",
                names(&ours),
                names(&theirs)
            ));
        }
        if required(&ours) != required(&theirs) {
            problems.push(format!(
                "required: rust {:?}, spec {:?}",
                required(&ours),
                required(&theirs)
            ));
        }
        if values(&ours) != values(&theirs) {
            problems.push(format!(
                "enum values: rust {:?}, spec {:?}",
                values(&ours),
                values(&theirs)
            ));
        }
        if problems.is_empty() {
            tally.pass();
        } else {
            tally.fail(model.schema.to_owned(), problems.join("; "));
        }
    }
}

/// Every example of the spec validates against its spec schema and parses into its type.
pub fn check_examples(spec: &Value, tally: &mut Tally) {
    let models = models();
    let mut stack = vec![(String::new(), spec)];
    while let Some((pointer, value)) = stack.pop() {
        if let Some(object) = value.as_object() {
            if let (Some(schema), Some(example)) = (object.get("schema"), object.get("example")) {
                check_example(spec, &models, &pointer, schema, example, tally);
            }
            for (name, example) in object
                .get("examples")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if let (Some(schema), Some(example)) = (object.get("schema"), example.get("value"))
                {
                    check_example(
                        spec,
                        &models,
                        &format!("{pointer}/examples/{name}"),
                        schema,
                        example,
                        tally,
                    );
                }
            }
            for (key, child) in object {
                if key != "example" && key != "examples" {
                    stack.push((format!("{pointer}/{key}"), child));
                }
            }
        } else if let Some(items) = value.as_array() {
            stack.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{pointer}/{i}"), v)),
            );
        }
    }
}

fn check_example(
    spec: &Value,
    models: &[Model],
    pointer: &str,
    schema: &Value,
    example: &Value,
    tally: &mut Tally,
) {
    if let Err(message) = crate::schema::validate(spec, schema, example) {
        tally.fail(
            format!("{pointer}: {example}"),
            format!("the spec schema rejects it: {message}"),
        );
        return;
    }
    let name = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .unwrap_or_default();
    match models.iter().find(|m| m.schema == name) {
        Some(model) => match (model.round_trip)(example) {
            Ok(_) => tally.pass(),
            Err(message) => tally.fail(
                format!("{pointer}: {example}"),
                format!("the rust type rejects it: {message}"),
            ),
        },
        None => tally.pass(),
    }
}
