//! Turning an answer into an HTTP response: JSON, the documented media type when that is not
//! JSON, an empty body, or the gateway's error body (`reply.rs` writes it).

use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::Response;
use passport_paas_spec::Operation;
use serde_json::Value;

use crate::reply;

/// The answer `value` with `status`, as JSON, or under the documented media type when that is
/// not JSON (a string as its text).
pub(crate) fn respond(operation: &Operation, status: u16, value: Option<Value>) -> Response {
    let not_json = operation
        .response_for(status)
        .and_then(|response| response.content.as_ref())
        .filter(|content| !content.is_json());
    match (value, not_json) {
        (Some(value), Some(content)) => {
            let text = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
            Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, content.media_type.as_str())
                .body(Body::from(text))
                .unwrap_or_else(|_| plain(500, "bad media type"))
        }
        (Some(value), None) => json_response(status, &value),
        (None, _) => empty(status),
    }
}

/// `status` with an empty body.
pub(crate) fn empty(status: u16) -> Response {
    Response::builder()
        .status(status)
        .body(Body::empty())
        .unwrap_or_else(|_| plain(500, "bad status"))
}

/// The gateway's error body (`reply::error`) as a JSON response.
pub(crate) fn error(status: u16, code: i64, message: impl Into<String>) -> Response {
    let (status, body) = reply::error(status, code, message);
    json_response(status, &body.unwrap_or_default())
}

/// `value` as a JSON response with `status`.
pub(crate) fn json_response(status: u16, value: &Value) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(value.to_string()))
        .unwrap_or_else(|_| plain(500, "bad response"))
}

/// A plain-text response: what is left when a response cannot be built.
pub(crate) fn plain(status: u16, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}
