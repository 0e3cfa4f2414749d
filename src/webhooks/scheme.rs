//! The signature scheme: which headers carry what, what is signed, how it is encoded.
//!
//! The provider signs its callbacks with HMAC-SHA256 keyed with the dashboard's Secret Token
//! (documented) but does not document the headers, the signed content or the encoding (GAP).
//! [`Scheme::default`] is therefore an *inferred* choice, Standard Webhooks
//! (<https://www.standardwebhooks.com>): `webhook-id`, `webhook-timestamp` (Unix seconds) and
//! `webhook-signature` (`v1,<base64>` entries separated by spaces) over `id.timestamp.body`,
//! five minutes of tolerance, `whsec_<base64>` secrets. Every part is a field, so a documented
//! scheme of the provider is a configuration change, not new code. [`Signer`] produces the
//! headers (for tests, the mock's counterpart and `paas webhooks trigger`).

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use sha2::Sha256;

use super::WebhookError;
use crate::Secret;

/// HMAC-SHA256, the documented algorithm.
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// What the signature covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Signed {
    /// `{id}.{timestamp}.{body}` (Standard Webhooks).
    IdTimestampBody,
    /// `{timestamp}.{body}` (Stripe's shape).
    TimestampBody,
    /// The body alone (no replay protection from the signature itself).
    Body,
}

/// How a signature is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// Standard base64 with padding.
    Base64,
    /// Lower-case hexadecimal (upper case is accepted when verifying).
    Hex,
}

/// How the configured secret becomes the HMAC key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyFormat {
    /// `whsec_<base64>` is decoded; any other secret is used as its UTF-8 bytes.
    StandardWebhooks,
    /// The secret's UTF-8 bytes, always.
    Raw,
}

/// A signature scheme. `Scheme::default()` is Standard Webhooks (inferred, see the module).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// Header carrying the delivery id (`webhook-id`); `None` when the scheme has none.
    pub id_header: Option<String>,
    /// Header carrying the Unix timestamp in seconds (`webhook-timestamp`).
    pub timestamp_header: String,
    /// Header carrying the signatures (`webhook-signature`).
    pub signature_header: String,
    /// What is signed.
    pub signed: Signed,
    /// How a signature is encoded.
    pub encoding: Encoding,
    /// Prefix of each signature entry (`v1,`); entries are separated by spaces.
    pub prefix: String,
    /// How far a timestamp may be from now, either way.
    pub tolerance: Duration,
    /// How the secret becomes the key.
    pub key_format: KeyFormat,
    /// Largest body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Most delivery ids remembered for replay and duplicate detection.
    pub max_tracked_ids: usize,
}

impl Scheme {
    /// Standard Webhooks with five minutes of tolerance and a 1 MiB body limit.
    pub fn standard_webhooks() -> Self {
        Self {
            id_header: Some("webhook-id".into()),
            timestamp_header: "webhook-timestamp".into(),
            signature_header: "webhook-signature".into(),
            signed: Signed::IdTimestampBody,
            encoding: Encoding::Base64,
            prefix: "v1,".into(),
            tolerance: Duration::from_secs(5 * 60),
            key_format: KeyFormat::StandardWebhooks,
            max_body_bytes: 1024 * 1024,
            max_tracked_ids: 10_000,
        }
    }

    /// The bytes the MAC covers for one delivery.
    pub(crate) fn signed_content(&self, id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
        let head = match self.signed {
            Signed::IdTimestampBody => format!("{id}.{timestamp}."),
            Signed::TimestampBody => format!("{timestamp}."),
            Signed::Body => String::new(),
        };
        let mut content = Vec::with_capacity(head.len() + body.len());
        content.extend_from_slice(head.as_bytes());
        content.extend_from_slice(body);
        content
    }

    /// The HMAC key for `secret`, or why it cannot be one (never quoting it).
    pub(crate) fn key(&self, secret: &Secret) -> Result<SecretSlice<u8>, WebhookError> {
        let text = secret.expose_secret();
        if text.is_empty() {
            return Err(WebhookError::InvalidSecret("the secret is empty"));
        }
        let bytes = match (self.key_format, text.strip_prefix("whsec_")) {
            (KeyFormat::StandardWebhooks, Some(encoded)) => STANDARD
                .decode(encoded)
                .map_err(|_| WebhookError::InvalidSecret("`whsec_` is not followed by base64"))?,
            _ => text.as_bytes().to_vec(),
        };
        if bytes.is_empty() {
            return Err(WebhookError::InvalidSecret("the secret's key is empty"));
        }
        Ok(SecretSlice::from(bytes))
    }

    /// One signature, encoded.
    pub(crate) fn encode(&self, mac: &[u8]) -> String {
        match self.encoding {
            Encoding::Base64 => STANDARD.encode(mac),
            Encoding::Hex => mac.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }

    /// One signature entry decoded; `None` when it is not this scheme's encoding.
    pub(crate) fn decode(&self, entry: &str) -> Option<Vec<u8>> {
        let text = entry.strip_prefix(self.prefix.as_str())?;
        match self.encoding {
            Encoding::Base64 => STANDARD.decode(text).ok(),
            Encoding::Hex => {
                if text.len() % 2 != 0 || !text.is_ascii() {
                    return None;
                }
                (0..text.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
                    .collect()
            }
        }
    }
}

impl Default for Scheme {
    fn default() -> Self {
        Self::standard_webhooks()
    }
}

/// Signs deliveries the way a [`Verifier`](super::Verifier) with the same scheme checks them.
#[derive(Clone)]
pub struct Signer {
    key: SecretSlice<u8>,
    scheme: Scheme,
}

impl Signer {
    /// A signer for `secret` under `scheme`.
    pub fn new(secret: &Secret, scheme: Scheme) -> Result<Self, WebhookError> {
        Ok(Self {
            key: scheme.key(secret)?,
            scheme,
        })
    }

    /// The signature header's value for one delivery (`v1,<base64>`).
    pub fn signature(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let mut mac = HmacSha256::new_from_slice(self.key.expose_secret())
            .expect("HMAC takes keys of any length");
        mac.update(&self.scheme.signed_content(id, timestamp, body));
        let tag = mac.finalize().into_bytes();
        format!("{}{}", self.scheme.prefix, self.scheme.encode(&tag))
    }

    /// Every header of one delivery: (name, value).
    pub fn headers(&self, id: &str, timestamp: i64, body: &[u8]) -> Vec<(String, String)> {
        let mut headers = Vec::with_capacity(3);
        if let Some(name) = &self.scheme.id_header {
            headers.push((name.clone(), id.to_owned()));
        }
        headers.push((self.scheme.timestamp_header.clone(), timestamp.to_string()));
        headers.push((
            self.scheme.signature_header.clone(),
            self.signature(id, timestamp, body),
        ));
        headers
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("key", &"[REDACTED]")
            .field("scheme", &self.scheme)
            .finish()
    }
}
