//! The crate's one error type, [`Error`], and the predicates that ask it questions.
//!
//! Every failure a user can see is an [`Error`]: one lowercase line, no secret (text from the
//! server is redacted after decoding), no control character (escaped), at most a short body
//! snippet. [`Error::side`] says whose fault it is: the server's answer, the local input, or
//! the network between them.

use std::time::Duration;

use reqwest::StatusCode;

use crate::error_body::ErrorBody;

/// The longest body excerpt an error carries, in characters.
pub(crate) const SNIPPET_CHARS: usize = 200;

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

/// What kind of failure an [`Error`] is. More kinds may come; match with a wildcard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The server answered with a non-success status.
    Api,
    /// A request parameter or body is not what the spec allows; nothing was sent.
    InvalidParameter,
    /// A success response whose body is not what the spec describes.
    InvalidBody,
    /// A response whose content type is not the documented one.
    UnexpectedContentType,
    /// The response body exceeded the configured size limit.
    BodyTooLarge,
    /// Pages of a listing contradict each other or themselves.
    InconsistentPagination,
    /// The request timed out (per attempt or overall deadline).
    Timeout,
    /// The connection failed or broke before a complete response arrived.
    Connection,
    /// The server's answer is not valid HTTP.
    Protocol,
    /// Obtaining an access token failed; [`std::error::Error::source`] is the reason.
    Auth,
    /// The client was configured wrongly (bad base URL, insecure transport, no credentials, …).
    Config,
}

/// Anything that went wrong while calling the API.
///
/// Opaque, as reqwest's error is: ask it with [`Error::kind`], the predicates
/// (`is_unauthorized()`, `is_retryable()`, …) and the accessors (`status()`, `body()`, …), so
/// it can carry more without breaking your code. Its `Display` is one line without its causes;
/// the causes (the transport's error with its URL removed, or the reason a token request
/// failed) are kept as [`std::error::Error::source`].
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: Kind,
    source: Option<BoxError>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The crate's failures with what each carries; only [`Error`] is public.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Kind {
    #[error("{}", api_message(*status, body.as_deref(), snippet.as_deref(), *retry_after))]
    Api {
        status: StatusCode,
        body: Option<Box<ErrorBody>>,
        snippet: Option<String>,
        request_id: Option<String>,
        retry_after: Option<Duration>,
    },
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter { name: String, reason: String },
    #[error("the server's answer is invalid (status {}): {reason}{}", status.as_u16(), snippet_suffix(snippet.as_deref()))]
    InvalidBody {
        status: StatusCode,
        reason: String,
        snippet: Option<String>,
    },
    #[error("the server answered with content type {} (status {}), not json{}", content_type.as_deref().unwrap_or("(none)"), status.as_u16(), snippet_suffix(snippet.as_deref()))]
    UnexpectedContentType {
        status: StatusCode,
        content_type: Option<String>,
        snippet: Option<String>,
    },
    #[error("the server's answer exceeds the limit of {limit} bytes (status {})", status.as_u16())]
    BodyTooLarge { status: StatusCode, limit: usize },
    #[error("the server's pages are inconsistent: {0}")]
    InconsistentPagination(String),
    #[error("network: the request timed out")]
    Timeout,
    #[error("network: {0}")]
    Connection(String),
    #[error("the server's answer is not valid http: {0}")]
    Protocol(String),
    /// The token request's own error is the source.
    #[error("authentication failed")]
    Auth(Box<Error>),
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl From<Kind> for Error {
    fn from(kind: Kind) -> Self {
        Self {
            inner: Box::new(Inner { kind, source: None }),
        }
    }
}

impl Error {
    pub(crate) fn with_source(kind: Kind, source: impl Into<BoxError>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                source: Some(source.into()),
            }),
        }
    }

    /// A token request's failure, kept as the source.
    pub(crate) fn auth(reason: Error) -> Self {
        Kind::Auth(Box::new(reason)).into()
    }

    /// What the crate knows of this failure.
    pub(crate) fn details(&self) -> &Kind {
        &self.inner.kind
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match &self.inner.kind {
            Kind::Api { .. } => ErrorKind::Api,
            Kind::InvalidParameter { .. } => ErrorKind::InvalidParameter,
            Kind::InvalidBody { .. } => ErrorKind::InvalidBody,
            Kind::UnexpectedContentType { .. } => ErrorKind::UnexpectedContentType,
            Kind::BodyTooLarge { .. } => ErrorKind::BodyTooLarge,
            Kind::InconsistentPagination(_) => ErrorKind::InconsistentPagination,
            Kind::Timeout => ErrorKind::Timeout,
            Kind::Connection(_) => ErrorKind::Connection,
            Kind::Protocol(_) => ErrorKind::Protocol,
            Kind::Auth(_) => ErrorKind::Auth,
            Kind::Config(_) => ErrorKind::Config,
        }
    }

    /// The token request's failure, when this is an authentication error.
    fn auth_reason(&self) -> Option<&Error> {
        match &self.inner.kind {
            Kind::Auth(inner) => Some(inner),
            _ => None,
        }
    }

    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.inner.kind {
            Kind::Api { status, .. }
            | Kind::InvalidBody { status, .. }
            | Kind::UnexpectedContentType { status, .. }
            | Kind::BodyTooLarge { status, .. } => Some(*status),
            _ => self.auth_reason().and_then(Error::status),
        }
    }

    /// The error body, when the server sent JSON.
    pub fn body(&self) -> Option<&ErrorBody> {
        match &self.inner.kind {
            Kind::Api { body, .. } => body.as_deref(),
            _ => self.auth_reason().and_then(Error::body),
        }
    }

    /// The request or trace id the server gave, if any.
    pub fn request_id(&self) -> Option<&str> {
        match &self.inner.kind {
            Kind::Api { request_id, .. } => request_id.as_deref(),
            _ => self.auth_reason().and_then(Error::request_id),
        }
    }

    /// How long the server asked to wait before trying again, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.inner.kind {
            Kind::Api { retry_after, .. } => *retry_after,
            _ => self.auth_reason().and_then(Error::retry_after),
        }
    }

    /// The wire name of the parameter that was refused (`body` for the request body), when
    /// this is an invalid-parameter error.
    pub fn parameter(&self) -> Option<&str> {
        match &self.inner.kind {
            Kind::InvalidParameter { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The size limit a response exceeded, in bytes.
    pub fn body_limit(&self) -> Option<usize> {
        match &self.inner.kind {
            Kind::BodyTooLarge { limit, .. } => Some(*limit),
            _ => None,
        }
    }

    /// Whose fault it is: the server's answer, the local input, or the network.
    pub fn side(&self) -> Side {
        match &self.inner.kind {
            Kind::Api { .. }
            | Kind::InvalidBody { .. }
            | Kind::UnexpectedContentType { .. }
            | Kind::BodyTooLarge { .. }
            | Kind::InconsistentPagination(_)
            | Kind::Protocol(_) => Side::Server,
            Kind::InvalidParameter { .. } | Kind::Config(_) => Side::Local,
            Kind::Timeout | Kind::Connection(_) => Side::Network,
            Kind::Auth(inner) => inner.side(),
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
        self.reason_kind() == ErrorKind::Timeout
    }

    /// Whether the connection failed or broke.
    pub fn is_connection(&self) -> bool {
        self.reason_kind() == ErrorKind::Connection
    }

    /// Whether obtaining an access token failed (the reason is the source).
    pub fn is_auth(&self) -> bool {
        self.kind() == ErrorKind::Auth
    }

    /// Whether the client's configuration or credentials are wrong or missing.
    pub fn is_config(&self) -> bool {
        self.kind() == ErrorKind::Config
    }

    /// Whether a parameter was rejected before anything was sent.
    pub fn is_invalid_parameter(&self) -> bool {
        self.kind() == ErrorKind::InvalidParameter
    }

    /// Whether the response could not be read as the spec describes (body, content type, size,
    /// pagination, HTTP itself).
    pub fn is_decode(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::InvalidBody
                | ErrorKind::UnexpectedContentType
                | ErrorKind::BodyTooLarge
                | ErrorKind::InconsistentPagination
                | ErrorKind::Protocol
        )
    }

    /// Whether trying again may succeed: timeouts, broken connections, and the statuses
    /// 408, 429, 500, 502, 503 and 504.
    pub fn is_retryable(&self) -> bool {
        match self.reason_kind() {
            ErrorKind::Timeout | ErrorKind::Connection => true,
            _ => self.status().is_some_and(crate::retry::is_retryable_status),
        }
    }

    /// The kind of the failure behind an authentication error, or this one's.
    fn reason_kind(&self) -> ErrorKind {
        self.auth_reason().map_or(self.kind(), Error::reason_kind)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.inner.kind, f)
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("passport_paas::Error");
        out.field("kind", &self.inner.kind);
        if let Some(source) = &self.inner.source {
            out.field("source", source);
        }
        out.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match (&self.inner.kind, &self.inner.source) {
            (Kind::Auth(reason), _) => Some(reason.as_ref()),
            (_, Some(source)) => Some(source.as_ref()),
            _ => None,
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
