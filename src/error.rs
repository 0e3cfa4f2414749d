//! The crate's one error type, [`Error`], and the predicates that ask it questions.
//!
//! Every failure a user can see is an [`Error`]: lowercase messages without trailing periods,
//! never a secret, at most a short body snippet. Conversion from the generated client's
//! `progenitor_client::Error` happens here and nowhere else.

use std::time::Duration;

use reqwest::StatusCode;

use crate::types;

/// The longest body excerpt an error carries, in characters.
pub(crate) const SNIPPET_CHARS: usize = 200;

/// Anything that went wrong while calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success status.
    #[error("{}", api_message(*status, body.as_deref(), snippet.as_deref()))]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The error body, when it was JSON of either documented-or-inferred shape.
        body: Option<Box<types::Error>>,
        /// A short, secret-free excerpt of the body when it was not JSON.
        snippet: Option<String>,
        /// The request or trace id the server gave, to quote to support.
        request_id: Option<String>,
        /// How long the server asked us to wait (`Retry-After`), when it said.
        retry_after: Option<Duration>,
    },
    /// A request parameter is outside what the spec allows; nothing was sent.
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter {
        /// The parameter's wire name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A success response whose body is not what the spec describes.
    #[error("invalid response body (status {status}): {reason}{}", snippet_suffix(snippet.as_deref()))]
    InvalidBody {
        /// The HTTP status.
        status: StatusCode,
        /// What is wrong with it.
        reason: String,
        /// A short, secret-free excerpt of the body.
        snippet: Option<String>,
    },
    /// A response whose content type is not JSON.
    #[error("unexpected content type {} (status {status}){}", content_type.as_deref().unwrap_or("(none)"), snippet_suffix(snippet.as_deref()))]
    UnexpectedContentType {
        /// The HTTP status.
        status: StatusCode,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// A short, secret-free excerpt of the body.
        snippet: Option<String>,
    },
    /// The response body exceeded the configured size limit; reading stopped there.
    #[error("response body exceeds the limit of {limit} bytes (status {status})")]
    BodyTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// Pages of a listing contradict each other or themselves.
    #[error("inconsistent pagination: {0}")]
    InconsistentPagination(String),
    /// The request timed out (per attempt or overall deadline).
    #[error("request timed out")]
    Timeout,
    /// The connection failed or broke before a complete response arrived.
    #[error("connection failed: {0}")]
    Connection(String),
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

    /// The parsed error body, when the server sent one.
    pub fn body(&self) -> Option<&types::Error> {
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
        matches!(self, Error::Timeout)
    }

    /// Whether the connection failed or broke.
    pub fn is_connection(&self) -> bool {
        matches!(self, Error::Connection(_))
    }

    /// Whether a parameter was rejected before anything was sent.
    pub fn is_invalid_parameter(&self) -> bool {
        matches!(self, Error::InvalidParameter { .. })
    }

    /// Whether the response could not be read as the spec describes (body, content type, size,
    /// pagination).
    pub fn is_decode(&self) -> bool {
        matches!(
            self,
            Error::InvalidBody { .. }
                | Error::UnexpectedContentType { .. }
                | Error::BodyTooLarge { .. }
                | Error::InconsistentPagination(_)
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

fn api_message(status: StatusCode, body: Option<&types::Error>, snippet: Option<&str>) -> String {
    let reason = status
        .canonical_reason()
        .unwrap_or("unknown status")
        .to_lowercase();
    let mut text = format!("server answered {} {reason}", status.as_u16());
    if let Some(message) = body.and_then(|body| body.message.as_deref()) {
        text.push_str(": ");
        text.push_str(message);
    } else if let Some(snippet) = snippet {
        text.push_str(&snippet_suffix(Some(snippet)));
    }
    text
}

fn snippet_suffix(snippet: Option<&str>) -> String {
    snippet
        .map(|s| format!(" (body starts: {s:?})"))
        .unwrap_or_default()
}

/// A short excerpt of a body: at most [`SNIPPET_CHARS`] characters, control characters
/// folded to spaces, and every known secret replaced by `[REDACTED]`.
pub(crate) fn snippet(body: &[u8], secrets: &[String]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = redact(text.trim(), secrets);
    if text.is_empty() {
        return None;
    }
    let mut out: String = text
        .chars()
        .take(SNIPPET_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    Some(out)
}

/// Replaces every occurrence of a known secret in `text` with `[REDACTED]`.
pub(crate) fn redact(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .filter(|secret| secret.len() >= 4)
        .fold(text.to_owned(), |text, secret| {
            text.replace(secret.as_str(), "[REDACTED]")
        })
}

/// A `Debug`-free description of a `reqwest` error: no URL credentials, no headers.
pub(crate) fn describe_transport(error: &reqwest::Error) -> String {
    let mut text = if error.is_connect() {
        "could not connect".to_string()
    } else if error.is_body() || error.is_decode() {
        "the response body broke off".to_string()
    } else if error.is_request() {
        "the request could not be sent".to_string()
    } else {
        "transport error".to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string().to_lowercase());
        source = cause.source();
    }
    text
}
