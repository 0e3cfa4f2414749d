//! Documented responses: status keys (`200`, `2XX`, `default`), their bodies and headers.

use serde_json::Value;

use super::media::{Content, read_content};
use super::resolve::Resolver;
use super::source::escape;

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

/// The responses of the operation at `pointer`, in document order; keys that are not a
/// status and references that do not resolve are left out.
pub(super) fn read_responses(
    resolver: &Resolver<'_>,
    operation: &Value,
    pointer: &str,
) -> Vec<Response> {
    operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(key, response)| read_response(resolver, key, response, pointer))
        .collect()
}

/// One response under status `key` of the operation at `pointer`.
fn read_response(
    resolver: &Resolver<'_>,
    key: &str,
    response: &Value,
    pointer: &str,
) -> Option<Response> {
    let status = Status::parse(key)?;
    let at = format!("{pointer}/responses/{}", escape(key));
    let (response, target_at) = resolver.follow_at(response, &at).ok()?;
    Some(Response {
        status,
        description: response
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        content: read_content(resolver, response, &target_at),
        headers: read_headers(resolver, response),
        pointer: at,
    })
}

/// A response's documented headers: (name, required, schema).
fn read_headers(resolver: &Resolver<'_>, response: &Value) -> Vec<(String, bool, Value)> {
    response
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
        .collect()
}
