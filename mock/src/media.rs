//! Request bodies, read under the media type the spec documents for them.
//!
//! The request's `Content-Type` must be one the operation's `requestBody.content` lists
//! (`*/*` and `type/*` ranges match; no `Content-Type` means the documented one), else the
//! answer is a 415. The body is then read as that media type says — JSON (`application/json`,
//! `…+json`), a form (`application/x-www-form-urlencoded`: each field typed by its property's
//! schema, repeated fields forming arrays), text (`text/*`, as one string) — and validated
//! against that media type's schema. Any other media type (`application/octet-stream`,
//! images, multipart) is taken as opaque bytes: present or not, never parsed.

use std::collections::HashMap;

use passport_paas_spec::{Body, essence, is_json_essence, unescape, validate::describe};
use serde_json::{Map, Value};

use crate::Shared;
use crate::reply::{Answer, error};

/// The body as JSON (`Null` for opaque bytes), or the answer refusing it.
pub(crate) fn read(
    shared: &Shared,
    body: &Body,
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<Value, Answer> {
    let documented = documented(shared, body);
    let sent = content_type.map_or_else(|| essence(&body.media_type), essence);
    let Some((media_type, schema)) = documented
        .iter()
        .find(|(media_type, _)| matches(media_type, &sent))
        .cloned()
    else {
        let listed: Vec<&str> = documented.iter().map(|(m, _)| m.as_str()).collect();
        return Err(error(
            415,
            3,
            format!(
                "the request body's media type {sent:?} is not one the operation takes ({})",
                listed.join(", ")
            ),
        ));
    };
    let value = if is_json_essence(&media_type) || (media_type == "*/*" && is_json_essence(&sent)) {
        serde_json::from_slice(bytes)
            .map_err(|e| error(400, 3, format!("the request body is not json: {e}")))?
    } else if media_type == "application/x-www-form-urlencoded" {
        form(shared, &schema, bytes)
    } else if media_type.starts_with("text/") {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| error(400, 3, "the request body is not UTF-8 text"))?;
        Value::String(text.to_owned())
    } else {
        return Ok(Value::Null);
    };
    let checked = if schema == body.schema {
        shared.validators.validate(&body.schema, &value)
    } else {
        passport_paas_spec::validate::validate(shared.spec.root(), &schema, &value)
    };
    match checked {
        Ok(()) => Ok(value),
        Err(violations) => Err(error(
            400,
            3,
            format!("invalid request body: {}", describe(&violations)),
        )),
    }
}

/// Whether the documented media type (or range) `documented` covers the essence `sent`.
fn matches(documented: &str, sent: &str) -> bool {
    let documented = essence(documented);
    documented == sent
        || documented == "*/*"
        || documented
            .strip_suffix("/*")
            .is_some_and(|kind| sent.split('/').next() == Some(kind))
}

/// Every (media type, schema) the request body documents.
fn documented(shared: &Shared, body: &Body) -> Vec<(String, Value)> {
    let content = body
        .pointer
        .rsplit_once('/')
        .and_then(|(parent, _)| shared.spec.root().pointer(parent))
        .and_then(Value::as_object);
    match content {
        Some(content) => content
            .iter()
            .map(|(media_type, object)| {
                let schema = object.get("schema").cloned().unwrap_or(Value::Bool(true));
                (essence(media_type), schema)
            })
            .collect(),
        None => {
            let media_type = body
                .pointer
                .rsplit_once('/')
                .map_or_else(|| body.media_type.clone(), |(_, last)| unescape(last));
            vec![(essence(&media_type), body.schema.clone())]
        }
    }
}

/// A form body as the JSON object its schema describes: each field's text typed as its
/// property says, a field given more than once (or an array property) as an array.
fn form(shared: &Shared, schema: &Value, bytes: &[u8]) -> Value {
    let resolver = shared.spec.resolver();
    // Indexed once: a form may name many fields, and a schema hold many properties.
    let properties: HashMap<&str, &Value> = (resolver.effective(schema).properties())
        .map(|p| p.into_iter().collect())
        .unwrap_or_default();
    let mut fields: Map<String, Value> = Map::new();
    for (name, text) in url::form_urlencoded::parse(bytes) {
        let property = (properties.get(name.as_ref())).map(|property| resolver.effective(property));
        let kind_of = |schema: Option<&Value>| {
            let kind = schema.and_then(Value::as_str);
            kind.unwrap_or("string").to_owned()
        };
        let kind = kind_of(property.as_ref().and_then(|p| p.get("type")));
        let is_array = kind == "array";
        let item_kind = if is_array {
            let items = property.as_ref().and_then(|p| p.get("items"));
            kind_of(items.and_then(|items| resolver.effective(items).get("type")))
        } else {
            kind
        };
        // Text that is not of its type stays text, and validation names the field.
        let value =
            scalar(&item_kind, &text).unwrap_or_else(|_| Value::String(text.clone().into_owned()));
        match fields.get_mut(name.as_ref()) {
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => *existing = Value::Array(vec![existing.clone(), value]),
            None if is_array => {
                fields.insert(name.into_owned(), Value::Array(vec![value]));
            }
            None => {
                fields.insert(name.into_owned(), value);
            }
        }
    }
    Value::Object(fields)
}

/// Text (a parameter, a form field) as the JSON value of its schema's type.
pub(crate) fn scalar(kind: &str, text: &str) -> Result<Value, String> {
    match kind {
        "integer" => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("{text:?} is not an integer")),
        "number" => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("{text:?} is not a number")),
        "boolean" => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("{text:?} is not a boolean")),
        },
        _ => Ok(Value::String(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_their_types() {
        assert!(matches("application/json", "application/json"));
        assert!(matches(
            "Application/JSON; charset=utf-8",
            "application/json"
        ));
        assert!(matches("*/*", "image/png"));
        assert!(matches("text/*", "text/plain"));
        assert!(!matches("text/*", "application/json"));
        assert!(!matches(
            "application/x-www-form-urlencoded",
            "application/json"
        ));
    }
}
