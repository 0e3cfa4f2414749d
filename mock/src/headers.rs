//! The response headers the spec documents for an answer's status, sent with it.
//!
//! Each documented header (`responses.<status>.headers`, `Content-Type` aside, which OpenAPI
//! says to ignore there) gets a value its schema allows: for an integer header on an answer
//! whose body is an array, the array's length (a count header counts what is sent); else a
//! seeded instance of the schema, as text (a string as itself, anything else as JSON). A value
//! no header can carry is left out rather than sent broken.

use axum::http::{HeaderName, HeaderValue};
use passport_paas_spec::Operation;
use passport_paas_spec::instances::{Deviations, Generator};
use serde_json::Value;

use crate::Shared;

/// The documented headers of `operation`'s answer with `status` and `body`.
pub(crate) fn documented(
    shared: &Shared,
    operation: &Operation,
    status: u16,
    body: Option<&Value>,
) -> Vec<(HeaderName, HeaderValue)> {
    let Some(response) = operation.response_for(status) else {
        return Vec::new();
    };
    let resolver = shared.spec.resolver();
    let mut generator = Generator::new(
        shared.spec.root(),
        shared.config.seed,
        Deviations::default(),
    );
    response
        .headers
        .iter()
        .filter(|(name, _, _)| !name.eq_ignore_ascii_case("content-type"))
        .filter_map(|(name, _, schema)| {
            let kind = resolver
                .effective(schema)
                .get("type")
                .and_then(Value::as_str);
            let integer = kind == Some("integer");
            let value = match body {
                Some(Value::Array(items)) if integer => Value::from(items.len()),
                _ => generator.instance(schema),
            };
            let text = match value {
                Value::String(text) => text,
                Value::Null => return None,
                other => other.to_string(),
            };
            Some((
                HeaderName::from_bytes(name.as_bytes()).ok()?,
                HeaderValue::from_str(&text).ok()?,
            ))
        })
        .collect()
}
