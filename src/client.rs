//! [`ClientBuilder`] and [`Client`]: base URL, credentials, language, timeouts, retry policy.
//!
//! `Client` is a thin, cheaply cloned handle around the generated client; its operation methods
//! return the generated request builders, which the [`Call`](crate::Call) trait sends.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::auth::{Credentials, Secret};
use crate::hooks::{HookState, Settings};
use crate::retry::RetryPolicy;
use crate::{Error, builder, generated};

/// The documented sandbox host, the default base URL.
pub const SANDBOX_URL: &str = "https://api.paas.sandbox.co.passportfintech.com";
/// The documented production host.
pub const PRODUCTION_URL: &str = "https://api.paas.co.passportfintech.com";

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("passport-paas/", env!("CARGO_PKG_VERSION"));

/// A client of the Passport Fintech PaaS API. Cheap to clone; clones share connections.
#[derive(Clone, Debug)]
pub struct Client {
    generated: Arc<generated::Client>,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL calls go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        progenitor_client::ClientInfo::baseurl(self.generated.as_ref())
    }

    /// The client id and secret, when the client authenticates with client credentials.
    pub fn client_credentials(&self) -> Option<(String, Secret)> {
        match &progenitor_client::ClientInfo::inner(self.generated.as_ref())
            .0
            .auth
        {
            crate::auth::Authenticator::ClientCredentials(cache) => Some(cache.credentials()),
            _ => None,
        }
    }

    /// The generated client, for operations this layer does not wrap. Its builders are sent
    /// with [`Call::call`](crate::Call::call) to get this crate's [`Error`].
    pub fn generated(&self) -> &generated::Client {
        &self.generated
    }

    /// `GET /v1/iam/oauth/tokens`: one page of token information. Set parameters on the
    /// returned builder, then send it with [`Call::call`](crate::Call::call), or walk every page
    /// with [`ListTokensExt`](crate::ListTokensExt).
    pub fn list_tokens(&self) -> builder::ListTokens<'_> {
        self.generated.list_tokens()
    }

    /// `POST /v1/iam/oauth/tokens`: issue an access token from client credentials. Clients
    /// built with [`ClientBuilder::client_credentials`] do this by themselves.
    pub fn create_token(&self) -> builder::CreateToken<'_> {
        self.generated.create_token()
    }

    /// `GET /v1/iam/oauth/tokens/{token_id}`: one token's information.
    pub fn get_token(&self) -> builder::GetToken<'_> {
        self.generated.get_token()
    }

    /// `DELETE /v1/iam/oauth/tokens/{token_id}`: revoke a token. The body repeats the id.
    pub fn revoke_token(&self) -> builder::RevokeToken<'_> {
        self.generated.revoke_token()
    }
}

/// Configures a [`Client`]. Every setting has a production-ready default.
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    accept_language: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    deadline: Option<Duration>,
    retry: RetryPolicy,
    max_body_bytes: usize,
    allow_insecure_http: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: SANDBOX_URL.to_owned(),
            credentials: Credentials::None,
            accept_language: None,
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Duration::from_secs(10),
            deadline: Some(Duration::from_secs(120)),
            retry: RetryPolicy::default(),
            max_body_bytes: 16 * 1024 * 1024,
            allow_insecure_http: false,
        }
    }
}

impl ClientBuilder {
    /// The base URL (default: the sandbox). A trailing slash is removed.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Authenticates every call with this bearer token.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Credentials::Bearer(token.into());
        self
    }

    /// Authenticates with client credentials: an access token is obtained on first use, cached,
    /// and refreshed before it expires.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.credentials = Credentials::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        };
        self
    }

    /// Sets the credentials (bearer token, client credentials, or none).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The `Accept-Language` sent when a call does not set its own (e.g. `en`, `es`).
    pub fn accept_language(mut self, language: impl Into<String>) -> Self {
        self.accept_language = Some(language.into());
        self
    }

    /// Time limit of one attempt, from connecting to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time limit for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time limit of a whole call, retries and waits included (default 120 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How failed attempts are retried (default: 3 attempts in all).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body read, in bytes (default 16 MiB); a larger one is an error.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// Allows sending credentials over plain `http://` to a host that is not loopback.
    /// Off by default: a bearer token sent in clear text can be read by anyone on the path.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the client, checking the configuration.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.trim().trim_end_matches('/').to_owned();
        let url = reqwest::Url::parse(&base_url).map_err(|error| {
            Error::Config(format!("base url {base_url:?} is not a url: {error}"))
        })?;
        match url.scheme() {
            "https" => {}
            "http" if !self.credentials.sends_secret() || self.allow_insecure_http => {}
            "http" if is_loopback(&url) => {}
            "http" => {
                return Err(Error::Config(format!(
                    "refusing to send credentials over plain http to {}; use https or allow_insecure_http(true)",
                    url.host_str().unwrap_or("(no host)")
                )));
            }
            scheme => {
                return Err(Error::Config(format!(
                    "base url scheme {scheme:?} is not http or https"
                )));
            }
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            return Err(Error::Config(
                "base url must not carry a query, fragment or user info".into(),
            ));
        }
        if self.retry.max_attempts == 0 {
            return Err(Error::Config(
                "retry policy needs at least one attempt".into(),
            ));
        }
        let accept_language = self
            .accept_language
            .map(|language| {
                HeaderValue::try_from(language).map_err(|_| {
                    Error::Config("accept-language holds characters a header cannot carry".into())
                })
            })
            .transpose()?;
        // Checked here so that a bad token fails at construction, not at the first call.
        let authenticator = self.credentials.into_authenticator()?;
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            // The API documents no redirects: a 3xx is reported, not followed, so credentials
            // never go where the caller did not point them.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|error| {
                Error::Config(format!(
                    "cannot build the http client: {}",
                    crate::error::describe_transport(&error)
                ))
            })?;
        let settings = Settings {
            auth: authenticator,
            accept_language,
            retry: self.retry,
            attempt_timeout: self.timeout,
            deadline: self.deadline,
            max_body_bytes: self.max_body_bytes,
        };
        let generated =
            generated::Client::new_with_client(&base_url, http, HookState(Arc::new(settings)));
        Ok(Client {
            generated: Arc::new(generated),
        })
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}
