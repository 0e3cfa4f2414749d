//! What each operation answers: the mock's behaviour behind the spec's operation ids.
//!
//! `listTokens` pages, filters and orders the data set inside a consistent snapshot;
//! `createToken` issues access tokens from client credentials; `getToken` and `revokeToken`
//! read and revoke. An operation the mock has no behaviour for answers its spec example.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::server::Incoming;
use crate::spec::Operation;
use crate::{DataSet, MockConfig, Shared, count_token_request};

/// The mock's mutable state.
#[derive(Debug)]
pub(crate) struct Store {
    /// Kept in `created_at` order, so the default ordering needs no sort.
    tokens: Vec<Value>,
    /// `created_at` of each token, parsed once.
    created: Vec<Option<DateTime<Utc>>>,
    /// Snapshot instants handed out as `first_request_timestamp`, by (seconds, nanos).
    snapshots: HashMap<(i64, i64), DateTime<Utc>>,
    /// Access tokens issued through `createToken`, with their expiry.
    issued: HashMap<String, DateTime<Utc>>,
    revoked: HashSet<String>,
    rng: fastrand::Rng,
}

/// (status, body); `None` is an empty body.
type Answer = (u16, Option<Value>);

impl Store {
    pub(crate) fn new(data: DataSet, config: &MockConfig) -> Self {
        let mut tokens = data.tokens;
        tokens.sort_by_cached_key(created_at);
        let created = tokens.iter().map(created_at).collect();
        Self {
            tokens,
            created,
            snapshots: HashMap::new(),
            issued: HashMap::new(),
            revoked: HashSet::new(),
            rng: fastrand::Rng::with_seed(config.seed ^ 0x5eed),
        }
    }

    /// Whether `token` may call authenticated operations.
    pub(crate) fn accepts(&self, token: &str, config: &MockConfig) -> bool {
        config.tokens.iter().any(|t| t == token)
            || self
                .issued
                .get(token)
                .is_some_and(|expiry| *expiry > Utc::now())
    }
}

/// Operations callable without a bearer token.
pub(crate) fn is_public(operation_id: &str) -> bool {
    operation_id == "createToken"
}

pub(crate) fn answer(
    shared: &Shared,
    operation: &Operation,
    captures: &BTreeMap<String, String>,
    incoming: &Incoming,
) -> Answer {
    let mut store = shared.store.lock().expect("store lock");
    match operation.id.as_str() {
        "listTokens" => list_tokens(&mut store, &shared.config, &incoming.query),
        "createToken" => {
            count_token_request(&shared.stats);
            create_token(&mut store, &shared.config, &incoming.body)
        }
        "getToken" => match find_token(&store, captures) {
            Ok(index) => (200, Some(store.tokens[index].clone())),
            Err(answer) => answer,
        },
        "revokeToken" => revoke_token(&mut store, captures),
        _ => (operation.success_status, operation.success_example.clone()),
    }
}

fn error(status: u16, code: i64, message: impl Into<String>) -> Answer {
    (
        status,
        Some(json!({ "code": code, "message": message.into(), "details": [] })),
    )
}

fn list_tokens(store: &mut Store, config: &MockConfig, query: &[(String, String)]) -> Answer {
    let get = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let number = |name: &str, default: i64| {
        get(name)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(default)
    };
    let page_size =
        number("page_params.page_size", config.default_page_size as i64).max(1) as usize;
    let page_number = number("page_params.page_number", 1).max(1) as usize;
    let seconds = get("page_params.first_request_timestamp.seconds");
    let nanos = get("page_params.first_request_timestamp.nanos");
    let snapshot = if seconds.is_some() || nanos.is_some() {
        let key = (
            number("page_params.first_request_timestamp.seconds", 0),
            number("page_params.first_request_timestamp.nanos", 0),
        );
        // A timestamp this mock handed out reads that snapshot; any other valid one reads the
        // data as of that instant (the range was validated against the spec already).
        match store.snapshots.get(&key) {
            Some(instant) => *instant,
            None => DateTime::from_timestamp(key.0, key.1.clamp(0, 999_999_999) as u32)
                .unwrap_or_else(Utc::now),
        }
    } else if page_number > 1 && config.require_snapshot {
        return error(
            400,
            3,
            format!(
                "page {page_number} needs page_params.first_request_timestamp.seconds and .nanos from page 1's pagination_info"
            ),
        );
    } else {
        let now = Utc::now();
        let millis = now.timestamp_subsec_millis() as i64;
        let instant =
            DateTime::from_timestamp(now.timestamp(), (millis * 1_000_000) as u32).unwrap_or(now);
        store
            .snapshots
            .insert((instant.timestamp(), millis * 1_000_000), instant);
        instant
    };
    let mut tokens: Vec<&Value> = store
        .tokens
        .iter()
        .zip(&store.created)
        .filter(|(_, created)| created.is_none_or(|created| created <= snapshot))
        .map(|(token, _)| token)
        .filter(|token| {
            store.revoked.is_empty()
                || !store
                    .revoked
                    .contains(token["token_id"].as_str().unwrap_or_default())
        })
        .filter(|token| {
            ["account_id", "user_id", "grant_flow"]
                .iter()
                .all(|field| get(field).is_none_or(|want| token[*field].as_str() == Some(want)))
        })
        .filter(|token| {
            get("role").is_none_or(|role| {
                token["roles"]
                    .as_array()
                    .is_some_and(|roles| roles.iter().any(|r| r.as_str() == Some(role)))
            })
        })
        .collect();
    // Order keys are not documented: a key that is not a token field falls back to the
    // default order, as a lenient server would, rather than failing a schema-valid request.
    let order_key = get("order_params.order_key")
        .filter(|key| TOKEN_FIELDS.contains(key))
        .unwrap_or("created_at");
    if order_key != "created_at" {
        tokens.sort_by(|a, b| compare(&a[order_key], &b[order_key]));
    }
    if get("order_params.order_direction") == Some("DESC") {
        tokens.reverse();
    }
    let total = tokens.len();
    let total_pages = total.div_ceil(page_size);
    let page: Vec<Value> = tokens
        .into_iter()
        .skip((page_number - 1).saturating_mul(page_size))
        .take(page_size)
        .cloned()
        .collect();
    (
        200,
        Some(json!({
            "pagination_info": {
                "total_elements": total,
                "total_pages": total_pages,
                "current_page": page_number,
                "first_request_timestamp": snapshot.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            },
            "tokens": page,
        })),
    )
}

const TOKEN_FIELDS: &[&str] = &[
    "token_id",
    "created_at",
    "expires_at",
    "expires_in",
    "account_id",
    "user_id",
    "grant_flow",
];

fn created_at(token: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(token["created_at"].as_str()?)
        .ok()
        .map(|t| t.to_utc())
}

fn compare(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a
            .as_str()
            .unwrap_or_default()
            .cmp(b.as_str().unwrap_or_default()),
    }
}

fn create_token(store: &mut Store, config: &MockConfig, body: &[u8]) -> Answer {
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return error(400, 3, "the body is not a json object");
    };
    if request["grant_type"].as_str() != Some("client_credentials") {
        return error(400, 3, "grant_type must be client_credentials");
    }
    let (Some(id), Some(secret)) = (
        request["client_id"].as_str(),
        request["client_secret"].as_str(),
    ) else {
        return error(400, 3, "client_id and client_secret are required");
    };
    if !config
        .client_credentials
        .iter()
        .any(|(i, s)| i == id && s == secret)
    {
        return (
            401,
            Some(
                json!({ "message": "invalid client credentials", "code": "UNAUTHENTICATED", "http_code": 401 }),
            ),
        );
    }
    let access_token = format!(
        "mock-access-{:016x}{:016x}",
        store.rng.u64(..),
        store.rng.u64(..)
    );
    let now = Utc::now();
    store.issued.insert(
        access_token.clone(),
        now + chrono::Duration::seconds(config.issued_token_lifetime),
    );
    let token_id = crate::data::uuid_from(&mut store.rng);
    let created = now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let scopes = json!([
        "iam.oauth.tokens.list.get",
        "iam.oauth.tokens.get",
        "iam.oauth.tokens.delete"
    ]);
    store.tokens.push(json!({
        "token_id": token_id,
        "created_at": created,
        "expires_in": config.issued_token_lifetime,
        "scopes": scopes,
        "roles": ["admin"],
        "account_id": "acc_0000",
        "grant_flow": "GRANT_FLOW_CLIENT_CREDENTIALS",
    }));
    // Read back from the text (millisecond precision), as snapshots are.
    let created_instant = store.tokens.last().and_then(created_at);
    store.created.push(created_instant);
    (
        200,
        Some(json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": config.issued_token_lifetime,
            "token_id": token_id,
            "scopes": scopes,
            "roles": ["admin"],
            "account_id": "acc_0000",
            "created_at": created,
        })),
    )
}

fn find_token(store: &Store, captures: &BTreeMap<String, String>) -> Result<usize, Answer> {
    let id = captures
        .get("token_id")
        .map(String::as_str)
        .unwrap_or_default();
    if uuid_like(id).is_none() {
        return Err(error(
            400,
            3,
            format!("invalid token_id: {id:?} is not a uuid"),
        ));
    }
    store
        .tokens
        .iter()
        .position(|token| token["token_id"].as_str() == Some(id) && !store.revoked.contains(id))
        .ok_or_else(|| error(404, 5, format!("token {id} not found")))
}

fn uuid_like(id: &str) -> Option<()> {
    let groups: Vec<&str> = id.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    (lengths == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit())))
    .then_some(())
}

fn revoke_token(store: &mut Store, captures: &BTreeMap<String, String>) -> Answer {
    // The path's id is authoritative; the body repeats it (documented) and is not re-checked.
    let id = captures.get("token_id").cloned().unwrap_or_default();
    if store.revoked.contains(&id) {
        return error(409, 9, format!("token {id} is already revoked"));
    }
    match find_token(store, captures) {
        Ok(_) => {
            store.revoked.insert(id);
            (200, None)
        }
        Err(answer) => answer,
    }
}
