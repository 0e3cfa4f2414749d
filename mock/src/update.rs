//! Updating an item the path (or a `behaviour.yaml` `target`) names: a `PUT` replaces what
//! its body's schema can set, a `PATCH` merges; `behaviour.yaml`'s `when` rules say which
//! state the item must be in (the documented 409 or 422 otherwise), its `set` rules apply.

use serde_json::{Value, json};

use crate::Shared;
use crate::behaviour::{Context, get, set};
use crate::plan::Plan;
use crate::refuse::{documented, not_found, noun};
use crate::reply::{Answer, error, now_text};
use crate::shape::{apply_rules, conform, example, overlay, top_fields};
use crate::store::{Item, Store};

/// Answers an update operation: a `PUT` with a body replaces (what the body's schema can set
/// and the body leaves out goes), anything else merges.
pub(crate) fn edit(
    shared: &Shared,
    store: &mut Store,
    operation_id: &str,
    plan: &Plan,
    collection: &str,
    id: &str,
    body: &Value,
) -> Answer {
    let put_body = shared
        .spec
        .api
        .operation(operation_id)
        .filter(|o| o.method == "put")
        .and_then(|o| o.body.as_ref());
    let Some(put_body) = put_body else {
        return update(shared, store, plan, collection, id, body, false);
    };
    let mut edits = body.clone();
    if let Some(object) = edits.as_object_mut() {
        for name in top_fields(shared, &put_body.schema) {
            object.entry(name).or_insert(Value::Null);
        }
    }
    update(shared, store, plan, collection, id, &edits, true)
}

/// Updates item `id` of `collection` with `body` (`replace`: each field as given, else
/// objects and maps merged) and answers it.
pub(crate) fn update(
    shared: &Shared,
    store: &mut Store,
    plan: &Plan,
    collection: &str,
    id: &str,
    body: &Value,
    replace: bool,
) -> Answer {
    let Some(meta) = shared.collections.get(collection) else {
        return example(shared, plan);
    };
    let Some(Item { value, .. }) = store.find_mut(collection, &meta.id_property, id) else {
        return not_found(plan, format!("{} {id} not found", noun(collection)));
    };
    if let Some(refusal) = unmet_state(plan, collection, id, value) {
        return refusal;
    }
    let now = now_text();
    let mut item = value.clone();
    // The body's own copy of the id (confirm's `{id}`) is not an edit.
    let mut edits = body.clone();
    if let Some(object) = edits.as_object_mut() {
        object.remove(&meta.id_property);
    }
    overlay(shared, &meta.schema, &mut item, &edits, replace);
    let context = Context {
        id: Some(id),
        now: &now,
        body,
        required: &[],
    };
    apply_rules(plan, &mut item, &context);
    if item.get("updated_at").is_some() {
        set(&mut item, "updated_at", json!(now));
    }
    let item = conform(shared, plan, item, value.clone());
    *value = item.clone();
    (plan.status, (!plan.schema.is_null()).then_some(item))
}

/// The refusal when the item is not in the state the plan's `when` rules ask for.
fn unmet_state(plan: &Plan, collection: &str, id: &str, item: &Value) -> Option<Answer> {
    let (path, wanted) = plan
        .rules
        .when
        .iter()
        .find(|(path, wanted)| get(item, path) != Some(wanted))?;
    let status = documented(plan, &[409, 422], 400);
    Some(error(
        status,
        9,
        format!(
            "{} {id} is not in the state this needs ({path} {wanted})",
            noun(collection)
        ),
    ))
}
