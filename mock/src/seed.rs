//! The data a mock starts with: the spec's own examples, or generated items.
//!
//! From examples: every item of each list operation's example pages, and each get-by-id
//! example, deduplicated by id. Generated: `n` schema-valid items per named collection, drawn
//! from the seed (the same seed always gives the same data), created a minute apart so that
//! snapshots and orderings have something to work with.

use std::collections::BTreeMap;

use passport_paas_spec::Spec;
use passport_paas_spec::instances::{Deviations, Generator, uuid};
use serde_json::{Value, json};

use crate::plan::{Collection, Plan};
use crate::store::{Store, id_text};
use passport_paas_spec::Role;

/// Fills the store.
pub(crate) fn seed(
    spec: &Spec,
    plans: &BTreeMap<String, Plan>,
    collections: &BTreeMap<String, Collection>,
    generated: &[(String, usize)],
    seed: u64,
    store: &mut Store,
) {
    // Lists first: their examples are the fullest; a get example adds only what they lack.
    let ordered = plans
        .iter()
        .filter(|(_, p)| matches!(p.kind, Role::List { .. }))
        .chain(
            plans
                .iter()
                .filter(|(_, p)| !matches!(p.kind, Role::List { .. })),
        );
    for (id, plan) in ordered {
        let Some(operation) = spec.api.operation(id) else {
            continue;
        };
        let items: Vec<Value> = match (&plan.kind, &operation.pagination) {
            (Role::List { .. }, Some(pagination)) => operation
                .responses
                .iter()
                .filter(|r| r.status.is_success())
                .filter_map(|r| r.content.as_ref())
                .flat_map(|c| &c.examples)
                .filter_map(|e| e.value.get(&pagination.items_property)?.as_array().cloned())
                .flatten()
                .collect(),
            (Role::Get { .. }, _) => plan.example.clone().into_iter().collect(),
            _ => Vec::new(),
        };
        let (Role::List { collection } | Role::Get { collection, .. }) = &plan.kind else {
            continue;
        };
        if generated.iter().any(|(name, _)| name == collection) {
            continue;
        }
        let id_property = &collections[collection].id_property;
        let fresh: Vec<Value> = items
            .into_iter()
            .filter(|item| {
                let id = item.get(id_property).and_then(id_text).unwrap_or_default();
                store.position(collection, id_property, &id).is_none()
            })
            .collect();
        store.extend(collection, dedupe(fresh, id_property));
    }
    for (collection, count) in generated {
        let Some(meta) = collections.get(collection) else {
            continue;
        };
        let mut generator = Generator::new(spec.root(), seed, Deviations::default()).complete();
        let start = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z")
            .expect("a valid constant")
            .to_utc();
        let items: Vec<Value> = (0..*count)
            .map(|index| {
                let mut item = generator.instance(&meta.schema);
                let offset = generator.rng().i64(0..59_000);
                let created =
                    start + chrono::Duration::milliseconds(index as i64 * 60_000 + offset);
                let id = uuid(generator.rng());
                if let Some(object) = item.as_object_mut() {
                    object.insert(meta.id_property.clone(), json!(id));
                    if object.contains_key("created_at") {
                        object.insert(
                            "created_at".into(),
                            json!(created.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
                        );
                    }
                }
                item
            })
            .collect();
        store.extend(collection, items);
    }
}

fn dedupe(items: Vec<Value>, id_property: &str) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(item.get(id_property).and_then(id_text)))
        .collect()
}
