//! Events in: the callbacks the provider sends, verified and typed.
//!
//! The provider POSTs two kinds of callback to URLs configured in its dashboard (spec:
//! `x-webhooks`): payment event notifications (`Callback::PaymentEvent`) and the inbound
//! payment authorization (`Callback::InboundPaymentAuthorization`, which must be answered
//! within 3 s with `{"accept": true|false}`). [`Callback`] and [`Event`] are generated from
//! the spec like every other type — a callback added to the spec is a new variant, its payload
//! a new generated type — and event names are an open enum that keeps names the spec does not
//! list (`types::PaymentEventCallbackEvent::Unknown`).
//!
//! [`Verifier::unwrap_event`] verifies, then parses, in one call:
//!
//! - the signature is HMAC-SHA256 with the dashboard's Secret Token (documented); *which*
//!   headers, *what* is signed and *how* it is encoded are not documented, so the default
//!   [`Scheme`] is Standard Webhooks (inferred) and every part of it is configurable;
//! - timestamps beyond the tolerance (5 minutes) either way, bodies over a limit, a replay of
//!   the same signed delivery and a payload that does not parse are each a [`WebhookError`];
//! - a redelivery of the same id with a fresh signature (the provider's Retry mode) is
//!   accepted with [`Delivery::duplicate`] set, so a handler can skip work it already did.
//!
//! The secret is a [`Secret`](crate::Secret): no `Debug`, `Display` or error prints it. With
//! the `webhooks-receiver` feature, `receiver` serves the callbacks as an axum router.

mod error;
#[cfg(feature = "webhooks-receiver")]
pub mod receiver;
mod replay;
mod scheme;
mod verify;

pub use crate::generated::wiring::{Callback, Event};
pub use error::WebhookError;
pub use scheme::{Encoding, KeyFormat, Scheme, Signed, Signer};
pub use verify::{Clock, Verified, Verifier, fixed_clock};

/// The documented time the provider waits for an authorization answer.
pub const PROVIDER_AUTHORIZATION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// One verified delivery.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery<T> {
    /// The delivery id (`webhook-id`), the same on every redelivery of one event.
    pub id: String,
    /// The delivery's timestamp, Unix seconds.
    pub timestamp: i64,
    /// Whether this id was already delivered (with another timestamp) within the window.
    pub duplicate: bool,
    /// The parsed payload.
    pub payload: T,
}
