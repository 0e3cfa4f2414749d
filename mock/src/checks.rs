//! Validating a request against its operation: every parameter (path, query, header) and the
//! body, against the spec's schemas, with the spec's one validator.
//!
//! Parameter text is read as the schema's type first (`"5"` is the integer 5 for an integer
//! parameter, repeated or comma-separated values form an array), then validated; a query
//! parameter the operation does not declare, a missing required one, or a body that does not
//! parse or match is a 400 naming the problem. Bodies are read under their documented media
//! type (`media`): one the operation does not take is a 415.

use std::collections::BTreeMap;

use passport_paas_spec::validate::describe;
use passport_paas_spec::{Location, Operation, Parameter};
use serde_json::Value;

use crate::Shared;
use crate::reply::{Answer, error};

/// The request, as far as checking goes.
pub(crate) struct Parts<'a> {
    pub captures: &'a BTreeMap<String, String>,
    pub query: &'a [(String, String)],
    pub headers: &'a axum::http::HeaderMap,
    pub body: &'a [u8],
}

/// Checks the request; returns the body as JSON (`Null` when there is none).
pub(crate) fn check(
    shared: &Shared,
    operation: &Operation,
    parts: &Parts<'_>,
) -> Result<Value, Answer> {
    for (name, _) in parts.query {
        if !operation
            .parameters
            .iter()
            .any(|p| p.location == Location::Query && p.name == *name)
        {
            return Err(error(400, 3, format!("unknown query parameter {name:?}")));
        }
    }
    for parameter in &operation.parameters {
        let values: Vec<String> = match parameter.location {
            Location::Query => parts
                .query
                .iter()
                .filter(|(n, _)| *n == parameter.name)
                .map(|(_, v)| v.clone())
                .collect(),
            Location::Path => parts
                .captures
                .get(&parameter.name)
                .cloned()
                .into_iter()
                .collect(),
            Location::Header => parts
                .headers
                .get_all(parameter.name.as_str())
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect(),
            Location::Cookie => continue,
        };
        if values.is_empty() {
            if parameter.required {
                return Err(error(
                    400,
                    3,
                    format!(
                        "missing required {} parameter {:?}",
                        parameter.location.as_str(),
                        parameter.name
                    ),
                ));
            }
            continue;
        }
        let typed = typed(shared, parameter, &values)
            .map_err(|reason| error(400, 3, format!("invalid {}: {reason}", parameter.name)))?;
        if let Err(violations) = shared.validators.validate(&parameter.schema, &typed) {
            return Err(error(
                400,
                3,
                format!("invalid {}: {}", parameter.name, describe(&violations)),
            ));
        }
    }
    let Some(body) = &operation.body else {
        return Ok(Value::Null);
    };
    if parts.body.iter().all(u8::is_ascii_whitespace) {
        return if body.required {
            Err(error(400, 3, "the request body is required"))
        } else {
            Ok(Value::Null)
        };
    }
    let content_type = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    crate::media::read(shared, body, content_type, parts.body)
}

/// Parameter text as the JSON value its schema's type says.
fn typed(shared: &Shared, parameter: &Parameter, values: &[String]) -> Result<Value, String> {
    // Keywords read from the borrowed effective schemas: no copy of them per request.
    let resolver = shared.spec.resolver();
    let schema = resolver.effective(&parameter.schema);
    let kind = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string");
    if kind == "array" {
        let item_kind = schema
            .get("items")
            .map(|items| resolver.effective(items))
            .and_then(|items| items.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("string");
        let parts: Vec<&str> = if values.len() == 1 {
            values[0].split(',').collect()
        } else {
            values.iter().map(String::as_str).collect()
        };
        return parts
            .into_iter()
            .map(|part| crate::media::scalar(item_kind, part))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    if values.len() > 1 {
        return Err("given more than once".into());
    }
    crate::media::scalar(kind, &values[0])
}
