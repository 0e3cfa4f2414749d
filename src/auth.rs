//! Credentials: how a request gets its bearer token — none, a fixed bearer token, or client
//! credentials through the token cache.

use crate::error::Kind;
use reqwest::header::HeaderValue;

use crate::redact::Secrets;
use crate::secret::Secret;

/// How the client authenticates its calls.
#[derive(Clone, Debug, Default)]
pub enum Credentials {
    /// Send no `Authorization` header (for servers that need none, such as some mocks).
    #[default]
    None,
    /// A bearer token obtained elsewhere, sent as is on every call.
    Bearer(Secret),
    /// Client credentials: the client obtains an access token on first use, caches it,
    /// refreshes it before it expires, and refreshes once on a 401.
    ClientCredentials {
        /// The client's identifier.
        client_id: String,
        /// The client's secret.
        client_secret: Secret,
    },
}

/// What the hooks use to authenticate: a ready header, or the token cache.
#[derive(Debug)]
pub(crate) enum Authenticator {
    None,
    Bearer { header: HeaderValue, secret: Secret },
    ClientCredentials(crate::token_cache::TokenCache),
}

impl Credentials {
    /// Whether any credential would be sent.
    pub(crate) fn sends_secret(&self) -> bool {
        !matches!(self, Credentials::None)
    }

    /// Checks the credentials and prepares them for the hooks.
    pub(crate) fn into_authenticator(self) -> Result<Authenticator, crate::Error> {
        Ok(match self {
            Credentials::None => Authenticator::None,
            Credentials::Bearer(secret) => Authenticator::Bearer {
                header: secret.header_value()?,
                secret,
            },
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => {
                if client_id.is_empty() || client_secret.is_empty() {
                    return Err(crate::Error::from(Kind::Config(
                        "client credentials need a client id and a client secret".into(),
                    )));
                }
                Authenticator::ClientCredentials(crate::token_cache::TokenCache::new(
                    client_id,
                    client_secret,
                ))
            }
        })
    }
}

impl Authenticator {
    /// Runs `work` with every secret these credentials hold or obtained, borrowed.
    pub(crate) fn with_secrets<R>(&self, work: impl FnOnce(Secrets<'_>) -> R) -> R {
        match self {
            Authenticator::None => work(Secrets(&[])),
            Authenticator::Bearer { secret, .. } => work(Secrets(&[secret.expose_secret()])),
            Authenticator::ClientCredentials(cache) => cache.with_secrets(work),
        }
    }

    /// [`Self::with_secrets`] plus `extra` (the secrets a request carried in its body).
    pub(crate) fn with_secrets_and<R>(
        &self,
        extra: &[Secret],
        work: impl FnOnce(Secrets<'_>) -> R,
    ) -> R {
        if extra.is_empty() {
            return self.with_secrets(work);
        }
        self.with_secrets(|held| {
            let mut all: Vec<&str> = held.0.to_vec();
            all.extend(extra.iter().map(Secret::expose_secret));
            work(Secrets(&all))
        })
    }
}
