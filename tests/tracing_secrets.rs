//! Tracing output never holds the bearer token, even when the server echoes it; spans carry
//! method, path, attempt, status and latency. Alone in its binary: tracing's callsite interest is
//! process-wide, so a test without a subscriber running in parallel could disable the callsites.

mod support;

use passport_paas::prelude::*;
use passport_paas_mock::Fault;
use support::{TEST_TOKEN, builder, mock};

#[tokio::test]
async fn tracing_output_never_holds_the_token() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let mock = mock().await;
    mock.push_fault(Fault::json(
        503,
        format!("{{\"message\":\"{TEST_TOKEN}\"}}"),
    ));
    let client = builder(&mock).build().unwrap();
    client.list_tokens().call().await.unwrap();
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("passport_paas.request"),
        "spans are logged: {logs}"
    );
    assert!(logs.contains("attempt=2"), "the retry is visible: {logs}");
    assert!(
        logs.contains("status=503") && logs.contains("status=200"),
        "statuses are logged: {logs}"
    );
    assert!(
        logs.contains("path=\"/v1/iam/oauth/tokens\"")
            || logs.contains("path=/v1/iam/oauth/tokens"),
        "{logs}"
    );
    assert!(
        !logs.contains(TEST_TOKEN),
        "the token leaked into the logs: {logs}"
    );
}
