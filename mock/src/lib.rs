//! A spec-driven loopback mock of the Passport Fintech PaaS API.
//!
//! One mock serves the tests, the examples, the CLI's embedded default and `cargo xtask mock`.
//! Everything it does comes from the spec's operation table (through `passport-paas-spec`, the
//! one reader of the spec): every operation is routed; parameters and bodies are validated
//! against their schemas; credentials are checked per operation `security`; list operations
//! page through their collection inside a pinned snapshot; creates, gets, updates and deletes
//! keep state per collection; anything else answers its example. `behaviour.yaml` adds, as
//! data, what the docs demand beyond shapes (issuing tokens, resolving keys, confirming
//! payments). It records what it received and misbehaves on demand.

#![deny(missing_docs)]

mod answer;
mod behaviour;
pub mod behaviour_check;
mod checks;
mod headers;
mod list;
mod log;
mod media;
mod plan;
mod reply;
mod routes;
mod seed;
mod server;
mod store;
mod tokens;
mod webhooks;

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use behaviour::BEHAVIOUR_YAML;
use passport_paas_spec::Spec;
use passport_paas_spec::validate::Validators;

/// The spec the mock serves by default: the one the client is generated from.
pub const SPEC_YAML: &str = include_str!("../passport-paas.yaml");

pub use log::{Footprint, LOGGED_BODY_BYTES};
pub use webhooks::{Attempt, RESENDS, WebhookConfig, headers as webhook_headers};

/// The requests a mock keeps for its caller by default (the most recent ones).
pub const DEFAULT_REQUEST_LOG: usize = 1024;

/// The largest request body the mock reads; a larger one is answered 413.
pub const MAX_REQUEST_BODY: usize = 1 << 20;

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

/// A misbehaviour applied to the next request (in the order they were pushed).
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer with exactly this status, content type and body.
    Respond {
        /// The status.
        status: u16,
        /// The `Content-Type`, if any.
        content_type: Option<String>,
        /// The body.
        body: String,
        /// Extra headers.
        headers: Vec<(String, String)>,
    },
    /// Wait this long before answering normally (slow headers).
    Delay(Duration),
    /// Send a 200 header and part of the normal body, then drop the connection.
    ResetMidBody,
    /// Answer 200 with a JSON body of at least this many bytes.
    Oversized(usize),
    /// Answer this status with the request's `Authorization` value echoed in the JSON body
    /// (JSON-escaped) and in an `x-request-id` header: a server that leaks credentials.
    EchoAuthorization(u16),
    /// Handle the request normally (its effects happen), then answer with this status and
    /// an empty body instead: the answer to a request that did its work is lost.
    AfterProcessing(u16),
}

impl Fault {
    /// A JSON answer with `status`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Fault::Respond {
            status,
            content_type: Some("application/json".into()),
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// An answer with `status`, `content_type` and `body`.
    pub fn body(status: u16, content_type: &str, body: impl Into<String>) -> Self {
        Fault::Respond {
            status,
            content_type: Some(content_type.into()),
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a header to a [`Fault::Respond`].
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Fault::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// One request as the mock received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method.
    pub method: String,
    /// The path, as sent.
    pub path: String,
    /// The raw query string, exactly as sent.
    pub query: Option<String>,
    /// Every header, lower-case names, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body, as text.
    pub body: String,
}

impl RecordedRequest {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Live counters the tests read.
#[derive(Debug, Default)]
pub struct Stats {
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    token_requests: AtomicUsize,
}

impl Stats {
    /// The most requests that were being answered at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// How many token (client-credentials) requests were answered.
    pub fn token_requests(&self) -> usize {
        self.token_requests.load(Ordering::SeqCst)
    }
}

/// State shared by the handlers.
pub(crate) struct Shared {
    pub config: MockConfig,
    pub spec: Spec,
    pub routes: routes::Routes,
    pub plans: BTreeMap<String, plan::Plan>,
    pub collections: BTreeMap<String, plan::Collection>,
    pub validators: Validators,
    pub store: Mutex<store::Store>,
    pub faults: Mutex<VecDeque<(Option<String>, Fault)>>,
    pub requests: Mutex<log::RequestLog>,
    pub stats: Stats,
    pub outbox: webhooks::Outbox,
}

/// A running mock, stopped when dropped.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl MockServer {
    /// Starts a mock on a free loopback port.
    pub async fn start(config: MockConfig) -> std::io::Result<Self> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts a mock on `addr` (loopback addresses only are sensible). Fails when the spec
    /// or the behaviour file cannot be read.
    pub async fn start_on(config: MockConfig, addr: SocketAddr) -> std::io::Result<Self> {
        let invalid =
            |message: String| std::io::Error::new(std::io::ErrorKind::InvalidData, message);
        let spec = Spec::parse(config.spec.as_deref().unwrap_or(SPEC_YAML))
            .map_err(|error| invalid(format!("the spec: {error}")))?;
        if config.spec.is_none()
            && let Some(finding) = behaviour_check::check(&spec, BEHAVIOUR_YAML).first()
        {
            // The file was written for the embedded spec; on another spec (`--spec`) an entry
            // for an operation it lacks simply does not apply.
            return Err(invalid(finding.to_string()));
        }
        let rules = behaviour::parse(BEHAVIOUR_YAML).map_err(invalid)?;
        let resolver = spec.resolver();
        let (plans, collections) = plan::plan(&spec.api, &resolver, &rules);
        let routes = routes::Routes::new(&spec.api);
        let validators = validators(&spec, &plans, &collections);
        let store = match &config.state {
            Some(state) => store::Store::import(state)
                .map_err(|error| invalid(format!("the state: {error}")))?,
            None => {
                let mut store = store::Store::new(config.seed);
                seed::seed(
                    &spec,
                    &plans,
                    &collections,
                    &config.generated,
                    config.seed,
                    &mut store,
                );
                store
            }
        };
        let log = log::RequestLog::new(config.request_log);
        let outbox = webhooks::Outbox::new(config.webhooks.clone(), spec.root());
        let shared = Arc::new(Shared {
            config,
            spec,
            routes,
            plans,
            collections,
            validators,
            store: Mutex::new(store),
            faults: Mutex::new(VecDeque::new()),
            requests: Mutex::new(log),
            stats: Stats::default(),
            outbox,
        });
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = server::router(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Self {
            addr,
            shared,
            shutdown: Some(shutdown),
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues a misbehaviour for the next request.
    pub fn push_fault(&self, fault: Fault) {
        self.shared
            .faults
            .lock()
            .expect("fault queue lock")
            .push_back((None, fault));
    }

    /// Queues a misbehaviour for the next request with this method (`GET`), or this method
    /// and exact path (`GET /v1/keys`), leaving other requests alone.
    pub fn push_fault_on(&self, scope: &str, fault: Fault) {
        let only = Some(match scope.split_once(' ') {
            Some((method, path)) => format!("{} {path}", method.to_uppercase()),
            None => scope.to_uppercase(),
        });
        self.shared
            .faults
            .lock()
            .expect("fault queue lock")
            .push_back((only, fault));
    }

    /// The requests received, oldest first: the most recent [`MockConfig::request_log`].
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .requests
            .lock()
            .expect("request log lock")
            .entries()
    }

    /// How much the mock holds now: logged requests and bodies, snapshots, issued tokens.
    pub fn footprint(&self) -> Footprint {
        let (logged_requests, logged_body_bytes) = {
            let log = self.shared.requests.lock().expect("request log lock");
            (log.len(), log.body_bytes())
        };
        let store = self.shared.store.lock().unwrap_or_else(|e| e.into_inner());
        Footprint {
            logged_requests,
            logged_body_bytes,
            snapshots: store.snapshots.len(),
            issued_tokens: store.issued.len(),
        }
    }

    /// Live counters.
    pub fn stats(&self) -> &Stats {
        &self.shared.stats
    }

    /// Everything the mock's store holds, as JSON: each collection's items in order with
    /// their deleted flags, the snapshots handed out, the access tokens issued (with expiry
    /// and token id), the revoked token ids and the random state. Start a mock with it in
    /// [`MockConfig::state`] to carry on where this one is.
    pub fn state(&self) -> serde_json::Value {
        self.shared
            .store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .export()
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The collections the spec's list operations page through (component names), to generate.
pub fn list_collections(spec: &Spec) -> Vec<String> {
    let rules = BTreeMap::new();
    let (plans, _) = plan::plan(&spec.api, &spec.resolver(), &rules);
    let mut names: Vec<String> = plans
        .values()
        .filter_map(|p| match &p.kind {
            passport_paas_spec::Role::List { collection } => Some(collection.clone()),
            _ => None,
        })
        .collect();
    names.dedup();
    names
}

/// One validator set for every schema the mock checks: parameters, bodies, responses, items.
fn validators(
    spec: &Spec,
    plans: &BTreeMap<String, plan::Plan>,
    collections: &BTreeMap<String, plan::Collection>,
) -> Validators {
    let mut schemas: Vec<&serde_json::Value> = Vec::new();
    for operation in &spec.api.operations {
        schemas.extend(operation.parameters.iter().map(|p| &p.schema));
        schemas.extend(operation.body.iter().map(|b| &b.schema));
    }
    schemas.extend(plans.values().map(|p| &p.schema));
    schemas.extend(collections.values().map(|c| &c.schema));
    Validators::new(spec.root(), schemas)
}

pub(crate) fn enter(stats: &Stats) -> InFlight<'_> {
    let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
    InFlight(stats)
}

/// Counts a request in flight until dropped.
pub(crate) struct InFlight<'a>(&'a Stats);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

pub(crate) fn count_token_request(stats: &Stats) {
    stats.token_requests.fetch_add(1, Ordering::SeqCst);
}

#[cfg(test)]
mod state_tests {
    use super::*;
    use serde_json::{Value, json};

    async fn send(mock: &MockServer, method: &str, path: &str, body: Option<Value>) -> u16 {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        // The workspace's reqwest has rustls without a provider (the client's `rustls`).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut request = reqwest::Client::new()
            .request(method, format!("{}{path}", mock.url()))
            .bearer_auth("state-token");
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap().status().as_u16()
    }

    #[tokio::test]
    async fn a_state_round_trips() {
        let config = MockConfig {
            tokens: vec!["state-token".into()],
            client_credentials: vec![("id".into(), "secret".into())],
            ..MockConfig::default()
        };
        let first = MockServer::start(config.clone()).await.unwrap();
        let issued = send(
            &first,
            "POST",
            "/v1/iam/oauth/tokens",
            Some(json!({"client_id": "id", "client_secret": "secret",
                "grant_type": "client_credentials"})),
        )
        .await;
        assert_eq!(issued, 200);
        let state = first.state();
        let qr = state["collections"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(name, _)| name.contains("Qr"))
            .and_then(|(_, items)| items[0]["value"]["id"].as_str())
            .expect("an example QR code")
            .to_owned();
        assert_eq!(
            send(&first, "DELETE", &format!("/v1/qrcodes/{qr}"), None).await,
            204
        );
        let state = first.state();
        assert_eq!(state["issued"].as_array().unwrap().len(), 1, "{state}");

        let second = MockServer::start(MockConfig {
            state: Some(state.clone()),
            ..config.clone()
        })
        .await
        .unwrap();
        assert_eq!(second.state(), state, "what was restored exports the same");
        assert_eq!(
            send(&second, "GET", &format!("/v1/qrcodes/{qr}"), None).await,
            404
        );
        // The restored random state goes on: a new item does not reuse an id.
        let fresh = MockServer::start(config).await.unwrap();
        assert_ne!(fresh.state()["rng"], state["rng"]);

        let broken = MockConfig {
            state: Some(json!({"version": 99})),
            ..MockConfig::default()
        };
        assert!(MockServer::start(broken).await.is_err());
    }
}
