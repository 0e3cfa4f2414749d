//! The outer layers every request passes first: it is counted in flight, its body is read up
//! to [`MAX_REQUEST_BODY`] (a larger one is a 413, never read on or taken as empty), it is
//! recorded in the bounded log, and it waits out the configured latency.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::log::RecordedRequest;
use crate::respond::error;
use crate::stats::enter;
use crate::{MAX_REQUEST_BODY, Shared};

/// Counts the request in flight, reads and records it, and refuses an over-large body.
pub(crate) async fn record(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let _in_flight = enter(&shared.stats);
    let (parts, body) = request.into_parts();
    let (body, too_large) = match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(body) => (body, false),
        Err(_) => (Bytes::new(), true),
    };
    shared
        .requests
        .lock()
        .expect("request log lock")
        .push(RecordedRequest::received(&parts, &body));
    if too_large {
        return error(
            413,
            3,
            format!("the request body is over the mock's limit of {MAX_REQUEST_BODY} bytes"),
        );
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}

/// Waits [`MockConfig::latency`](crate::MockConfig::latency) before the request goes on.
pub(crate) async fn delay(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    if !shared.config.latency.is_zero() {
        tokio::time::sleep(shared.config.latency).await;
    }
    next.run(request).await
}
