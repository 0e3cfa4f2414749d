//! What every call of one client reads: the settings `ClientBuilder` fixed, shared by the
//! generated client as its inner state.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::auth::Authenticator;
use crate::retry::RetryPolicy;

/// Settings every call reads; built once by `ClientBuilder`.
#[derive(Debug)]
pub(crate) struct Settings {
    pub auth: Authenticator,
    pub accept_language: Option<HeaderValue>,
    pub retry: RetryPolicy,
    pub attempt_timeout: Option<Duration>,
    pub deadline: Option<Duration>,
    pub max_body_bytes: usize,
    /// The base URL's path (`/` or `/prefix/`), read once: every request's path is checked
    /// against it.
    pub base_path: String,
}

/// The generated client's inner state (progenitor `with_inner_type`).
#[derive(Clone, Debug)]
pub struct HookState(pub(crate) Arc<Settings>);
