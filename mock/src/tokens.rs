//! The token behaviour the docs demand: client credentials in, an access token out.
//!
//! The operation `behaviour.yaml` marks `issue_token` checks the credentials against the
//! configured ones (401 otherwise), mints an access token the mock then accepts until it
//! expires or its token item is revoked, lists that token in the token collection, and
//! answers with an instance of the documented response carrying the token.

use chrono::{DateTime, Utc};
use passport_paas_spec::Role;
use passport_paas_spec::instances::{Deviations, Generator, uuid};
use serde_json::{Value, json};

use crate::Shared;
use crate::behaviour::set;
use crate::plan::Plan;
use crate::reply::{Answer, error, now_text, provider_error};
use crate::store::{Issued, Store};

/// Issues an access token.
pub(crate) fn issue(shared: &Shared, store: &mut Store, plan: &Plan, body: &Value) -> Answer {
    crate::stats::count_token_request(&shared.stats);
    let (Some(id), Some(secret)) = (
        body.get("client_id").and_then(Value::as_str),
        body.get("client_secret").and_then(Value::as_str),
    ) else {
        return error(400, 3, "client_id and client_secret are required");
    };
    if !known_client(shared, id, secret) {
        return provider_error(401, "UNAUTHENTICATED", "invalid client credentials");
    }
    let facts = mint(shared, store);
    list_token(shared, store, &facts);
    let mut answer = match &plan.example {
        Some(example @ Value::Object(_)) => example.clone(),
        _ => Generator::new(
            shared.spec.root(),
            shared.config.seed,
            Deviations::default(),
        )
        .complete()
        .instance(&plan.schema),
    };
    fill_known(&mut answer, &facts);
    (plan.status, Some(answer))
}

/// Whether (`id`, `secret`) are configured client credentials.
fn known_client(shared: &Shared, id: &str, secret: &str) -> bool {
    shared
        .config
        .client_credentials
        .iter()
        .any(|(i, s)| i == id && s == secret)
}

/// Mints an access token the store then accepts, and returns what is known of it.
fn mint(shared: &Shared, store: &mut Store) -> Value {
    let access_token = format!(
        "mock-access-{:016x}{:016x}",
        store.rng.u64(..),
        store.rng.u64(..)
    );
    let lifetime = shared.config.issued_token_lifetime;
    let token_id = uuid(&mut store.rng);
    let created = now_text();
    let expires = expiry(lifetime);
    store.remember_issued(
        access_token.clone(),
        Issued {
            expires,
            token_id: token_id.clone(),
        },
    );
    json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "token_id": token_id,
        "created_at": created,
        "expires_at": expires.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        "grant_flow": "GRANT_FLOW_CLIENT_CREDENTIALS",
    })
}

/// When a token issued now with `lifetime` seconds expires: any configured lifetime, however
/// extreme, capped (at the last instant an RFC 3339 timestamp can write: year 9999), never
/// overflowing.
fn expiry(lifetime: i64) -> DateTime<Utc> {
    let latest = DateTime::from_timestamp(253_402_300_799, 0).unwrap_or_default();
    chrono::Duration::try_seconds(lifetime)
        .and_then(|d| Utc::now().checked_add_signed(d))
        .map_or(
            if lifetime > 0 {
                latest
            } else {
                DateTime::UNIX_EPOCH
            },
            |t| t.clamp(DateTime::UNIX_EPOCH, latest),
        )
}

/// The token's own entry in the token listing (the collection `getToken` reads).
fn list_token(shared: &Shared, store: &mut Store, facts: &Value) {
    let token_collection = shared.plans.values().find_map(|p| match &p.kind {
        Role::Get { collection, param } if param == "token_id" => Some(collection.clone()),
        _ => None,
    });
    if let Some(collection) = token_collection
        && let Some(meta) = shared.collections.get(&collection)
    {
        let mut item = Generator::new(shared.spec.root(), store.rng.u64(..), Deviations::default())
            .complete()
            .instance(&meta.schema);
        fill_known(&mut item, facts);
        store.push(&collection, item);
    }
}

/// Sets each fact the value already has a field for.
fn fill_known(value: &mut Value, facts: &Value) {
    for (name, fact) in facts.as_object().into_iter().flatten() {
        if value.get(name).is_some() {
            set(value, name, fact.clone());
        }
    }
}
