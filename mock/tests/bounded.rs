//! The mock's memory stays flat however many requests arrive: the request log is a bounded
//! ring with bodies cut, list snapshots and issued tokens are pruned, and a body over the cap
//! is a 413 rather than silently empty. Measured through [`MockServer::footprint`] and, for the
//! `paas-mock` binary, as its resident memory with a generous bound.

use futures::StreamExt;
use passport_paas_mock::{DEFAULT_REQUEST_LOG, LOGGED_BODY_BYTES, MAX_REQUEST_BODY};
use passport_paas_mock::{MockConfig, MockServer};
use serde_json::json;

const TOKEN: &str = "bounded-token";
const CLIENT: (&str, &str) = ("bounded-client", "bounded-secret");

/// One of the request kinds that used to grow the mock: a large unauthenticated POST to no
/// route, a list call (a snapshot), a token issued.
async fn send(http: &reqwest::Client, base: &str, index: usize) -> u16 {
    let request = match index % 4 {
        0 => http
            .post(format!("{base}/v1/nowhere/{index}"))
            .body(vec![b'x'; 256 << 10]),
        1 => http
            .post(format!("{base}/v1/iam/oauth/tokens"))
            .json(&json!({"client_id": CLIENT.0, "client_secret": CLIENT.1,
                "grant_type": "client_credentials"})),
        _ => http
            .get(format!("{base}/v1/iam/oauth/tokens"))
            .bearer_auth(TOKEN),
    };
    request.send().await.map_or(0, |r| r.status().as_u16())
}

async fn flood(base: &str, count: usize) {
    let http = plain_http();
    let statuses: Vec<u16> = futures::stream::iter(0..count)
        .map(|index| {
            let http = http.clone();
            async move { send(&http, base, index).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    assert!(
        statuses.iter().all(|&s| matches!(s, 200 | 404)),
        "{:?}",
        &statuses[..8]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_requests_keep_the_log_and_store_bounded() {
    let mock = MockServer::start(MockConfig {
        tokens: vec![TOKEN.into()],
        client_credentials: vec![(CLIENT.0.into(), CLIENT.1.into())],
        ..MockConfig::default()
    })
    .await
    .unwrap();
    flood(&mock.url(), 10_000).await;
    let footprint = mock.footprint();
    assert_eq!(
        footprint.logged_requests, DEFAULT_REQUEST_LOG,
        "{footprint:?}"
    );
    assert!(footprint.logged_body_bytes <= DEFAULT_REQUEST_LOG * LOGGED_BODY_BYTES);
    assert!(footprint.snapshots <= 256, "{footprint:?}");
    assert!(footprint.issued_tokens <= 1024, "{footprint:?}");
    assert!(footprint.issued_tokens > 0, "{footprint:?}");
    let logged = mock.requests();
    assert!(logged.iter().all(|r| r.body.len() <= LOGGED_BODY_BYTES));
}

#[tokio::test]
async fn a_body_over_the_cap_is_413_and_no_log_keeps_nothing() {
    let mock = MockServer::start(MockConfig {
        tokens: vec![TOKEN.into()],
        request_log: 0,
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let response = plain_http()
        .post(format!("{}/v1/keys", mock.url()))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(vec![b' '; MAX_REQUEST_BODY + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let text = response.text().await.unwrap();
    assert!(text.contains(&MAX_REQUEST_BODY.to_string()), "{text}");
    assert_eq!(mock.footprint().logged_requests, 0);
}

/// Resident memory of a process, in KiB.
#[cfg(target_os = "linux")]
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread")]
async fn the_paas_mock_binary_stays_flat_under_ten_thousand_requests() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_paas-mock"))
        .args(["--port", &port.to_string(), "--client-id", CLIENT.0])
        .env("PAAS_TOKEN", TOKEN)
        .env("PAAS_CLIENT_SECRET", CLIENT.1)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    flood(&base, 1_000).await;
    let before = rss_kib(child.id());
    flood(&base, 10_000).await;
    let after = rss_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    eprintln!(
        "paas-mock resident: {before} KiB after 1,000 requests, {after} KiB after 10,000 more"
    );
    // 2,500 bodies of 256 KiB went in (640 MiB): kept, they would show many times over.
    assert!(
        after < before + 64 * 1024,
        "paas-mock grew from {before} KiB to {after} KiB"
    );
}

/// A plain reqwest client for loopback; the workspace's reqwest has rustls without a
/// provider, so ring's is installed first (what `passport_paas::Client` does too).
fn plain_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
