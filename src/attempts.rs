//! The attempts of one call: each one sent with its own timeout and `tracing` span, a 401
//! answered once by refreshing a client-credentials token, the retry decision (`retry.rs`)
//! slept on when the deadline leaves room, and the final answer redacted and recorded.

use std::time::{Duration, Instant};

use bytes::Bytes;
use progenitor_client::OperationInfo;
use reqwest::header::AUTHORIZATION;
use reqwest::{Method, Request, StatusCode};
use tracing::{Instrument, Span};

use crate::auth::Authenticator;
use crate::buffered::{Buffered, send_buffered};
use crate::error::Kind;
use crate::record::{call_deadline, record};
use crate::retry::{self, Attempt, Verdict};
use crate::settings::Settings;

/// Where one call's attempts stand.
pub(crate) struct Attempts<'s> {
    settings: &'s Settings,
    deadline: Option<Instant>,
    method: Method,
    number: u32,
    /// The token was refreshed after a 401 already (once per call).
    refreshed: bool,
    /// An earlier attempt may have done the work (a retried `DELETE`).
    ambiguous: bool,
    /// The success answer carries secrets (`format: password`): it reaches the parser as sent.
    keeps_secrets: bool,
    /// The secrets the request body carried.
    sent: Vec<crate::Secret>,
}

impl<'s> Attempts<'s> {
    /// The first attempt of a call of `info`.
    pub(crate) fn new(settings: &'s Settings, info: &OperationInfo, method: Method) -> Self {
        let deadline = call_deadline().or_else(|| {
            settings
                .deadline
                .and_then(|d| Instant::now().checked_add(d))
        });
        Self {
            settings,
            deadline,
            method,
            number: 1,
            refreshed: false,
            ambiguous: false,
            keeps_secrets: crate::operation::by_rust_name(info.operation_id)
                .is_some_and(|operation| operation.returns_secret),
            // The body was serialized before the hooks ran: its secrets are known now.
            sent: crate::secret::sent_secrets(),
        }
    }

    /// Whether the policy allows another attempt after this one.
    pub(crate) fn may_retry(&self) -> bool {
        self.number < self.settings.retry.max_attempts
    }

    /// Counts the next attempt.
    pub(crate) fn next(&mut self) {
        self.number = self.number.saturating_add(1);
    }

    /// Sends one attempt within its timeout (the attempt's own, cut to what the deadline
    /// leaves) and reads the answer under the size cap, in the attempt's span.
    pub(crate) async fn send(
        &self,
        client: &reqwest::Client,
        mut request: Request,
    ) -> (reqwest::Result<Buffered>, Span) {
        let remaining = self
            .deadline
            .map(|d| d.saturating_duration_since(Instant::now()));
        *request.timeout_mut() = match (self.settings.attempt_timeout, remaining) {
            (Some(a), Some(r)) => Some(a.min(r)),
            (a, r) => a.or(r),
        };
        let span = tracing::info_span!(
            "passport_paas.request",
            method = %request.method(),
            path = request.url().path(),
            attempt = self.number,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let outcome = send_buffered(client, request, self.settings.max_body_bytes)
            .instrument(span.clone())
            .await;
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("latency_ms", latency);
        if let Ok(buffered) = &outcome {
            span.record("status", buffered.status.as_u16());
            tracing::debug!(parent: &span, bytes = buffered.body.len(), "response received");
        }
        (outcome, span)
    }

    /// After a 401 to a request that sent the cached client-credentials token: the refused
    /// token is dropped, a fresh one fetched within the deadline, and the request (taken from
    /// `spare`) returned to send once more. `None` when that does not apply or fails (the
    /// failure is recorded for the error).
    pub(crate) async fn refresh(
        &mut self,
        client: &crate::generated::Client,
        spare: &mut Option<Request>,
        span: &Span,
    ) -> Option<Request> {
        // Only calls that sent the cached token: the token request itself sends none.
        let sent_token = spare
            .as_ref()
            .is_some_and(|r| r.headers().contains_key(AUTHORIZATION));
        let Authenticator::ClientCredentials(cache) = &self.settings.auth else {
            return None;
        };
        if self.refreshed || !sent_token {
            return None;
        }
        let mut again = spare.take()?;
        self.refreshed = true;
        if let Some(refused) = again.headers().get(AUTHORIZATION).cloned() {
            cache.invalidate(&refused).await;
        }
        let fresh = match self.deadline {
            Some(d) => tokio::time::timeout_at(d.into(), cache.header(client))
                .await
                .unwrap_or(Err(crate::Error::from(Kind::Timeout))),
            None => cache.header(client).await,
        };
        match fresh {
            Ok(header) => {
                tracing::debug!(parent: span, "refreshed the access token after a 401");
                again.headers_mut().insert(AUTHORIZATION, header);
                Some(again)
            }
            Err(error) => {
                record(|r| r.auth_error = Some(error));
                None
            }
        }
    }

    /// The retry decision for an answer.
    pub(crate) fn judge_answer(&self, buffered: &Buffered) -> Verdict {
        self.judge(Some(buffered.status), Some(&buffered.headers), None)
    }

    /// The retry decision for a transport failure.
    pub(crate) fn judge_failure(&self, error: &reqwest::Error) -> Verdict {
        self.judge(None, None, Some(error))
    }

    fn judge(
        &self,
        status: Option<StatusCode>,
        headers: Option<&reqwest::header::HeaderMap>,
        transport: Option<&reqwest::Error>,
    ) -> Verdict {
        retry::judge(
            &self.settings.retry,
            Attempt {
                number: self.number,
                method: &self.method,
                status,
                headers,
                transport,
            },
        )
    }

    /// Sleeps before the next attempt when the verdict asks for one, another attempt is
    /// possible and the deadline leaves room for the wait; whether it did.
    pub(crate) async fn wait(&mut self, verdict: &Verdict, can_retry: bool, span: &Span) -> bool {
        let deadline = self.deadline;
        let fits = |delay: Duration| {
            deadline.is_none_or(|d| Instant::now().checked_add(delay).is_some_and(|t| t < d))
        };
        let Some(delay) = verdict.delay.filter(|&d| can_retry && fits(d)) else {
            return false;
        };
        self.ambiguous |= verdict.ambiguous;
        tracing::debug!(parent: span, ?delay, "retrying");
        tokio::time::sleep(delay).await;
        true
    }

    /// The final answer: redacted for the record (and for the caller, unless it is a success
    /// that carries secrets, which the parser reads as sent), recorded, and handed back.
    pub(crate) fn finish(&self, mut buffered: Buffered, verdict: &Verdict) -> reqwest::Response {
        let auth = &self.settings.auth;
        let recorded_body = if self.keeps_secrets && buffered.status.is_success() {
            auth.with_secrets_and(&self.sent, |secrets| {
                buffered.redact_headers(secrets);
                secrets.redact_body(&buffered.body)
            })
            .map_or_else(|| buffered.body.clone(), Bytes::from)
        } else {
            auth.with_secrets_and(&self.sent, |secrets| buffered.redact(secrets));
            buffered.body.clone()
        };
        let settled = self.ambiguous
            && self.method == Method::DELETE
            && matches!(buffered.status.as_u16(), 404 | 409);
        record(|r| {
            r.holds_secrets = self.keeps_secrets;
            r.sent_secrets = self.sent.clone();
            r.answered(buffered.status, &buffered.headers);
            r.body = recorded_body;
            r.body_too_large = buffered.too_large;
            r.settled_by_retry = settled;
            r.retry_after_refused = verdict.refused_wait;
        });
        buffered.into_response()
    }
}
