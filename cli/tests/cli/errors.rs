//! Exit codes and one-line errors: 1 when the server's answer is at fault, 2 for local input
//! (checked before anything is sent), 3 for the network and timeouts.

use std::time::Duration;

use passport_paas_mock::{Fault, MockConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{TOKEN, bearer, mock, paas, scratch};

const TOKEN_ID: &str = "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90";

#[tokio::test(flavor = "multi_thread")]
async fn server_answers_at_fault_exit_1() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let not_found = paas(&["keys", "get", "no-such-key"], &env).await;
    mock.push_fault(Fault::json(503, r#"{"message":"try later","code":14}"#));
    let unavailable = paas(&["tokens", "list", "--retries", "0"], &env).await;
    let wrong = vec![
        ("PAAS_BASE_URL".to_owned(), mock.url()),
        ("PAAS_TOKEN".to_owned(), "wrong-token".to_owned()),
    ];
    let unauthorized = paas(&["tokens", "list"], &wrong).await;
    mock.push_fault(Fault::body(200, "text/html", "<html>hello</html>"));
    let not_json = paas(&["tokens", "get", TOKEN_ID], &env).await;
    let mut lines = Vec::new();
    for run in [&not_found, &unavailable, &unauthorized, &not_json] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        let line = run.error_line();
        assert!(line.starts_with("error: server side: "), "{line}");
        lines.push(line.to_owned());
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn local_input_exits_2_before_anything_is_sent() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let runs = [
        paas(&["tokens", "list", "--page-size", "many"], &env).await,
        paas(&["tokens", "list", "--page-size", "0"], &env).await,
        paas(&["tokens", "list", "--no-such-flag"], &env).await,
        paas(&["tokens", "get"], &env).await,
        paas(&["keys", "create", "--body", "/no/such/file.json"], &env).await,
        paas(&["keys", "get", "k", "--field", "nope"], &env).await,
        paas(&["payments", "initiate-breb"], &env).await,
        paas(
            &["tokens", "list"],
            &[("PAAS_CLIENT_ID".into(), "only-the-id".into())],
        )
        .await,
        paas(
            &["tokens", "list"],
            &[
                ("PAAS_BASE_URL".into(), "http://user:pw@example.test".into()),
                ("PAAS_TOKEN".into(), TOKEN.into()),
            ],
        )
        .await,
    ];
    let mut lines = Vec::new();
    for run in &runs {
        assert_eq!(run.code, 2, "{run:?}");
        let line = run.error_line();
        assert!(line.starts_with("error: local input: "), "{line}");
        assert!(!line.contains("pw@"), "{line}");
        lines.push(line.to_owned());
    }
    assert!(mock.requests().is_empty(), "{:?}", mock.requests());
    insta::assert_snapshot!(lines.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_never_reach_the_embedded_mock_without_mock() {
    let dir = scratch();
    let state = dir.path().join("state.json");
    let env = [("PAAS_MOCK_STATE".to_owned(), state.display().to_string())];
    let revoke = paas(&["tokens", "revoke", TOKEN_ID, "--yes"], &env).await;
    let create = paas(&["keys", "create", "--account-id", "a"], &env).await;
    let issue = paas(&["auth", "token"], &env).await;
    for run in [&revoke, &create, &issue] {
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.error_line().contains("--mock"), "{}", run.stderr);
    }
    assert!(!state.exists(), "the embedded mock never started");
    let read = paas(&["tokens", "get", TOKEN_ID, "--field", "token_id"], &env).await;
    assert_eq!(
        (read.code, read.stdout.trim()),
        (0, TOKEN_ID),
        "{}",
        read.stderr
    );
    assert!(read.stderr.contains("embedded mock"), "{}", read.stderr);
    insta::assert_snapshot!(revoke.error_line());
}

#[tokio::test(flavor = "multi_thread")]
async fn network_failures_exit_3() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let closed = format!("http://{}", listener.local_addr().expect("an address"));
    drop(listener);
    let env = [
        ("PAAS_BASE_URL".to_owned(), closed.clone()),
        ("PAAS_TOKEN".to_owned(), TOKEN.to_owned()),
    ];
    let refused = paas(&["tokens", "list", "--retries", "0"], &env).await;
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(
        refused.error_line().starts_with("error: network: "),
        "{}",
        refused.stderr
    );

    let mock = mock(MockConfig::default()).await;
    mock.push_fault(Fault::Delay(Duration::from_secs(10)));
    let started = std::time::Instant::now();
    let slow = paas(
        &["tokens", "list", "--timeout", "0.5", "--retries", "0"],
        &bearer(&mock),
    )
    .await;
    assert_eq!(slow.code, 3, "{}", slow.stderr);
    assert!(started.elapsed() < Duration::from_secs(8));
    insta::assert_snapshot!(format!(
        "{}\n{}",
        refused.error_line().replace(&closed, "[URL]"),
        slow.error_line()
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_that_is_not_http_exits_1() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let server = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            // Reads the request first, as a server would, then answers in another protocol.
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = socket
                .write_all(b"SSH-2.0-OpenSSH\r\n\x1b[2Jgarbage\r\n\r\n")
                .await;
            let _ = socket.shutdown().await;
        }
    });
    let env = [
        ("PAAS_BASE_URL".to_owned(), url),
        ("PAAS_TOKEN".to_owned(), TOKEN.to_owned()),
    ];
    let run = paas(&["tokens", "list", "--retries", "0"], &env).await;
    server.abort();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.error_line().starts_with("error: server side: "),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!(run.error_line());
}
