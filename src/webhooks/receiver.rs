//! A receiver for the callbacks (feature `webhooks-receiver`): an axum router with one
//! `POST /{callback}` route per callback of the spec, which verifies, parses, hands the typed
//! delivery to your handler and answers the way the provider expects.
//!
//! - A payment event is acknowledged with `200` once the handler returns [`Outcome::Ack`];
//!   [`Outcome::Retry`] (or a handler that panics) answers `500`, so Retry mode resends it.
//! - A callback that asks for a decision (its reply has one required boolean, `accept`) is
//!   answered `200 {"accept": …}` with the handler's [`Outcome::Decide`]. The provider waits
//!   3 s; the receiver waits [`Receiver::deadline`] (2.5 s by default, counted from when the
//!   request arrived) and then answers the configured [`Receiver::fallback`] itself, so a slow
//!   handler never leaves the provider to fall back blindly.
//! - A delivery that fails verification is answered with [`WebhookError::status`] and a
//!   one-line JSON error that holds no secret; the handler never sees it.
//!
//! Redeliveries carry [`Delivery::duplicate`](super::Delivery::duplicate).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Callback, Delivery, Event, Verifier, WebhookError};

/// What a handler decided about one delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Processed (answered `200`).
    Ack,
    /// The answer to a decision callback: accept or decline the payment.
    Decide(bool),
    /// Not processed; ask the provider to resend (answered `500`).
    Retry,
}

/// A boxed handler future.
pub type HandlerFuture = Pin<Box<dyn Future<Output = Outcome> + Send + 'static>>;

/// User code that receives verified, typed deliveries.
pub trait Handler: Send + Sync + 'static {
    /// Handles one delivery.
    fn handle(&self, delivery: Delivery<Event>) -> HandlerFuture;
}

impl<F, Fut> Handler for F
where
    F: Fn(Delivery<Event>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Outcome> + Send + 'static,
{
    fn handle(&self, delivery: Delivery<Event>) -> HandlerFuture {
        Box::pin(self(delivery))
    }
}

/// The answer to one request: status and JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body (empty for a plain acknowledgement).
    pub body: Vec<u8>,
}

/// Verifies, parses and dispatches callbacks to a [`Handler`].
pub struct Receiver {
    verifier: Arc<Verifier>,
    handler: Arc<dyn Handler>,
    deadline: Duration,
    fallback: bool,
}

impl Receiver {
    /// A receiver checking with `verifier` and handing deliveries to `handler`. Decision
    /// deadline 2.5 s; fallback decision: decline.
    pub fn new(verifier: Verifier, handler: impl Handler) -> Self {
        Self {
            verifier: Arc::new(verifier),
            handler: Arc::new(handler),
            deadline: Duration::from_millis(2500),
            fallback: false,
        }
    }

    /// How long a decision may take before the fallback is answered; keep it below the
    /// provider's documented 3 s ([`PROVIDER_AUTHORIZATION_TIMEOUT`](super::PROVIDER_AUTHORIZATION_TIMEOUT)).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The decision answered when the handler is late, panics or returns no decision.
    pub fn fallback(mut self, accept: bool) -> Self {
        self.fallback = accept;
        self
    }

    /// Answers one request for `callback` (the router's core, usable without axum).
    pub async fn answer(&self, callback: Callback, headers: &HeaderMap, body: &[u8]) -> Answer {
        let started = tokio::time::Instant::now();
        let delivery = match self.verifier.unwrap_event(callback, headers, body) {
            Ok(delivery) => delivery,
            Err(error) => return refusal(&error),
        };
        let task = tokio::spawn(self.handler.handle(delivery));
        match callback.decision_field() {
            Some(field) => {
                let abort = task.abort_handle();
                let decided = tokio::time::timeout_at(started + self.deadline, task).await;
                let accept = match decided {
                    Ok(Ok(Outcome::Decide(accept))) => accept,
                    Ok(_) => self.fallback,
                    Err(_late) => {
                        abort.abort();
                        self.fallback
                    }
                };
                Answer {
                    status: 200,
                    body: serde_json::json!({ field: accept })
                        .to_string()
                        .into_bytes(),
                }
            }
            None => match task.await {
                Ok(Outcome::Ack | Outcome::Decide(_)) => Answer {
                    status: 200,
                    body: Vec::new(),
                },
                Ok(Outcome::Retry) | Err(_) => Answer {
                    status: 500,
                    body: br#"{"error":"the handler did not process the event"}"#.to_vec(),
                },
            },
        }
    }

    /// An axum router with `POST /{name}` for every callback of the spec.
    pub fn router(self) -> axum::Router {
        let receiver = Arc::new(self);
        let mut router = axum::Router::new();
        for callback in Callback::ALL.iter().copied() {
            let receiver = Arc::clone(&receiver);
            router = router.route(
                &format!("/{}", callback.name()),
                axum::routing::post(move |request: Request| {
                    let receiver = Arc::clone(&receiver);
                    async move { receiver.serve_one(callback, request).await }
                }),
            );
        }
        router
    }

    /// Serves [`Receiver::router`] on `listener` until the task is dropped or fails.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        axum::serve(listener, self.router()).await
    }

    async fn serve_one(&self, callback: Callback, request: Request) -> Response {
        let (parts, body) = request.into_parts();
        let limit = self.verifier.scheme().max_body_bytes;
        let answer = match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => self.answer(callback, &parts.headers, &bytes).await,
            Err(_) => refusal(&WebhookError::TooLarge { limit }),
        };
        let status =
            StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if answer.body.is_empty() {
            return status.into_response();
        }
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(answer.body),
        )
            .into_response()
    }
}

/// The answer to a delivery that failed verification or parsing.
fn refusal(error: &WebhookError) -> Answer {
    Answer {
        status: error.status(),
        body: serde_json::json!({ "error": error.to_string() })
            .to_string()
            .into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_deadline_leaves_the_provider_time() {
        let verifier = Verifier::new(crate::Secret::new("s")).unwrap();
        let receiver = Receiver::new(verifier, |_: Delivery<Event>| async { Outcome::Ack });
        assert!(receiver.deadline < super::super::PROVIDER_AUTHORIZATION_TIMEOUT);
        assert!(!receiver.fallback);
    }
}
