//! What the benchmarks share: a mock on its own thread and runtime (so its work and its
//! allocations stay off the measured thread), and a client for it.

use passport_paas::Client;
use passport_paas_mock::{MockConfig, MockServer};

/// The token the benchmark mocks accept.
pub const TOKEN: &str = "bench-token";

/// Starts a mock on its own thread and runtime; returns its URL and a guard keeping it alive.
pub fn start_mock(config: MockConfig) -> (String, std::sync::mpsc::Sender<()>) {
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let mock = MockServer::start(MockConfig {
                tokens: vec![TOKEN.into()],
                ..config
            })
            .await
            .unwrap();
            url_tx.send(mock.url()).unwrap();
            tokio::task::spawn_blocking(move || stop_rx.recv())
                .await
                .ok();
        });
    });
    (url_rx.recv().unwrap(), stop_tx)
}

pub fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .bearer_token(TOKEN)
        .build()
        .unwrap()
}
