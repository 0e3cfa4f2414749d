//! The mock sends signed callbacks: payment events on initiate and confirm (the payment as
//! it stands, with the resolved receiver key), inbound payments that ask the authorization
//! callback and honour its answer, its deadline and "Auto Approve Error", and the documented
//! retry schedule of a failing receiver, with time scaled down.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use passport_paas_mock::{MockConfig, MockServer, RESENDS, WebhookConfig, webhook_headers};
use serde_json::{Value, json};

const TOKEN: &str = "hook-token";
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// What the test receiver got: (path, headers, body).
type Got = Arc<Mutex<Vec<(String, HeaderMap, Value)>>>;

/// A loopback receiver answering events with `status` and authorizations with `accept`
/// after `delay`.
async fn receiver(status: u16, accept: bool, delay: Duration) -> (String, Got) {
    let got: Got = Arc::default();
    let seen = Arc::clone(&got);
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let seen = Arc::clone(&seen);
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
            let json: Value = serde_json::from_slice(&body).unwrap();
            let path = parts.uri.path().to_owned();
            seen.lock()
                .unwrap()
                .push((path.clone(), parts.headers, json));
            if path == "/inboundPaymentAuthorization" {
                tokio::time::sleep(delay).await;
                return (StatusCode::OK, format!(r#"{{"accept":{accept}}}"#));
            }
            (StatusCode::from_u16(status).unwrap(), String::new())
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

async fn mock(config: WebhookConfig) -> MockServer {
    MockServer::start(MockConfig {
        tokens: vec![TOKEN.into()],
        webhooks: Some(config),
        ..MockConfig::default()
    })
    .await
    .unwrap()
}

async fn call(mock: &MockServer, path: &str, body: Value) -> Value {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let response = reqwest::Client::new()
        .post(format!("{}{path}", mock.url()))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

/// The signature the receiver got verifies against the body it got (recomputed).
fn assert_signed(headers: &HeaderMap, body: &Value) {
    let id = headers["webhook-id"].to_str().unwrap();
    let stamp: i64 = headers["webhook-timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let expected = webhook_headers(SECRET, id, stamp, body.to_string().as_bytes());
    assert_eq!(
        headers["webhook-signature"].to_str().unwrap(),
        expected[2].1
    );
}

#[tokio::test]
async fn initiate_and_confirm_send_signed_events_with_the_resolved_receiver() {
    let (url, got) = receiver(200, true, Duration::ZERO).await;
    let mock = mock(WebhookConfig::new(url, SECRET)).await;
    let customer = call(
        &mock,
        "/v1/customers/business/link",
        json!({"type": "BUSINESS",
        "business_name": "Tienda", "email": "t@example.com", "mobile_phone_number": "573956158117",
        "identification_type": "NIT", "identification_number": "903978023",
        "address": {"line_1": "Calle 1", "city": "Bogota", "state": "DC", "post_code": "110111",
        "country": "CO"}, "merchant_category_code": "0412"}),
    )
    .await;
    let _ = customer;
    let state = mock.state();
    let account = state["collections"]["Account"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["value"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = json!({"key_type": "PHONE", "key_value": "3001234567"});
    call(
        &mock,
        "/v1/keys",
        json!({"account_id": account, "key": key}),
    )
    .await;
    let resolution = call(
        &mock,
        "/v1/resolve-key",
        json!({"customer_id": customer["id"], "key": key}),
    )
    .await;
    let payment = call(
        &mock,
        "/v1/payments/breb",
        json!({"account_id": account,
        "resolution_id": resolution["id"], "amount": {"value": "100000.50", "currency": "COP"}}),
    )
    .await;
    assert_eq!(
        payment["receiver"]["key"], key,
        "the resolved key, not a generated one"
    );
    assert_eq!(payment["receiver"]["owner"], resolution["owner"]);
    call(
        &mock,
        "/v1/payments/breb/confirm",
        json!({"id": payment["id"]}),
    )
    .await;
    mock.flush_webhooks().await;
    let got = got.lock().unwrap().clone();
    let events: Vec<(&str, &str)> = got
        .iter()
        .map(|(path, _, body)| (path.as_str(), body["event"].as_str().unwrap()))
        .collect();
    assert_eq!(
        events,
        [
            ("/paymentEvent", "payment.outbound.initiated"),
            ("/paymentEvent", "payment.outbound.confirmed")
        ]
    );
    assert_eq!(got[1].2["payment"]["status"], "SETTLED");
    assert_eq!(got[1].2["payment"]["receiver"]["key"], key);
    for (_, headers, body) in &got {
        assert_signed(headers, body);
    }
    assert_ne!(got[0].1["webhook-id"], got[1].1["webhook-id"]);
}

#[tokio::test]
async fn a_failing_receiver_gets_the_documented_retry_schedule() {
    let unit = Duration::from_micros(50);
    let (url, got) = receiver(500, true, Duration::ZERO).await;
    let mock = mock(WebhookConfig {
        time_unit: unit,
        ..WebhookConfig::new(url.clone(), SECRET)
    })
    .await;
    mock.trigger("payment.settled").await;
    let attempts: Vec<_> = mock
        .deliveries()
        .into_iter()
        .filter(|a| a.callback == "paymentEvent")
        .collect();
    // The latest payment's event, sent once and resent 12 times, 1, 2, 4, … 2048 units apart,
    // under one id.
    assert_eq!(attempts.len(), 1 + RESENDS as usize);
    let first: Vec<_> = attempts.iter().collect();
    let waits: Vec<Duration> = first.iter().map(|a| a.waited).collect();
    let expected: Vec<Duration> = std::iter::once(Duration::ZERO)
        .chain((0..RESENDS).map(|k| unit * (1 << k)))
        .collect();
    assert_eq!(waits, expected);
    assert_eq!(expected.last(), Some(&(unit * 2048)));
    assert!(
        first
            .iter()
            .all(|a| a.id == first[0].id && a.status == Some(500))
    );
    assert_eq!(
        got.lock()
            .unwrap()
            .iter()
            .filter(|(p, _, _)| p == "/paymentEvent")
            .count(),
        13
    );

    // Delivery mode Once: one attempt.
    let once = mock_once(url).await;
    once.trigger("payment.settled").await;
    assert_eq!(
        once.deliveries()
            .iter()
            .filter(|a| a.callback == "paymentEvent")
            .count(),
        1
    );
}

async fn mock_once(url: String) -> MockServer {
    mock(WebhookConfig {
        retry: false,
        ..WebhookConfig::new(url, SECRET)
    })
    .await
}

#[tokio::test]
async fn inbound_payments_honour_the_authorization_answer_deadline_and_auto_approve() {
    let fast = Duration::from_millis(100);
    // (answer, receiver delay, auto approve) → final status.
    for (accept, delay, auto, status) in [
        (true, Duration::ZERO, false, "SETTLED"),
        (false, Duration::ZERO, true, "REJECTED"),
        (true, Duration::from_secs(30), false, "REJECTED"),
        (false, Duration::from_secs(30), true, "SETTLED"),
    ] {
        let (url, got) = receiver(200, accept, delay).await;
        let mock = mock(WebhookConfig {
            authorization_timeout: fast,
            auto_approve_error: auto,
            ..WebhookConfig::new(url, SECRET)
        })
        .await;
        let started = std::time::Instant::now();
        let payment = mock.inbound_payment(None, "1000").await;
        assert_eq!(payment["status"], status, "{accept} {delay:?} {auto}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the deadline holds"
        );
        let got = got.lock().unwrap().clone();
        assert_eq!(got[0].2["event"], "payment.inbound.received");
        assert_eq!(got[0].2["payment"]["status"], "PROCESSING");
        assert_eq!(got[1].0, "/inboundPaymentAuthorization");
        assert_eq!(got[1].2["id"], payment["id"]);
        assert_signed(&got[1].1, &got[1].2);
        let last = got.last().unwrap();
        let wanted = if status == "SETTLED" {
            "payment.settled"
        } else {
            "payment.rejected"
        };
        assert_eq!(last.2["event"], wanted);
    }
}

#[test]
fn the_secret_is_not_in_debug() {
    let config = WebhookConfig::new("http://127.0.0.1:1", SECRET);
    let printed = format!(
        "{config:?} {:?}",
        MockConfig {
            webhooks: Some(config.clone()),
            ..MockConfig::default()
        }
    );
    assert!(!printed.contains("MfKQ9r8"), "{printed}");
}
