//! Client-credentials authentication: obtain an access token on first use, cache it, refresh it
//! before it expires, and let exactly one refresh run however many calls find it stale.
//!
//! The cache sits behind an async mutex: the first caller to find the token stale fetches a new
//! one while the others wait, then they all read the fresh token. A 401 invalidates the token
//! that was sent (only that one, so concurrent 401s cause one refresh, not many).

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;

use crate::auth::Secret;
use crate::{Call, Error, generated, types};

/// Lifetime assumed when the server does not say (`expires_in` is inferred, not documented).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// Refresh this long before expiry at most (less for short-lived tokens: a fifth of the life).
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// Issued tokens remembered for redaction.
const REMEMBERED_TOKENS: usize = 8;

/// A cached access token.
struct Cached {
    header: HeaderValue,
    refresh_at: Instant,
}

/// The client-credentials token cache.
pub(crate) struct TokenCache {
    client_id: String,
    client_secret: Secret,
    current: tokio::sync::Mutex<Option<Cached>>,
    issued: Mutex<Vec<String>>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(client_id: String, client_secret: Secret) -> Self {
        Self {
            client_id,
            client_secret,
            current: tokio::sync::Mutex::new(None),
            issued: Mutex::new(Vec::new()),
        }
    }

    /// The `Authorization` value to send now, fetching a token first when needed.
    pub(crate) async fn header(&self, client: &generated::Client) -> Result<HeaderValue, Error> {
        let mut current = self.current.lock().await;
        if let Some(cached) = current.as_ref().filter(|c| Instant::now() < c.refresh_at) {
            return Ok(cached.header.clone());
        }
        let fetched_at = Instant::now();
        let issued = fetch(client, &self.client_id, &self.client_secret).await?;
        let token = issued.access_token;
        if token.is_empty() {
            return Err(Error::Auth(Box::new(Error::Config(
                "the token response holds an empty access token".into(),
            ))));
        }
        let lifetime = issued
            .expires_in
            .and_then(|seconds| u64::try_from(seconds.get()).ok())
            .map_or(DEFAULT_LIFETIME, Duration::from_secs);
        let margin = MAX_REFRESH_MARGIN.min(lifetime / 5);
        let header = token.header_value()?;
        {
            let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
            issued.push(token.expose_secret().to_owned());
            let excess = issued.len().saturating_sub(REMEMBERED_TOKENS);
            issued.drain(..excess);
        }
        *current = Some(Cached {
            header: header.clone(),
            refresh_at: fetched_at + lifetime - margin,
        });
        Ok(header)
    }

    /// The client id and secret.
    pub(crate) fn credentials(&self) -> (String, Secret) {
        (self.client_id.clone(), self.client_secret.clone())
    }

    /// Forgets the cached token if it is the one that was refused.
    pub(crate) async fn invalidate(&self, refused: &HeaderValue) {
        let mut current = self.current.lock().await;
        if current.as_ref().is_some_and(|c| c.header == refused) {
            *current = None;
        }
    }

    /// The client secret and the tokens issued so far, for redaction.
    pub(crate) fn secret_values(&self) -> Vec<String> {
        let mut values = vec![self.client_secret.expose_secret().to_owned()];
        values.extend(
            self.issued
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .cloned(),
        );
        values
    }
}

/// One token request. Boxed: it runs inside the hooks of the call that needs the token.
fn fetch<'a>(
    client: &'a generated::Client,
    client_id: &'a str,
    client_secret: &'a Secret,
) -> Pin<Box<dyn Future<Output = Result<types::IssuedToken, Error>> + Send + 'a>> {
    Box::pin(async move {
        let body = types::ClientCredentialsRequest {
            client_id: client_id.to_owned(),
            client_secret: client_secret.clone(),
            grant_type: types::ClientCredentialsRequestGrantType::ClientCredentials,
        };
        client
            .create_token()
            .body(body)
            .call()
            .await
            .map_err(|error| Error::Auth(Box::new(error)))
    })
}
