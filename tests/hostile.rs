//! Attacks on the client, each written as the misbehaving server or input that found a
//! weakness: secrets printed, credentials sent astray, panics, untruthful outcomes, the wrong
//! side blamed, and waits that the caller's deadline did not bound.

mod support;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use passport_paas::prelude::*;
use passport_paas::{RetryPolicy, Secret, Side};
use passport_paas_mock::{Fault, MockConfig};
use serde_json::json;
use support::{
    TEST_CLIENT_SECRET, TEST_TOKEN, builder, client, credentials_client, mock, mock_with,
};

/// Every way an error can be printed holds none of `secrets`, and is one line.
fn assert_clean(error: &Error, secrets: &[&str]) {
    let shown = [
        error.to_string(),
        format!("{error:?}"),
        error.request_id().unwrap_or_default().to_owned(),
        error.body().and_then(|b| b.message()).unwrap_or_default(),
        error
            .body()
            .map(|b| b.json().to_string())
            .unwrap_or_default(),
    ];
    for text in &shown {
        for secret in secrets {
            assert!(!text.contains(secret), "a secret is printed: {text}");
        }
    }
    assert!(!error.to_string().contains('\n'), "{error}");
}

/// The access tokens the mock issued, from the requests it received.
fn issued_tokens(mock: &passport_paas_mock::MockServer) -> Vec<String> {
    mock.requests()
        .iter()
        .filter_map(|r| {
            r.header("authorization")?
                .strip_prefix("Bearer ")
                .map(str::to_owned)
        })
        .filter(|t| t.starts_with("mock-access-"))
        .collect()
}

#[tokio::test]
async fn a_secret_echoed_with_json_escapes_is_redacted_after_decoding() {
    let mock = mock().await;
    mock.push_fault(Fault::EchoAuthorization(403));
    let error = client(&mock).list_tokens().call().await.unwrap_err();
    assert!(error.is_forbidden(), "{error:?}");
    assert!(
        error.to_string().contains("refused Bearer [REDACTED]"),
        "{error}"
    );
    assert_eq!(error.request_id(), Some("Bearer [REDACTED]"));
    assert_clean(&error, &[TEST_TOKEN]);
}

#[tokio::test]
async fn tokens_issued_during_the_call_and_on_refresh_are_redacted() {
    let mock = mock().await;
    let client = credentials_client(&mock);
    // The first call obtains a token, then its answer echoes that very token.
    mock.push_fault_on("GET", Fault::EchoAuthorization(403));
    let first = client.list_tokens().call().await.unwrap_err();
    // A refusal forces a refresh; the retried call's answer echoes the fresh token.
    mock.push_fault_on("GET", Fault::json(401, r#"{"message":"expired"}"#));
    mock.push_fault_on("GET", Fault::EchoAuthorization(403));
    let second = client.list_tokens().call().await.unwrap_err();
    let issued = issued_tokens(&mock);
    assert_eq!(
        issued.len(),
        3,
        "first token, its refused retry, the refreshed one"
    );
    assert_ne!(issued[0], issued[2], "the refresh issued a new token");
    let mut secrets: Vec<&str> = issued.iter().map(String::as_str).collect();
    secrets.push(TEST_CLIENT_SECRET);
    assert_clean(&first, &secrets);
    assert_clean(&second, &secrets);
}

#[tokio::test]
async fn send_without_call_still_caps_and_redacts() {
    let mock = mock().await;
    mock.push_fault(Fault::EchoAuthorization(403));
    let error = client(&mock).list_tokens().send().await.unwrap_err();
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#}"),
    ] {
        assert!(!text.contains(TEST_TOKEN), "{text}");
    }
}

#[test]
fn secrets_serialize_redacted_outside_a_request() {
    let secret = Secret::new("s3cr3t-value");
    assert_eq!(serde_json::to_string(&secret).unwrap(), r#""[REDACTED]""#);
    assert_eq!(
        format!("{secret} {secret:?}"),
        "[REDACTED] Secret([REDACTED])"
    );
}

#[test]
fn user_info_in_a_base_url_is_refused_without_echoing_it() {
    for url in [
        "https://user:pa55word@api.example.com",
        "https://:pa55word@api.example.com",
        "https://user@api.example.com",
        "http://@127.0.0.1:8080",
        "https://us%40er:pa55word@api.example.com/v1",
        "not a url with pa55word",
    ] {
        let error = Client::builder()
            .base_url(url)
            .bearer_token("t0ken-value")
            .build()
            .unwrap_err();
        assert_eq!(error.side(), Side::Local, "{url}");
        assert!(!error.to_string().contains("pa55word"), "{url}: {error}");
        assert!(!format!("{error:?}").contains("pa55word"), "{url}");
    }
}

#[tokio::test]
async fn extreme_token_lifetimes_neither_panic_nor_loop() {
    for lifetime in [i64::MAX, i64::MIN, 0, -1] {
        let mock = mock_with(MockConfig {
            issued_token_lifetime: lifetime,
            ..MockConfig::default()
        })
        .await;
        let outcome = credentials_client(&mock).list_tokens().call().await;
        if lifetime > 0 {
            assert!(outcome.is_ok(), "{lifetime}: {outcome:?}");
        }
        // An expired token gets one refresh, then the refusal: a bounded number of requests.
        assert!(
            mock.requests().len() <= 4,
            "{lifetime}: {}",
            mock.requests().len()
        );
    }
}

#[tokio::test]
async fn a_revoke_whose_answer_was_lost_reports_revoked() {
    let mock = mock().await;
    let client = client(&mock);
    let id: uuid::Uuid = "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90".parse().unwrap();
    // The first attempt revokes, but its answer is a 502; the retry finds it revoked (409).
    mock.push_fault_on("DELETE", Fault::AfterProcessing(502));
    let body = types::RevokeTokenRequest { token_id: id };
    client
        .revoke_token()
        .token_id(id)
        .body(body.clone())
        .call()
        .await
        .expect("reported revoked");
    let statuses: Vec<_> = mock.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(statuses, ["DELETE", "DELETE"]);
    // Revoking again: no earlier attempt of this call did anything, so the 409 stands.
    let again = client
        .revoke_token()
        .token_id(id)
        .body(body)
        .call()
        .await
        .unwrap_err();
    assert!(again.is_conflict(), "{again:?}");
}

/// A TCP server that answers every connection with `reply` and closes it.
fn raw_server(reply: impl Into<Vec<u8>>) -> String {
    raw_server_speaking(reply, false)
}

/// Like [`raw_server`]; with `first`, it writes before reading anything.
fn raw_server_speaking(reply: impl Into<Vec<u8>>, first: bool) -> String {
    let reply: Vec<u8> = reply.into();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0u8; 4096];
            if first {
                let _ = stream.write_all(&reply);
                let _ = stream.read(&mut buffer);
            } else {
                let _ = stream.read(&mut buffer);
                let _ = stream.write_all(&reply);
            }
        }
    });
    url
}

#[tokio::test]
async fn a_reply_that_is_not_http_is_the_servers_fault() {
    let url = raw_server(b"HELLO \x1b[31mTHIS IS NOT HTTP\r\n\r\n");
    let client = Client::builder()
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.list_tokens().call().await.unwrap_err();
    assert_eq!(error.side(), Side::Server, "{error:?}");
    assert!(!error.to_string().contains("could not be sent"), "{error}");
    assert!(!error.to_string().contains('\x1b'), "{error}");
}

#[tokio::test]
async fn a_server_that_speaks_first_is_the_servers_fault() {
    let url = raw_server_speaking(&b"220 smtp.example.com ESMTP ready\r\n"[..], true);
    let client = Client::builder()
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.list_tokens().call().await.unwrap_err();
    assert_eq!(error.side(), Side::Server, "{error:?}");
}

#[tokio::test]
async fn an_over_long_parameter_is_refused_before_anything_is_sent() {
    let mock = mock().await;
    let error = client(&mock)
        .list_tokens()
        .role("x".repeat(20_000))
        .call()
        .await
        .unwrap_err();
    assert_eq!(error.side(), Side::Local, "{error:?}");
    assert!(error.is_invalid_parameter());
    assert!(mock.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_unsendable_snapshot_from_the_server_is_the_servers_fault() {
    let mock = mock().await;
    // Year 0 parses, but lies before the earliest instant the snapshot parameter accepts.
    let page = json!({"pagination_info": {"total_elements": 2, "total_pages": 2, "current_page": 1,
        "first_request_timestamp": "0000-01-01T00:00:00Z"},
        "tokens": [{"token_id": "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90"}]});
    mock.push_fault(Fault::json(200, page.to_string()));
    let outcome: Result<Vec<types::Token>, Error> = client(&mock)
        .list_tokens()
        .page_params_page_size(1u32)
        .items()
        .try_collect()
        .await;
    let error = outcome.unwrap_err();
    assert_eq!(error.side(), Side::Server, "{error:?}");
    assert!(
        error.kind() == ErrorKind::InconsistentPagination,
        "{error:?}"
    );
}

#[tokio::test]
async fn control_characters_from_the_server_never_reach_an_error_line() {
    // Raw replies: header values with ESC and C1 bytes, which no well-behaved server sends.
    let reply = |status: &str, headers: &[u8], body: &[u8]| {
        let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
        out.extend_from_slice(headers);
        out.extend_from_slice(
            format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(body);
        out
    };
    let replies = [
        reply(
            "400 Bad Request",
            b"Content-Type: application/json\r\nX-Request-Id: id[2J\xc2\x9b\xe2\x80\xae\r\n",
            br#"{"message":"bad\u001b]0;owned\u0007\r\nsecond line\u009b2J\u202e end"}"#,
        ),
        reply(
            "200 OK",
            b"Content-Type: text/plain\xc2\x9b[31m\r\n",
            b"bad\x1b]0;owned\x07\r\nline\xe2\x80\xae",
        ),
    ];
    for reply in replies {
        let client = Client::builder()
            .base_url(raw_server(reply))
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let error = client.list_tokens().call().await.unwrap_err();
        assert_eq!(error.side(), Side::Server, "{error:?}");
        assert!(error.status().is_some(), "the reply was read: {error:?}");
        let line = error.to_string();
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert!(!line.contains('\u{202e}'), "{line:?}");
        for text in [
            error.request_id().unwrap_or_default().to_owned(),
            error.body().and_then(|b| b.message()).unwrap_or_default(),
        ] {
            assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
        }
    }
}

#[tokio::test]
async fn the_token_request_is_retried_like_any_call() {
    let mock = mock().await;
    mock.push_fault_on("POST", Fault::json(503, r#"{"message":"busy"}"#));
    mock.push_fault_on("POST", Fault::json(429, r#"{"message":"slow"}"#));
    credentials_client(&mock)
        .list_tokens()
        .call()
        .await
        .expect("the third token request works");
    let posts = mock
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 3);
}

#[tokio::test]
async fn token_work_counts_against_the_callers_deadline() {
    let mock = mock().await;
    for _ in 0..3 {
        mock.push_fault_on("POST", Fault::Delay(Duration::from_secs(5)));
    }
    let client = builder(&mock)
        .client_credentials(support::TEST_CLIENT_ID, TEST_CLIENT_SECRET)
        .timeout(Duration::from_secs(4))
        .deadline(Duration::from_millis(400))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.list_tokens().call().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.side(), Side::Network);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}
