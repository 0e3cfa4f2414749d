//! The mock's state: items by collection, snapshots handed out, issued access tokens.
//!
//! Items are kept in creation order (so the default order needs no sort) with their
//! `created_at` parsed once. A deleted item stays as a tombstone: it is invisible, and a
//! second delete can be told from a delete of something that never existed.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::Value;

/// One stored item.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub value: Value,
    pub created: Option<DateTime<Utc>>,
    pub deleted: bool,
}

/// An access token the mock issued.
#[derive(Clone, Debug)]
pub(crate) struct Issued {
    pub expires: DateTime<Utc>,
    /// The id of the token item listed for it, so that revoking that item revokes the token.
    pub token_id: String,
}

/// Everything the mock remembers.
#[derive(Debug)]
pub(crate) struct Store {
    pub collections: BTreeMap<String, Vec<Item>>,
    /// Snapshot instants handed out as `first_request_timestamp`, by (seconds, nanos).
    pub snapshots: HashMap<(i64, i64), DateTime<Utc>>,
    pub issued: HashMap<String, Issued>,
    pub revoked_ids: HashSet<String>,
    pub rng: fastrand::Rng,
}

/// The most snapshot instants remembered: the oldest go first (a walk that outlives this many
/// newer walks still reads its instant, which its timestamp itself gives).
pub(crate) const MAX_SNAPSHOTS: usize = 256;
/// The most issued access tokens remembered: expired ones go first, then the soonest to expire.
pub(crate) const MAX_ISSUED: usize = 1024;

/// `created_at` of an item, when it has a readable one.
pub(crate) fn created_at(value: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value.get("created_at")?.as_str()?)
        .ok()
        .map(|t| t.to_utc())
}

/// The text form of an id value (ids are strings, but a number is an id too).
pub(crate) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

impl Store {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            collections: BTreeMap::new(),
            snapshots: HashMap::new(),
            issued: HashMap::new(),
            revoked_ids: HashSet::new(),
            rng: fastrand::Rng::with_seed(seed ^ 0x5eed),
        }
    }

    /// Adds items, keeping the collection in creation order.
    pub(crate) fn extend(&mut self, collection: &str, values: impl IntoIterator<Item = Value>) {
        let items = self.collections.entry(collection.to_owned()).or_default();
        items.extend(values.into_iter().map(|value| Item {
            created: created_at(&value),
            value,
            deleted: false,
        }));
        items.sort_by_key(|item| item.created);
    }

    /// Appends one new item (created now: it sorts last).
    pub(crate) fn push(&mut self, collection: &str, value: Value) {
        let items = self.collections.entry(collection.to_owned()).or_default();
        items.push(Item {
            created: created_at(&value),
            value,
            deleted: false,
        });
    }

    /// The position of the item whose `id_property` is `id`, deleted ones included.
    pub(crate) fn position(&self, collection: &str, id_property: &str, id: &str) -> Option<usize> {
        self.collections
            .get(collection)?
            .iter()
            .position(|item| item.value.get(id_property).and_then(id_text).as_deref() == Some(id))
    }

    /// The live item whose `id_property` is `id`.
    pub(crate) fn find_mut(
        &mut self,
        collection: &str,
        id_property: &str,
        id: &str,
    ) -> Option<&mut Item> {
        let index = self.position(collection, id_property, id)?;
        self.collections
            .get_mut(collection)?
            .get_mut(index)
            .filter(|item| !item.deleted)
    }

    /// Live items of a collection.
    pub(crate) fn live(&self, collection: &str) -> impl Iterator<Item = &Item> {
        self.collections
            .get(collection)
            .into_iter()
            .flatten()
            .filter(|item| !item.deleted)
    }

    /// Remembers a snapshot instant handed out, forgetting the oldest past [`MAX_SNAPSHOTS`].
    pub(crate) fn remember_snapshot(&mut self, key: (i64, i64), at: DateTime<Utc>) {
        self.snapshots.insert(key, at);
        while self.snapshots.len() > MAX_SNAPSHOTS {
            let Some(oldest) = self
                .snapshots
                .iter()
                .min_by_key(|(_, at)| **at)
                .map(|(k, _)| *k)
            else {
                break;
            };
            self.snapshots.remove(&oldest);
        }
    }

    /// Remembers an issued token; forgets expired ones, then the soonest to expire past
    /// [`MAX_ISSUED`].
    pub(crate) fn remember_issued(&mut self, token: String, issued: Issued) {
        self.issued.insert(token, issued);
        if self.issued.len() > MAX_ISSUED {
            let now = Utc::now();
            self.issued.retain(|_, issued| issued.expires > now);
        }
        while self.issued.len() > MAX_ISSUED {
            let Some(soonest) = self
                .issued
                .iter()
                .min_by_key(|(_, issued)| issued.expires)
                .map(|(token, _)| token.clone())
            else {
                break;
            };
            self.issued.remove(&soonest);
        }
    }

    /// Whether `token` was issued here, is not expired and was not revoked.
    pub(crate) fn accepts_issued(&self, token: &str) -> bool {
        self.issued.get(token).is_some_and(|issued| {
            issued.expires > Utc::now() && !self.revoked_ids.contains(&issued.token_id)
        })
    }
}

/// The version of the state format [`Store::export`] writes.
const STATE_VERSION: u64 = 1;

fn time_text(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
}

fn parse_time(value: Option<&Value>, what: &str) -> Result<DateTime<Utc>, String> {
    value
        .and_then(Value::as_str)
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|time| time.to_utc())
        .ok_or_else(|| format!("{what} is not an RFC 3339 time"))
}

impl Store {
    /// Everything the store remembers, as JSON: collections (items in order, with their
    /// deleted flags), snapshots, issued tokens, revoked ids and the random state.
    pub(crate) fn export(&self) -> Value {
        let collections: serde_json::Map<String, Value> = self
            .collections
            .iter()
            .map(|(name, items)| {
                let items = items
                    .iter()
                    .map(|item| serde_json::json!({ "value": item.value, "deleted": item.deleted }))
                    .collect();
                (name.clone(), Value::Array(items))
            })
            .collect();
        let mut snapshots: Vec<Value> = self
            .snapshots
            .iter()
            .map(|((seconds, nanos), at)| serde_json::json!([seconds, nanos, time_text(at)]))
            .collect();
        snapshots.sort_by_key(|s| (s[0].as_i64(), s[1].as_i64()));
        let mut issued: Vec<Value> = self
            .issued
            .iter()
            .map(|(token, issued)| {
                serde_json::json!({
                    "access_token": token,
                    "expires": time_text(&issued.expires),
                    "token_id": issued.token_id,
                })
            })
            .collect();
        issued.sort_by(|a, b| a["access_token"].as_str().cmp(&b["access_token"].as_str()));
        let mut revoked: Vec<&String> = self.revoked_ids.iter().collect();
        revoked.sort();
        serde_json::json!({
            "version": STATE_VERSION,
            "collections": collections,
            "snapshots": snapshots,
            "issued": issued,
            "revoked_ids": revoked,
            "rng": self.rng.get_seed(),
        })
    }

    /// A store holding what [`Store::export`] wrote.
    pub(crate) fn import(state: &Value) -> Result<Self, String> {
        if state.get("version").and_then(Value::as_u64) != Some(STATE_VERSION) {
            return Err(format!("the state is not of version {STATE_VERSION}"));
        }
        let seed = state
            .get("rng")
            .and_then(Value::as_u64)
            .ok_or("the state has no `rng`")?;
        let mut store = Store {
            collections: BTreeMap::new(),
            snapshots: HashMap::new(),
            issued: HashMap::new(),
            revoked_ids: HashSet::new(),
            rng: fastrand::Rng::with_seed(seed),
        };
        let list = |key: &str| {
            state
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        };
        for (name, items) in state
            .get("collections")
            .and_then(Value::as_object)
            .ok_or("the state has no `collections` object")?
        {
            let items = items
                .as_array()
                .ok_or_else(|| format!("collection {name:?} is not an array"))?;
            let mut kept = Vec::with_capacity(items.len());
            for item in items {
                let value = item
                    .get("value")
                    .filter(|value| value.is_object())
                    .cloned()
                    .ok_or_else(|| format!("an item of {name:?} has no `value` object"))?;
                let deleted = match item.get("deleted") {
                    None => false,
                    Some(Value::Bool(flag)) => *flag,
                    Some(_) => {
                        return Err(format!("an item of {name:?} has a non-boolean `deleted`"));
                    }
                };
                kept.push(Item {
                    created: created_at(&value),
                    deleted,
                    value,
                });
            }
            store.collections.insert(name.clone(), kept);
        }
        for snapshot in list("snapshots") {
            let key = (
                snapshot.get(0).and_then(Value::as_i64),
                snapshot.get(1).and_then(Value::as_i64),
            );
            let (Some(seconds), Some(nanos)) = key else {
                return Err("a snapshot is not [seconds, nanos, time]".into());
            };
            let at = parse_time(snapshot.get(2), "a snapshot's time")?;
            store.remember_snapshot((seconds, nanos), at);
        }
        for issued in list("issued") {
            let token = issued.get("access_token").and_then(Value::as_str);
            let token_id = issued.get("token_id").and_then(Value::as_str);
            let (Some(token), Some(token_id)) = (token, token_id) else {
                return Err("an issued token lacks `access_token` or `token_id`".into());
            };
            let expires = parse_time(issued.get("expires"), "an issued token's expiry")?;
            let token_id = token_id.to_owned();
            store.remember_issued(token.to_owned(), Issued { expires, token_id });
        }
        for id in list("revoked_ids") {
            let id = id.as_str().ok_or("a revoked id is not a string")?;
            store.revoked_ids.insert(id.to_owned());
        }
        Ok(store)
    }
}
