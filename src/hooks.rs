//! Cross-cutting concerns of every generated call, in one place: `impl ClientHooks`.
//!
//! - `pre`: the spec-driven checks of the operation table, the `Authorization` header (token
//!   work bounded by the call's deadline), the default `Accept-Language`, and removing
//!   progenitor's `api-version` header;
//! - `exec`: the attempt loop — [`Attempts`] sends each attempt (a `tracing` span, the body
//!   read under a size cap), refreshes the token once after a 401, asks `retry.rs` whether
//!   to try again, and redacts every secret the client holds from the final answer.
//!
//! What the hooks learn about the final response is left in the task-local `CallRecord`
//! (`record.rs`) for `call.rs`.

use std::time::Instant;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, AUTHORIZATION, HeaderName, HeaderValue};

use crate::attempts::Attempts;
use crate::auth::Authenticator;
use crate::error::Kind;
use crate::record::{acquiring, call_deadline, record};
/// The generated client's inner state, where the generator's settings name it.
pub(crate) use crate::settings::HookState;
use crate::settings::Settings;

/// The header progenitor adds to every request (see `pre`), named once rather than parsed
/// from text on every call.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

impl ClientHooks<HookState> for crate::generated::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let settings = &self.inner().0;
        let own = settings
            .deadline
            .and_then(|d| Instant::now().checked_add(d));
        record(|r| {
            r.settings = Some(settings.clone());
            r.body_limit = settings.max_body_bytes;
            r.deadline = match (r.deadline, own) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        });
        let operation = crate::operation::by_rust_name(info.operation_id);
        crate::operation::check_request(operation, &settings.base_path, request).map_err(
            |(name, reason)| {
                progenitor_client::Error::InvalidRequest(format!(
                    "{name}{}{reason}",
                    crate::operation::SEPARATOR
                ))
            },
        )?;
        // progenitor sends `api-version: <info.version>`; that is the spec document's version,
        // not an API version the service documents, so it stays off the wire.
        request.headers_mut().remove(&API_VERSION);
        let needs_auth =
            !acquiring() && operation.is_none_or(|operation| operation.needs_credentials);
        if needs_auth && !request.headers().contains_key(AUTHORIZATION) {
            let header = self.authorization(settings, own).await.map_err(|error| {
                let message = error.to_string();
                record(|r| r.auth_error = Some(error));
                progenitor_client::Error::Custom(message)
            })?;
            if let Some(header) = header {
                request.headers_mut().insert(AUTHORIZATION, header);
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
        let mut attempts = Attempts::new(&self.inner().0, info, request.method().clone());
        let mut pending = request;
        loop {
            // Keep a copy for the next attempt; a streaming body cannot be copied, so no retry.
            let mut spare = pending.try_clone();
            let can_retry = attempts.may_retry() && spare.is_some();
            let (outcome, span) = attempts.send(self.client(), pending).await;
            match outcome {
                Ok(buffered) => {
                    if buffered.status == StatusCode::UNAUTHORIZED
                        && let Some(again) = attempts.refresh(self, &mut spare, &span).await
                    {
                        pending = again;
                        continue;
                    }
                    let verdict = attempts.judge_answer(&buffered);
                    if !attempts.wait(&verdict, can_retry, &span).await {
                        return Ok(attempts.finish(buffered, &verdict));
                    }
                }
                Err(error) => {
                    let verdict = attempts.judge_failure(&error);
                    if !attempts.wait(&verdict, can_retry, &span).await {
                        return Err(error);
                    }
                }
            }
            let Some(next) = spare else {
                unreachable!("a retry is only decided with a copy of the request");
            };
            pending = next;
            attempts.next();
        }
    }
}

impl crate::generated::Client {
    /// The `Authorization` header the client's credentials give, if any: a token from the
    /// cache (fetched within the call's deadline, or `own` when there is no outer call).
    async fn authorization(
        &self,
        settings: &Settings,
        own: Option<Instant>,
    ) -> Result<Option<HeaderValue>, crate::Error> {
        match &settings.auth {
            Authenticator::None => Ok(None),
            Authenticator::Bearer { header, .. } => Ok(Some(header.clone())),
            Authenticator::ClientCredentials(cache) => {
                let header = match call_deadline().or(own) {
                    Some(deadline) => tokio::time::timeout_at(deadline.into(), cache.header(self))
                        .await
                        .unwrap_or(Err(crate::Error::from(Kind::Timeout))),
                    None => cache.header(self).await,
                };
                header.map(Some)
            }
        }
    }
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
            crate::record::acquiring_token(client.list_tokens().call()),
        )
        .await
        .expect("no deadlock");
        assert!(outcome.unwrap_err().is_unauthorized());
        let requests = mock.requests();
        assert_eq!(requests.len(), 1, "no token request was made");
        assert!(requests[0].header("authorization").is_none());
    }
}
