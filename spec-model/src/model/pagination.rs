//! The API's pagination convention, recognised once: every wire name a walker, a mock or a
//! table needs is read here and carried in [`Pagination`], so no other crate spells one.
//!
//! A list operation follows the convention when it is a GET whose query takes a page number
//! (`…page_number`) and whose success body holds a `pagination_info` object (with
//! `total_pages` and `current_page`) next to exactly one array. The page size, the snapshot
//! parameters (`…first_request_timestamp.seconds` / `.nanos`), the ordering parameters
//! (`…order_key` / `…order_direction`) and the info's `total_elements` and
//! `first_request_timestamp` are optional parts of it.

use serde_json::Value;

use super::resolve::Resolver;

/// What an operation offers the convention: its method, its query parameters (wire name and
/// schema as written) and its success body's schema.
pub(super) struct Offer<'a> {
    /// The HTTP method, lowercase.
    pub method: &'a str,
    /// The query parameters: wire name and schema.
    pub query: Vec<(&'a str, &'a Value)>,
    /// The first success response's body schema, when it has one.
    pub success: Option<&'a Value>,
}

impl Offer<'_> {
    /// The query parameter whose wire name is `suffix` or ends in `.suffix`.
    fn query(&self, suffix: &str) -> Option<(&str, &Value)> {
        self.query
            .iter()
            .find(|(name, _)| *name == suffix || name.ends_with(&format!(".{suffix}")))
            .map(|(name, schema)| (*name, *schema))
    }
}

/// The API's pagination convention, as one list operation follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// The page number parameter.
    pub page_number: String,
    /// The page size parameter, if any.
    pub page_size: Option<String>,
    /// The snapshot parameters (seconds, nanos), when the operation takes them.
    pub snapshot: Option<(String, String)>,
    /// The ordering parameters, when the operation takes them.
    pub order: Option<Ordering>,
    /// The property holding the pagination state.
    pub info_property: String,
    /// The fields of the pagination state.
    pub info: PageFields,
    /// The property holding the items.
    pub items_property: String,
    /// The item schema as written.
    pub item_schema: Value,
    /// The item property that identifies an item, when one does.
    pub item_id: Option<String>,
}

/// The wire names inside the pagination state (`pagination_info`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageFields {
    /// The number of pages.
    pub total_pages: String,
    /// The number of the page this is.
    pub current_page: String,
    /// The number of items in all pages, when the state carries it.
    pub total_elements: Option<String>,
    /// The instant the walk reads, handed out on page 1, when the state carries it.
    pub snapshot: Option<String>,
}

/// How a list is ordered: its key and direction parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ordering {
    /// The parameter naming the item field to sort by.
    pub key: String,
    /// The parameter giving the direction, when there is one.
    pub direction: Option<String>,
    /// The direction value that means descending (from the parameter's enum), when one does.
    pub descending: Option<String>,
}

impl Pagination {
    /// The query parameters the walk itself sets (page, size, snapshot, order): never filters.
    pub fn control_parameters(&self) -> Vec<&str> {
        let mut names = vec![self.page_number.as_str()];
        names.extend(self.page_size.as_deref());
        if let Some((seconds, nanos)) = &self.snapshot {
            names.extend([seconds.as_str(), nanos.as_str()]);
        }
        if let Some(order) = &self.order {
            names.push(&order.key);
            names.extend(order.direction.as_deref());
        }
        names
    }
}

/// Recognises the pagination convention; also returns the item's property names.
pub(super) fn detect(
    resolver: &Resolver<'_>,
    offer: &Offer<'_>,
) -> Option<(Pagination, Vec<String>)> {
    if offer.method != "get" {
        return None;
    }
    let name = |suffix: &str| offer.query(suffix).map(|(name, _)| name.to_owned());
    let page_number = name("page_number")?;
    let body = resolver.schema(offer.success?);
    let properties = body.get("properties")?.as_object()?;
    let info_property = "pagination_info".to_owned();
    let info = page_fields(resolver, properties.get(&info_property)?)?;
    let arrays: Vec<(&String, Value)> = properties
        .iter()
        .filter(|(name, _)| **name != info_property)
        .map(|(name, schema)| (name, resolver.schema(schema)))
        .filter(|(_, schema)| schema.get("type").and_then(Value::as_str) == Some("array"))
        .collect();
    let [(items_property, items)] = arrays.as_slice() else {
        return None;
    };
    let item_schema = items.get("items").cloned().unwrap_or(Value::Null);
    let item_properties = resolver
        .schema(&item_schema)
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let snapshot =
        name("first_request_timestamp.seconds").zip(name("first_request_timestamp.nanos"));
    Some((
        Pagination {
            page_number,
            page_size: name("page_size"),
            snapshot,
            order: ordering(resolver, offer),
            info_property,
            info,
            items_property: (*items_property).clone(),
            item_schema,
            item_id: None,
        },
        item_properties,
    ))
}

/// The fields of the pagination state, when it has the two the convention needs.
fn page_fields(resolver: &Resolver<'_>, schema: &Value) -> Option<PageFields> {
    let info = resolver.schema(schema);
    let fields = info.get("properties")?.as_object()?;
    let field = |name: &str| fields.contains_key(name).then(|| name.to_owned());
    Some(PageFields {
        total_pages: field("total_pages")?,
        current_page: field("current_page")?,
        total_elements: field("total_elements"),
        snapshot: field("first_request_timestamp"),
    })
}

/// The ordering parameters, with the direction value that means descending.
fn ordering(resolver: &Resolver<'_>, offer: &Offer<'_>) -> Option<Ordering> {
    let (key, _) = offer.query("order_key")?;
    let direction = offer.query("order_direction");
    let descending = direction.and_then(|(_, schema)| {
        resolver
            .schema(schema)
            .get("enum")?
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .find(|value| value.to_ascii_lowercase().starts_with("desc"))
            .map(str::to_owned)
    });
    Some(Ordering {
        key: key.to_owned(),
        direction: direction.map(|(name, _)| name.to_owned()),
        descending,
    })
}

#[cfg(test)]
mod tests {
    use crate::Spec;

    const PROJECT: &str = include_str!("../../../openapi/passport-paas.yaml");

    #[test]
    fn every_wire_name_of_the_project_convention_is_carried() {
        let spec = Spec::parse(PROJECT).expect("the project's spec loads");
        let list = spec
            .api
            .operations
            .iter()
            .find(|o| o.id == "listPayments")
            .and_then(|o| o.pagination.clone())
            .expect("listPayments follows the convention");
        assert_eq!(
            list.info.snapshot.as_deref(),
            Some("first_request_timestamp")
        );
        assert_eq!(list.info.total_elements.as_deref(), Some("total_elements"));
        let order = list.order.clone().expect("listPayments can be ordered");
        assert_eq!(order.key, "order_params.order_key");
        assert_eq!(order.descending.as_deref(), Some("DESC"));
        let control = list.control_parameters();
        assert!(
            control.contains(&"order_params.order_direction"),
            "{control:?}"
        );
        assert!(control.contains(&list.page_number.as_str()), "{control:?}");
    }

    #[test]
    fn a_state_without_the_page_count_is_not_the_convention() {
        // The shared state schema's property (indented as a property of a component).
        let property = "\n        total_pages:\n";
        assert!(PROJECT.contains(property));
        let text = PROJECT.replacen(property, "\n        page_count:\n", 1);
        let spec = Spec::parse(&text).expect("still a spec");
        assert!(spec.api.operations.iter().all(|o| o.pagination.is_none()));
    }
}
