//! Shaping an item to its schema: the fields a schema has, a body overlaid on an item (replaced
//! or merged), `behaviour.yaml`'s `set` rules, the check that the result conforms, and the
//! example (or generated instance) an operation answers without an item.

use passport_paas_spec::instances::{Deviations, Generator};
use serde_json::{Value, json};

use crate::Shared;
use crate::behaviour::{Context, fill, set};
use crate::plan::Plan;
use crate::reply::Answer;

/// The top-level property names of a schema.
pub(crate) fn top_fields(shared: &Shared, schema: &Value) -> Vec<String> {
    shared
        .spec
        .resolver()
        .schema(schema)
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

/// The field names an item schema has: top level, and one object down.
pub(crate) fn item_fields(shared: &Shared, schema: &Value) -> std::collections::BTreeSet<String> {
    let resolver = shared.spec.resolver();
    let mut fields = std::collections::BTreeSet::new();
    let merged = resolver.schema(schema);
    for (name, property) in merged
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        fields.insert(name.clone());
        let inner = resolver.schema(property);
        fields.extend(
            inner
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(n, _)| n.clone()),
        );
    }
    fields
}

/// Copies the body's fields the item's schema has onto the item: with `replace` (a create's
/// or a `PUT`'s body) each field as given, else (`PATCH`) objects and maps merged.
pub(crate) fn overlay(
    shared: &Shared,
    schema: &Value,
    item: &mut Value,
    body: &Value,
    replace: bool,
) {
    let resolver = shared.spec.resolver();
    let schema = resolver.schema(schema);
    let properties = schema.get("properties").and_then(Value::as_object);
    let is_map = properties.is_none() && schema.get("additionalProperties").is_some();
    for (name, value) in body.as_object().into_iter().flatten() {
        let property = match (properties.and_then(|p| p.get(name)), is_map) {
            (Some(property), _) => property.clone(),
            (None, true) => schema["additionalProperties"].clone(),
            (None, false) => continue,
        };
        let nullable = resolver.schema(&property).get("nullable") == Some(&json!(true));
        match (item.get_mut(name), value) {
            // A field a `PUT` leaves out is gone (a null where null is allowed is kept).
            (_, Value::Null) if !nullable => {
                if let Some(object) = item.as_object_mut() {
                    object.remove(name);
                }
            }
            (Some(existing @ Value::Object(_)), Value::Object(_)) if !replace => {
                overlay(shared, &property, existing, value, false);
            }
            _ => set(item, name, value.clone()),
        }
    }
}

/// The item if it validates against the response schema; else `fallback` (the example-based
/// item with only its id and timestamps set), so the mock never answers off-spec.
pub(crate) fn conform(shared: &Shared, plan: &Plan, item: Value, fallback: Value) -> Value {
    if plan.schema.is_null() || shared.validators.validate(&plan.schema, &item).is_ok() {
        item
    } else {
        fallback
    }
}

/// Applies the plan's `set` rules to the item.
pub(crate) fn apply_rules(plan: &Plan, item: &mut Value, context: &Context<'_>) {
    for (path, value) in &plan.rules.set {
        set(item, path, fill(value, context));
    }
}

/// The success answer from the example, or an instance of the response schema.
pub(crate) fn example(shared: &Shared, plan: &Plan) -> Answer {
    if plan.schema.is_null() {
        return (plan.status, None);
    }
    let value = plan.example.clone().unwrap_or_else(|| {
        Generator::new(
            shared.spec.root(),
            shared.config.seed,
            Deviations::default(),
        )
        .complete()
        .instance(&plan.schema)
    });
    (plan.status, Some(value))
}
