//! Response parsing: every documented status and the edge bodies a real server may send,
//! each turned into the parsed value or the typed error, snapshotted; and answers that arrive
//! in many chunks, read whole or stopped at the size cap.

mod support;

use passport_paas::prelude::*;
use passport_paas::{RetryPolicy, types::TokenList};
use passport_paas_mock::Fault;
use support::{builder, mock};

/// Serves `fault` once and returns what the client made of it (no retries).
async fn parse(fault: Fault) -> Result<TokenList, Error> {
    let mock = mock().await;
    mock.push_fault(fault);
    let client = builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    client.list_tokens().call().await
}

#[tokio::test]
async fn ok_from_the_spec_example() {
    let mock = mock().await;
    let page = support::client(&mock).list_tokens().call().await.unwrap();
    insta::assert_json_snapshot!(page, {
        ".pagination_info.first_request_timestamp" => "[SNAPSHOT TIME]",
    });
}

#[tokio::test]
async fn ok_with_edge_fields() {
    // int64 as strings, a timestamp without zone, unknown enum value, extra fields,
    // missing optional fields, an explicit null.
    let page = parse(Fault::json(200, include_str!("fixtures/edge_tokens.json")))
        .await
        .unwrap();
    assert_eq!(
        page.pagination_info.total_elements.get(),
        9_007_199_254_740_993
    );
    assert_eq!(
        page.tokens[0].grant_flow,
        Some(passport_paas::types::GrantFlow::Unknown(
            "GRANT_FLOW_DEVICE_CODE".into()
        ))
    );
    assert_eq!(
        page.pagination_info.first_request_timestamp.seconds(),
        1_680_055_935
    );
    insta::assert_debug_snapshot!(page);
}

#[tokio::test]
async fn ok_with_empty_tokens() {
    let body = r#"{"pagination_info":{"total_elements":0,"total_pages":0,"current_page":1,"first_request_timestamp":"2025-10-09T17:43:22.10Z"},"tokens":[]}"#;
    insta::assert_debug_snapshot!(parse(Fault::json(200, body)).await);
}

#[tokio::test]
async fn documented_error_statuses() {
    let cases = [
        (
            400,
            r#"{"code":3,"message":"invalid page_params.page_size","details":[]}"#,
        ),
        (
            401,
            r#"{"message":"token expired","code":"UNAUTHENTICATED","http_code":401,"type":"authentication_error","trace_id":"5d1f0c3a","resource":"tokens","url":"/v1/iam/oauth/tokens"}"#,
        ),
        (
            403,
            r#"{"code":7,"message":"permission denied","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SCOPE"}]}"#,
        ),
        (500, r#"{"code":13,"message":"internal error"}"#),
    ];
    let mut out = String::new();
    for (status, body) in cases {
        let error = parse(Fault::json(status, body)).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        out.push_str(&format!("{error}\n{error:#?}\n\n"));
    }
    let unauthorized = parse(Fault::json(401, "{}")).await.unwrap_err();
    assert!(unauthorized.is_unauthorized() && !unauthorized.is_retryable());
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn hostile_bodies_are_typed_errors() {
    let mut out = String::new();
    for (name, fault) in hostile_answers() {
        let error = parse(fault).await.unwrap_err();
        out.push_str(&format!("## {name}\n{error}\n{error:?}\n\n"));
    }
    insta::assert_snapshot!(out);
}

/// Answers no client should take for a token page: HTML pages, broken or mistyped JSON,
/// undocumented statuses, a redirect, a 429 asking to wait.
fn hostile_answers() -> Vec<(&'static str, Fault)> {
    vec![
        (
            "html 502 page",
            Fault::body(
                502,
                "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            ),
        ),
        (
            "html 500 page",
            Fault::body(
                500,
                "text/html; charset=utf-8",
                "<!DOCTYPE html><p>oops</p>",
            ),
        ),
        (
            "truncated json",
            Fault::json(200, r#"{"pagination_info":{"total_elements":2,"total_pag"#),
        ),
        (
            "malformed json",
            Fault::json(200, r#"{"pagination_info": nope}"#),
        ),
        ("empty body on 200", Fault::json(200, "")),
        (
            "html on 200",
            Fault::body(200, "text/html", "<html>maintenance</html>"),
        ),
        (
            "missing content type on 200",
            Fault::Respond {
                status: 200,
                content_type: None,
                body: "{}".into(),
                headers: vec![],
            },
        ),
        ("json of the wrong shape", Fault::json(200, r#"[1, 2, 3]"#)),
        (
            "int64 with a fraction",
            Fault::json(
                200,
                r#"{"pagination_info":{"total_elements":1.5,"total_pages":1,"current_page":1,"first_request_timestamp":"2025-10-09T17:43:22Z"},"tokens":[]}"#,
            ),
        ),
        (
            "bad timestamp",
            Fault::json(
                200,
                r#"{"pagination_info":{"total_elements":1,"total_pages":1,"current_page":1,"first_request_timestamp":"yesterday"},"tokens":[]}"#,
            ),
        ),
        (
            "undocumented 404 with json",
            Fault::json(404, r#"{"code":5,"message":"not found"}"#),
        ),
        (
            "undocumented 204",
            Fault::Respond {
                status: 204,
                content_type: None,
                body: String::new(),
                headers: vec![],
            },
        ),
        (
            "redirect, not followed",
            Fault::Respond {
                status: 302,
                content_type: None,
                body: String::new(),
                headers: vec![("location".into(), "https://elsewhere.example/".into())],
            },
        ),
        (
            "429 with retry-after",
            Fault::json(429, r#"{"message":"slow down"}"#)
                .with_header("retry-after", "7")
                .with_header("x-request-id", "req-42"),
        ),
    ]
}

#[tokio::test]
async fn oversized_body_stops_at_the_cap() {
    let mock = mock().await;
    mock.push_fault(Fault::Oversized(64 * 1024));
    let client = builder(&mock)
        .max_body_bytes(16 * 1024)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.list_tokens().call().await.unwrap_err();
    assert!(
        error.kind() == ErrorKind::BodyTooLarge && error.body_limit() == Some(16384),
        "{error:?}"
    );
    assert!(error.is_decode());
    insta::assert_snapshot!(error.to_string());
}

/// A server that answers the first connection with `body` in chunked transfer encoding, one
/// chunk per piece of `pieces` bytes, each written and flushed on its own.
fn chunked_server(body: Vec<u8>, pieces: usize) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let _ = stream.read(&mut [0u8; 4096]);
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                    transfer-encoding: chunked\r\nconnection: close\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        for piece in body.chunks(pieces) {
            let _ = stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes());
            let _ = stream.write_all(piece);
            let _ = stream.write_all(b"\r\n");
            let _ = stream.flush();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    url
}

/// A client for `url` that makes one attempt.
fn one_attempt(url: String, max_body_bytes: usize) -> Client {
    Client::builder()
        .base_url(url)
        .max_body_bytes(max_body_bytes)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_answer_in_many_chunks_is_read_whole() {
    let mock = mock().await;
    let page = support::client(&mock).list_tokens().call().await.unwrap();
    let body = serde_json::to_vec(&page).unwrap();
    assert!(
        body.len() > 200,
        "a body of several chunks: {} bytes",
        body.len()
    );
    let url = chunked_server(body.clone(), 64);
    let read = one_attempt(url, 1 << 20)
        .list_tokens()
        .call()
        .await
        .unwrap();
    assert_eq!(serde_json::to_vec(&read).unwrap(), body);
}

#[tokio::test]
async fn a_chunked_answer_past_the_cap_stops_there() {
    let body = format!("[{}]", "1,".repeat(12 * 1024) + "1").into_bytes();
    let url = chunked_server(body, 4096);
    let error = one_attempt(url, 16 * 1024)
        .list_tokens()
        .call()
        .await
        .unwrap_err();
    assert!(
        error.kind() == ErrorKind::BodyTooLarge && error.body_limit() == Some(16 * 1024),
        "{error:?}"
    );
}
