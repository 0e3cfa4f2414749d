//! Why a delivery was refused: one typed error per reason, one line each.
//!
//! No variant carries the secret, the signature or the body: a refused delivery is described
//! by which check failed and where, so logging the error is always safe. Header values that
//! are quoted (the delivery id of a replay) are escaped for a terminal.

/// A webhook delivery that did not pass verification or parsing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The configured secret cannot be a key (empty, or `whsec_` without base64).
    #[error("webhook secret unusable: {0}")]
    InvalidSecret(&'static str),
    /// A header the scheme needs is absent.
    #[error("webhook refused: header `{0}` is missing")]
    MissingHeader(String),
    /// A header is present but not what the scheme expects (not a number, too long, …).
    #[error("webhook refused: header `{header}` is malformed ({reason})")]
    MalformedHeader {
        /// The header's name.
        header: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// No signature entry matches: a tampered body, a wrong secret or another scheme.
    #[error(
        "webhook refused: no signature matches (tampered body or headers, wrong secret, or another scheme)"
    )]
    BadSignature,
    /// The timestamp is older than the tolerance.
    #[error(
        "webhook refused: timestamp is {age_secs} s old, beyond the {tolerance_secs} s tolerance"
    )]
    Stale {
        /// How old, in seconds.
        age_secs: u64,
        /// The tolerance, in seconds.
        tolerance_secs: u64,
    },
    /// The timestamp is further in the future than the tolerance.
    #[error(
        "webhook refused: timestamp is {ahead_secs} s in the future, beyond the {tolerance_secs} s tolerance"
    )]
    Future {
        /// How far ahead, in seconds.
        ahead_secs: u64,
        /// The tolerance, in seconds.
        tolerance_secs: u64,
    },
    /// The same signed delivery (id and timestamp) was already received within the window.
    #[error("webhook refused: delivery `{id}` at {timestamp} was already received (replay)")]
    Replayed {
        /// The delivery id (escaped).
        id: String,
        /// Its timestamp.
        timestamp: i64,
    },
    /// The body is larger than the scheme's limit (nothing past the limit was read).
    #[error("webhook refused: body exceeds the {limit}-byte limit")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The signature verified but the body is not the callback's payload.
    #[error(
        "webhook payload of `{callback}` does not parse: {category} error at line {line}, column {column}"
    )]
    Unparsable {
        /// The callback (its `x-webhooks` key), or the Rust type asked for.
        callback: String,
        /// serde_json's category: syntax, data, eof.
        category: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

impl WebhookError {
    /// The HTTP status a receiver answers this error with: 413 for a large body, 400 for a
    /// payload that does not parse, 401 for everything about authenticity.
    pub fn status(&self) -> u16 {
        match self {
            Self::TooLarge { .. } => 413,
            Self::Unparsable { .. } | Self::MalformedHeader { .. } | Self::MissingHeader(_) => 400,
            Self::InvalidSecret(_) => 500,
            _ => 401,
        }
    }

    /// A parse error of `callback`'s payload, located, without quoting the body.
    pub(crate) fn unparsable(callback: &str, error: &serde_json::Error) -> Self {
        let category = match error.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "syntax",
            serde_json::error::Category::Data => "data",
            serde_json::error::Category::Eof => "eof",
        };
        Self::Unparsable {
            callback: crate::printable(callback),
            category,
            line: error.line(),
            column: error.column(),
        }
    }
}
