//! Secrets and credentials: the redacting [`Secret`] type and how a request gets its bearer token.
//!
//! A secret's value is read in exactly one place, [`Secret::header_value`], which turns it into
//! a sensitive `Authorization` header value. `Debug` and `Display` print `[REDACTED]`.

use std::fmt;

use reqwest::header::HeaderValue;

/// A bearer token, client secret or issued access token. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// `Authorization: Bearer …` for this secret, marked sensitive so that `http`'s own `Debug`
    /// hides it too. Fails if the value holds characters a header cannot carry.
    pub(crate) fn header_value(&self) -> Result<HeaderValue, crate::Error> {
        let mut value = HeaderValue::try_from(format!("Bearer {}", self.0)).map_err(|_| {
            crate::Error::Config("the bearer token holds characters a header cannot carry".into())
        })?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// The raw value, for the one caller that must send it in a body (the token request) and
    /// for redacting it from text the server echoes.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// How the client authenticates its calls.
#[derive(Clone, Debug, Default)]
pub enum Credentials {
    /// Send no `Authorization` header (for servers that need none, such as some mocks).
    #[default]
    None,
    /// A bearer token obtained elsewhere, sent as is on every call.
    Bearer(Secret),
}

impl Credentials {
    /// The `Authorization` header value for the next call, if any.
    pub(crate) fn header_value(&self) -> Result<Option<HeaderValue>, crate::Error> {
        match self {
            Credentials::None => Ok(None),
            Credentials::Bearer(secret) => secret.header_value().map(Some),
        }
    }

    /// Every secret value these credentials hold, for redaction.
    pub(crate) fn secret_values(&self) -> Vec<String> {
        match self {
            Credentials::None => Vec::new(),
            Credentials::Bearer(secret) => vec![secret.expose().to_owned()],
        }
    }

    /// Whether any credential would be sent.
    pub(crate) fn sends_secret(&self) -> bool {
        !matches!(self, Credentials::None)
    }
}
