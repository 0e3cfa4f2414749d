//! The API's resources, read from the operation table: which operations list, get, create,
//! update or delete the items of which collection.
//!
//! A *collection* is named after the component its items are (`Customer`, `Key`, …). Each
//! operation is classified by its shape: a paginated list of a collection, a get, update or
//! delete of one item (`…/{id}`), an action on one item (`…/{id}/activate`, an update), a
//! create (a `POST` answering an item), or anything else. The mock serves state from this, and
//! the conformance harness walks each resource's lifecycle with it.

use std::collections::BTreeMap;

use serde_json::Value;

use super::operations::{Api, Operation};
use super::resolve::Resolver;
use super::responses::Response;

/// What an operation does to a collection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// A paginated list of a collection.
    List {
        /// The collection.
        collection: String,
    },
    /// One item, by the path parameter.
    Get {
        /// The collection.
        collection: String,
        /// The path parameter naming the item.
        param: String,
    },
    /// Changes one item, by the path parameter.
    Update {
        /// The collection.
        collection: String,
        /// The path parameter naming the item.
        param: String,
    },
    /// Removes one item, by the path parameter.
    Delete {
        /// The collection.
        collection: String,
        /// The path parameter naming the item.
        param: String,
    },
    /// Makes a new item of a collection, from the body (and the item the path names).
    Create {
        /// The collection.
        collection: String,
        /// (collection, path parameter) of the item the path names, if any.
        parent: Option<(String, String)>,
    },
    /// None of the above.
    Other,
}

/// A collection: its item schema and which property identifies an item.
#[derive(Clone, Debug)]
pub struct Collection {
    /// `{"$ref": "#/components/schemas/<name>"}`.
    pub schema: Value,
    /// The item property holding its id (`id`, `token_id`, …).
    pub id_property: String,
    /// The path parameter that names an item (`customer_id`), when a path does.
    pub id_param: Option<String>,
}

/// Every operation's role, and the collections they act on.
#[derive(Clone, Debug, Default)]
pub struct Resources {
    /// Operation id → role.
    pub roles: BTreeMap<String, Role>,
    /// Collection name → collection.
    pub collections: BTreeMap<String, Collection>,
}

/// The collection name of a schema: the component it refers to (through single-member
/// `allOf` wrappers), or `None` for an inline schema.
pub fn component_of(resolver: &Resolver<'_>, schema: &Value) -> Option<String> {
    let mut current = schema;
    for _ in 0..8 {
        if let Some(reference) = Resolver::reference(current) {
            let name = reference.strip_prefix("#/components/schemas/")?;
            // Follow an alias component to the one it names.
            match resolver.target(reference).ok() {
                Some(target) if Resolver::reference(target).is_some() => current = target,
                _ => return Some(name.to_owned()),
            }
        } else if let Some([single]) = current
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            current = single;
        } else {
            return None;
        }
    }
    None
}

/// The first success response.
pub fn success(operation: &Operation) -> Option<&Response> {
    operation.responses.iter().find(|r| r.status.is_success())
}

/// The trailing `{param}` of a path, if it ends in one.
fn trailing_param(path: &str) -> Option<&str> {
    path.rsplit('/')
        .next()?
        .strip_prefix('{')?
        .strip_suffix('}')
}

/// The collection whose get-by-id path takes `param`.
fn by_param(items: &BTreeMap<String, (String, String)>, param: &str) -> Option<(String, String)> {
    items.values().find(|(_, p)| p == param).cloned()
}

impl Resources {
    /// Reads the resources of `api`.
    pub fn new(api: &Api, resolver: &Resolver<'_>) -> Self {
        classify(api, resolver)
    }
}

/// Classifies every operation of `api` and notes the collections they act on.
fn classify(api: &Api, resolver: &Resolver<'_>) -> Resources {
    let by_item_path = item_paths(api, resolver);
    let mut collections: BTreeMap<String, Collection> = BTreeMap::new();
    for (name, param) in by_item_path.values() {
        note(&mut collections, resolver, name, Some(param));
    }
    let mut roles = BTreeMap::new();
    for operation in &api.operations {
        let role = role_of(operation, resolver, &by_item_path, &mut collections);
        roles.insert(operation.id.clone(), role);
    }
    Resources { roles, collections }
}

/// Which collection each get-by-id path serves: `/v1/keys/{key_id}` → (Key, key_id).
fn item_paths(api: &Api, resolver: &Resolver<'_>) -> BTreeMap<String, (String, String)> {
    let mut by_item_path = BTreeMap::new();
    for operation in api.operations.iter().filter(|o| o.method == "get") {
        if let (Some(param), Some(schema)) = (
            trailing_param(&operation.path),
            success(operation)
                .and_then(|r| r.content.as_ref())
                .map(|c| &c.schema),
        ) && let Some(name) = component_of(resolver, schema)
        {
            by_item_path.insert(operation.path.clone(), (name, param.to_owned()));
        }
    }
    by_item_path
}

/// Records collection `name` (named by path parameter `param`, when one does) and picks the
/// property that identifies its items: the parameter when the item has it, else `id`, else
/// the first required `…_id`.
fn note(
    collections: &mut BTreeMap<String, Collection>,
    resolver: &Resolver<'_>,
    name: &str,
    param: Option<&str>,
) {
    let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
    let properties = resolver.schema(&schema);
    let has = |p: &str| properties.pointer(&format!("/properties/{p}")).is_some();
    let entry = collections
        .entry(name.to_owned())
        .or_insert_with(|| Collection {
            id_property: "id".into(),
            id_param: None,
            schema: schema.clone(),
        });
    if let Some(param) = param {
        entry.id_param = Some(param.to_owned());
        if has(param) {
            entry.id_property = param.to_owned();
        }
    }
    if !has(&entry.id_property)
        && let Some(required) = properties.get("required").and_then(Value::as_array)
        && let Some(id) = required
            .iter()
            .filter_map(Value::as_str)
            .find(|r| r.ends_with("_id"))
    {
        entry.id_property = id.to_owned();
    }
}

/// The role of one operation; the collections a list or a create names are noted.
fn role_of(
    operation: &Operation,
    resolver: &Resolver<'_>,
    by_item_path: &BTreeMap<String, (String, String)>,
    collections: &mut BTreeMap<String, Collection>,
) -> Role {
    if let Some(pagination) = &operation.pagination {
        return match component_of(resolver, &pagination.item_schema) {
            Some(collection) => {
                note(collections, resolver, &collection, None);
                Role::List { collection }
            }
            None => Role::Other,
        };
    }
    let schema = success(operation)
        .and_then(|r| r.content.as_ref())
        .map_or(Value::Null, |c| c.schema.clone());
    let returns = component_of(resolver, &schema);
    let own_item = own_item(operation, by_item_path);
    let parent = if own_item.is_some() {
        None
    } else {
        parent_item(operation, by_item_path)
    };
    match (operation.method.as_str(), own_item, parent, returns) {
        ("get", Some((collection, param)), _, _) => Role::Get { collection, param },
        ("delete", Some((collection, param)), _, _) => Role::Delete { collection, param },
        ("put" | "patch", Some((collection, param)), _, Some(r)) if r == collection => {
            Role::Update { collection, param }
        }
        ("post" | "put" | "patch", None, Some((collection, param)), Some(r)) if r == collection => {
            Role::Update { collection, param }
        }
        ("post" | "put", None, parent, Some(collection)) => {
            note(collections, resolver, &collection, None);
            Role::Create { collection, parent }
        }
        _ => Role::Other,
    }
}

/// The item the path ends with (`/v1/keys/{key_id}`), by the get at the same path or,
/// failing that, by the parameter's name (`/v1/recipients/{recipient_id}`).
fn own_item(
    operation: &Operation,
    by_item_path: &BTreeMap<String, (String, String)>,
) -> Option<(String, String)> {
    by_item_path.get(&operation.path).cloned().or_else(|| {
        let param = trailing_param(&operation.path)?;
        by_param(by_item_path, param)
    })
}

/// The item a longer path names: `/v1/keys/{key_id}/activate` → (Key, key_id).
fn parent_item(
    operation: &Operation,
    by_item_path: &BTreeMap<String, (String, String)>,
) -> Option<(String, String)> {
    operation
        .path
        .split('/')
        .rev()
        .find_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .and_then(|param| by_param(by_item_path, param))
}
