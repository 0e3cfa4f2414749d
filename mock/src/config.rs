//! How a mock is configured: [`MockConfig`], what it accepts, serves, generates, keeps and
//! sends, with the defaults the tests and `paas-mock` start from.

use std::time::Duration;

use crate::DEFAULT_REQUEST_LOG;
use crate::webhooks::WebhookConfig;
#[cfg(doc)]
use crate::{LOGGED_BODY_BYTES, MockServer, SPEC_YAML};

/// How the mock behaves.
#[derive(Clone, Debug)]
pub struct MockConfig {
    /// Bearer tokens the mock accepts (besides those it issues).
    pub tokens: Vec<String>,
    /// Collections (by component name, e.g. `Token`) to fill with this many generated items
    /// instead of the spec's examples.
    pub generated: Vec<(String, usize)>,
    /// Seed of everything generated.
    pub seed: u64,
    /// Page size when the request gives none.
    pub default_page_size: usize,
    /// Reject pages after the first that do not send back page 1's `first_request_timestamp`.
    pub require_snapshot: bool,
    /// Delay before every answer (for concurrency and benchmark scenarios).
    pub latency: Duration,
    /// Client credentials the token operation accepts, as (client_id, client_secret).
    pub client_credentials: Vec<(String, String)>,
    /// Lifetime of issued access tokens, in seconds.
    pub issued_token_lifetime: i64,
    /// The spec to serve (YAML or JSON text); `None` serves [`SPEC_YAML`].
    pub spec: Option<String>,
    /// State to start from, as [`MockServer::state`] exported it, instead of the spec's
    /// examples (and `generated`): how the CLI's embedded mock remembers between runs.
    pub state: Option<serde_json::Value>,
    /// How many of the most recent requests [`MockServer::requests`] keeps (bodies cut at
    /// [`LOGGED_BODY_BYTES`]); 0 keeps none.
    pub request_log: usize,
    /// Where payment events and authorization requests go (`webhooks.rs`); `None` sends none.
    pub webhooks: Option<WebhookConfig>,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            tokens: Vec::new(),
            generated: Vec::new(),
            seed: 1,
            default_page_size: 10,
            require_snapshot: true,
            latency: Duration::ZERO,
            client_credentials: Vec::new(),
            issued_token_lifetime: 86_400,
            spec: None,
            state: None,
            request_log: DEFAULT_REQUEST_LOG,
            webhooks: None,
        }
    }
}
