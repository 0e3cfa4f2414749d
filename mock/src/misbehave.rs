//! The fault layer: a request takes the first queued [`Fault`] that matches it, and the fault
//! answers in the server's place (a given answer, an oversized body, a connection reset, an
//! echoed credential), delays it, or marks its answer to be lost ([`AnswerLost`]).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;

use crate::Shared;
use crate::fault::{self, Fault};
use crate::respond::{json_response, plain};

/// Marks a request whose answer is replaced by this status and an empty body once it has
/// been handled ([`Fault::AfterProcessing`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct AnswerLost(pub u16);

/// Applies the request's queued fault, if any.
pub(crate) async fn apply_faults(
    State(shared): State<Arc<Shared>>,
    mut request: Request,
    next: Next,
) -> Response {
    let fault = {
        let mut queue = shared.faults.lock().expect("fault queue lock");
        fault::take(&mut queue, request.method().as_str(), request.uri().path())
    };
    match fault {
        Some(Fault::Respond {
            status,
            content_type,
            body,
            headers,
        }) => given(status, content_type, body, headers),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Some(Fault::Oversized(bytes)) => {
            json_response(200, &json!({ "filler": "x".repeat(bytes) }))
        }
        Some(Fault::ResetMidBody) => reset_mid_body(),
        Some(Fault::EchoAuthorization(status)) => echo_authorization(status, request.headers()),
        Some(Fault::AfterProcessing(status)) => {
            request.extensions_mut().insert(AnswerLost(status));
            next.run(request).await
        }
        None => next.run(request).await,
    }
}

/// Exactly this status, content type, headers and body.
fn given(
    status: u16,
    content_type: Option<String>,
    body: String,
    headers: Vec<(String, String)>,
) -> Response {
    let mut response = Response::builder().status(status);
    if let Some(content_type) = content_type {
        response = response.header(header::CONTENT_TYPE, content_type);
    }
    for (name, value) in headers {
        response = response.header(name, value);
    }
    response
        .body(Body::from(body))
        .unwrap_or_else(|_| plain(500, "bad fault"))
}

/// `status` with the request's `Authorization` in the body (JSON-escaped) and in
/// `x-request-id`: a server that leaks credentials.
fn echo_authorization(status: u16, headers: &HeaderMap) -> Response {
    let echoed = headers
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
    response
        .body(Body::from(body))
        .unwrap_or_else(|_| plain(500, "bad echo"))
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
