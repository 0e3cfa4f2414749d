//! The HTTP side of the mock: axum layers around one handler.
//!
//! Every request passes `intake.rs` (counted, its body read within
//! [`MAX_REQUEST_BODY`] and recorded, the configured latency) and `misbehave.rs` (a queued
//! [`Fault`](crate::Fault)); then [`serve`] routes it by the spec (404, or 405 with `Allow`),
//! checks credentials per the operation's `security`, validates parameters and body
//! (`checks.rs`), and `answer.rs` answers it.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use serde_json::Value;

use passport_paas_spec::{Auth, Operation};

use crate::answer::{Incoming, answer};
use crate::checks::{Parts, check};
use crate::intake::{delay, record};
use crate::misbehave::{AnswerLost, apply_faults};
use crate::plan::Plan;
use crate::respond::{empty, error, respond};
use crate::{MAX_REQUEST_BODY, Shared};

/// The mock's service: the layers outermost first, then [`serve`].
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .fallback(serve)
        .layer(from_fn_with_state(shared.clone(), apply_faults))
        .layer(from_fn_with_state(shared.clone(), delay))
        .layer(from_fn_with_state(shared.clone(), record))
        .with_state(shared)
}

/// Routes, authenticates, validates and answers one request.
async fn serve(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    // `intake.rs` has read the body within the cap already: this takes it back whole.
    let body = axum::body::to_bytes(body, MAX_REQUEST_BODY)
        .await
        .unwrap_or_default();
    let path = parts.uri.path();
    let Some((operation_id, captures)) = shared.routes.find(parts.method.as_str(), path) else {
        return unrouted(&shared, &parts.method, path);
    };
    let Some(operation) = shared.spec.api.operation(operation_id) else {
        return error(500, 13, "the route names no operation");
    };
    if !authenticated(&shared, operation, &parts.headers) {
        return unauthorized();
    }
    let query = query_pairs(parts.uri.query());
    let checked = Parts {
        captures: &captures,
        query: &query,
        headers: &parts.headers,
        body: &body,
    };
    let body = match check(&shared, operation, &checked) {
        Ok(body) => body,
        Err((status, value)) => return respond(operation, status, value),
    };
    let incoming = Incoming {
        captures: &captures,
        query: &query,
        body: &body,
    };
    let plan = &shared.plans[operation_id];
    let (status, value) = answer(&shared, operation_id, plan, &incoming);
    emit_event(&shared, plan, status, value.as_ref());
    match parts.extensions.get::<AnswerLost>() {
        Some(AnswerLost(status)) => empty(*status),
        None => documented_response(&shared, operation, status, value),
    }
}

/// The query's pairs, decoded, in order.
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default()
}

/// The refusal of a request no route serves: a 405 with `Allow` when the path is served with
/// other methods, else a 404.
fn unrouted(shared: &Shared, method: &Method, path: &str) -> Response {
    let allowed = shared.routes.methods(path);
    if allowed.is_empty() {
        return error(404, 5, "no operation serves this path");
    }
    let mut response = error(
        405,
        12,
        format!("method {method} is not allowed on this path"),
    );
    if let Ok(value) = HeaderValue::from_str(&allowed.join(", ")) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// Whether the request's bearer token is one the mock accepts (configured, or issued and
/// live), as the operation's `security` asks.
fn authenticated(shared: &Shared, operation: &Operation, headers: &HeaderMap) -> bool {
    if operation.auth == Auth::None {
        return true;
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let optional = operation.auth == Auth::Optional && bearer.is_none();
    optional || bearer.is_some_and(|token| accepts(shared, token))
}

/// The 401 of a request without an accepted token, with its `WWW-Authenticate` challenge.
fn unauthorized() -> Response {
    let mut response = error(401, 16, "bearer token missing, unknown or expired");
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"passport-paas-mock\""),
    );
    response
}

/// A configured token, or one the mock issued that is still live.
fn accepts(shared: &Shared, token: &str) -> bool {
    shared.config.tokens.iter().any(|t| t == token)
        || shared
            .store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .accepts_issued(token)
}

/// Sends the plan's payment event for a successful answer that carries the payment.
fn emit_event(shared: &Arc<Shared>, plan: &Plan, status: u16, value: Option<&Value>) {
    if let (Some(event), Some(payment), 200..=299) = (&plan.rules.emit, value, status) {
        crate::webhooks::emit(shared, event, payment.clone());
    }
}

/// The answer with the headers the operation documents for `status`.
fn documented_response(
    shared: &Shared,
    operation: &Operation,
    status: u16,
    value: Option<Value>,
) -> Response {
    let headers = crate::headers::documented(shared, operation, status, value.as_ref());
    let mut response = respond(operation, status, value);
    response.headers_mut().extend(headers);
    response
}
