//! Webhook deliveries: any id, timestamp and signature headers with any body are a typed
//! refusal — never a panic, never a verified delivery — and a body signed by `Signer`
//! verifies, and stops verifying once one byte changes. `cargo fuzz run --features libfuzzer webhook`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use http::{HeaderMap, HeaderName, HeaderValue};
use passport_paas::Secret;
use passport_paas::webhooks::{Callback, Scheme, Signer, Verifier, WebhookError, fixed_clock};
use passport_paas_fuzz::fuzz_target;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NOW: u64 = 1_700_000_000;

fn verifier() -> Verifier {
    Verifier::new(Secret::new(SECRET))
        .expect("a valid secret")
        .with_clock(fixed_clock(NOW))
}

fuzz_target!(|data: &[u8]| {
    // Hostile headers: `id \xff timestamp \xff signature \xff body`.
    let mut parts = data.splitn(4, |b| *b == 0xff);
    let (id, stamp, signature) = (parts.next(), parts.next(), parts.next());
    let body = parts.next().unwrap_or_default();
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("webhook-id", id),
        ("webhook-timestamp", stamp),
        ("webhook-signature", signature),
    ] {
        if let Some(Ok(value)) = value.map(HeaderValue::from_bytes) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    let refused = verifier().unwrap_event(Callback::PaymentEvent, &headers, body);
    let error = refused.expect_err("a forged delivery verified");
    assert!(!error.to_string().chars().any(char::is_control));

    // A genuine delivery of the same bytes verifies; one changed byte does not.
    let signer = Signer::new(&Secret::new(SECRET), Scheme::default()).expect("a valid secret");
    let mut genuine = HeaderMap::new();
    for (name, value) in signer.headers("msg_fuzz", NOW as i64, data) {
        genuine.insert(
            HeaderName::try_from(name).expect("a header name"),
            HeaderValue::from_str(&value).expect("a header value"),
        );
    }
    let verifier = verifier();
    verifier
        .verify(&genuine, data)
        .expect("a signed body verifies");
    if let Some((first, rest)) = data.split_first() {
        let mut tampered = vec![first ^ 1];
        tampered.extend_from_slice(rest);
        assert_eq!(
            verifier.verify(&genuine, &tampered),
            Err(WebhookError::BadSignature)
        );
    }
});
