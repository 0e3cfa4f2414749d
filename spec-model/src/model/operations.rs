//! The operation table: every operation of the spec, reduced to what the tools act on.
//! This file builds the table; parameters, bodies, responses and security are read by their
//! own modules.
//!
//! Path-level parameters are merged with the operation's own (the operation wins), references
//! are followed, the JSON media type is picked the way a client would pick it, security is
//! reduced to "needs credentials or not", and list operations that follow the API's
//! pagination convention are recognised (see [`Pagination`]). Schemas stay as written (with
//! their `$ref`s), so validators and diffs can point back into the document.

use serde_json::Value;

use super::media::{Body, read_body};
use super::names::{Case, sanitize};
use super::pagination::{Offer, Pagination};
use super::parameters::{Location, Parameter, read_parameters};
use super::resolve::Resolver;
use super::responses::{Response, Status, read_responses};
use super::security::{Auth, auth};
use super::source::escape;

/// HTTP methods an OpenAPI path item may hold, in the order the table lists them.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of one document, in document order.
#[derive(Clone, Debug, Default)]
pub struct Api {
    /// The operations.
    pub operations: Vec<Operation>,
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The `operationId`, or `method_path` made up when it has none.
    pub id: String,
    /// Whether the document gives an `operationId`.
    pub id_declared: bool,
    /// The generated method (`list_tokens`), as progenitor names it.
    pub rust_name: String,
    /// The generated builder type (`ListTokens`).
    pub type_name: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path, query, header and cookie parameters (path-level ones merged in).
    pub parameters: Vec<Parameter>,
    /// The request body, when there is one.
    pub body: Option<Body>,
    /// Responses in document order.
    pub responses: Vec<Response>,
    /// Whether a call sends credentials.
    pub auth: Auth,
    /// How the operation pages, when it follows the pagination convention.
    pub pagination: Option<Pagination>,
}

impl Operation {
    /// The documented response for `code`: the exact status, then its range, then `default`.
    pub fn response_for(&self, code: u16) -> Option<&Response> {
        let find =
            |wanted: &dyn Fn(Status) -> bool| self.responses.iter().find(|r| wanted(r.status));
        find(&|s| s == Status::Code(code))
            .or_else(|| find(&|s| matches!(s, Status::Range(_)) && s.matches(code)))
            .or_else(|| find(&|s| s == Status::Default))
    }
}

impl Api {
    /// The operation table of `root`.
    pub fn new(root: &Value) -> Self {
        let resolver = Resolver::new(root);
        let mut operations = Vec::new();
        let root_security = root.get("security");
        for (path, item) in root
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let item_pointer = format!("/paths/{}", escape(path));
            let item = resolver.follow_or_null(item);
            for method in METHODS {
                let Some(operation) = item.get(*method).filter(|o| o.is_object()) else {
                    continue;
                };
                let pointer = format!("{item_pointer}/{method}");
                operations.push(read_operation(
                    &resolver,
                    Site {
                        path,
                        method,
                        pointer,
                        item_pointer: &item_pointer,
                    },
                    item,
                    operation,
                    root_security,
                ));
            }
        }
        identify_items(&mut operations);
        Self {
            operations: operations.into_iter().map(|(o, _)| o).collect(),
        }
    }

    /// The operation with this id.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// The operation progenitor names `rust_name` (e.g. `list_tokens`).
    pub fn by_rust_name(&self, rust_name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.rust_name == rust_name)
    }
}

/// Names the item id of each list: the path parameter of the sibling get-by-id path
/// (`/v1/keys` → `/v1/keys/{key_id}` → `key_id`) when the item has that property, else `id`.
fn identify_items(operations: &mut [(Operation, Vec<String>)]) {
    let item_paths: Vec<(String, String)> = operations
        .iter()
        .filter(|(o, _)| o.method == "get")
        .filter_map(|(o, _)| {
            let (parent, last) = o.path.rsplit_once('/')?;
            let name = last.strip_prefix('{')?.strip_suffix('}')?;
            Some((parent.to_owned(), name.to_owned()))
        })
        .collect();
    for (operation, item_properties) in operations.iter_mut() {
        let path = operation.path.clone();
        let Some(pagination) = operation.pagination.as_mut() else {
            continue;
        };
        let has = |name: &str| item_properties.iter().any(|p| p == name);
        let sibling = item_paths
            .iter()
            .find(|(parent, name)| *parent == path && has(name))
            .map(|(_, name)| name.clone());
        pagination.item_id = sibling.or_else(|| has("id").then(|| "id".to_owned()));
    }
}

/// Where an operation sits.
struct Site<'a> {
    path: &'a str,
    method: &'a str,
    pointer: String,
    item_pointer: &'a str,
}

/// One operation, and the property names of its list items when it pages (for
/// [`identify_items`]).
fn read_operation(
    resolver: &Resolver<'_>,
    site: Site<'_>,
    item: &Value,
    operation: &Value,
    root_security: Option<&Value>,
) -> (Operation, Vec<String>) {
    let Site {
        path,
        method,
        pointer,
        item_pointer,
    } = site;
    let declared = operation.get("operationId").and_then(Value::as_str);
    let id = declared.map_or_else(
        || sanitize(&format!("{method} {path}"), Case::Snake),
        str::to_owned,
    );
    let text = |key: &str| {
        operation
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let security = operation.get("security").or(root_security);
    let mut read = Operation {
        rust_name: sanitize(&id, Case::Snake),
        type_name: sanitize(&id, Case::Pascal),
        id,
        id_declared: declared.is_some(),
        method: (*method).to_owned(),
        path: path.to_owned(),
        tags: tags_of(operation),
        summary: text("summary"),
        description: text("description"),
        deprecated: operation.get("deprecated") == Some(&Value::Bool(true)),
        parameters: read_parameters(resolver, item, operation, item_pointer, &pointer),
        body: read_body(resolver, operation, &pointer),
        responses: read_responses(resolver, operation, &pointer),
        pointer,
        auth: auth(security),
        pagination: None,
    };
    let item_properties = detect_pagination(resolver, &mut read);
    (read, item_properties)
}

/// An operation's tags (the strings among them).
fn tags_of(operation: &Value) -> Vec<String> {
    operation
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|tag| tag.as_str().map(str::to_owned))
        .collect()
}

/// Sets the operation's pagination when it follows the convention, and returns the property
/// names of its list items (empty when it does not page).
fn detect_pagination(resolver: &Resolver<'_>, operation: &mut Operation) -> Vec<String> {
    let offer = Offer {
        method: &operation.method,
        query: operation
            .parameters
            .iter()
            .filter(|p| p.location == Location::Query)
            .map(|p| (p.name.as_str(), &p.schema))
            .collect(),
        success: operation
            .responses
            .iter()
            .find(|r| r.status.is_success())
            .and_then(|r| r.content.as_ref())
            .map(|c| &c.schema),
    };
    let detected = super::pagination::detect(resolver, &offer);
    let (pagination, item_properties) = match detected {
        Some((pagination, properties)) => (Some(pagination), properties),
        None => (None, Vec::new()),
    };
    operation.pagination = pagination;
    item_properties
}
