//! Creating an item: from the operation's example (or a schema instance), with a fresh id and
//! timestamps, what the path's parent item knows, and the body; `behaviour.yaml`'s `set` rules
//! on top, and the items its `create` rules make alongside.

use std::collections::BTreeMap;

use passport_paas_spec::instances::{Deviations, Generator, uuid};
use serde_json::{Value, json};

use crate::Shared;
use crate::behaviour::{Context, fill, set};
use crate::plan::{Collection, Plan};
use crate::refuse::{not_found, noun};
use crate::reply::{Answer, now_text};
use crate::shape::{apply_rules, conform, example, overlay};
use crate::store::Store;

/// The fields a new item does not take from its parent item.
const NOT_INHERITED: [&str; 5] = ["id", "created_at", "updated_at", "status", "type"];

/// What a create request brings: the path's captures, the body, and the items the plan's
/// `require` rules found.
pub(crate) struct Request<'a> {
    pub captures: &'a BTreeMap<String, String>,
    pub body: &'a Value,
    pub required: &'a [Value],
}

/// Creates an item in `collection`, under the parent item the path names (`parent`: its
/// collection and path parameter) when there is one: a 404 when that item does not exist.
pub(crate) fn create_under(
    shared: &Shared,
    store: &mut Store,
    plan: &Plan,
    collection: &str,
    parent: Option<&(String, String)>,
    request: &Request<'_>,
) -> Answer {
    let Some((parent_collection, param)) = parent else {
        return create(shared, store, plan, collection, None, request);
    };
    let id = request.captures.get(param);
    let parent_item = id.and_then(|id| {
        let meta = shared.collections.get(parent_collection)?;
        let item = store.find_mut(parent_collection, &meta.id_property, id)?;
        Some(item.value.clone())
    });
    match parent_item {
        Some(parent_item) => create(shared, store, plan, collection, Some(&parent_item), request),
        None => {
            let id = id.cloned().unwrap_or_default();
            not_found(plan, format!("{} {id} not found", noun(parent_collection)))
        }
    }
}

/// Creates an item in `collection` and the plan's companion items, and answers it.
fn create(
    shared: &Shared,
    store: &mut Store,
    plan: &Plan,
    collection: &str,
    parent: Option<&Value>,
    request: &Request<'_>,
) -> Answer {
    let Some(meta) = shared.collections.get(collection) else {
        return example(shared, plan);
    };
    let base = base_item(shared, store, plan, meta);
    let id = uuid(&mut store.rng);
    let now = now_text();
    let fallback = stamped(shared, meta, base, &id, &now);
    let mut item = fallback.clone();
    if let Some(parent) = parent {
        // What the path's item knows and the new item has a place for (`key`, `owner`, …).
        overlay(
            shared,
            &meta.schema,
            &mut item,
            &inherited(parent, meta),
            false,
        );
    }
    overlay(shared, &meta.schema, &mut item, request.body, true);
    let context = Context {
        id: Some(&id),
        now: &now,
        body: request.body,
        required: request.required,
    };
    apply_rules(plan, &mut item, &context);
    let item = conform(shared, plan, item, fallback);
    store.push(collection, item.clone());
    create_companions(shared, store, plan, &context);
    (plan.status, (!plan.schema.is_null()).then_some(item))
}

/// The item a create starts from: the operation's example, else an instance of the schema.
fn base_item(shared: &Shared, store: &mut Store, plan: &Plan, meta: &Collection) -> Value {
    match &plan.example {
        Some(example @ Value::Object(_)) => example.clone(),
        _ => Generator::new(shared.spec.root(), store.rng.u64(..), Deviations::default())
            .complete()
            .instance(&meta.schema),
    }
}

/// `base` with its timestamps set to `now` and, when the schema has one, its id to `id`.
fn stamped(shared: &Shared, meta: &Collection, mut base: Value, id: &str, now: &str) -> Value {
    for stamp in ["created_at", "updated_at"] {
        if base.get(stamp).is_some() {
            set(&mut base, stamp, json!(now));
        }
    }
    let has_id = (shared.spec.resolver().effective(&meta.schema).properties())
        .is_some_and(|properties| properties.iter().any(|(name, _)| *name == meta.id_property));
    if has_id {
        set(&mut base, &meta.id_property, json!(id));
    }
    base
}

/// The parent item's fields a child may take: all but its identity, times, status and type.
fn inherited(parent: &Value, meta: &Collection) -> Value {
    let mut inherited = parent.clone();
    if let Some(object) = inherited.as_object_mut() {
        object.remove(&meta.id_property);
        for skip in NOT_INHERITED {
            object.remove(skip);
        }
    }
    inherited
}

/// The items the plan's `create` rules make alongside (a payment's ledger entry, …).
fn create_companions(shared: &Shared, store: &mut Store, plan: &Plan, context: &Context<'_>) {
    for (other, sets) in &plan.rules.create {
        let Some(other_meta) = shared.collections.get(other) else {
            continue;
        };
        let mut extra =
            Generator::new(shared.spec.root(), store.rng.u64(..), Deviations::default())
                .complete()
                .instance(&other_meta.schema);
        set(
            &mut extra,
            &other_meta.id_property,
            json!(uuid(&mut store.rng)),
        );
        for stamp in ["created_at", "updated_at"] {
            set(&mut extra, stamp, json!(context.now));
        }
        for (path, value) in sets {
            set(&mut extra, path, fill(value, context));
        }
        store.push(other, extra);
    }
}
