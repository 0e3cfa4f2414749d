//! Cross-cutting concerns of every generated call, in one place: `impl ClientHooks`.
//!
//! - `pre`: spec-driven parameter range checks, the `Authorization` header, the default
//!   `Accept-Language`, and removing progenitor's `api-version` header (see below);
//! - `exec`: the attempt loop (retries, backoff, `Retry-After`, per-attempt timeout, overall
//!   deadline), a `tracing` span per attempt, and reading the body under a size cap.
//!
//! What `exec` learns about the final response (status, content type, body, cap exceeded) is
//! left in a task-local [`CallRecord`] for `call.rs`, which needs it to build a typed error the
//! generated code cannot express (progenitor drops the status on an unparsable body).

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{ACCEPT_LANGUAGE, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::auth::Authenticator;
use crate::retry::{self, RetryPolicy};

/// Settings every call reads; built once by `ClientBuilder`.
#[derive(Debug)]
pub(crate) struct Settings {
    pub auth: Authenticator,
    pub accept_language: Option<HeaderValue>,
    pub retry: RetryPolicy,
    pub attempt_timeout: Option<Duration>,
    pub deadline: Option<Duration>,
    pub max_body_bytes: usize,
}

/// The generated client's inner state (progenitor `with_inner_type`).
#[derive(Clone, Debug)]
pub struct HookState(pub(crate) Arc<Settings>);

/// What the final attempt of one call saw, for error reporting in `call.rs`.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    pub status: Option<StatusCode>,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub body_too_large: bool,
    pub body_limit: usize,
    /// Every secret the call could have sent, to redact from anything the server echoes.
    pub secrets: Vec<String>,
    /// Obtaining the access token failed; the call was not sent.
    pub auth_error: Option<crate::Error>,
}

tokio::task_local! {
    static CALL_RECORD: RefCell<CallRecord>;
}

/// Runs `call` with a fresh [`CallRecord`] and returns both.
pub(crate) async fn recorded<F: Future>(call: F) -> (F::Output, CallRecord) {
    CALL_RECORD
        .scope(RefCell::new(CallRecord::default()), async move {
            let output = call.await;
            let record = CALL_RECORD.with(|record| record.take());
            (output, record)
        })
        .await
}

fn record(update: impl FnOnce(&mut CallRecord)) {
    // Outside `recorded` (a caller using the generated builders directly) there is no record.
    let _ = CALL_RECORD.try_with(|record| update(&mut record.borrow_mut()));
}

impl ClientHooks<HookState> for crate::generated::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let settings = &self.inner().0;
        record(|r| {
            r.secrets = settings.auth.secret_values();
            r.body_limit = settings.max_body_bytes;
        });
        crate::validate::check_query(info.operation_id, request.url())
            .map_err(progenitor_client::Error::InvalidRequest)?;
        let headers = request.headers_mut();
        // progenitor sends `api-version: <info.version>`; that is the spec document's version,
        // not an API version the service documents, so it stays off the wire.
        headers.remove("api-version");
        let needs_auth = !crate::validate::UNAUTHENTICATED_OPERATIONS.contains(&info.operation_id);
        if needs_auth && !headers.contains_key(AUTHORIZATION) {
            match &settings.auth {
                Authenticator::None => {}
                Authenticator::Bearer { header, .. } => {
                    headers.insert(AUTHORIZATION, header.clone());
                }
                Authenticator::ClientCredentials(cache) => match cache.header(self).await {
                    Ok(header) => {
                        request.headers_mut().insert(AUTHORIZATION, header);
                    }
                    Err(error) => {
                        let message = error.to_string();
                        record(|r| {
                            r.secrets = settings.auth.secret_values();
                            r.auth_error = Some(error);
                        });
                        return Err(progenitor_client::Error::Custom(message));
                    }
                },
            }
        }
        let headers = request.headers_mut();
        if let Some(language) = &settings.accept_language {
            headers
                .entry(ACCEPT_LANGUAGE)
                .or_insert_with(|| language.clone());
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let settings = &self.inner().0;
        let started = Instant::now();
        let idempotent = request.method() != Method::POST && request.method() != Method::PATCH;
        let mut pending = Some(request);
        let mut attempt = 1u32;
        let mut refreshed = false;
        loop {
            let original = pending
                .take()
                .expect("a request is pending at every attempt");
            // Keep a copy for the next attempt; a streaming body cannot be copied, so no retry.
            let mut spare = original.try_clone();
            let mut current = original;
            let remaining = settings
                .deadline
                .map(|d| d.saturating_sub(started.elapsed()));
            *current.timeout_mut() = match (settings.attempt_timeout, remaining) {
                (Some(a), Some(r)) => Some(a.min(r)),
                (a, r) => a.or(r),
            };
            let span = tracing::info_span!(
                "passport_paas.request",
                method = %current.method(),
                path = current.url().path(),
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let attempt_started = Instant::now();
            let outcome = send_buffered(self.client(), current, settings.max_body_bytes)
                .instrument(span.clone())
                .await;
            span.record("latency_ms", attempt_started.elapsed().as_millis() as u64);
            let can_resend = spare.is_some();
            let may_retry = |extra: Duration| {
                attempt < settings.retry.max_attempts
                    && can_resend
                    && settings
                        .deadline
                        .is_none_or(|d| started.elapsed() + extra < d)
            };
            match outcome {
                Ok(buffered) => {
                    span.record("status", buffered.status.as_u16());
                    tracing::debug!(parent: &span, bytes = buffered.body.len(), "response received");
                    // A 401 with a cached client-credentials token: refresh once, send once more.
                    // Only calls that sent the cached token: the token request itself sends
                    // none, and refreshing inside it would wait on its own lock.
                    let sent_token = spare
                        .as_ref()
                        .is_some_and(|r| r.headers().contains_key(AUTHORIZATION));
                    if buffered.status == StatusCode::UNAUTHORIZED
                        && !refreshed
                        && sent_token
                        && let Authenticator::ClientCredentials(cache) = &settings.auth
                        && let Some(mut again) = spare.take()
                    {
                        refreshed = true;
                        if let Some(refused) = again.headers().get(AUTHORIZATION).cloned() {
                            cache.invalidate(&refused).await;
                        }
                        match cache.header(self).await {
                            Ok(header) => {
                                tracing::debug!(parent: &span, "refreshed the access token after a 401");
                                again.headers_mut().insert(AUTHORIZATION, header);
                                pending = Some(again);
                                continue;
                            }
                            Err(error) => {
                                record(|r| r.auth_error = Some(error));
                            }
                        }
                    }
                    let wait = retry::retry_after(&buffered.headers);
                    let delay = settings.retry.delay(attempt + 1, wait);
                    if idempotent && retry::is_retryable_status(buffered.status) && may_retry(delay)
                    {
                        tracing::debug!(parent: &span, ?delay, "retrying after a transient status");
                        tokio::time::sleep(delay).await;
                    } else {
                        record(|r| {
                            r.status = Some(buffered.status);
                            r.headers = buffered.headers.clone();
                            r.body = buffered.body.clone();
                            r.body_too_large = buffered.too_large;
                        });
                        return Ok(buffered.into_response());
                    }
                }
                Err(error) => {
                    let (retryable, before_send) = retry::classify_transport(&error);
                    let delay = settings.retry.delay(attempt + 1, None);
                    if retryable && (idempotent || before_send) && may_retry(delay) {
                        tracing::debug!(parent: &span, ?delay, "retrying after a transport error");
                        tokio::time::sleep(delay).await;
                    } else {
                        return Err(error);
                    }
                }
            }
            pending = spare;
            attempt += 1;
        }
    }
}

/// A response read in full, up to the size cap.
struct Buffered {
    status: StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    body: Bytes,
    too_large: bool,
}

impl Buffered {
    fn into_response(self) -> reqwest::Response {
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.version_mut() = self.version;
        *response.headers_mut() = self.headers;
        reqwest::Response::from(response)
    }
}

/// Sends one attempt and reads its body as a stream, stopping at `limit` bytes.
async fn send_buffered(
    client: &reqwest::Client,
    request: reqwest::Request,
    limit: usize,
) -> reqwest::Result<Buffered> {
    let mut response = client.execute(request).await?;
    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let declared = response.content_length().unwrap_or(0);
    let mut too_large = declared > limit as u64;
    let mut body = BytesMut::new();
    while !too_large && let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            too_large = true;
        } else {
            body.extend_from_slice(&chunk);
        }
    }
    Ok(Buffered {
        status,
        version,
        headers,
        body: body.freeze(),
        too_large,
    })
}

/// Whether a response's `Content-Type` says JSON (`application/json` or `…+json`).
pub(crate) fn is_json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}
