//! Parameters: where each travels, and the merge of path-level parameters with an
//! operation's own (the operation wins).

use serde_json::Value;

use super::names::{Case, sanitize};
use super::resolve::Resolver;

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

/// The parameters of an operation: the path item's (at `item_pointer`), then the
/// operation's own (at `pointer`), an operation's replacing a path-level one of the same
/// name and place.
pub(super) fn read_parameters(
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
            let Some(parameter) = read_parameter(resolver, parameter, at) else {
                continue;
            };
            found.retain(|p| !(p.name == parameter.name && p.location == parameter.location));
            found.push(parameter);
        }
    }
    found
}

/// One parameter object (or reference) at `at`; `None` when it does not resolve or lacks a
/// name or a known location.
fn read_parameter(resolver: &Resolver<'_>, parameter: &Value, at: String) -> Option<Parameter> {
    let parameter = resolver.follow(parameter).ok()?;
    let name = parameter.get("name").and_then(Value::as_str)?;
    let location = parameter
        .get("in")
        .and_then(Value::as_str)
        .and_then(Location::parse)?;
    let schema = schema_of(parameter);
    let example = example_of(resolver, parameter, &schema);
    Some(Parameter {
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
    })
}

/// A parameter's schema: `schema`, or with `content` instead, the media type's schema.
fn schema_of(parameter: &Value) -> Value {
    parameter.get("schema").cloned().unwrap_or_else(|| {
        parameter
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| content.values().next())
            .and_then(|media| media.get("schema"))
            .cloned()
            .unwrap_or(Value::Null)
    })
}

/// A parameter's example: its `example`, its first `examples` value, or its schema's.
fn example_of(resolver: &Resolver<'_>, parameter: &Value, schema: &Value) -> Option<Value> {
    parameter
        .get("example")
        .or_else(|| {
            parameter
                .get("examples")
                .and_then(Value::as_object)
                .and_then(|e| e.values().next())
                .map(|e| resolver.follow_or_null(e))
                .and_then(|e| e.get("value"))
        })
        .or_else(|| resolver.follow_or_null(schema).get("example"))
        .cloned()
}
