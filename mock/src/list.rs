//! Listing a collection the way the API's pagination convention describes: pages of a
//! consistent snapshot, filtered by the query's other parameters, in a chosen order.
//!
//! Page 1 hands out a `first_request_timestamp`; a later page that sends it back (the
//! operation's snapshot parameters) reads the collection as of that instant, so items created
//! in between do not shift the pages. A filter parameter matches the item property of the same
//! name, at the top or one object down (`key_type` matches `key.key_type`), or an array
//! property of the plural name (`role` matches an item whose `roles` holds it); a parameter
//! that names no field of the item schema is not a filter, and is ignored.

use chrono::{DateTime, Utc};
use passport_paas_spec::Pagination;
use serde_json::{Value, json};

use crate::store::{Item, Store};

/// A listing request, read from the query.
pub(crate) struct Listing<'a> {
    pub query: &'a [(String, String)],
    /// The collection's item parameter and id property (`qr_code_id` filters on `id`).
    pub id_alias: Option<(&'a str, &'a str)>,
    /// Field names the item schema has (top level, plural arrays, one object down): a query
    /// parameter named otherwise is not a filter and is ignored.
    pub fields: &'a std::collections::BTreeSet<String>,
    pub default_page_size: usize,
    pub require_snapshot: bool,
}

impl Listing<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn number(&self, name: Option<&str>, default: i64) -> i64 {
        name.and_then(|n| self.get(n))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(default)
    }
}

/// One page, or the (status, message) of a refusal.
pub(crate) fn page(
    store: &mut Store,
    collection: &str,
    pagination: &Pagination,
    listing: &Listing<'_>,
) -> Result<Value, (u16, String)> {
    let page_size = usize::try_from(listing.number(
        pagination.page_size.as_deref(),
        listing.default_page_size as i64,
    ))
    .unwrap_or(1)
    .max(1);
    let page_number = usize::try_from(listing.number(Some(&pagination.page_number), 1))
        .unwrap_or(1)
        .max(1);
    let snapshot = snapshot(store, pagination, listing, page_number)?;
    let control = pagination.control_parameters();
    let filters: Vec<(&str, &str)> = listing
        .query
        .iter()
        .filter(|(name, _)| !control.contains(&name.as_str()))
        .filter(|(name, _)| {
            let field = name.rsplit('.').next().unwrap_or(name);
            listing.fields.contains(field)
                || listing.fields.contains(&format!("{field}s"))
                || listing.id_alias.is_some_and(|(param, _)| param == name)
        })
        .map(|(n, v)| match listing.id_alias {
            Some((param, property)) if n == param => (property, v.as_str()),
            _ => (n.as_str(), v.as_str()),
        })
        .collect();
    let mut items: Vec<&Item> = store
        .live(collection)
        .filter(|item| item.created.is_none_or(|created| created <= snapshot))
        .filter(|item| {
            filters
                .iter()
                .all(|(name, want)| matches(&item.value, name, want))
        })
        .collect();
    order(&mut items, pagination, listing);
    let total = items.len();
    let total_pages = total.div_ceil(page_size);
    let page: Vec<Value> = items
        .into_iter()
        .skip((page_number - 1).saturating_mul(page_size))
        .take(page_size)
        .map(|item| item.value.clone())
        .collect();
    let fields = &pagination.info;
    let mut info = serde_json::Map::new();
    info.insert(fields.total_pages.clone(), json!(total_pages));
    info.insert(fields.current_page.clone(), json!(page_number));
    if let Some(name) = &fields.total_elements {
        info.insert(name.clone(), json!(total));
    }
    if let Some(name) = &fields.snapshot {
        let stamp = snapshot.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        info.insert(name.clone(), json!(stamp));
    }
    let mut body = serde_json::Map::new();
    body.insert(pagination.info_property.clone(), Value::Object(info));
    body.insert(pagination.items_property.clone(), Value::Array(page));
    Ok(Value::Object(body))
}

/// Sorts by the order key when items have that field, then reverses for the descending
/// direction. Order keys are not documented: a key that is no item field keeps creation order,
/// as a lenient server would, rather than failing a valid request.
fn order(items: &mut [&Item], pagination: &Pagination, listing: &Listing<'_>) {
    let Some(order) = &pagination.order else {
        return;
    };
    if let Some(key) = listing.get(&order.key)
        && items.iter().any(|item| item.value.get(key).is_some())
    {
        items.sort_by(|a, b| compare(&a.value[key], &b.value[key]));
    }
    let direction = order
        .direction
        .as_deref()
        .and_then(|name| listing.get(name));
    if direction.is_some() && direction == order.descending.as_deref() {
        items.reverse();
    }
}

/// The instant the page reads: the one page 1 handed out, any other valid one sent back, or
/// now (for page 1).
fn snapshot(
    store: &mut Store,
    pagination: &Pagination,
    listing: &Listing<'_>,
    page_number: usize,
) -> Result<DateTime<Utc>, (u16, String)> {
    let given = pagination
        .snapshot
        .as_ref()
        .filter(|(seconds, nanos)| listing.get(seconds).is_some() || listing.get(nanos).is_some());
    if let Some((seconds, nanos)) = given {
        let key = (
            listing.number(Some(seconds), 0),
            listing.number(Some(nanos), 0),
        );
        return Ok(match store.snapshots.get(&key) {
            Some(instant) => *instant,
            None => DateTime::from_timestamp(key.0, key.1.clamp(0, 999_999_999) as u32)
                .unwrap_or_else(Utc::now),
        });
    }
    if page_number > 1
        && listing.require_snapshot
        && let Some((seconds, nanos)) = pagination.snapshot.as_ref()
    {
        return Err((
            400,
            format!(
                "page {page_number} needs {seconds} and {nanos} from page 1's {}",
                pagination.info_property
            ),
        ));
    }
    let now = Utc::now();
    let millis = i64::from(now.timestamp_subsec_millis());
    let instant =
        DateTime::from_timestamp(now.timestamp(), (millis * 1_000_000) as u32).unwrap_or(now);
    store.remember_snapshot((instant.timestamp(), millis * 1_000_000), instant);
    Ok(instant)
}

/// Whether the item satisfies one filter.
fn matches(item: &Value, name: &str, want: &str) -> bool {
    let field = name.rsplit('.').next().unwrap_or(name);
    let equal = |value: &Value| match value {
        Value::String(text) => text == want,
        Value::Number(number) => number.to_string() == want,
        Value::Bool(flag) => flag.to_string() == want,
        _ => false,
    };
    if let Some(value) = item.get(field) {
        return equal(value);
    }
    if let Some(Value::Array(values)) = item.get(format!("{field}s")) {
        return values.iter().any(equal);
    }
    let nested: Vec<&Value> = item
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
        .filter_map(|v| v.get(field))
        .collect();
    if nested.is_empty() {
        // A filter on a field the items do not carry cannot match anything.
        return false;
    }
    nested.into_iter().any(equal)
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
