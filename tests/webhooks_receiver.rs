//! `webhooks::receiver`: verified deliveries reach the handler typed; the authorization
//! callback is decided by a handler in time and answered with the fallback when the handler
//! sleeps past the deadline (time scaled: a deadline of milliseconds stands for the 2.5 s
//! default, whose bound below 3 s is a unit test of the receiver); refusals never reach the handler; the axum router
//! serves every callback of the spec on loopback.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue};
use passport_paas::Secret;
use passport_paas::webhooks::receiver::{Outcome, Receiver};
use passport_paas::webhooks::{
    Callback, Delivery, Event, PROVIDER_AUTHORIZATION_TIMEOUT, Scheme, Signer, Verifier,
};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const PAYMENT: &[u8] = br#"{"id":"p-1","direction":"INBOUND","status":"PROCESSING","amount":{"value":"1000","currency":"COP"}}"#;

/// The 2.5 s default deadline, scaled down 50 times.
const DEADLINE: Duration = Duration::from_millis(50);

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn signed(id: &str, body: &[u8]) -> HeaderMap {
    let signer = Signer::new(&Secret::new(SECRET), Scheme::default()).unwrap();
    let mut map = HeaderMap::new();
    for (name, value) in signer.headers(id, now(), body) {
        map.insert(
            HeaderName::try_from(name).unwrap(),
            HeaderValue::from_str(&value).unwrap(),
        );
    }
    map
}

fn receiver(delay: Duration, decide: bool) -> Receiver {
    let verifier = Verifier::new(Secret::new(SECRET)).unwrap();
    Receiver::new(verifier, move |delivery: Delivery<Event>| async move {
        tokio::time::sleep(delay).await;
        match delivery.payload {
            Event::InboundPaymentAuthorization(payment) => {
                Outcome::Decide(decide && payment.id == "p-1")
            }
            _ => Outcome::Ack,
        }
    })
}

#[tokio::test]
async fn a_handler_in_time_decides_the_payment() {
    for decide in [true, false] {
        let receiver = receiver(Duration::from_millis(20), decide)
            .fallback(!decide)
            .deadline(DEADLINE * 20);
        let answer = receiver
            .answer(
                Callback::InboundPaymentAuthorization,
                &signed(&format!("a{decide}"), PAYMENT),
                PAYMENT,
            )
            .await;
        assert_eq!(answer.status, 200);
        assert_eq!(
            String::from_utf8(answer.body).unwrap(),
            format!(r#"{{"accept":{decide}}}"#)
        );
    }
}

#[tokio::test]
async fn a_late_handler_gets_the_fallback_answered_before_three_seconds() {
    for fallback in [true, false] {
        let receiver = receiver(Duration::from_secs(60), !fallback)
            .fallback(fallback)
            .deadline(DEADLINE);
        let started = tokio::time::Instant::now();
        let answer = receiver
            .answer(
                Callback::InboundPaymentAuthorization,
                &signed(&format!("l{fallback}"), PAYMENT),
                PAYMENT,
            )
            .await;
        let took = started.elapsed();
        assert_eq!(
            String::from_utf8(answer.body).unwrap(),
            format!(r#"{{"accept":{fallback}}}"#)
        );
        assert!(
            took >= DEADLINE && took < PROVIDER_AUTHORIZATION_TIMEOUT,
            "{took:?}"
        );
    }
}

#[tokio::test]
async fn refusals_never_reach_the_handler_and_retry_answers_500() {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&calls);
    let verifier = Verifier::new(Secret::new(SECRET)).unwrap();
    let receiver = Receiver::new(verifier, move |delivery: Delivery<Event>| {
        let seen = Arc::clone(&seen);
        async move {
            seen.lock()
                .unwrap()
                .push((delivery.id.clone(), delivery.duplicate));
            Outcome::Retry
        }
    });
    let body = br#"{"event":"payment.settled","payment":{"id":"p-2"}}"#;
    let headers = signed("evt-1", body);
    let answer = receiver
        .answer(Callback::PaymentEvent, &headers, body)
        .await;
    assert_eq!(answer.status, 500, "Retry asks the provider to resend");
    let tampered = br#"{"event":"payment.settled","payment":{"id":"p-3"}}"#;
    assert_eq!(
        receiver
            .answer(Callback::PaymentEvent, &headers, tampered)
            .await
            .status,
        401
    );
    let replay = receiver
        .answer(Callback::PaymentEvent, &headers, body)
        .await;
    assert_eq!(replay.status, 401);
    assert!(String::from_utf8(replay.body).unwrap().contains("replay"));
    // A redelivery (fresh signature, next second) reaches the handler marked as a duplicate.
    let mut again = signed("evt-1", body);
    let stamp: i64 = again["webhook-timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let signer = Signer::new(&Secret::new(SECRET), Scheme::default()).unwrap();
    again.insert(
        "webhook-timestamp",
        (stamp + 1).to_string().parse().unwrap(),
    );
    again.insert(
        "webhook-signature",
        signer.signature("evt-1", stamp + 1, body).parse().unwrap(),
    );
    receiver.answer(Callback::PaymentEvent, &again, body).await;
    assert_eq!(
        *calls.lock().unwrap(),
        [("evt-1".to_owned(), false), ("evt-1".to_owned(), true)]
    );
}

#[tokio::test]
async fn the_router_serves_every_callback_on_loopback() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let app = receiver(Duration::ZERO, true);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(app.serve(listener));
    let client = reqwest::Client::new();
    for callback in Callback::ALL {
        let body: &[u8] = match callback {
            Callback::InboundPaymentAuthorization => PAYMENT,
            _ => br#"{"event":"payment.confirmed","payment":{"id":"p-1"}}"#,
        };
        let mut request = client
            .post(format!("{base}/{}", callback.name()))
            .body(body.to_vec());
        for (name, value) in &signed(&format!("r-{}", callback.name()), body) {
            request = request.header(name, value);
        }
        let reply = request.send().await.unwrap();
        assert_eq!(reply.status(), 200, "{}", callback.name());
    }
    let unsigned = client
        .post(format!("{base}/paymentEvent"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 400);
}
