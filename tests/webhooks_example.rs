//! `examples/webhooks.rs`, run as a test: a payment initiated and confirmed on the embedded
//! mock, and an inbound payment, reach the example's receiver signed, verified and typed.

#[allow(dead_code)]
#[path = "../examples/webhooks.rs"]
mod example;

#[tokio::test]
async fn the_example_receives_every_event_of_the_flow() {
    let lines = example::run().await.expect("the example runs");
    let text = lines.join("\n");
    let expect = [
        "event payment.outbound.initiated: payment",
        "PENDING, receiver key 3001234567",
        "event payment.outbound.confirmed",
        "SETTLED, receiver key 3001234567",
        "event payment.inbound.received",
        "for 250000: accept=true",
        "event payment.settled",
    ];
    for wanted in expect {
        assert!(text.contains(wanted), "{wanted} missing in:\n{text}");
    }
    assert!(!text.contains("whsec_"), "{text}");
}
