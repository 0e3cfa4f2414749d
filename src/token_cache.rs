//! Client-credentials authentication: obtain an access token on first use, cache it, refresh it
//! before it expires, and let exactly one refresh run however many calls find it stale.
//!
//! The cache sits behind an async mutex: the first caller to find the token stale fetches a new
//! one while the others wait, then they all read the fresh token. A 401 invalidates the token
//! that was sent (only that one, so concurrent 401s cause one refresh, not many). Every number
//! the server sends is checked: a lifetime that does not fit is capped, never overflowed.

use crate::error::Kind;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::HeaderValue;

use crate::redact::Secrets;
use crate::secret::Secret;
use crate::{Error, generated, types};

/// Lifetime assumed when the server does not say (`expires_in` is inferred, not documented).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// The longest lifetime believed: a token is refreshed at least this often.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
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
    issued: Mutex<VecDeque<Secret>>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

/// When a token fetched at `fetched_at` with `expires_in` seconds should be refreshed.
pub(crate) fn refresh_at(fetched_at: Instant, expires_in: Option<i64>) -> Instant {
    let lifetime = match expires_in {
        None => DEFAULT_LIFETIME,
        Some(seconds) => u64::try_from(seconds)
            .map(Duration::from_secs)
            .unwrap_or(Duration::ZERO)
            .min(MAX_LIFETIME),
    };
    let margin = MAX_REFRESH_MARGIN.min(lifetime / 5);
    fetched_at
        .checked_add(lifetime.saturating_sub(margin))
        .unwrap_or(fetched_at)
}

impl TokenCache {
    pub(crate) fn new(client_id: String, client_secret: Secret) -> Self {
        Self {
            client_id,
            client_secret,
            current: tokio::sync::Mutex::new(None),
            issued: Mutex::new(VecDeque::new()),
        }
    }

    /// The `Authorization` value to send now, fetching a token first when needed.
    pub(crate) async fn header(&self, client: &generated::Client) -> Result<HeaderValue, Error> {
        let mut current = self.current.lock().await;
        if let Some(cached) = current.as_ref().filter(|c| Instant::now() < c.refresh_at) {
            return Ok(cached.header.clone());
        }
        let fetched_at = Instant::now();
        let (issued, status) = fetch(client, &self.client_id, &self.client_secret).await?;
        let token = issued.access_token;
        // The server issued it: a token that cannot be sent is the server's answer at fault.
        let unusable = |reason: &str| {
            Error::auth(Error::from(Kind::InvalidBody {
                status,
                reason: reason.into(),
                snippet: None,
            }))
        };
        if token.is_empty() {
            return Err(unusable("the token response holds an empty access token"));
        }
        let header = token.header_value().map_err(|_| {
            unusable("the issued access token holds characters a header cannot carry")
        })?;
        self.remember(token);
        *current = Some(Cached {
            header: header.clone(),
            refresh_at: refresh_at(fetched_at, issued.expires_in.map(|v| v.get())),
        });
        Ok(header)
    }

    /// A new token from the credentials, for the caller (`Client::issue_token`): the cached
    /// one stays; the new one is remembered for redaction.
    pub(crate) async fn issue(
        &self,
        client: &generated::Client,
    ) -> Result<types::IssuedToken, Error> {
        let (issued, _) = fetch(client, &self.client_id, &self.client_secret).await?;
        self.remember(issued.access_token.clone());
        Ok(issued)
    }

    /// Keeps an issued token among the last few, whose text errors and logs redact.
    fn remember(&self, token: Secret) {
        let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        issued.push_back(token);
        while issued.len() > REMEMBERED_TOKENS {
            issued.pop_front();
        }
    }

    /// Forgets the cached token if it is the one that was refused.
    pub(crate) async fn invalidate(&self, refused: &HeaderValue) {
        let mut current = self.current.lock().await;
        if current.as_ref().is_some_and(|c| c.header == refused) {
            *current = None;
        }
    }

    /// Runs `work` with the client secret and the tokens issued so far, borrowed.
    pub(crate) fn with_secrets<R>(&self, work: impl FnOnce(Secrets<'_>) -> R) -> R {
        let issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        let mut all: Vec<&str> = Vec::with_capacity(issued.len() + 1);
        all.push(self.client_secret.expose_secret());
        all.extend(issued.iter().map(Secret::expose_secret));
        work(Secrets(&all))
    }
}

/// A token request's outcome: the issued token and the status it came with.
type Fetched = Result<(types::IssuedToken, StatusCode), Error>;

/// One token request, marked so that the hooks never try to authenticate it. Boxed: it runs
/// inside the hooks of the call that needs the token.
fn fetch<'a>(
    client: &'a generated::Client,
    client_id: &'a str,
    client_secret: &'a Secret,
) -> Pin<Box<dyn Future<Output = Fetched> + Send + 'a>> {
    Box::pin(crate::record::acquiring_token(async move {
        let body = types::ClientCredentialsRequest {
            client_id: client_id.to_owned(),
            client_secret: client_secret.clone(),
            grant_type: types::ClientCredentialsRequestGrantType::ClientCredentials,
        };
        let (result, seen) = crate::call::exchange(client.create_token().body(body)).await;
        result
            .map(|issued| (issued, seen.status.unwrap_or(StatusCode::OK)))
            .map_err(Error::auth)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_lifetimes_never_overflow() {
        let now = Instant::now();
        for seconds in [i64::MAX, i64::MIN, -1, 0, u32::MAX as i64] {
            let at = refresh_at(now, Some(seconds));
            assert!(at >= now && at <= now + MAX_LIFETIME, "{seconds}");
        }
        assert_eq!(refresh_at(now, Some(0)), now);
        assert_eq!(refresh_at(now, None), now + Duration::from_secs(240));
        assert_eq!(
            refresh_at(now, Some(86_400)),
            now + Duration::from_secs(86_400 - 60)
        );
    }
}
