//! The HTTP side of the mock: recording, faults, routing, authentication and validation.
//!
//! Every request goes through [`handle`]: its body is read up to [`MAX_REQUEST_BODY`] (a
//! larger one is a 413), it is recorded in the bounded log, a queued [`Fault`] is applied, the
//! spec routes it, credentials are checked per the operation's `security`, parameters and body
//! are validated (`checks.rs`), and `answer.rs` answers it.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use passport_paas_spec::{Auth, Operation};

use crate::answer::{Incoming, answer};
use crate::checks::{Parts, check};
use crate::{Fault, MAX_REQUEST_BODY, RecordedRequest, Shared, enter};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let _in_flight = enter(&shared.stats);
    let (parts, body) = request.into_parts();
    // A body over the cap is refused as such, never read on or silently taken as empty.
    let (body, too_large) = match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(body) => (body, false),
        Err(_) => (Bytes::new(), true),
    };
    let recorded = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    shared
        .requests
        .lock()
        .expect("request log lock")
        .push(recorded);
    if too_large {
        return error(
            413,
            3,
            format!("the request body is over the mock's limit of {MAX_REQUEST_BODY} bytes"),
        );
    }
    if !shared.config.latency.is_zero() {
        tokio::time::sleep(shared.config.latency).await;
    }
    // A status to answer instead, once the request has been handled (`AfterProcessing`).
    let mut after = None;
    let fault = {
        let mut faults = shared.faults.lock().expect("fault queue lock");
        let method = parts.method.as_str();
        let path = parts.uri.path();
        // `GET` matches the method; `GET /v1/x` the method and the exact path.
        let position = faults.iter().position(|(only, _)| {
            only.as_deref()
                .is_none_or(|scope| match scope.split_once(' ') {
                    Some((m, p)) => m == method && p == path,
                    None => scope == method,
                })
        });
        position
            .and_then(|index| faults.remove(index))
            .map(|(_, fault)| fault)
    };
    match fault {
        Some(Fault::Respond {
            status,
            content_type,
            body,
            headers,
        }) => {
            let mut response = Response::builder().status(status);
            if let Some(content_type) = content_type {
                response = response.header(header::CONTENT_TYPE, content_type);
            }
            for (name, value) in headers {
                response = response.header(name, value);
            }
            return response
                .body(Body::from(body))
                .unwrap_or_else(|_| plain(500, "bad fault"));
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::Oversized(bytes)) => {
            let filler = "x".repeat(bytes);
            return json_response(200, &json!({ "filler": filler }));
        }
        Some(Fault::ResetMidBody) => return reset_mid_body(),
        Some(Fault::EchoAuthorization(status)) => {
            let echoed = parts
                .headers
                .get(header::AUTHORIZATION)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_default();
            // Every character escaped: the secret is only readable once the JSON is decoded.
            let escaped: String = echoed
                .chars()
                .map(|c| format!("\\u{:04x}", c as u32))
                .collect();
            let body = format!(r#"{{"message":"refused {escaped}","code":7}}"#);
            let mut response = Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, "application/json");
            if let Ok(value) = HeaderValue::from_str(&echoed) {
                response = response.header("x-request-id", value);
            }
            return response
                .body(Body::from(body))
                .unwrap_or_else(|_| plain(500, "bad echo"));
        }
        Some(Fault::AfterProcessing(status)) => after = Some(status),
        None => {}
    }
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let Some((operation_id, captures)) =
        shared.routes.find(parts.method.as_str(), parts.uri.path())
    else {
        let allowed = shared.routes.methods(parts.uri.path());
        return if !allowed.is_empty() {
            let mut response = error(
                405,
                12,
                format!("method {} is not allowed on this path", parts.method),
            );
            if let Ok(value) = HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        } else {
            error(404, 5, "no operation serves this path".into())
        };
    };
    let Some(operation) = shared.spec.api.operation(operation_id) else {
        return error(500, 13, "the route names no operation".into());
    };
    let plan = &shared.plans[operation_id];
    if operation.auth != Auth::None {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        let accepted = bearer.is_some_and(|token| {
            shared.config.tokens.iter().any(|t| t == token)
                || shared
                    .store
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .accepts_issued(token)
        });
        let optional = operation.auth == Auth::Optional && bearer.is_none();
        if !accepted && !optional {
            let mut response = error(401, 16, "bearer token missing, unknown or expired".into());
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"passport-paas-mock\""),
            );
            return response;
        }
    }
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
    let (status, value) = answer(&shared, operation_id, plan, &incoming);
    if let (Some(event), Some(payment), 200..=299) = (&plan.rules.emit, &value, status) {
        crate::webhooks::emit(&shared, event, payment.clone());
    }
    match after {
        Some(status) => respond(operation, status, None),
        None => {
            let headers = crate::headers::documented(&shared, operation, status, value.as_ref());
            let mut response = respond(operation, status, value);
            response.headers_mut().extend(headers);
            response
        }
    }
}

/// The answer `value` with `status`, as JSON, or under the documented media type when that is
/// not JSON (a string as its text).
fn respond(operation: &Operation, status: u16, value: Option<Value>) -> Response {
    let not_json = operation
        .response_for(status)
        .and_then(|response| response.content.as_ref())
        .filter(|content| !content.is_json());
    match (value, not_json) {
        (Some(value), Some(content)) => {
            let text = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
            Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, content.media_type.as_str())
                .body(Body::from(text))
                .unwrap_or_else(|_| plain(500, "bad media type"))
        }
        (Some(value), None) => json_response(status, &value),
        (None, _) => Response::builder()
            .status(status)
            .body(Body::empty())
            .unwrap_or_else(|_| plain(500, "bad status")),
    }
}

/// A JSON error body in the gateway's shape, naming the violation.
pub(crate) fn error(status: u16, code: i64, message: String) -> Response {
    json_response(
        status,
        &json!({ "code": code, "message": message, "details": [] }),
    )
}

pub(crate) fn json_response(status: u16, value: &Value) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(value.to_string()))
        .unwrap_or_else(|_| plain(500, "bad response"))
}

fn plain(status: u16, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// Headers and half a body, then the connection is dropped. The pause makes sure the header
/// and the first chunk are on the wire before the break.
fn reset_mid_body() -> Response {
    let chunks = futures::stream::unfold(0u8, |step| async move {
        match step {
            0 => Some((Ok(Bytes::from_static(b"{\"filler\": {\"cut\": 1,")), 1)),
            1 => {
                tokio::time::sleep(std::time::Duration::from_millis(30)).await;
                Some((
                    Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "mock reset",
                    )),
                    2,
                ))
            }
            _ => None,
        }
    });
    Response::builder()
        .status(200)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "4096")
        .body(Body::from_stream(chunks))
        .unwrap_or_else(|_| plain(500, "bad reset"))
}
