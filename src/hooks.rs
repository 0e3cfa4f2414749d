//! Cross-cutting concerns of every generated call, in one place: `impl ClientHooks`.
//!
//! - `pre`: the spec-driven checks of the operation table, the `Authorization` header (token
//!   work bounded by the call's deadline), the default `Accept-Language`, and removing
//!   progenitor's `api-version` header;
//! - `exec`: the attempt loop (`retry.rs` decides), a `tracing` span per attempt, reading the
//!   body under a size cap, and redacting every secret the client holds from what the server
//!   sent before anything else reads it.
//!
//! What `exec` learns about the final response is left in a task-local [`CallRecord`] for
//! `call.rs`, which needs it to build a typed error the generated code cannot express.

use crate::error::Kind;
use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{ACCEPT_LANGUAGE, AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::auth::Authenticator;
use crate::retry::{self, Attempt, RetryPolicy};

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

/// What one call saw, for error reporting in `call.rs`. Everything in it is redacted.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    pub status: Option<StatusCode>,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub body_too_large: bool,
    pub body_limit: usize,
    /// Obtaining the access token failed; the call was not sent.
    pub auth_error: Option<crate::Error>,
    /// When the whole call must be over (token work included).
    pub deadline: Option<Instant>,
    /// A retried `DELETE` met 404/409 after an attempt that may have done the work.
    pub settled_by_retry: bool,
    /// The server asked to wait longer than the policy allows.
    pub retry_after_refused: Option<Duration>,
    /// The settings, for redacting text built later.
    pub settings: Option<Arc<Settings>>,
    /// The operation's answer may carry secrets (`format: password` in its success schema):
    /// no excerpt of it is ever quoted, whatever its status or shape.
    pub holds_secrets: bool,
    /// The secrets the request carried in its body: an answer echoing them is redacted.
    pub sent_secrets: Vec<crate::Secret>,
}

tokio::task_local! {
    static CALL_RECORD: RefCell<CallRecord>;
    static ACQUIRING_TOKEN: ();
}

/// Runs `call` with a fresh [`CallRecord`] and returns both. A call made while another is in
/// flight (the token request inside a call) keeps the outer call's deadline.
pub(crate) async fn recorded<F: Future>(call: F) -> (F::Output, CallRecord) {
    let inherited = CALL_RECORD
        .try_with(|record| record.borrow().deadline)
        .ok()
        .flatten();
    let fresh = CallRecord {
        deadline: inherited,
        ..CallRecord::default()
    };
    CALL_RECORD
        .scope(RefCell::new(fresh), async move {
            let output = call.await;
            let record = CALL_RECORD.with(|record| record.take());
            (output, record)
        })
        .await
}

/// Runs `future` as the client's own token request: it is never authenticated itself.
pub(crate) async fn acquiring_token<F: Future>(future: F) -> F::Output {
    ACQUIRING_TOKEN.scope((), future).await
}

fn record(update: impl FnOnce(&mut CallRecord)) {
    // Outside `recorded` (a caller using `.send()` directly) there is no record.
    let _ = CALL_RECORD.try_with(|record| update(&mut record.borrow_mut()));
}

fn call_deadline() -> Option<Instant> {
    CALL_RECORD
        .try_with(|record| record.borrow().deadline)
        .ok()
        .flatten()
}

impl ClientHooks<HookState> for crate::generated::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let settings = &self.inner().0;
        let now = Instant::now();
        let own = settings.deadline.and_then(|d| now.checked_add(d));
        record(|r| {
            r.settings = Some(settings.clone());
            r.body_limit = settings.max_body_bytes;
            r.deadline = match (r.deadline, own) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        });
        let base_path = reqwest::Url::parse(self.baseurl())
            .map(|url| url.path().to_owned())
            .unwrap_or_default();
        crate::operation::check_request(info.operation_id, &base_path, request).map_err(
            |(name, reason)| {
                progenitor_client::Error::InvalidRequest(format!(
                    "{name}{}{reason}",
                    crate::operation::SEPARATOR
                ))
            },
        )?;
        let headers = request.headers_mut();
        // progenitor sends `api-version: <info.version>`; that is the spec document's version,
        // not an API version the service documents, so it stays off the wire.
        headers.remove("api-version");
        let acquiring = ACQUIRING_TOKEN.try_with(|_| ()).is_ok();
        let needs_auth = !acquiring
            && crate::operation::by_rust_name(info.operation_id)
                .is_none_or(|operation| operation.needs_credentials);
        if needs_auth && !headers.contains_key(AUTHORIZATION) {
            match &settings.auth {
                Authenticator::None => {}
                Authenticator::Bearer { header, .. } => {
                    headers.insert(AUTHORIZATION, header.clone());
                }
                Authenticator::ClientCredentials(cache) => {
                    let deadline = call_deadline().or(own);
                    let outcome = match deadline {
                        Some(deadline) => {
                            tokio::time::timeout_at(deadline.into(), cache.header(self))
                                .await
                                .unwrap_or(Err(crate::Error::from(Kind::Timeout)))
                        }
                        None => cache.header(self).await,
                    };
                    match outcome {
                        Ok(header) => {
                            request.headers_mut().insert(AUTHORIZATION, header);
                        }
                        Err(error) => {
                            let message = error.to_string();
                            record(|r| r.auth_error = Some(error));
                            return Err(progenitor_client::Error::Custom(message));
                        }
                    }
                }
            }
        }
        if let Some(language) = &settings.accept_language {
            request
                .headers_mut()
                .entry(ACCEPT_LANGUAGE)
                .or_insert_with(|| language.clone());
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let settings = &self.inner().0;
        let deadline = call_deadline().or_else(|| {
            settings
                .deadline
                .and_then(|d| Instant::now().checked_add(d))
        });
        let method = request.method().clone();
        let keeps_secrets = crate::operation::by_rust_name(info.operation_id)
            .is_some_and(|operation| operation.returns_secret);
        // The body was serialized before this hook: its secrets are known now.
        let sent = crate::secret::sent_secrets();
        let mut pending = Some(request);
        let mut attempt = 1u32;
        let mut refreshed = false;
        let mut ambiguous = false;
        loop {
            let Some(original) = pending.take() else {
                unreachable!("a request is pending at every attempt");
            };
            // Keep a copy for the next attempt; a streaming body cannot be copied, so no retry.
            let mut spare = original.try_clone();
            let mut current = original;
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
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
            span.record(
                "latency_ms",
                u64::try_from(attempt_started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
            let left = |delay: Duration| {
                deadline.is_none_or(|d| Instant::now().checked_add(delay).is_some_and(|t| t < d))
            };
            let can_retry = attempt < settings.retry.max_attempts && spare.is_some();
            match outcome {
                Ok(mut buffered) => {
                    span.record("status", buffered.status.as_u16());
                    tracing::debug!(parent: &span, bytes = buffered.body.len(), "response received");
                    // A 401 with a cached client-credentials token: refresh once, send once more.
                    // Only calls that sent the cached token: the token request itself sends none.
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
                        let fresh = match deadline {
                            Some(d) => tokio::time::timeout_at(d.into(), cache.header(self))
                                .await
                                .unwrap_or(Err(crate::Error::from(Kind::Timeout))),
                            None => cache.header(self).await,
                        };
                        match fresh {
                            Ok(header) => {
                                tracing::debug!(parent: &span, "refreshed the access token after a 401");
                                again.headers_mut().insert(AUTHORIZATION, header);
                                pending = Some(again);
                                continue;
                            }
                            Err(error) => record(|r| r.auth_error = Some(error)),
                        }
                    }
                    let verdict = retry::judge(
                        &settings.retry,
                        Attempt {
                            number: attempt,
                            method: &method,
                            status: Some(buffered.status),
                            headers: Some(&buffered.headers),
                            transport: None,
                        },
                    );
                    if let Some(delay) = verdict.delay.filter(|&d| can_retry && left(d)) {
                        ambiguous |= verdict.ambiguous;
                        tracing::debug!(parent: &span, ?delay, "retrying after a transient status");
                        tokio::time::sleep(delay).await;
                    } else {
                        // An answer that carries secrets reaches the parser as sent (it holds the
                        // token to keep); what is recorded for errors and callers is redacted.
                        let kept = keeps_secrets && buffered.status.is_success();
                        let recorded_body = if kept {
                            settings
                                .auth
                                .with_secrets_and(&sent, |secrets| {
                                    buffered.redact_headers(secrets);
                                    secrets.redact_body(&buffered.body)
                                })
                                .map_or_else(|| buffered.body.clone(), Bytes::from)
                        } else {
                            settings.auth.with_secrets_and(&sent, |secrets| {
                                buffered.redact(secrets);
                            });
                            buffered.body.clone()
                        };
                        let settled = ambiguous
                            && method == Method::DELETE
                            && matches!(buffered.status.as_u16(), 404 | 409);
                        record(|r| {
                            r.holds_secrets = keeps_secrets;
                            r.sent_secrets = sent.clone();
                            r.status = Some(buffered.status);
                            r.headers = buffered.headers.clone();
                            r.body = recorded_body;
                            r.body_too_large = buffered.too_large;
                            r.settled_by_retry = settled;
                            r.retry_after_refused = verdict.refused_wait;
                        });
                        return Ok(buffered.into_response());
                    }
                }
                Err(error) => {
                    let verdict = retry::judge(
                        &settings.retry,
                        Attempt {
                            number: attempt,
                            method: &method,
                            status: None,
                            headers: None,
                            transport: Some(&error),
                        },
                    );
                    match verdict.delay.filter(|&d| can_retry && left(d)) {
                        Some(delay) => {
                            ambiguous |= verdict.ambiguous;
                            tracing::debug!(parent: &span, ?delay, "retrying after a transport error");
                            tokio::time::sleep(delay).await;
                        }
                        None => return Err(error),
                    }
                }
            }
            pending = spare;
            attempt = attempt.saturating_add(1);
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
    /// Replaces every secret in the body (decoded) and the header values.
    fn redact(&mut self, secrets: crate::redact::Secrets<'_>) {
        if let Some(body) = secrets.redact_body(&self.body) {
            self.body = Bytes::from(body);
            self.headers.remove(reqwest::header::CONTENT_LENGTH);
        }
        self.redact_headers(secrets);
    }

    /// Replaces every secret in the header values.
    fn redact_headers(&mut self, secrets: crate::redact::Secrets<'_>) {
        for value in self.headers.values_mut() {
            let text = String::from_utf8_lossy(value.as_bytes());
            if secrets.found_in(&text)
                && let Ok(clean) = HeaderValue::from_str(&secrets.redact(&text))
            {
                *value = clean;
            }
        }
    }

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
    let mut too_large = usize::try_from(declared).map_or(true, |declared| declared > limit);
    let mut body = BytesMut::new();
    while !too_large && let Some(chunk) = response.chunk().await? {
        if body.len().saturating_add(chunk.len()) > limit {
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
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            let essence = value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            essence == "application/json"
                || (essence.starts_with("application/") && essence.ends_with("+json"))
        })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use passport_paas_mock::{MockConfig, MockServer};

    use crate::Call;

    /// The token request never authenticates itself, whatever the spec says of its security:
    /// were it to ask the token cache, it would wait on the lock its caller holds.
    #[tokio::test]
    async fn a_request_made_while_acquiring_a_token_carries_no_credentials() {
        let mock = MockServer::start(MockConfig {
            client_credentials: vec![("id".into(), "secret-value".into())],
            ..MockConfig::default()
        })
        .await
        .unwrap();
        let client = crate::Client::builder()
            .base_url(mock.url())
            .client_credentials("id", "secret-value")
            .build()
            .unwrap();
        // `listTokens` needs credentials per the spec; inside token acquisition it gets none.
        let outcome = tokio::time::timeout(
            Duration::from_secs(5),
            super::acquiring_token(client.list_tokens().call()),
        )
        .await
        .expect("no deadlock");
        assert!(outcome.unwrap_err().is_unauthorized());
        let requests = mock.requests();
        assert_eq!(requests.len(), 1, "no token request was made");
        assert!(requests[0].header("authorization").is_none());
    }
}
