//! A running mock: [`MockServer`] starts one on a loopback port, queues faults, and reads
//! back what it received, what it holds and its counters; it stops when dropped.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::Shared;
use crate::config::MockConfig;
use crate::fault::{self, Fault};
use crate::log::{Footprint, RecordedRequest};
use crate::stats::Stats;

/// A running mock, stopped when dropped.
pub struct MockServer {
    addr: SocketAddr,
    /// What the handlers share (`webhooks.rs` adds methods that reach it).
    pub(crate) shared: Arc<Shared>,
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
        let shared = Arc::new(crate::startup::shared(config)?);
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = crate::server::router(shared.clone());
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
        let only = Some(fault::scope(scope));
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
