//! The mock as the provider's sender: signed callbacks to a configured receiver.
//!
//! Payment state changes that `behaviour.yaml` marks with `emit:` (initiate, confirm) send a
//! payment event; [`MockServer::inbound_payment`] makes an inbound payment arrive, asks the
//! authorization callback (when [`WebhookConfig::authorization`] is on) and honours its
//! answer, its 3 s deadline and "Auto Approve Error". Which callback is which comes from the
//! spec's `x-webhooks`: the one whose reply carries a decision is the authorization, the
//! other the event notification; callback `name` is POSTed to `{url}/{name}`.
//!
//! Deliveries are signed the inferred default way (Standard Webhooks: `webhook-id`,
//! `webhook-timestamp`, `webhook-signature: v1,<base64>` over `id.timestamp.body`). In Retry
//! mode a delivery that gets no 2xx is resent up to 12 times, after 1, 2, 4, … 2048 time
//! units (documented: 1 s; scale it down for tests). Every attempt is recorded.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::{MockServer, Shared};

/// Resends after a failed delivery in Retry mode (documented).
pub const RESENDS: u32 = 12;
/// Largest reply read from a receiver.
const MAX_REPLY_BYTES: usize = 64 * 1024;

/// Where and how the mock sends callbacks.
#[derive(Clone)]
pub struct WebhookConfig {
    /// Base URL of the receiver; callback `name` goes to `{url}/{name}`.
    pub url: String,
    /// The Secret Token (`whsec_<base64>`, or any other text used as its bytes).
    pub secret: String,
    /// Delivery Mode `Retry` (true) or `Once`.
    pub retry: bool,
    /// One second of the documented schedule (1 s, 2 s, 4 s, …); smaller in tests.
    pub time_unit: Duration,
    /// Whether the payment authorization feature is on (inbound payments ask first).
    pub authorization: bool,
    /// "Auto Approve Error": accept when the authorization callback errors or is late.
    pub auto_approve_error: bool,
    /// How long the authorization callback may take (documented: 3 s).
    pub authorization_timeout: Duration,
}

impl WebhookConfig {
    /// Retry mode, documented timings, the authorization feature on, no auto approval.
    pub fn new(url: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            secret: secret.into(),
            retry: true,
            time_unit: Duration::from_secs(1),
            authorization: true,
            auto_approve_error: false,
            authorization_timeout: Duration::from_secs(3),
        }
    }
}

impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("url", &self.url)
            .field("secret", &"[REDACTED]")
            .field("retry", &self.retry)
            .field("time_unit", &self.time_unit)
            .field("authorization", &self.authorization)
            .field("auto_approve_error", &self.auto_approve_error)
            .finish()
    }
}

/// One delivery attempt, as the mock made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The callback (`x-webhooks` key).
    pub callback: String,
    /// The delivery id (the same on every resend).
    pub id: String,
    /// 0 for the first attempt, then 1 … 12.
    pub attempt: u32,
    /// The wait before this attempt, per the schedule.
    pub waited: Duration,
    /// The receiver's status, `None` when it did not answer (refused, timed out).
    pub status: Option<u16>,
    /// The body sent.
    pub body: String,
}

/// Sender state shared by the handlers.
#[derive(Default)]
pub(crate) struct Outbox {
    config: Option<WebhookConfig>,
    client: Option<reqwest::Client>,
    attempts: Mutex<Vec<Attempt>>,
    pending: Mutex<Vec<tokio::task::JoinHandle<()>>>,
    events: Option<String>,
    authorization: Option<(String, String)>,
}

impl Outbox {
    pub(crate) fn new(config: Option<WebhookConfig>, root: &Value) -> Self {
        let table = passport_paas_spec::callbacks(root);
        Self {
            client: config.as_ref().and_then(|_| {
                // A reqwest built with rustls but no provider of its own needs one installed.
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .ok()
            }),
            config,
            events: table
                .iter()
                .find(|c| c.decision_field.is_none())
                .map(|c| c.name.clone()),
            authorization: table
                .iter()
                .find_map(|c| Some((c.name.clone(), c.decision_field.clone()?))),
            ..Self::default()
        }
    }
}

/// Sends `event` with `payment` in the background (a handler must not wait for it).
pub(crate) fn emit(shared: &Arc<Shared>, event: &str, payment: Value) {
    if shared.outbox.config.is_none() {
        return;
    }
    let shared_task = Arc::clone(shared);
    let event = event.to_owned();
    let task = tokio::spawn(async move { send_event(&shared_task, &event, payment).await });
    let mut pending = shared
        .outbox
        .pending
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    pending.retain(|t| !t.is_finished());
    pending.push(task);
}

async fn send_event(shared: &Shared, event: &str, payment: Value) {
    let Some(callback) = shared.outbox.events.clone() else {
        return;
    };
    let body = json!({ "event": event, "payment": payment }).to_string();
    let retry = shared.outbox.config.as_ref().is_some_and(|c| c.retry);
    deliver(shared, &callback, body, if retry { RESENDS } else { 0 }).await;
}

/// Sends `body` to `callback`, resending up to `resends` times; the last reply, if any.
async fn deliver(
    shared: &Shared,
    callback: &str,
    body: String,
    resends: u32,
) -> Option<(u16, Vec<u8>)> {
    let outbox = &shared.outbox;
    let (config, client) = (outbox.config.as_ref()?, outbox.client.as_ref()?);
    let id = format!("msg_{}", fastrand::u64(..));
    let url = format!("{}/{callback}", config.url.trim_end_matches('/'));
    for attempt in 0..=resends {
        let waited = if attempt == 0 {
            Duration::ZERO
        } else {
            config.time_unit.saturating_mul(1 << (attempt - 1).min(30))
        };
        tokio::time::sleep(waited).await;
        let timestamp = chrono::Utc::now().timestamp();
        let mut request = client
            .post(&url)
            .header("content-type", "application/json")
            .timeout(config.authorization_timeout.max(config.time_unit))
            .body(body.clone());
        for (name, value) in headers(&config.secret, &id, timestamp, body.as_bytes()) {
            request = request.header(name, value);
        }
        let reply = match request.send().await {
            Ok(response) => Some((response.status().as_u16(), read_capped(response).await)),
            Err(_) => None,
        };
        outbox
            .attempts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Attempt {
                callback: callback.to_owned(),
                id: id.clone(),
                attempt,
                waited,
                status: reply.as_ref().map(|(status, _)| *status),
                body: body.clone(),
            });
        if reply
            .as_ref()
            .is_some_and(|(status, _)| (200..300).contains(status))
        {
            return reply;
        }
    }
    None
}

async fn read_capped(mut response: reqwest::Response) -> Vec<u8> {
    let mut out = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = MAX_REPLY_BYTES.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if out.len() >= MAX_REPLY_BYTES {
            break;
        }
    }
    out
}

/// The Standard Webhooks headers of one delivery (the inferred default scheme).
pub fn headers(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Vec<(&'static str, String)> {
    let engine = base64::engine::general_purpose::STANDARD;
    let key = match secret.strip_prefix("whsec_").map(|k| engine.decode(k)) {
        Some(Ok(key)) => key,
        _ => secret.as_bytes().to_vec(),
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes keys of any length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let signature = engine.encode(mac.finalize().into_bytes());
    vec![
        ("webhook-id", id.to_owned()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", format!("v1,{signature}")),
    ]
}

/// Asks the authorization callback about `payment`: its decision, or the fallback
/// ("Auto Approve Error") when it errors, is late or answers something else.
async fn authorize(shared: &Shared, payment: &Value) -> bool {
    let (Some(config), Some((callback, field))) = (
        shared.outbox.config.as_ref(),
        shared.outbox.authorization.as_ref(),
    ) else {
        return true;
    };
    if !config.authorization {
        return true;
    }
    let answer = tokio::time::timeout(
        config.authorization_timeout,
        deliver(shared, callback, payment.to_string(), 0),
    )
    .await;
    let decided = match answer {
        Ok(Some((200, body))) => serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|reply| reply.get(field).and_then(Value::as_bool)),
        _ => None,
    };
    decided.unwrap_or(config.auto_approve_error)
}

impl MockServer {
    /// Every delivery attempt so far, oldest first.
    pub fn deliveries(&self) -> Vec<Attempt> {
        self.shared
            .outbox
            .attempts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until every event sent in the background was delivered or given up.
    pub async fn flush_webhooks(&self) {
        loop {
            let task = self
                .shared
                .outbox
                .pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop();
            match task {
                Some(task) => {
                    let _ = task.await;
                }
                None => return,
            }
        }
    }

    /// An inbound payment arrives for `account_id` (or the first account): created
    /// `PROCESSING`, announced, authorized through the callback, then `SETTLED` or `REJECTED`
    /// and announced again. Returns the payment as it ends; waits for every delivery.
    pub async fn inbound_payment(&self, account_id: Option<&str>, amount: &str) -> Value {
        let shared = &self.shared;
        let mut payment = {
            let mut store = shared.store.lock().unwrap_or_else(|e| e.into_inner());
            let account = account_id.map(str::to_owned).or_else(|| {
                store
                    .live("Account")
                    .find_map(|a| a.value.get("id")?.as_str().map(str::to_owned))
            });
            let now = crate::reply::now_text();
            let mut payment = json!({
                "id": passport_paas_spec::instances::uuid(&mut store.rng),
                "direction": "INBOUND",
                "status": "PROCESSING",
                "amount": { "value": amount, "currency": "COP" },
                "created_at": now,
                "updated_at": now,
            });
            if let Some(account) = account {
                payment["account_id"] = json!(account);
            }
            store.push("Payment", payment.clone());
            payment
        };
        send_event(shared, "payment.inbound.received", payment.clone()).await;
        let accepted = authorize(shared, &payment).await;
        let (status, event) = if accepted {
            ("SETTLED", "payment.settled")
        } else {
            ("REJECTED", "payment.rejected")
        };
        payment["status"] = json!(status);
        payment["updated_at"] = json!(crate::reply::now_text());
        {
            let mut store = shared.store.lock().unwrap_or_else(|e| e.into_inner());
            let id = payment["id"].as_str().unwrap_or_default().to_owned();
            if let Some(item) = store.find_mut("Payment", "id", &id) {
                item.value = payment.clone();
            }
        }
        send_event(shared, event, payment.clone()).await;
        payment
    }

    /// Sends one payment event named `event` about the most recent payment (an inbound one
    /// arrives first when the name says `inbound`, or when there is no payment yet).
    pub async fn trigger(&self, event: &str) -> Value {
        let latest = {
            let store = self.shared.store.lock().unwrap_or_else(|e| e.into_inner());
            store.live("Payment").last().map(|item| item.value.clone())
        };
        match latest {
            Some(payment) if !event.contains("inbound") => {
                send_event(&self.shared, event, payment.clone()).await;
                payment
            }
            _ => self.inbound_payment(None, "1000").await,
        }
    }
}
