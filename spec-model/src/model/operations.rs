//! The operation table: every operation of the spec, reduced to what the tools act on.
//!
//! Path-level parameters are merged with the operation's own (the operation wins), references
//! are followed, the JSON media type is picked the way a client would pick it, security is
//! reduced to "needs credentials or not", and list operations that follow the API's
//! pagination convention are recognised (see [`Pagination`]). Schemas stay as written (with
//! their `$ref`s), so validators and diffs can point back into the document.

use serde_json::{Map, Value};

use super::names::{Case, sanitize};
use super::pagination::{Offer, Pagination};
use super::resolve::Resolver;
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

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

impl Location {
    /// The `in` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => Location::Header,
            "cookie" => Location::Cookie,
            _ => return None,
        })
    }
}

/// One parameter.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// The wire name.
    pub name: String,
    /// Where it travels.
    pub location: Location,
    /// Whether it must be given.
    pub required: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `description`.
    pub description: Option<String>,
    /// Its schema as written (`Null` when it has none).
    pub schema: Value,
    /// The example the parameter or its schema gives.
    pub example: Option<Value>,
    /// The generated builder setter.
    pub rust_name: String,
    /// JSON pointer of the parameter object (the reference, when it is one).
    pub pointer: String,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    /// Whether it must be sent.
    pub required: bool,
    /// The media type the client sends.
    pub media_type: String,
    /// Its schema as written.
    pub schema: Value,
    /// Examples of the media type (and of the schema).
    pub examples: Vec<Example>,
    /// `description`.
    pub description: Option<String>,
    /// JSON pointer of the media type object.
    pub pointer: String,
}

/// One example value.
#[derive(Clone, Debug)]
pub struct Example {
    /// Its name under `examples`, if it has one.
    pub name: Option<String>,
    /// The value.
    pub value: Value,
    /// JSON pointer of the value.
    pub pointer: String,
}

/// A response status key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// An exact status.
    Code(u16),
    /// `2XX` and friends: the hundreds digit.
    Range(u16),
    /// `default`.
    Default,
}

impl Status {
    fn parse(key: &str) -> Option<Self> {
        if key == "default" {
            return Some(Status::Default);
        }
        if let Ok(code) = key.parse::<u16>() {
            return Some(Status::Code(code));
        }
        let bytes = key.as_bytes();
        if bytes.len() == 3 && bytes[1..].eq_ignore_ascii_case(b"xx") {
            return (bytes[0] as char)
                .to_digit(10)
                .map(|digit| Status::Range(digit as u16));
        }
        None
    }

    /// Whether `code` falls under this key.
    pub fn matches(self, code: u16) -> bool {
        match self {
            Status::Code(own) => own == code,
            Status::Range(hundreds) => code / 100 == hundreds,
            Status::Default => true,
        }
    }

    /// Whether this key only covers successes.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(hundreds) => hundreds == 2,
            Status::Default => false,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(hundreds) => write!(f, "{hundreds}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// One documented response.
#[derive(Clone, Debug)]
pub struct Response {
    /// The status key.
    pub status: Status,
    /// `description`.
    pub description: Option<String>,
    /// The body, when the response has one.
    pub content: Option<Content>,
    /// Documented headers: (name, required, schema).
    pub headers: Vec<(String, bool, Value)>,
    /// JSON pointer of the response (the reference, when it is one).
    pub pointer: String,
}

/// A response body.
#[derive(Clone, Debug)]
pub struct Content {
    /// The media type (the JSON one when there are several).
    pub media_type: String,
    /// Its schema as written, `Null` when there is none.
    pub schema: Value,
    /// Examples.
    pub examples: Vec<Example>,
    /// JSON pointer of the media type object.
    pub pointer: String,
}

impl Content {
    /// Whether the body is JSON to a JSON client: a JSON media type or a wildcard.
    pub fn is_json(&self) -> bool {
        reads_as_json(&self.media_type)
    }
}

/// Whether a JSON client reads a body of this media type as JSON: a JSON media type (any
/// parameters, any case) or a wildcard.
pub fn reads_as_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    is_json_essence(&essence) || matches!(essence.as_str(), "*/*" | "application/*")
}

/// Whether a call carries credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `security: []` (or none declared anywhere): sent without credentials.
    None,
    /// One of the requirements is `{}`: credentials are optional.
    Optional,
    /// The named schemes.
    Required(Vec<String>),
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
    let parameters = read_parameters(resolver, item, operation, item_pointer, &pointer);
    let body = operation.get("requestBody").and_then(|body| {
        let at = format!("{pointer}/requestBody");
        let (body, at) = resolver.follow_at(body, &at).ok()?;
        let (media_type, media, media_at) = json_media(body.get("content")?, &at)?;
        Some(Body {
            required: body.get("required") == Some(&Value::Bool(true)),
            media_type,
            schema: media.get("schema").cloned().unwrap_or(Value::Null),
            examples: examples_of(resolver, media, &media_at),
            description: body
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            pointer: media_at,
        })
    });
    let responses = read_responses(resolver, operation, &pointer);
    let security = operation.get("security").or(root_security);
    let mut operation = Operation {
        rust_name: sanitize(&id, Case::Snake),
        type_name: sanitize(&id, Case::Pascal),
        id,
        id_declared: declared.is_some(),
        method: (*method).to_owned(),
        path: path.to_owned(),
        pointer,
        tags: operation
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|tag| tag.as_str().map(str::to_owned))
            .collect(),
        summary: text("summary"),
        description: text("description"),
        deprecated: operation.get("deprecated") == Some(&Value::Bool(true)),
        parameters,
        body,
        responses,
        auth: auth(security),
        pagination: None,
    };
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
    (operation, item_properties)
}

fn read_parameters(
    resolver: &Resolver<'_>,
    item: &Value,
    operation: &Value,
    item_pointer: &str,
    pointer: &str,
) -> Vec<Parameter> {
    let mut found: Vec<Parameter> = Vec::new();
    for (base, list) in [
        (item_pointer, item.get("parameters")),
        (pointer, operation.get("parameters")),
    ] {
        for (index, parameter) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = format!("{base}/parameters/{index}");
            let Ok(parameter) = resolver.follow(parameter) else {
                continue;
            };
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            let Some(location) = parameter
                .get("in")
                .and_then(Value::as_str)
                .and_then(Location::parse)
            else {
                continue;
            };
            let schema = parameter.get("schema").cloned().unwrap_or_else(|| {
                // `content` instead of `schema`: the media type's schema.
                parameter
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|content| content.values().next())
                    .and_then(|media| media.get("schema"))
                    .cloned()
                    .unwrap_or(Value::Null)
            });
            let example = parameter
                .get("example")
                .or_else(|| {
                    parameter
                        .get("examples")
                        .and_then(Value::as_object)
                        .and_then(|e| e.values().next())
                        .map(|e| resolver.follow_or_null(e))
                        .and_then(|e| e.get("value"))
                })
                .or_else(|| resolver.follow_or_null(&schema).get("example"))
                .cloned();
            let parameter = Parameter {
                name: name.to_owned(),
                location,
                required: location == Location::Path
                    || parameter.get("required") == Some(&Value::Bool(true)),
                deprecated: parameter.get("deprecated") == Some(&Value::Bool(true)),
                description: parameter
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                schema,
                example,
                rust_name: sanitize(name, Case::Snake),
                pointer: at,
            };
            // An operation's parameter replaces a path-level one of the same name and place.
            found.retain(|p| !(p.name == parameter.name && p.location == parameter.location));
            found.push(parameter);
        }
    }
    found
}

fn read_responses(resolver: &Resolver<'_>, operation: &Value, pointer: &str) -> Vec<Response> {
    let mut responses = Vec::new();
    for (key, response) in operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(status) = Status::parse(key) else {
            continue;
        };
        let at = format!("{pointer}/responses/{}", escape(key));
        let Ok((response, target_at)) = resolver.follow_at(response, &at) else {
            continue;
        };
        let content = response
            .get("content")
            .and_then(|content| json_media(content, &target_at))
            .map(|(media_type, media, media_at)| Content {
                media_type,
                schema: media.get("schema").cloned().unwrap_or(Value::Null),
                examples: examples_of(resolver, media, &media_at),
                pointer: media_at,
            });
        let headers = response
            .get("headers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, header)| {
                let header = resolver.follow_or_null(header);
                (
                    name.clone(),
                    header.get("required") == Some(&Value::Bool(true)),
                    header.get("schema").cloned().unwrap_or(Value::Null),
                )
            })
            .collect();
        responses.push(Response {
            status,
            description: response
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            content,
            headers,
            pointer: at,
        });
    }
    responses
}

/// The media type a JSON client reads or sends: `application/json`, then a JSON variant
/// (`application/json; charset=utf-8`, `application/problem+json`), then a wildcard, then the
/// first one listed. Returns (media type, media object, its pointer).
pub fn json_media<'a>(content: &'a Value, at: &str) -> Option<(String, &'a Value, String)> {
    let content = content.as_object()?;
    let pick = |predicate: &dyn Fn(&str) -> bool| {
        content
            .iter()
            .find(|(media_type, _)| predicate(&essence(media_type)))
    };
    let (media_type, media) = pick(&|m| m == "application/json")
        .or_else(|| pick(&is_json_essence))
        .or_else(|| pick(&|m| m == "*/*" || m == "application/*"))
        .or_else(|| content.iter().next())?;
    Some((
        media_type.clone(),
        media,
        format!("{at}/content/{}", escape(media_type)),
    ))
}

/// A media type without parameters, lower-cased (`application/json; charset=utf-8` →
/// `application/json`).
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type essence is JSON (`application/json`, `…+json`).
pub fn is_json_essence(essence: &str) -> bool {
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The examples of a media type object, and the schema's own `example`.
fn examples_of(resolver: &Resolver<'_>, media: &Value, at: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    if let Some(value) = media.get("example") {
        examples.push(Example {
            name: None,
            value: value.clone(),
            pointer: format!("{at}/example"),
        });
    }
    for (name, example) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let example_at = format!("{at}/examples/{}", escape(name));
        if let Ok((example, target_at)) = resolver.follow_at(example, &example_at)
            && let Some(value) = example.get("value")
        {
            examples.push(Example {
                name: Some(name.clone()),
                value: value.clone(),
                pointer: format!("{target_at}/value"),
            });
        }
    }
    examples
}

fn auth(security: Option<&Value>) -> Auth {
    let Some(requirements) = security.and_then(Value::as_array) else {
        return Auth::None;
    };
    if requirements.is_empty() {
        return Auth::None;
    }
    if requirements
        .iter()
        .any(|r| r.as_object().is_some_and(Map::is_empty))
    {
        return Auth::Optional;
    }
    let mut schemes: Vec<String> = requirements
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|r| r.keys().cloned())
        .collect();
    schemes.dedup();
    Auth::Required(schemes)
}
