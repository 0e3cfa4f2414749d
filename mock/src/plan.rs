//! What the mock does for each operation, derived from the operation table.
//!
//! Resources are *collections* named after the component their items are (`Customer`, `Key`,
//! …). Each operation is classified by its shape: a paginated list of a collection, a get,
//! update or delete of one item (`…/{id}`), an action on one item (`…/{id}/activate`), a
//! create (a `POST` answering an item), or anything else (answered from its example). The
//! behaviour file (`behaviour.yaml`) refines operations the shapes cannot say enough about.

use std::collections::BTreeMap;

use passport_paas_spec::{Api, Operation, Resolver, Status};
use serde_json::Value;

use crate::behaviour::Rules;

/// How the mock answers one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A paginated list of a collection.
    List { collection: String },
    /// One item, by the path parameter.
    Get { collection: String, param: String },
    /// Changes one item (body fields overlaid), by the path parameter.
    Update { collection: String, param: String },
    /// Removes one item, by the path parameter.
    Delete { collection: String, param: String },
    /// Makes a new item of a collection, from the body (and an item the path names).
    Create {
        collection: String,
        parent: Option<(String, String)>,
    },
    /// Answers the documented example (or an instance of the response schema).
    Example,
}

/// One operation's plan.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub kind: Kind,
    /// The success status and its response schema (`Null` without a body).
    pub status: u16,
    pub schema: Value,
    /// The first example of the success response.
    pub example: Option<Value>,
    /// Statuses the operation documents.
    pub documented: Vec<Status>,
    pub rules: Rules,
}

/// A collection: its item schema and which property identifies an item.
#[derive(Clone, Debug)]
pub(crate) struct Collection {
    pub schema: Value,
    pub id_property: String,
    /// The path parameter that names an item (`customer_id`), for references from bodies.
    pub id_param: Option<String>,
}

/// The collection name of a schema: the component it refers to (through single-member
/// `allOf` wrappers), or `None` for an inline schema.
pub(crate) fn component_of(resolver: &Resolver<'_>, schema: &Value) -> Option<String> {
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

fn success(operation: &Operation) -> Option<&passport_paas_spec::Response> {
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

/// Plans every operation; also returns the collections they use.
pub(crate) fn plan(
    api: &Api,
    resolver: &Resolver<'_>,
    rules: &BTreeMap<String, Rules>,
) -> (BTreeMap<String, Plan>, BTreeMap<String, Collection>) {
    // Which collection a get-by-id path serves: `/v1/keys/{key_id}` → (Key, key_id).
    let mut by_item_path: BTreeMap<String, (String, String)> = BTreeMap::new();
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
    let mut collections: BTreeMap<String, Collection> = BTreeMap::new();
    let mut note = |name: &str, param: Option<&str>| {
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
    };
    for (name, param) in by_item_path.values() {
        note(name, Some(param));
    }
    let mut plans = BTreeMap::new();
    for operation in &api.operations {
        let response = success(operation);
        let status = match response.map(|r| r.status) {
            Some(Status::Code(code)) => code,
            _ => 200,
        };
        let schema = response
            .and_then(|r| r.content.as_ref())
            .map_or(Value::Null, |c| c.schema.clone());
        let example = response
            .and_then(|r| r.content.as_ref())
            .and_then(|c| c.examples.first())
            .map(|e| e.value.clone());
        let returns = component_of(resolver, &schema);
        // The item the path ends with (`/v1/keys/{key_id}`), by the get at the same path or,
        // failing that, by the parameter's name (`/v1/recipients/{recipient_id}`).
        let own_item = by_item_path.get(&operation.path).cloned().or_else(|| {
            let param = trailing_param(&operation.path)?;
            by_param(&by_item_path, param)
        });
        // The item a longer path names: `/v1/keys/{key_id}/activate` → (Key, key_id).
        let parent = if own_item.is_some() {
            None
        } else {
            operation
                .path
                .split('/')
                .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
                .last()
                .and_then(|param| by_param(&by_item_path, param))
        };
        let kind = if let Some(pagination) = &operation.pagination {
            match component_of(resolver, &pagination.item_schema) {
                Some(collection) => {
                    note(&collection, None);
                    Kind::List { collection }
                }
                None => Kind::Example,
            }
        } else {
            match (operation.method.as_str(), own_item, parent, returns) {
                ("get", Some((collection, param)), _, _) => Kind::Get { collection, param },
                ("delete", Some((collection, param)), _, _) => Kind::Delete { collection, param },
                ("put" | "patch", Some((collection, param)), _, Some(r)) if r == collection => {
                    Kind::Update { collection, param }
                }
                ("post" | "put" | "patch", None, Some((collection, param)), Some(r))
                    if r == collection =>
                {
                    Kind::Update { collection, param }
                }
                ("post" | "put", None, parent, Some(collection)) => {
                    note(&collection, None);
                    Kind::Create { collection, parent }
                }
                _ => Kind::Example,
            }
        };
        let documented = operation.responses.iter().map(|r| r.status).collect();
        plans.insert(
            operation.id.clone(),
            Plan {
                kind,
                status,
                schema,
                example,
                documented,
                rules: rules.get(&operation.id).cloned().unwrap_or_default(),
            },
        );
    }
    (plans, collections)
}
