//! [`Verifier`]: checks a delivery's signature, timestamp, size and id, then parses it.
//!
//! Order of the checks: size (nothing is hashed past the limit), headers, signature (a
//! constant-time comparison through `hmac`'s `verify_slice`, against every entry of the
//! header, so a key rotation with two signatures works), timestamp tolerance, payload, and
//! last the replay window — an id is remembered only once its delivery verified and parsed, so
//! a forgery can never make a genuine delivery look like a replay.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::Mac;
use http::HeaderMap;
use secrecy::{ExposeSecret, SecretSlice};
use serde::de::DeserializeOwned;

use super::replay::{ReplayGuard, Seen};
use super::scheme::{HmacSha256, Scheme};
use super::{Callback, Delivery, Event, WebhookError};
use crate::Secret;

/// Signature entries looked at in one header (a rotation needs two; more is noise).
const MAX_SIGNATURES: usize = 16;
/// Longest delivery id accepted, in bytes.
const MAX_ID_BYTES: usize = 256;

/// The time a verifier compares timestamps with.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Verifies and parses deliveries signed with one secret under one [`Scheme`].
///
/// ```
/// use passport_paas::{Secret, webhooks::{Callback, Event, Scheme, Signer, Verifier}};
/// let secret = Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
/// let body = br#"{"event":"payment.settled","payment":{"id":"p1"}}"#;
/// let now = std::time::SystemTime::now()
///     .duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
/// let mut headers = http::HeaderMap::new();
/// for (name, value) in Signer::new(&secret, Scheme::default()).unwrap().headers("msg_1", now, body) {
///     headers.insert(http::HeaderName::try_from(name).unwrap(), value.parse().unwrap());
/// }
/// let verifier = Verifier::new(secret).unwrap();
/// let delivery = verifier.unwrap_event(Callback::PaymentEvent, &headers, body).unwrap();
/// assert!(matches!(delivery.payload, Event::PaymentEvent(_)));
/// // The same request again is a replay.
/// assert!(verifier.unwrap_event(Callback::PaymentEvent, &headers, body).is_err());
/// ```
pub struct Verifier {
    key: SecretSlice<u8>,
    scheme: Scheme,
    clock: Clock,
    guard: Mutex<ReplayGuard>,
}

/// What verification established about a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The delivery id (empty when the scheme has no id header).
    pub id: String,
    /// Its timestamp, Unix seconds.
    pub timestamp: i64,
}

impl Verifier {
    /// A verifier for `secret` under the default (Standard Webhooks, inferred) scheme.
    pub fn new(secret: Secret) -> Result<Self, WebhookError> {
        Self::with_scheme(secret, Scheme::default())
    }

    /// A verifier for `secret` under `scheme`.
    pub fn with_scheme(secret: Secret, scheme: Scheme) -> Result<Self, WebhookError> {
        Ok(Self {
            key: scheme.key(&secret)?,
            scheme,
            clock: Arc::new(SystemTime::now),
            guard: Mutex::new(ReplayGuard::default()),
        })
    }

    /// The same verifier reading the time from `clock` (tests, or a clock of your own).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Its scheme.
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// Checks size, signature and timestamp; does not parse and does not record the id.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<Verified, WebhookError> {
        let scheme = &self.scheme;
        if body.len() > scheme.max_body_bytes {
            return Err(WebhookError::TooLarge {
                limit: scheme.max_body_bytes,
            });
        }
        let id = match &scheme.id_header {
            Some(name) => {
                let id = header(headers, name)?;
                if id.is_empty()
                    || id.len() > MAX_ID_BYTES
                    || !id.bytes().all(|b| b.is_ascii_graphic())
                {
                    return Err(malformed(name, "not 1 to 256 visible ASCII characters"));
                }
                id.to_owned()
            }
            None => String::new(),
        };
        let stamp_text = header(headers, &scheme.timestamp_header)?;
        let timestamp: i64 = stamp_text
            .parse()
            .map_err(|_| malformed(&scheme.timestamp_header, "not whole Unix seconds"))?;
        let mut mac = HmacSha256::new_from_slice(self.key.expose_secret())
            .map_err(|_| WebhookError::InvalidSecret("the key cannot key HMAC-SHA256"))?;
        mac.update(&scheme.signed_content(&id, timestamp, body));
        let signatures = header(headers, &scheme.signature_header)?;
        let matched = signatures
            .split_ascii_whitespace()
            .take(MAX_SIGNATURES)
            .filter_map(|entry| scheme.decode(entry))
            .any(|tag| mac.clone().verify_slice(&tag).is_ok());
        if !matched {
            return Err(WebhookError::BadSignature);
        }
        self.check_time(timestamp)?;
        Ok(Verified { id, timestamp })
    }

    /// Verifies, parses the body as `T`, then records the id: the one call a handler needs.
    pub fn unwrap<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Delivery<T>, WebhookError> {
        let verified = self.verify(headers, body)?;
        let payload: T = serde_json::from_slice(body)
            .map_err(|error| WebhookError::unparsable(std::any::type_name::<T>(), &error))?;
        self.record(verified, payload)
    }

    /// Verifies, parses the body as `callback`'s payload (typed from the spec), then records
    /// the id.
    pub fn unwrap_event(
        &self,
        callback: Callback,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Delivery<Event>, WebhookError> {
        let verified = self.verify(headers, body)?;
        let payload = Event::parse(callback, body)
            .map_err(|error| WebhookError::unparsable(callback.name(), &error))?;
        self.record(verified, payload)
    }

    fn record<T>(&self, verified: Verified, payload: T) -> Result<Delivery<T>, WebhookError> {
        let Verified { id, timestamp } = verified;
        let mut duplicate = false;
        if self.scheme.id_header.is_some() {
            let oldest = self.now_secs().saturating_sub(self.tolerance_secs());
            let mut guard = self
                .guard
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            match guard.record(&id, timestamp, oldest, self.scheme.max_tracked_ids) {
                Seen::Replay => {
                    return Err(WebhookError::Replayed {
                        id: crate::printable(&id),
                        timestamp,
                    });
                }
                Seen::Duplicate => duplicate = true,
                Seen::New => {}
            }
        }
        Ok(Delivery {
            id,
            timestamp,
            duplicate,
            payload,
        })
    }

    fn check_time(&self, timestamp: i64) -> Result<(), WebhookError> {
        let now = self.now_secs();
        let tolerance_secs = self.scheme.tolerance.as_secs();
        let difference = now.saturating_sub(timestamp);
        if difference > self.tolerance_secs() {
            return Err(WebhookError::Stale {
                age_secs: difference.unsigned_abs(),
                tolerance_secs,
            });
        }
        if difference < -self.tolerance_secs() {
            return Err(WebhookError::Future {
                ahead_secs: difference.unsigned_abs(),
                tolerance_secs,
            });
        }
        Ok(())
    }

    fn tolerance_secs(&self) -> i64 {
        i64::try_from(self.scheme.tolerance.as_secs()).unwrap_or(i64::MAX)
    }

    fn now_secs(&self) -> i64 {
        let now = (self.clock)();
        match now.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs())
                .map(|s| -s)
                .unwrap_or(i64::MIN),
        }
    }
}

/// A header's value as text, or why not.
fn header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, WebhookError> {
    let value = headers
        .get(name)
        .ok_or_else(|| WebhookError::MissingHeader(crate::printable(name)))?;
    value
        .to_str()
        .map_err(|_| malformed(name, "not visible ASCII"))
}

fn malformed(name: &str, reason: &'static str) -> WebhookError {
    WebhookError::MalformedHeader {
        header: crate::printable(name),
        reason,
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("key", &"[REDACTED]")
            .field("scheme", &self.scheme)
            .finish_non_exhaustive()
    }
}

/// A clock that always says `unix_secs` (tests, replaying a captured delivery).
pub fn fixed_clock(unix_secs: u64) -> Clock {
    Arc::new(move || UNIX_EPOCH + Duration::from_secs(unix_secs))
}
