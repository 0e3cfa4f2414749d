//! Helpers shared by the integration tests: a mock with a known token, a client for it, and
//! the text form of a recorded request that the request-shaping snapshots show.
#![allow(dead_code)]

use std::time::Duration;

use passport_paas::{Client, ClientBuilder, RetryPolicy};
use passport_paas_mock::{MockConfig, MockServer, RecordedRequest};

/// The bearer token the test mocks accept. Obviously fake, and redacted in every snapshot.
pub const TEST_TOKEN: &str = "test-bearer-token-0001";

/// The client credentials the test mocks accept. Obviously fake, redacted in every snapshot.
pub const TEST_CLIENT_ID: &str = "test-client-id";
/// See [`TEST_CLIENT_ID`].
pub const TEST_CLIENT_SECRET: &str = "test-client-secret-0001";

/// A mock serving the spec's examples that accepts [`TEST_TOKEN`].
pub async fn mock() -> MockServer {
    mock_with(MockConfig::default()).await
}

/// A mock with `config`, accepting [`TEST_TOKEN`] too.
pub async fn mock_with(mut config: MockConfig) -> MockServer {
    config.tokens.push(TEST_TOKEN.into());
    config
        .client_credentials
        .push((TEST_CLIENT_ID.into(), TEST_CLIENT_SECRET.into()));
    MockServer::start(config)
        .await
        .expect("the mock starts on loopback")
}

/// A client builder for `mock` with fast retries, so fault tests take milliseconds.
pub fn builder(mock: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(mock.url())
        .bearer_token(TEST_TOKEN)
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            max_retry_after: Duration::from_millis(200),
            ..RetryPolicy::default()
        })
}

/// A built client for `mock`.
pub fn client(mock: &MockServer) -> Client {
    builder(mock).build().expect("the test client builds")
}

/// The request as it went on the wire: request line with the exact query, then the headers
/// sorted by name, with the bearer token, the port and the crate version redacted.
pub fn wire(request: &RecordedRequest) -> String {
    let mut text = format!("{} {}", request.method, request.path);
    if let Some(query) = &request.query {
        text.push('?');
        text.push_str(query);
    }
    let mut headers: Vec<&(String, String)> = request
        .headers
        .iter()
        .filter(|(name, _)| name != "host")
        .collect();
    headers.sort();
    for (name, value) in headers {
        let value = match name.as_str() {
            "authorization" => value.replace(TEST_TOKEN, "[REDACTED]"),
            "user-agent" => value.replace(env!("CARGO_PKG_VERSION"), "[VERSION]"),
            _ => value.clone(),
        };
        text.push_str(&format!("\n{name}: {value}"));
    }
    if !request.body.is_empty() {
        let body = request.body.replace(TEST_CLIENT_SECRET, "[REDACTED]");
        text.push_str(&format!("\n\n{body}"));
    }
    let text = redact_issued_tokens(&text);
    assert!(
        !text.contains(TEST_TOKEN),
        "a snapshot would contain the bearer token"
    );
    assert!(
        !text.contains(TEST_CLIENT_SECRET),
        "a snapshot would contain the client secret"
    );
    text
}

/// The last request the mock received, on the wire.
pub fn last_wire(mock: &MockServer) -> String {
    wire(mock.requests().last().expect("the mock received a request"))
}

/// Replaces access tokens the mock issued (`mock-access-…`) with `[ISSUED TOKEN]`.
pub fn redact_issued_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("mock-access-") {
        out.push_str(&rest[..start]);
        out.push_str("[ISSUED TOKEN]");
        let tail = &rest[start + "mock-access-".len()..];
        let end = tail
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A client for `mock` authenticating with the test client credentials.
pub fn credentials_client(mock: &MockServer) -> Client {
    builder(mock)
        .client_credentials(TEST_CLIENT_ID, TEST_CLIENT_SECRET)
        .build()
        .expect("the test client builds")
}
