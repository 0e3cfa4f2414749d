//! Answering one validated request from its operation's plan and the store.
//!
//! Lists page through their collection; gets, updates and deletes find the item the path
//! names (a repeated delete gets the documented 409 when there is one, else 404); creates make
//! an item from the example (or a schema instance), the path's parent item, and the body, with
//! a fresh id and timestamps; any body field that names another collection's item
//! (`account_id`) must name one that exists. `behaviour.yaml` rules apply on top.

use passport_paas_spec::Status;
use passport_paas_spec::instances::{Deviations, Generator, uuid};
use serde_json::{Value, json};

use crate::Shared;
use crate::behaviour::{Context, fill, get, set};
use crate::list::{Listing, page};
use crate::plan::Plan;
use crate::reply::{Answer, error, now_text};
use crate::store::{Item, Store};
use passport_paas_spec::Role;

/// The parts of a request an answer reads.
pub(crate) struct Incoming<'a> {
    pub captures: &'a std::collections::BTreeMap<String, String>,
    pub query: &'a [(String, String)],
    pub body: &'a Value,
}

/// The first of `preferred` the operation documents, else `fallback`.
fn documented(plan: &Plan, preferred: &[u16], fallback: u16) -> u16 {
    preferred
        .iter()
        .copied()
        .find(|code| plan.documented.contains(&Status::Code(*code)))
        .unwrap_or(fallback)
}

fn not_found(plan: &Plan, message: String) -> Answer {
    error(documented(plan, &[404], 400), 5, message)
}

/// A collection's name as a word in a message (`QrCode` → `qr code`).
fn noun(collection: &str) -> String {
    heck::ToSnakeCase::to_snake_case(collection).replace('_', " ")
}

pub(crate) fn answer(
    shared: &Shared,
    operation_id: &str,
    plan: &Plan,
    incoming: &Incoming<'_>,
) -> Answer {
    let mut store = shared.store.lock().unwrap_or_else(|e| e.into_inner());
    if plan.rules.issue_token {
        return crate::tokens::issue(shared, &mut store, plan, incoming.body);
    }
    let now = now_text();
    let context = Context {
        id: None,
        now: &now,
        body: incoming.body,
        required: &[],
    };
    let mut required = Vec::with_capacity(plan.rules.require.len());
    for requirement in &plan.rules.require {
        let wanted: Vec<(&str, Value)> = requirement
            .matches
            .iter()
            .map(|(path, value)| (path.as_str(), fill(value, &context)))
            .collect();
        let found = store.live(&requirement.collection).find(|item| {
            wanted
                .iter()
                .all(|(path, value)| get(&item.value, path) == Some(value))
        });
        if let Some(item) = found {
            required.push(item.value.clone());
        } else {
            return not_found(
                plan,
                format!("no {} matches the request", noun(&requirement.collection)),
            );
        }
    }
    let own = match &plan.kind {
        Role::List { collection }
        | Role::Get { collection, .. }
        | Role::Update { collection, .. }
        | Role::Delete { collection, .. }
        | Role::Create { collection, .. } => Some(collection.as_str()),
        Role::Other => None,
    };
    if let Some(answer) = check_references(shared, &store, own, plan, incoming.body) {
        return answer;
    }
    let target = plan.rules.target.as_ref().map(|t| fill(t, &context));
    match (&plan.kind, target) {
        (Role::Create { collection, .. }, Some(id)) => {
            let id = crate::store::id_text(&id).unwrap_or_default();
            update(
                shared,
                &mut store,
                plan,
                collection,
                &id,
                incoming.body,
                false,
            )
        }
        (Role::List { collection }, _) => {
            let Some(pagination) = shared
                .spec
                .api
                .operation(operation_id)
                .and_then(|o| o.pagination.clone())
            else {
                return (plan.status, plan.example.clone());
            };
            let meta = &shared.collections[collection];
            let fields = item_fields(shared, &meta.schema);
            let listing = Listing {
                query: incoming.query,
                fields: &fields,
                id_alias: meta
                    .id_param
                    .as_deref()
                    .map(|param| (param, meta.id_property.as_str())),
                default_page_size: shared.config.default_page_size,
                require_snapshot: shared.config.require_snapshot,
            };
            match page(&mut store, collection, &pagination, &listing) {
                Ok(body) => (plan.status, Some(body)),
                Err((status, message)) => error(status, 3, message),
            }
        }
        (Role::Get { collection, param }, _) => {
            let id = incoming.captures.get(param).cloned().unwrap_or_default();
            let id_property = &shared.collections[collection].id_property;
            match store.find_mut(collection, id_property, &id) {
                Some(item) => (plan.status, Some(item.value.clone())),
                None => not_found(plan, format!("{} {id} not found", noun(collection))),
            }
        }
        (Role::Update { collection, param }, _) => {
            let id = incoming.captures.get(param).cloned().unwrap_or_default();
            let operation = shared.spec.api.operation(operation_id);
            match operation
                .filter(|o| o.method == "put")
                .and_then(|o| o.body.as_ref())
            {
                // `PUT` replaces: what the body's schema can set and the body leaves out goes.
                Some(body) => {
                    let mut edits = incoming.body.clone();
                    if let Some(object) = edits.as_object_mut() {
                        for name in top_fields(shared, &body.schema) {
                            object.entry(name).or_insert(Value::Null);
                        }
                    }
                    update(shared, &mut store, plan, collection, &id, &edits, true)
                }
                None => update(
                    shared,
                    &mut store,
                    plan,
                    collection,
                    &id,
                    incoming.body,
                    false,
                ),
            }
        }
        (Role::Delete { collection, param }, _) => {
            let id = incoming.captures.get(param).cloned().unwrap_or_default();
            let id_property = shared.collections[collection].id_property.clone();
            match store.position(collection, &id_property, &id) {
                None => not_found(plan, format!("{} {id} not found", noun(collection))),
                Some(index) => {
                    let items = store.collections.get_mut(collection).expect("found");
                    if items[index].deleted {
                        let status = documented(plan, &[409], documented(plan, &[404], 400));
                        return error(
                            status,
                            9,
                            format!("{} {id} is already deleted", noun(collection)),
                        );
                    }
                    items[index].deleted = true;
                    store.revoked_ids.insert(id);
                    (plan.status, None)
                }
            }
        }
        (Role::Create { collection, parent }, None) => {
            let parent_item = parent.as_ref().and_then(|(parent_collection, param)| {
                let id = incoming.captures.get(param)?;
                let id_property = &shared.collections.get(parent_collection)?.id_property;
                Some(
                    store
                        .find_mut(parent_collection, id_property, id)?
                        .value
                        .clone(),
                )
            });
            if let (Some((parent_collection, param)), None) = (parent, &parent_item) {
                let id = incoming.captures.get(param).cloned().unwrap_or_default();
                return not_found(plan, format!("{} {id} not found", noun(parent_collection)));
            }
            create(
                shared,
                &mut store,
                plan,
                collection,
                parent_item.as_ref(),
                incoming.body,
                &required,
            )
        }
        (Role::Other, _) => example(shared, plan),
    }
}

/// The top-level property names of a schema.
fn top_fields(shared: &Shared, schema: &Value) -> Vec<String> {
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
fn item_fields(shared: &Shared, schema: &Value) -> std::collections::BTreeSet<String> {
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

/// A body field named like another collection's item parameter (`account_id`) must name an
/// item that exists.
fn check_references(
    shared: &Shared,
    store: &Store,
    own: Option<&str>,
    plan: &Plan,
    body: &Value,
) -> Option<Answer> {
    for (field, value) in body.as_object().into_iter().flatten() {
        let Some(id) = value.as_str() else {
            continue;
        };
        let Some((name, collection)) = shared
            .collections
            .iter()
            .find(|(name, c)| c.id_param.as_deref() == Some(field) && Some(name.as_str()) != own)
        else {
            continue;
        };
        let exists = store.live(name).any(|item| {
            item.value
                .get(&collection.id_property)
                .and_then(Value::as_str)
                == Some(id)
        });
        if !exists {
            return Some(not_found(plan, format!("no {} {id}", noun(name))));
        }
    }
    None
}

/// The success answer from the example, or an instance of the response schema.
fn example(shared: &Shared, plan: &Plan) -> Answer {
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

/// Copies the body's fields the item's schema has onto the item: with `replace` (a create's
/// or a `PUT`'s body) each field as given, else (`PATCH`) objects and maps merged.
fn overlay(shared: &Shared, schema: &Value, item: &mut Value, body: &Value, replace: bool) {
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
fn conform(shared: &Shared, plan: &Plan, item: Value, fallback: Value) -> Value {
    if plan.schema.is_null() || shared.validators.validate(&plan.schema, &item).is_ok() {
        item
    } else {
        fallback
    }
}

fn apply_rules(plan: &Plan, item: &mut Value, context: &Context<'_>) {
    for (path, value) in &plan.rules.set {
        set(item, path, fill(value, context));
    }
}

fn create(
    shared: &Shared,
    store: &mut Store,
    plan: &Plan,
    collection: &str,
    parent: Option<&Value>,
    body: &Value,
    required: &[Value],
) -> Answer {
    let Some(meta) = shared.collections.get(collection) else {
        return example(shared, plan);
    };
    let mut base = match &plan.example {
        Some(example @ Value::Object(_)) => example.clone(),
        _ => Generator::new(shared.spec.root(), store.rng.u64(..), Deviations::default())
            .complete()
            .instance(&meta.schema),
    };
    let id = uuid(&mut store.rng);
    let now = now_text();
    for stamp in ["created_at", "updated_at"] {
        if base.get(stamp).is_some() {
            set(&mut base, stamp, json!(now));
        }
    }
    if shared
        .spec
        .resolver()
        .schema(&meta.schema)
        .pointer(&format!("/properties/{}", meta.id_property))
        .is_some()
    {
        set(&mut base, &meta.id_property, json!(id));
    }
    let fallback = base.clone();
    let mut item = base;
    if let Some(parent) = parent {
        // What the path's item knows and the new item has a place for (`key`, `owner`, …).
        let mut inherited = parent.clone();
        if let Some(object) = inherited.as_object_mut() {
            for skip in [
                "id",
                &meta.id_property,
                "created_at",
                "updated_at",
                "status",
                "type",
            ] {
                object.remove(skip);
            }
        }
        overlay(shared, &meta.schema, &mut item, &inherited, false);
    }
    overlay(shared, &meta.schema, &mut item, body, true);
    let context = Context {
        id: Some(&id),
        now: &now,
        body,
        required,
    };
    apply_rules(plan, &mut item, &context);
    let item = conform(shared, plan, item, fallback);
    store.push(collection, item.clone());
    let answer = (!plan.schema.is_null()).then(|| item.clone());
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
            set(&mut extra, stamp, json!(now));
        }
        for (path, value) in sets {
            set(&mut extra, path, fill(value, &context));
        }
        store.push(other, extra);
    }
    (plan.status, answer)
}

fn update(
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
    for (path, wanted) in &plan.rules.when {
        if get(value, path) != Some(wanted) {
            let status = documented(plan, &[409, 422], 400);
            return error(
                status,
                9,
                format!(
                    "{} {id} is not in the state this needs ({path} {wanted})",
                    noun(collection)
                ),
            );
        }
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
