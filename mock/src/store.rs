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

    /// Whether `token` was issued here, is not expired and was not revoked.
    pub(crate) fn accepts_issued(&self, token: &str) -> bool {
        self.issued.get(token).is_some_and(|issued| {
            issued.expires > Utc::now() && !self.revoked_ids.contains(&issued.token_id)
        })
    }
}
