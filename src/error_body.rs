//! The JSON error body a server sent, as an [`crate::Error`] carries it: redacted, and asked
//! for its usual fields without assuming one shape.

use serde_json::Value;

use crate::redact::printable;

/// A JSON error body the server sent, redacted. The API documents no error shape; both seen
/// shapes (`{code, message, details}` and `{message, code, http_code, type, trace_id, …}`) and
/// any other JSON are kept as sent.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorBody(Value);

impl ErrorBody {
    pub(crate) fn new(value: Value) -> Self {
        Self(value)
    }

    /// The body as JSON.
    pub fn json(&self) -> &Value {
        &self.0
    }

    /// One field, if present.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field)
    }

    /// The human-readable `message`, printable.
    pub fn message(&self) -> Option<String> {
        self.get("message").and_then(Value::as_str).map(printable)
    }

    /// The `code`, number or string, as text.
    pub fn code(&self) -> Option<String> {
        match self.get("code")? {
            Value::String(text) => Some(printable(text)),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    /// The body read as a generated type (e.g. `types::Error`).
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.0)
    }
}
