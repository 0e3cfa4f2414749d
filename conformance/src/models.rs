//! The Rust types against the spec's components, with no hand-made list: the build records
//! every component and the type that models it (`passport_paas::dynamic::components`).
//!
//! - `round-trip`: seeded schema-valid bodies, with the deviations a newer server may send
//!   (optional fields absent, unknown enum values, extra fields), parse into the type and
//!   serialize back to an equivalent document;
//! - `examples-valid`: every example of the spec validates against its schema, and parses into
//!   the component's type when its schema is a component.

use std::collections::BTreeSet;

use passport_paas::dynamic::{Component, components};
use passport_paas_spec::instances::{Deviations, Generator};
use passport_paas_spec::validate::describe;
use passport_paas_spec::{Spec, component_of, escape};
use serde_json::{Value, json};

use crate::Context;
use crate::extras::strip_extras;
use crate::report::Tally;

/// `{"$ref": "#/components/schemas/<name>"}` of every component.
pub(crate) fn component_refs(spec: &Spec) -> Vec<Value> {
    spec.root()
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .keys()
                .map(|name| json!({ "$ref": format!("#/components/schemas/{}", escape(name)) }))
                .collect()
        })
        .unwrap_or_default()
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", escape(name)) })
}

/// Components of the spec that the Rust side models (and ones it lacks, as failures).
fn modelled<'a>(spec: &Spec, tally: &mut Tally) -> Vec<&'a Component> {
    let names: Vec<String> = spec
        .root()
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut found = Vec::new();
    for name in names {
        match components().iter().find(|c| c.name == name) {
            Some(component) => found.push(component),
            None => tally.fail(
                name.clone(),
                "the spec has this component, the client no type for it".into(),
            ),
        }
    }
    found
}

pub(crate) fn round_trip(context: &Context<'_>, per_model: usize, seed: u64) -> Tally {
    let mut tally = Tally::new("round-trip");
    let spec = context.spec;
    let deviations = Deviations {
        unknown_enums: true,
        extra_fields: true,
    };
    for (index, component) in modelled(spec, &mut tally).into_iter().enumerate() {
        let schema = reference(component.name);
        let mut generator =
            Generator::new(spec.root(), seed.wrapping_add(index as u64), deviations);
        for _ in 0..per_model {
            let sent = generator.instance(&schema);
            let expected = strip_extras(spec, &schema, &sent);
            match (component.round_trip)(&sent) {
                Ok(back) if equivalent(&back, &expected) => tally.pass(),
                Ok(back) => tally.fail(
                    format!("{}: {sent}", component.name),
                    format!("serialized back as {back}"),
                ),
                Err(message) => tally.fail(format!("{}: {sent}", component.name), message),
            }
        }
    }
    tally
}

/// Equal, treating an absent optional array or map and an empty one alike, and an absent optional
/// value and `null` alike (the generated types serialize both as absent).
fn equivalent(back: &Value, expected: &Value) -> bool {
    match (back, expected) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().all(|k| match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => equivalent(x, y),
                (None, Some(Value::Array(v))) | (Some(Value::Array(v)), None) => v.is_empty(),
                // An empty map is skipped like an empty array.
                (None, Some(Value::Object(v))) | (Some(Value::Object(v)), None) => v.is_empty(),
                (None, Some(Value::Null)) | (Some(Value::Null), None) => true,
                _ => false,
            })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equivalent(x, y))
        }
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        _ => back == expected,
    }
}

pub(crate) fn examples(context: &Context<'_>) -> Tally {
    let mut tally = Tally::new("examples-valid");
    let spec = context.spec;
    let resolver = spec.resolver();
    let mut sites: Vec<(String, Value, Value)> = Vec::new();
    for operation in &spec.api.operations {
        for parameter in &operation.parameters {
            if let Some(example) = &parameter.example {
                sites.push((
                    parameter.pointer.clone(),
                    parameter.schema.clone(),
                    example.clone(),
                ));
            }
        }
        let bodies = operation
            .body
            .iter()
            .map(|b| (&b.schema, &b.examples))
            .chain(
                operation
                    .responses
                    .iter()
                    .filter_map(|r| r.content.as_ref())
                    .map(|c| (&c.schema, &c.examples)),
            );
        for (schema, examples) in bodies {
            for example in examples {
                sites.push((
                    example.pointer.clone(),
                    schema.clone(),
                    example.value.clone(),
                ));
            }
        }
    }
    for name in spec
        .root()
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, s)| s.get("example").is_some())
        .map(|(n, _)| n.clone())
        .collect::<Vec<_>>()
    {
        let schema = reference(&name);
        let example = resolver.schema(&schema)["example"].clone();
        sites.push((
            format!("/components/schemas/{}/example", escape(&name)),
            schema,
            example,
        ));
    }
    for (pointer, schema, example) in sites {
        if let Err(violations) = context.validators.validate(&schema, &example) {
            tally.fail(
                pointer,
                format!("does not match its schema: {}", describe(&violations)),
            );
            continue;
        }
        let parsed = component_of(&resolver, &schema)
            .and_then(|name| components().iter().find(|c| c.name == name))
            .map(|component| (component.round_trip)(&example));
        match parsed {
            Some(Err(problem)) => {
                tally.fail(pointer, format!("does not parse into its type: {problem}"))
            }
            _ => tally.pass(),
        }
    }
    tally
}
