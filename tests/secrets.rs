//! Secret safety: the bearer token never shows in `Debug`, `Display`, errors or logs, even when
//! a server echoes it back; and it is never sent over plain http to a non-loopback host.

mod support;

use passport_paas::prelude::*;
use passport_paas::{Credentials, RetryPolicy, Secret};
use passport_paas_mock::Fault;
use support::{TEST_TOKEN, builder, mock};

fn assert_clean(text: &str) {
    assert!(!text.contains(TEST_TOKEN), "the token leaked into: {text}");
}

#[tokio::test]
async fn client_and_builder_debug_redact_the_token() {
    let mock = mock().await;
    let builder = builder(&mock);
    assert_clean(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    let debug = format!("{client:?} {client:#?}");
    assert_clean(&debug);
    assert!(debug.contains("[REDACTED]"), "{debug}");
    let secret = Secret::new(TEST_TOKEN);
    assert_eq!(format!("{secret}"), "[REDACTED]");
    assert_eq!(format!("{secret:?}"), "Secret([REDACTED])");
    assert_clean(&format!("{:?}", Credentials::Bearer(secret)));
}

#[tokio::test]
async fn every_error_kind_redacts_the_token_even_when_echoed() {
    let mock = mock().await;
    let echo = format!("{{\"message\":\"bad token {TEST_TOKEN}\",\"code\":16}}");
    let faults = [
        Fault::json(401, echo.clone()),
        Fault::json(400, echo.clone()),
        Fault::body(
            502,
            "text/html",
            format!("<html>Authorization: Bearer {TEST_TOKEN}</html>"),
        ),
        Fault::json(200, format!("{{\"broken\": \"{TEST_TOKEN}")),
        Fault::body(200, "text/plain", format!("token={TEST_TOKEN}")),
        Fault::Oversized(1 << 20),
        Fault::ResetMidBody,
    ];
    let client = builder(&mock)
        .retry_policy(RetryPolicy::none())
        .max_body_bytes(1 << 16)
        .build()
        .unwrap();
    for fault in faults {
        mock.push_fault(fault);
        let error = client.list_tokens().call().await.unwrap_err();
        assert_clean(&format!("{error} {error:?} {error:#?}"));
        if let Some(body) = error.body() {
            assert_clean(&format!("{body:?}"));
        }
    }
    let invalid = client
        .list_tokens()
        .page_params_page_size(0u32)
        .call()
        .await
        .unwrap_err();
    assert_clean(&format!("{invalid} {invalid:?}"));
    let timeout_client = builder(&mock)
        .timeout(std::time::Duration::from_millis(50))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.push_fault(Fault::Delay(std::time::Duration::from_millis(500)));
    let timeout = timeout_client.list_tokens().call().await.unwrap_err();
    assert!(timeout.is_timeout(), "{timeout:?}");
    assert_clean(&format!("{timeout} {timeout:?}"));
}

#[test]
fn plain_http_to_a_remote_host_is_refused_unless_allowed() {
    let refused = Client::builder()
        .base_url("http://api.example.com")
        .bearer_token(TEST_TOKEN)
        .build()
        .unwrap_err();
    assert!(refused.is_config(), "{refused:?}");
    assert_clean(&refused.to_string());
    insta::assert_snapshot!(refused.to_string());
    for url in [
        "http://127.0.0.1:9",
        "http://localhost:9/",
        "http://[::1]:9",
        "https://api.example.com/",
    ] {
        assert!(
            Client::builder()
                .base_url(url)
                .bearer_token(TEST_TOKEN)
                .build()
                .is_ok(),
            "{url}"
        );
    }
    let allowed = Client::builder()
        .base_url("http://api.example.com")
        .bearer_token(TEST_TOKEN)
        .allow_insecure_http(true)
        .build();
    assert!(allowed.is_ok());
    assert!(
        Client::builder()
            .base_url("http://api.example.com")
            .build()
            .is_ok(),
        "no credentials, nothing to leak"
    );
}

#[test]
fn base_url_is_normalised_and_checked() {
    let client = Client::builder()
        .base_url("https://api.example.com/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.example.com");
    assert_eq!(
        Client::builder().build().unwrap().base_url(),
        passport_paas::SANDBOX_URL
    );
    for bad in [
        "not a url",
        "ftp://api.example.com",
        "https://user:pw@api.example.com",
        "https://api.example.com/?x=1",
    ] {
        let error = Client::builder().base_url(bad).build().unwrap_err();
        assert!(error.is_config(), "{bad}: {error:?}");
        assert!(!error.to_string().contains("pw@"), "{error}");
    }
}
