//! Shaping an item to its schema: the fields a schema has, a body overlaid on an item (replaced
//! or merged), `behaviour.yaml`'s `set` rules, the check that the result conforms, and the
//! example (or generated instance) an operation answers without an item.

use std::collections::HashMap;

use passport_paas_spec::instances::{Deviations, Generator};
use serde_json::{Value, json};

use crate::Shared;
use crate::behaviour::{Context, fill, set};
use crate::plan::Plan;
use crate::reply::Answer;

/// The top-level property names of a schema.
pub(crate) fn top_fields(shared: &Shared, schema: &Value) -> Vec<String> {
    property_names(shared, schema).map(str::to_owned).collect()
}

/// The field names an item schema has: top level, and one object down.
pub(crate) fn item_fields(shared: &Shared, schema: &Value) -> std::collections::BTreeSet<String> {
    let resolver = shared.spec.resolver();
    let mut fields = std::collections::BTreeSet::new();
    for (name, property) in resolver.effective(schema).properties().unwrap_or_default() {
        fields.insert(name.to_owned());
        fields.extend(property_names(shared, property).map(str::to_owned));
    }
    fields
}

/// The names of a schema's effective properties, read from the document (every request of a
/// list or a create asks: copying the merged schema for them cost more than the rest of the
/// answer).
fn property_names<'s>(shared: &'s Shared, schema: &'s Value) -> impl Iterator<Item = &'s str> {
    let properties = shared.spec.resolver().effective(schema).properties();
    properties
        .unwrap_or_default()
        .into_iter()
        .map(|(name, _)| name)
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
    let effective = resolver.effective(schema);
    // Indexed once: a body may name many fields, and a schema hold many properties.
    let properties: Option<HashMap<&str, &Value>> =
        effective.properties().map(|p| p.into_iter().collect());
    let additional = effective.get("additionalProperties");
    // A schema without `properties` but with `additionalProperties` is a map: every field is
    // one of its values.
    let map_values = if properties.is_none() {
        additional
    } else {
        None
    };
    for (name, value) in body.as_object().into_iter().flatten() {
        let known = properties.as_ref().and_then(|p| p.get(name.as_str()));
        let Some(property) = known.copied().or(map_values) else {
            continue;
        };
        let nullable = resolver.effective(property).get("nullable") == Some(&json!(true));
        match (item.get_mut(name), value) {
            // A field a `PUT` leaves out is gone (a null where null is allowed is kept).
            (_, Value::Null) if !nullable => {
                if let Some(object) = item.as_object_mut() {
                    object.remove(name);
                }
            }
            (Some(existing @ Value::Object(_)), Value::Object(_)) if !replace => {
                overlay(shared, property, existing, value, false);
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
