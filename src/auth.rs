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

    /// The raw value. Named so that every reader of the secret is easy to find: sending it
    /// (headers, the token request's body), redacting it from echoed text, and printing it
    /// where the user explicitly asked (`paas auth token --show-secret`).
    pub fn expose_secret(&self) -> &str {
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

/// Serializes the value itself: a secret is serialized only to be sent (the token request) or
/// printed on explicit request. `Debug` and `Display` stay redacted.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

impl schemars::JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
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
    /// Client credentials: the client obtains an access token on first use, caches it,
    /// refreshes it before it expires, and refreshes once on a 401.
    ClientCredentials {
        /// The client's identifier.
        client_id: String,
        /// The client's secret.
        client_secret: Secret,
    },
}

/// What the hooks use to authenticate: a ready header, or the token cache.
#[derive(Debug)]
pub(crate) enum Authenticator {
    None,
    Bearer { header: HeaderValue, secret: Secret },
    ClientCredentials(crate::token_cache::TokenCache),
}

impl Credentials {
    /// Whether any credential would be sent.
    pub(crate) fn sends_secret(&self) -> bool {
        !matches!(self, Credentials::None)
    }

    /// Checks the credentials and prepares them for the hooks.
    pub(crate) fn into_authenticator(self) -> Result<Authenticator, crate::Error> {
        Ok(match self {
            Credentials::None => Authenticator::None,
            Credentials::Bearer(secret) => Authenticator::Bearer {
                header: secret.header_value()?,
                secret,
            },
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => {
                if client_id.is_empty() || client_secret.is_empty() {
                    return Err(crate::Error::Config(
                        "client credentials need a client id and a client secret".into(),
                    ));
                }
                Authenticator::ClientCredentials(crate::token_cache::TokenCache::new(
                    client_id,
                    client_secret,
                ))
            }
        })
    }
}

impl Authenticator {
    /// Every secret value these credentials hold or obtained, for redaction.
    pub(crate) fn secret_values(&self) -> Vec<String> {
        match self {
            Authenticator::None => Vec::new(),
            Authenticator::Bearer { secret, .. } => vec![secret.expose_secret().to_owned()],
            Authenticator::ClientCredentials(cache) => cache.secret_values(),
        }
    }
}
