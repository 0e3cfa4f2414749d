//! Retries and timeouts against the mock: transient failures are retried with backoff and
//! `Retry-After`, client errors never are, and slow servers hit the configured bounds.

mod support;

use std::time::{Duration, Instant};

use passport_paas::RetryPolicy;
use passport_paas::prelude::*;
use passport_paas_mock::Fault;
use support::{builder, client, mock};

const UNAVAILABLE: &str = r#"{"code":14,"message":"unavailable"}"#;

#[tokio::test]
async fn two_503s_then_success_takes_three_attempts() {
    let mock = mock().await;
    mock.push_fault(Fault::json(503, UNAVAILABLE));
    mock.push_fault(Fault::json(503, UNAVAILABLE));
    let page = client(&mock).list_tokens().call().await.unwrap();
    assert_eq!(page.tokens.len(), 2);
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn attempts_are_bounded_and_the_last_answer_is_reported() {
    let mock = mock().await;
    for _ in 0..5 {
        mock.push_fault(Fault::json(503, UNAVAILABLE));
    }
    let error = client(&mock).list_tokens().call().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.is_retryable());
    assert_eq!(mock.requests().len(), 3, "default: 3 attempts in all");
}

#[tokio::test]
async fn every_transient_status_is_retried() {
    for status in [408, 429, 500, 502, 503, 504] {
        let mock = mock().await;
        mock.push_fault(Fault::json(status, "{}"));
        client(&mock)
            .list_tokens()
            .call()
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(mock.requests().len(), 2, "{status}");
    }
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 409] {
        let mock = mock().await;
        mock.push_fault(Fault::json(status, r#"{"message":"no"}"#));
        let error = client(&mock).list_tokens().call().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(!error.is_retryable());
        assert_eq!(mock.requests().len(), 1, "{status} must not be retried");
    }
}

#[tokio::test]
async fn retry_after_is_honoured_when_within_the_cap() {
    let mock = mock().await;
    mock.push_fault(Fault::json(429, r#"{"message":"slow down"}"#).with_header("retry-after", "1"));
    let client = builder(&mock)
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            max_retry_after: Duration::from_secs(2),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let started = Instant::now();
    client.list_tokens().call().await.unwrap();
    let waited = started.elapsed();
    // Backoff alone would wait ~2 ms; the server asked for 1 s.
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_the_call_with_the_servers_wait() {
    let mock = mock().await;
    let in_an_hour =
        httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
    for value in ["120", in_an_hour.as_str()] {
        mock.push_fault(
            Fault::json(503, r#"{"message":"maintenance"}"#).with_header("retry-after", value),
        );
        let started = Instant::now();
        let error = client(&mock).list_tokens().call().await.unwrap_err();
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "it did not wait"
        );
        let wait = error
            .retry_after()
            .expect("the server's wait is in the error");
        assert!(wait >= Duration::from_secs(100), "{value}: {wait:?}");
        assert!(error.to_string().contains("retry after"), "{error}");
    }
    assert_eq!(mock.requests().len(), 2, "no early retry");
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried() {
    let mock = mock().await;
    mock.push_fault(Fault::ResetMidBody);
    let page = client(&mock).list_tokens().call().await.unwrap();
    assert_eq!(page.tokens.len(), 2);
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn a_reset_on_every_attempt_is_a_connection_error() {
    let mock = mock().await;
    for _ in 0..3 {
        mock.push_fault(Fault::ResetMidBody);
    }
    let error = client(&mock).list_tokens().call().await.unwrap_err();
    assert!(error.is_connection() && error.is_retryable(), "{error:?}");
    // The cause is kept as `source()`, reqwest's own error without its URL, not flattened.
    let transport = std::error::Error::source(&error)
        .and_then(|source| source.downcast_ref::<reqwest::Error>())
        .expect("the transport's error is the source");
    assert!(transport.url().is_none(), "{transport:?}");
    let mut chain = vec![error.to_string()];
    let mut cause = std::error::Error::source(&error);
    while let Some(reason) = cause {
        chain.push(reason.to_string());
        cause = reason.source();
    }
    insta::assert_snapshot!(chain.join("\ncaused by: "));
}

#[tokio::test]
async fn slow_headers_time_out_within_the_attempt_timeout() {
    let mock = mock().await;
    mock.push_fault(Fault::Delay(Duration::from_secs(3)));
    let client = builder(&mock)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.list_tokens().call().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "gave up after {:?}",
        started.elapsed()
    );
    assert_eq!(error.to_string(), "network: the request timed out");
}

#[tokio::test]
async fn a_slow_attempt_is_retried_and_then_succeeds() {
    let mock = mock().await;
    mock.push_fault(Fault::Delay(Duration::from_secs(3)));
    let client = builder(&mock)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    client.list_tokens().call().await.unwrap();
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn the_overall_deadline_bounds_all_attempts() {
    let mock = mock().await;
    for _ in 0..3 {
        mock.push_fault(Fault::Delay(Duration::from_secs(3)));
    }
    let client = builder(&mock)
        .timeout(Duration::from_millis(200))
        .deadline(Duration::from_millis(250))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.list_tokens().call().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "gave up after {:?}",
        started.elapsed()
    );
    assert!(
        mock.requests().len() <= 2,
        "the deadline left room for at most two attempts"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_connection_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .bearer_token(support::TEST_TOKEN)
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let error = client.list_tokens().call().await.unwrap_err();
    assert!(error.is_connection(), "{error:?}");
    assert!(
        error.to_string().starts_with("network: could not connect"),
        "{error}"
    );
}
