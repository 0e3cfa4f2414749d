//! The crate's one error type, [`Error`], and the predicates that ask it questions.
//!
//! Every failure a user can see is an [`Error`]: one lowercase line, no secret (text from the
//! server is redacted after decoding), no control character (escaped), at most a short body
//! snippet. [`Error::side`] says whose fault it is: the server's answer, the local input, or
//! the network between them.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::redact::printable;

/// The longest body excerpt an error carries, in characters.
pub(crate) const SNIPPET_CHARS: usize = 200;

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

/// Whose fault a failure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The server answered, and its answer is the problem.
    Server,
    /// The input or configuration is wrong; nothing was sent.
    Local,
    /// The network or a timeout: no complete answer arrived.
    Network,
}

/// Anything that went wrong while calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success status.
    #[error("{}", api_message(*status, body.as_deref(), snippet.as_deref(), *retry_after))]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The error body, when it was JSON.
        body: Option<Box<ErrorBody>>,
        /// A short excerpt of the body when it was not JSON.
        snippet: Option<String>,
        /// The request or trace id the server gave, to quote to support.
        request_id: Option<String>,
        /// How long the server asked us to wait (`Retry-After`), when it said.
        retry_after: Option<Duration>,
    },
    /// A request parameter or body is not what the spec allows; nothing was sent.
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter {
        /// The parameter's wire name (`body` for the request body).
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A success response whose body is not what the spec describes.
    #[error("the server's answer is invalid (status {}): {reason}{}", status.as_u16(), snippet_suffix(snippet.as_deref()))]
    InvalidBody {
        /// The HTTP status.
        status: StatusCode,
        /// What is wrong with it.
        reason: String,
        /// A short excerpt of the body.
        snippet: Option<String>,
    },
    /// A response whose content type is not JSON.
    #[error("the server answered with content type {} (status {}), not json{}", content_type.as_deref().unwrap_or("(none)"), status.as_u16(), snippet_suffix(snippet.as_deref()))]
    UnexpectedContentType {
        /// The HTTP status.
        status: StatusCode,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// A short excerpt of the body.
        snippet: Option<String>,
    },
    /// The response body exceeded the configured size limit; reading stopped there.
    #[error("the server's answer exceeds the limit of {limit} bytes (status {})", status.as_u16())]
    BodyTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// Pages of a listing contradict each other or themselves.
    #[error("the server's pages are inconsistent: {0}")]
    InconsistentPagination(String),
    /// The request timed out (per attempt or overall deadline).
    #[error("network: the request timed out")]
    Timeout,
    /// The connection failed or broke before a complete response arrived.
    #[error("network: {0}")]
    Connection(String),
    /// The server's answer is not valid HTTP.
    #[error("the server's answer is not valid http: {0}")]
    Protocol(String),
    /// Obtaining an access token from client credentials failed.
    #[error("authentication failed: {0}")]
    Auth(Box<Error>),
    /// The client was configured wrongly (bad base URL, insecure transport, …).
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::InvalidBody { status, .. }
            | Error::UnexpectedContentType { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Auth(inner) => inner.status(),
            _ => None,
        }
    }

    /// The error body, when the server sent JSON.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Api { body, .. } => body.as_deref(),
            Error::Auth(inner) => inner.body(),
            _ => None,
        }
    }

    /// The request or trace id the server gave, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => request_id.as_deref(),
            Error::Auth(inner) => inner.request_id(),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } => *retry_after,
            Error::Auth(inner) => inner.retry_after(),
            _ => None,
        }
    }

    /// Whose fault it is: the server's answer, the local input, or the network.
    pub fn side(&self) -> Side {
        match self {
            Error::Api { .. }
            | Error::InvalidBody { .. }
            | Error::UnexpectedContentType { .. }
            | Error::BodyTooLarge { .. }
            | Error::InconsistentPagination(_)
            | Error::Protocol(_) => Side::Server,
            Error::InvalidParameter { .. } | Error::Config(_) => Side::Local,
            Error::Timeout | Error::Connection(_) => Side::Network,
            Error::Auth(inner) => inner.side(),
        }
    }

    /// Whether the server said 401: the token is missing, expired or lacks the scope.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// Whether the server said 403.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// Whether the server said 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the server said 409.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout => true,
            Error::Auth(inner) => inner.is_timeout(),
            _ => false,
        }
    }

    /// Whether the connection failed or broke.
    pub fn is_connection(&self) -> bool {
        match self {
            Error::Connection(_) => true,
            Error::Auth(inner) => inner.is_connection(),
            _ => false,
        }
    }

    /// Whether a parameter was rejected before anything was sent.
    pub fn is_invalid_parameter(&self) -> bool {
        matches!(self, Error::InvalidParameter { .. })
    }

    /// Whether the response could not be read as the spec describes (body, content type, size,
    /// pagination, HTTP itself).
    pub fn is_decode(&self) -> bool {
        matches!(
            self,
            Error::InvalidBody { .. }
                | Error::UnexpectedContentType { .. }
                | Error::BodyTooLarge { .. }
                | Error::InconsistentPagination(_)
                | Error::Protocol(_)
        )
    }

    /// Whether trying again may succeed: timeouts, broken connections, and the statuses
    /// 408, 429, 500, 502, 503 and 504.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout | Error::Connection(_) => true,
            Error::Auth(inner) => inner.is_retryable(),
            other => other
                .status()
                .is_some_and(crate::retry::is_retryable_status),
        }
    }
}

fn api_message(
    status: StatusCode,
    body: Option<&ErrorBody>,
    snippet: Option<&str>,
    retry_after: Option<Duration>,
) -> String {
    let reason = status
        .canonical_reason()
        .unwrap_or("unknown status")
        .to_lowercase();
    let mut text = format!("server answered {} {reason}", status.as_u16());
    if let Some(message) = body.and_then(ErrorBody::message) {
        text.push_str(": ");
        text.push_str(&message);
    } else if let Some(snippet) = snippet {
        text.push_str(&snippet_suffix(Some(snippet)));
    }
    if let Some(wait) = retry_after {
        text.push_str(&format!(
            " (the server asks to retry after {}s)",
            wait.as_secs()
        ));
    }
    text
}

fn snippet_suffix(snippet: Option<&str>) -> String {
    snippet
        .map(|s| format!(" (body starts: {s})"))
        .unwrap_or_default()
}

/// Classifies a transport failure: a reply that is not HTTP is the server's fault, a request
/// that could not be built is a local one, anything else is the network. The text never holds
/// the URL (it may carry credentials) or headers.
pub(crate) fn from_transport(error: &reqwest::Error) -> Error {
    if error.is_timeout() {
        return Error::Timeout;
    }
    let mut causes = Vec::new();
    let mut parse = false;
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string().to_lowercase();
        if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
            // A server that speaks before being asked has no predicate of its own.
            parse |=
                hyper.is_parse() || hyper.is_parse_status() || text.contains("unexpected message");
        }
        causes.push(printable(&text));
        source = cause.source();
    }
    let chain = if causes.is_empty() {
        String::new()
    } else {
        format!(": {}", causes.join(": "))
    };
    if parse {
        return Error::Protocol(format!("the reply could not be parsed{chain}"));
    }
    if error.is_builder() {
        return Error::InvalidParameter {
            name: "request".into(),
            reason: format!("the request cannot be built{chain}"),
        };
    }
    let what = if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the answer broke off"
    } else {
        "the connection failed before a complete answer arrived"
    };
    Error::Connection(format!("{what}{chain}"))
}
