//! The shape of the mock's answers, shared by every module that answers: a status with an
//! optional JSON body, the two error bodies the spec's `Error` documents (the gateway's and the
//! provider's; this is the one place either is written), and the timestamps items carry.

use serde_json::{Value, json};

/// (status, body); `None` is an empty body.
pub(crate) type Answer = (u16, Option<Value>);

/// A JSON error body in the gateway's shape.
pub(crate) fn error(status: u16, code: i64, message: impl Into<String>) -> Answer {
    (
        status,
        Some(json!({ "code": code, "message": message.into(), "details": [] })),
    )
}

/// A JSON error body in the provider's shape (`{message, code, http_code}`), as the spec's
/// `Unauthorized` example writes it: `code` is a name, `http_code` repeats the status.
pub(crate) fn provider_error(status: u16, code: &str, message: impl Into<String>) -> Answer {
    (
        status,
        Some(json!({ "message": message.into(), "code": code, "http_code": status })),
    )
}

/// Now, as the API writes timestamps (UTC, milliseconds).
pub(crate) fn now_text() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}
