//! **callbacks**: what the mock sends as the provider validates against the spec's callback
//! schemas and verifies with the library's receiver; the receiver refuses what it must.
//!
//! A mock of its own is pointed at a `webhooks::receiver` on loopback; an inbound payment
//! (event, authorization request, outcome event) and a triggered event are sent. Every
//! attempt's exact bytes must validate against its callback's request schema (from
//! `x-webhooks`, so a callback added to the spec is checked with no edit here) and be
//! acknowledged by the receiver, which answers 2xx only to a verified delivery. Then, from a
//! delivery that verified, four that must not: a tampered body, a signature made with another
//! secret, a stale timestamp and a replay of the same signed request.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue};
use passport_paas::Secret;
use passport_paas::webhooks::receiver::{Outcome, Receiver};
use passport_paas::webhooks::{Callback, Delivery, Event, Scheme, Signer, Verifier};
use passport_paas_mock::{Attempt, MockConfig, MockServer, WebhookConfig};
use passport_paas_spec::Spec;
use passport_paas_spec::validate::Validators;
use serde_json::Value;

use crate::report::Tally;

/// The secret of the check's own receiver (loopback only, made up per run).
fn secret(seed: u64) -> String {
    format!("conformance-webhook-secret-{seed:016x}")
}

/// Runs the check.
pub(crate) async fn check(spec: &Spec, seed: u64) -> Tally {
    let mut tally = Tally::new("callbacks");
    let table = passport_paas_spec::callbacks(spec.root());
    let validators = Validators::new(spec.root(), table.iter().filter_map(|c| c.body.as_ref()));
    let secret = secret(seed);
    let received: Arc<Mutex<usize>> = Arc::default();
    let attempts = match deliver(&secret, seed, Arc::clone(&received)).await {
        Ok(attempts) => attempts,
        Err((input, problem)) => {
            tally.fail(input.into(), problem);
            return tally;
        }
    };
    for attempt in &attempts {
        judge(&mut tally, &table, &validators, attempt);
    }
    if attempts.is_empty() || *received.lock().unwrap_or_else(|e| e.into_inner()) != attempts.len()
    {
        tally.fail(
            "deliveries".into(),
            "not every delivery reached the handler".into(),
        );
    }
    if let Some(first) = attempts
        .iter()
        .find(|a| a.callback == "paymentEvent")
        .or(attempts.first())
    {
        refusals(&mut tally, &secret, &first.callback, first.body.as_bytes()).await;
    }
    tally
}

/// Runs a verifying receiver on loopback and the mock sending it every event (an inbound
/// payment, a settlement); the deliveries the mock made, or what could not start.
async fn deliver(
    secret: &str,
    seed: u64,
    received: Arc<Mutex<usize>>,
) -> Result<Vec<Attempt>, (&'static str, String)> {
    let verifier = Verifier::new(Secret::new(secret.to_owned()))
        .map_err(|error| ("the receiver's secret", error.to_string()))?;
    let receiver = Receiver::new(verifier, move |_: Delivery<Event>| {
        let counter = Arc::clone(&received);
        async move {
            *counter.lock().unwrap_or_else(|e| e.into_inner()) += 1;
            Outcome::Decide(true)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|_| {
            (
                "a loopback receiver",
                "cannot listen on loopback".to_owned(),
            )
        })?;
    let url = listener
        .local_addr()
        .map(|a| format!("http://{a}"))
        .unwrap_or_default();
    let server = tokio::spawn(receiver.serve(listener));
    let mock = MockServer::start(MockConfig {
        seed,
        webhooks: Some(WebhookConfig {
            retry: false,
            ..WebhookConfig::new(url, secret.to_owned())
        }),
        ..MockConfig::default()
    })
    .await
    .map_err(|_| ("the mock", "cannot start the mock".to_owned()))?;
    mock.inbound_payment(None, "1000").await;
    mock.trigger("payment.settled").await;
    mock.flush_webhooks().await;
    server.abort();
    Ok(mock.deliveries())
}

/// One delivery: its body matches the callback's schema, and the receiver verified it.
fn judge(
    tally: &mut Tally,
    table: &[passport_paas_spec::Callback],
    validators: &Validators,
    attempt: &Attempt,
) {
    let input = format!("{} delivery {}", attempt.callback, attempt.id);
    let schema = table
        .iter()
        .find(|c| c.name == attempt.callback)
        .and_then(|c| c.body.as_ref());
    match (serde_json::from_str::<Value>(&attempt.body), schema) {
        (Ok(body), Some(schema)) => match validators.validate(schema, &body) {
            Ok(()) => tally.pass(),
            Err(found) => tally.fail(
                input.clone(),
                format!("does not match the callback schema: {}", found[0]),
            ),
        },
        (Ok(_), None) => tally.fail(input.clone(), "names no callback of the spec".into()),
        (Err(_), _) => tally.fail(input.clone(), "is not JSON".into()),
    }
    if attempt.status.is_some_and(|s| (200..300).contains(&s)) {
        tally.pass();
    } else {
        tally.fail(
            input,
            format!("the receiver answered {:?}: not verified", attempt.status),
        );
    }
}

/// Tampered body, wrong secret, stale timestamp and replay must each be refused.
async fn refusals(tally: &mut Tally, secret: &str, callback: &str, body: &[u8]) {
    let Some(callback) = Callback::from_name(callback) else {
        tally.fail(
            callback.to_owned(),
            "the client has no such callback".into(),
        );
        return;
    };
    let Ok(verifier) = Verifier::new(Secret::new(secret)) else {
        return;
    };
    let receiver = Receiver::new(verifier, |_: Delivery<Event>| async {
        Outcome::Decide(true)
    });
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let mut tampered = body.to_vec();
    if let Some(last) = tampered
        .iter_mut()
        .rev()
        .find(|b| b.is_ascii_digit() || b.is_ascii_alphabetic())
    {
        *last = if *last == b'a' { b'b' } else { b'a' };
    }
    let cases: [(&str, HeaderMap, &[u8]); 4] = [
        (
            "a tampered body",
            headers(secret, "msg_t", now, body),
            &tampered,
        ),
        (
            "another secret",
            headers("conformance-wrong-secret", "msg_w", now, body),
            body,
        ),
        (
            "a stale timestamp",
            headers(secret, "msg_s", now - 600, body),
            body,
        ),
        ("a replay", headers(secret, "msg_r", now, body), body),
    ];
    for (what, headers, sent) in cases {
        if what == "a replay" {
            let first = receiver.answer(callback, &headers, sent).await;
            if first.status != 200 {
                tally.fail(
                    what.into(),
                    format!("the original was refused ({})", first.status),
                );
                continue;
            }
        }
        let answer = receiver.answer(callback, &headers, sent).await;
        if answer.status == 401 {
            tally.pass();
        } else {
            tally.fail(
                format!("{callback:?} with {what}"),
                format!("answered {}, not 401", answer.status),
            );
        }
    }
}

fn headers(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> HeaderMap {
    let mut map = HeaderMap::new();
    if let Ok(signer) = Signer::new(&Secret::new(secret), Scheme::default()) {
        for (name, value) in signer.headers(id, timestamp, body) {
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::from_str(&value))
            {
                map.insert(name, value);
            }
        }
    }
    map
}
