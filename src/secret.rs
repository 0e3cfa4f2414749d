//! The redacting [`Secret`] type: bearer tokens, client secrets, issued tokens, webhook secrets.
//!
//! A secret lives in a [`secrecy::SecretString`] (zeroed on drop, never `Debug`-printed). Its
//! value is read in three places only: turning it into a sensitive `Authorization` header,
//! serializing a request body *while `.call()` sends it* (anywhere else a `Secret` serializes
//! as `[REDACTED]`), and redacting echoed text. A leaf: it knows nothing of how a request is
//! authenticated ([`crate::auth`]) or of the token cache.

use crate::error::Kind;
use std::cell::RefCell;
use std::fmt;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::redact::REDACTED;

/// A bearer token, client secret or issued access token. Never printed, never serialized in
/// clear outside a request the client is sending.
#[derive(Clone)]
pub struct Secret(SecretString);

tokio::task_local! {
    /// Set while `.call()` sends a request: secrets in its body serialize in clear, and each
    /// one that does is remembered, so that an answer echoing it is redacted too.
    static ON_THE_WIRE: RefCell<Vec<Secret>>;
}

/// Runs `future` with request-body serialization of secrets enabled.
pub(crate) async fn on_the_wire<F: Future>(future: F) -> F::Output {
    ON_THE_WIRE.scope(RefCell::default(), future).await
}

/// Runs `work` with secrets serializing in clear (a conformance round trip compares values).
pub(crate) fn in_the_clear<R>(work: impl FnOnce() -> R) -> R {
    ON_THE_WIRE.sync_scope(RefCell::default(), work)
}

/// The secrets the request being sent carries in its body (serialized in clear so far).
pub(crate) fn sent_secrets() -> Vec<Secret> {
    ON_THE_WIRE
        .try_with(|sent| sent.borrow().clone())
        .unwrap_or_default()
}

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    /// `Authorization: Bearer …` for this secret, marked sensitive so that `http`'s own `Debug`
    /// hides it too. Fails if the value holds characters a header cannot carry.
    pub(crate) fn header_value(&self) -> Result<HeaderValue, crate::Error> {
        let mut value =
            HeaderValue::try_from(format!("Bearer {}", self.expose_secret())).map_err(|_| {
                crate::Error::from(Kind::Config(
                    "the bearer token holds characters a header cannot carry".into(),
                ))
            })?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// The raw value. Named so that every reader of the secret is easy to find: sending it,
    /// redacting it from echoed text, and printing it where the user explicitly asked
    /// (`paas auth token --show-secret`).
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.expose_secret().is_empty()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The value itself only inside a request `.call()` is sending; `[REDACTED]` anywhere else
/// (printing a response as JSON, logging a body).
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sent = ON_THE_WIRE.try_with(|sent| {
            let mut sent = sent.borrow_mut();
            if !sent.contains(self) {
                sent.push(self.clone());
            }
        });
        if sent.is_ok() {
            serializer.serialize_str(self.expose_secret())
        } else {
            serializer.serialize_str(REDACTED)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

impl schemars::JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "password" })
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}
