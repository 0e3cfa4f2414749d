//! `webhooks::Verifier`: the Standard Webhooks specification's test vectors, and every refusal
//! as a typed error (tampered body, wrong secret, stale and future timestamps, replay, size,
//! unparsable payload), redeliveries marked as duplicates, open event names, and the secret
//! never printed.

use http::{HeaderMap, HeaderName, HeaderValue};
use passport_paas::Secret;
use passport_paas::types;
use passport_paas::webhooks::{
    Callback, Encoding, Event, KeyFormat, Scheme, Signed, Signer, Verifier, WebhookError,
    fixed_clock,
};
use serde_json::Value;

// The Standard Webhooks specification's published example (and its libraries' test vector).
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: i64 = 1614265330;
const PAYLOAD: &[u8] = br#"{"test": 2432232314}"#;
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn headers(id: &str, timestamp: i64, signature: &str) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in [
        ("webhook-id", id.to_owned()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature.to_owned()),
    ] {
        map.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(&value).unwrap(),
        );
    }
    map
}

fn verifier_at(secret: &str, now: i64) -> Verifier {
    Verifier::new(Secret::new(secret))
        .unwrap()
        .with_clock(fixed_clock(now as u64))
}

#[test]
fn the_specifications_test_vector_verifies_and_signs() {
    let verifier = verifier_at(SECRET, TIMESTAMP);
    let delivery = verifier
        .unwrap::<Value>(&headers(ID, TIMESTAMP, SIGNATURE), PAYLOAD)
        .expect("the published vector verifies");
    assert_eq!(delivery.id, ID);
    assert_eq!(delivery.payload["test"], 2432232314u64);
    assert!(!delivery.duplicate);
    let signer = Signer::new(&Secret::new(SECRET), Scheme::default()).unwrap();
    assert_eq!(signer.signature(ID, TIMESTAMP, PAYLOAD), SIGNATURE);
}

#[test]
fn several_signatures_one_of_which_matches() {
    let verifier = verifier_at(SECRET, TIMESTAMP);
    let header = format!("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc {SIGNATURE} v1,");
    verifier
        .verify(&headers(ID, TIMESTAMP, &header), PAYLOAD)
        .expect("any matching entry verifies");
    // A prefix of the right signature, another version, or no entry at all: refused.
    for bad in [
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O",
        "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        " ",
    ] {
        let error = verifier
            .verify(&headers(ID, TIMESTAMP, bad), PAYLOAD)
            .unwrap_err();
        assert_eq!(error, WebhookError::BadSignature, "{bad}");
    }
}

#[test]
fn tampered_body_wrong_secret_and_changed_headers_are_refused() {
    let verifier = verifier_at(SECRET, TIMESTAMP);
    let tampered = br#"{"test": 2432232315}"#;
    let bad = |result: Result<_, WebhookError>| {
        assert_eq!(result.unwrap_err(), WebhookError::BadSignature)
    };
    bad(verifier.verify(&headers(ID, TIMESTAMP, SIGNATURE), tampered));
    bad(verifier.verify(&headers("msg_other", TIMESTAMP, SIGNATURE), PAYLOAD));
    bad(verifier.verify(&headers(ID, TIMESTAMP + 1, SIGNATURE), PAYLOAD));
    bad(verifier_at("whsec_d3Jvbmcgc2VjcmV0", TIMESTAMP)
        .verify(&headers(ID, TIMESTAMP, SIGNATURE), PAYLOAD));
    // The raw (non-`whsec_`) form of the same text is another key.
    bad(verifier_at("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", TIMESTAMP)
        .verify(&headers(ID, TIMESTAMP, SIGNATURE), PAYLOAD));
}

#[test]
fn stale_and_future_timestamps_are_refused_at_the_tolerance() {
    let signed = headers(ID, TIMESTAMP, SIGNATURE);
    verifier_at(SECRET, TIMESTAMP + 300)
        .verify(&signed, PAYLOAD)
        .expect("at the edge");
    verifier_at(SECRET, TIMESTAMP - 300)
        .verify(&signed, PAYLOAD)
        .expect("at the edge");
    assert_eq!(
        verifier_at(SECRET, TIMESTAMP + 301)
            .verify(&signed, PAYLOAD)
            .unwrap_err(),
        WebhookError::Stale {
            age_secs: 301,
            tolerance_secs: 300
        }
    );
    assert_eq!(
        verifier_at(SECRET, TIMESTAMP - 301)
            .verify(&signed, PAYLOAD)
            .unwrap_err(),
        WebhookError::Future {
            ahead_secs: 301,
            tolerance_secs: 300
        }
    );
}

#[test]
fn a_replay_is_refused_and_a_redelivery_is_a_duplicate() {
    let verifier = verifier_at(SECRET, TIMESTAMP);
    let signed = headers(ID, TIMESTAMP, SIGNATURE);
    verifier.unwrap::<Value>(&signed, PAYLOAD).unwrap();
    let error = verifier.unwrap::<Value>(&signed, PAYLOAD).unwrap_err();
    assert!(
        matches!(error, WebhookError::Replayed { ref id, timestamp } if id == ID && timestamp == TIMESTAMP)
    );
    // Retry mode: the same id, a fresh timestamp and signature.
    let signer = Signer::new(&Secret::new(SECRET), Scheme::default()).unwrap();
    let again = headers(
        ID,
        TIMESTAMP + 2,
        &signer.signature(ID, TIMESTAMP + 2, PAYLOAD),
    );
    let redelivery = verifier.unwrap::<Value>(&again, PAYLOAD).unwrap();
    assert!(redelivery.duplicate);
}

#[test]
fn malformed_headers_size_and_payload_are_typed_errors() {
    let verifier = verifier_at(SECRET, TIMESTAMP);
    let mut missing = headers(ID, TIMESTAMP, SIGNATURE);
    missing.remove("webhook-id");
    assert_eq!(
        verifier.verify(&missing, PAYLOAD).unwrap_err(),
        WebhookError::MissingHeader("webhook-id".into())
    );
    let mut text_stamp = headers(ID, TIMESTAMP, SIGNATURE);
    text_stamp.insert("webhook-timestamp", HeaderValue::from_static("soon"));
    assert!(matches!(
        verifier.verify(&text_stamp, PAYLOAD).unwrap_err(),
        WebhookError::MalformedHeader { .. }
    ));
    let big = vec![b' '; Scheme::default().max_body_bytes + 1];
    assert_eq!(
        verifier
            .verify(&headers(ID, TIMESTAMP, SIGNATURE), &big)
            .unwrap_err(),
        WebhookError::TooLarge { limit: 1 << 20 }
    );
    // Signed correctly, but not the callback's payload: located, never quoting the body.
    let signer = Signer::new(&Secret::new(SECRET), Scheme::default()).unwrap();
    let body = br#"{"event": 7, "payment": {"id": "secret-ish-9"}}"#;
    let error = verifier
        .unwrap_event(
            Callback::PaymentEvent,
            &headers("m2", TIMESTAMP, &signer.signature("m2", TIMESTAMP, body)),
            body,
        )
        .unwrap_err();
    assert!(
        matches!(error, WebhookError::Unparsable { ref callback, .. } if callback == "paymentEvent"),
        "{error}"
    );
    assert!(!error.to_string().contains("secret-ish-9"));
    assert_eq!(error.status(), 400);
}

#[test]
fn event_names_of_both_generations_and_unknown_ones_parse() {
    let verifier = verifier_at(SECRET, TIMESTAMP);
    let signer = Signer::new(&Secret::new(SECRET), Scheme::default()).unwrap();
    for (i, name) in [
        "payment.confirmed",
        "payment.inbound.received",
        "payment.refunded.someday",
    ]
    .iter()
    .enumerate()
    {
        let body = format!(r#"{{"event":"{name}","payment":{{"id":"p{i}","status":"SETTLED"}}}}"#);
        let id = format!("evt_{i}");
        let signed = headers(
            &id,
            TIMESTAMP,
            &signer.signature(&id, TIMESTAMP, body.as_bytes()),
        );
        let delivery = verifier
            .unwrap_event(Callback::PaymentEvent, &signed, body.as_bytes())
            .unwrap();
        let Event::PaymentEvent(event) = delivery.payload else {
            panic!("a payment event")
        };
        let event_name = event.event.expect("named");
        assert_eq!(event_name.to_string(), *name);
        if i == 2 {
            assert!(matches!(
                event_name,
                types::PaymentEventCallbackEvent::Unknown(_)
            ));
        }
        assert_eq!(event.payment.expect("payment").id, format!("p{i}"));
    }
    assert_eq!(
        Callback::from_name("inboundPaymentAuthorization"),
        Some(Callback::InboundPaymentAuthorization)
    );
    assert_eq!(
        Callback::InboundPaymentAuthorization.decision_field(),
        Some("accept")
    );
    assert_eq!(Callback::PaymentEvent.decision_field(), None);
}

#[test]
fn another_scheme_is_configuration() {
    let scheme = Scheme {
        id_header: None,
        timestamp_header: "x-passport-timestamp".into(),
        signature_header: "x-passport-signature".into(),
        signed: Signed::TimestampBody,
        encoding: Encoding::Hex,
        prefix: "sha256=".into(),
        key_format: KeyFormat::Raw,
        ..Scheme::default()
    };
    let secret = Secret::new("whsec_treated-as-raw");
    let signer = Signer::new(&secret, scheme.clone()).unwrap();
    let mut map = HeaderMap::new();
    for (name, value) in signer.headers("", TIMESTAMP, PAYLOAD) {
        map.insert(
            HeaderName::try_from(name).unwrap(),
            HeaderValue::from_str(&value).unwrap(),
        );
    }
    assert!(
        map["x-passport-signature"]
            .to_str()
            .unwrap()
            .starts_with("sha256=")
    );
    let verifier = Verifier::with_scheme(secret, scheme)
        .unwrap()
        .with_clock(fixed_clock(TIMESTAMP as u64));
    verifier
        .verify(&map, PAYLOAD)
        .expect("hex, raw key, timestamp.body");
    assert_eq!(
        verifier.verify(&map, b"{}").unwrap_err(),
        WebhookError::BadSignature
    );
}

#[test]
fn the_secret_never_appears() {
    let raw = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let key_text = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let verifier = verifier_at(raw, TIMESTAMP);
    let signer = Signer::new(&Secret::new(raw), Scheme::default()).unwrap();
    let mut printed = format!("{verifier:?} {signer:?}");
    for error in [
        verifier
            .verify(&headers(ID, TIMESTAMP, "v1,AAAA"), PAYLOAD)
            .unwrap_err(),
        verifier
            .verify(&headers(ID, 0, SIGNATURE), PAYLOAD)
            .unwrap_err(),
        Verifier::new(Secret::new("whsec_not base64!")).unwrap_err(),
        Verifier::new(Secret::new("")).unwrap_err(),
    ] {
        printed.push_str(&format!("{error} {error:?}"));
    }
    assert!(!printed.contains(key_text), "{printed}");
    assert!(!printed.contains("not base64!"), "{printed}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Hostile headers and bodies: a typed refusal, never a panic, never a verified delivery.
    #[test]
    fn hostile_deliveries_are_refused_without_panicking(
        id in "\\PC{0,300}",
        stamp in "\\PC{0,30}",
        signature in "\\PC{0,400}",
        body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512),
    ) {
        let verifier = verifier_at(SECRET, TIMESTAMP);
        let mut map = HeaderMap::new();
        for (name, value) in [("webhook-id", &id), ("webhook-timestamp", &stamp), ("webhook-signature", &signature)] {
            if let Ok(value) = HeaderValue::from_str(value) {
                map.insert(HeaderName::from_static(name), value);
            }
        }
        let outcome = verifier.unwrap_event(Callback::PaymentEvent, &map, &body);
        proptest::prop_assert!(outcome.is_err());
        let text = outcome.unwrap_err().to_string();
        proptest::prop_assert!(!text.chars().any(char::is_control));
    }
}
