//! Answering one validated request from its operation's plan and the store.
//!
//! Lists page through their collection; gets and deletes find the item the path names (a
//! repeated delete gets the documented 409 when there is one, else 404); creates and updates
//! are `create.rs`'s and `update.rs`'s; any body field that names another collection's item
//! (`account_id`) must name one that exists. `behaviour.yaml` rules apply on top: the items a
//! request `require`s, the `target` an operation updates, the token it issues.

use std::collections::BTreeMap;

use passport_paas_spec::Role;
use serde_json::Value;

use crate::Shared;
use crate::behaviour::{Context, fill, get};
use crate::create::{self, create_under};
use crate::list::{Listing, page};
use crate::plan::Plan;
use crate::refuse::{documented, not_found, noun};
use crate::reply::{Answer, error, now_text};
use crate::shape::{example, item_fields};
use crate::store::{Store, id_text};
use crate::update::{edit, update};

/// The parts of a request an answer reads.
pub(crate) struct Incoming<'a> {
    pub captures: &'a BTreeMap<String, String>,
    pub query: &'a [(String, String)],
    pub body: &'a Value,
}

impl Incoming<'_> {
    /// What the path parameter `param` captured ("" when nothing).
    fn captured(&self, param: &str) -> String {
        self.captures.get(param).cloned().unwrap_or_default()
    }
}

/// The answer to a request of `operation_id`, by its plan's role.
pub(crate) fn answer(
    shared: &Shared,
    operation_id: &str,
    plan: &Plan,
    incoming: &Incoming<'_>,
) -> Answer {
    let mut store = shared.store.lock().unwrap_or_else(|e| e.into_inner());
    let store = &mut *store;
    if plan.rules.issue_token {
        return crate::tokens::issue(shared, store, plan, incoming.body);
    }
    let now = now_text();
    let context = Context {
        id: None,
        now: &now,
        body: incoming.body,
        required: &[],
    };
    let required = match required_items(store, plan, &context) {
        Ok(required) => required,
        Err(refusal) => return refusal,
    };
    if let Some(refusal) = check_references(shared, store, plan, incoming.body) {
        return refusal;
    }
    let target = plan.rules.target.as_ref().map(|t| fill(t, &context));
    match (&plan.kind, target) {
        (Role::Create { collection, .. }, Some(id)) => {
            let id = id_text(&id).unwrap_or_default();
            update(shared, store, plan, collection, &id, incoming.body, false)
        }
        (Role::List { collection }, _) => list(
            shared,
            store,
            operation_id,
            plan,
            collection,
            incoming.query,
        ),
        (Role::Get { collection, param }, _) => {
            get_item(shared, store, plan, collection, &incoming.captured(param))
        }
        (Role::Update { collection, param }, _) => {
            let id = incoming.captured(param);
            edit(
                shared,
                store,
                operation_id,
                plan,
                collection,
                &id,
                incoming.body,
            )
        }
        (Role::Delete { collection, param }, _) => {
            delete(shared, store, plan, collection, incoming.captured(param))
        }
        (Role::Create { collection, parent }, None) => {
            let request = create::Request {
                captures: incoming.captures,
                body: incoming.body,
                required: &required,
            };
            create_under(shared, store, plan, collection, parent.as_ref(), &request)
        }
        (Role::Other, _) => example(shared, plan),
    }
}

/// The items the plan's `require` rules ask for, in order; a 404 for the first missing.
fn required_items(store: &Store, plan: &Plan, context: &Context<'_>) -> Result<Vec<Value>, Answer> {
    let mut required = Vec::with_capacity(plan.rules.require.len());
    for requirement in &plan.rules.require {
        let wanted: Vec<(&str, Value)> = requirement
            .matches
            .iter()
            .map(|(path, value)| (path.as_str(), fill(value, context)))
            .collect();
        let found = store.live(&requirement.collection).find(|item| {
            wanted
                .iter()
                .all(|(path, value)| get(&item.value, path) == Some(value))
        });
        match found {
            Some(item) => required.push(item.value.clone()),
            None => {
                let message = format!("no {} matches the request", noun(&requirement.collection));
                return Err(not_found(plan, message));
            }
        }
    }
    Ok(required)
}

/// The collection the operation itself works on, if any.
fn own_collection(plan: &Plan) -> Option<&str> {
    match &plan.kind {
        Role::List { collection }
        | Role::Get { collection, .. }
        | Role::Update { collection, .. }
        | Role::Delete { collection, .. }
        | Role::Create { collection, .. } => Some(collection.as_str()),
        Role::Other => None,
    }
}

/// A body field named like another collection's item parameter (`account_id`) must name an
/// item that exists.
fn check_references(shared: &Shared, store: &Store, plan: &Plan, body: &Value) -> Option<Answer> {
    let own = own_collection(plan);
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
/// A page of `collection`, as the operation's pagination reads its query.
fn list(
    shared: &Shared,
    store: &mut Store,
    operation_id: &str,
    plan: &Plan,
    collection: &str,
    query: &[(String, String)],
) -> Answer {
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
        query,
        fields: &fields,
        id_alias: meta
            .id_param
            .as_deref()
            .map(|param| (param, meta.id_property.as_str())),
        default_page_size: shared.config.default_page_size,
        require_snapshot: shared.config.require_snapshot,
    };
    match page(store, collection, &pagination, &listing) {
        Ok(body) => (plan.status, Some(body)),
        Err((status, message)) => error(status, 3, message),
    }
}

/// Item `id` of `collection`, or a 404.
fn get_item(shared: &Shared, store: &mut Store, plan: &Plan, collection: &str, id: &str) -> Answer {
    let id_property = &shared.collections[collection].id_property;
    match store.find_mut(collection, id_property, id) {
        Some(item) => (plan.status, Some(item.value.clone())),
        None => not_found(plan, format!("{} {id} not found", noun(collection))),
    }
}

/// Marks item `id` of `collection` deleted (and revokes it, for tokens); a 404 for an
/// unknown item, the documented 409 (else 404) for one already deleted.
fn delete(shared: &Shared, store: &mut Store, plan: &Plan, collection: &str, id: String) -> Answer {
    let id_property = &shared.collections[collection].id_property;
    let Some(index) = store.position(collection, id_property, &id) else {
        return not_found(plan, format!("{} {id} not found", noun(collection)));
    };
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
