//! `cargo xtask mock`: serve the spec-driven mock on loopback until interrupted.

use std::net::SocketAddr;

use passport_paas_mock::{MockConfig, MockServer};

/// What to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// Loopback port (0: any free port).
    pub port: u16,
    /// Serve this many generated tokens instead of the spec's examples.
    pub tokens: Option<usize>,
    /// Seed of the generated tokens.
    pub seed: u64,
    /// The bearer token the mock accepts besides those it issues.
    pub token: Option<String>,
    /// Client credentials the token operation accepts.
    pub client: Option<(String, String)>,
}

/// Starts the mock and serves until Ctrl-C.
pub fn run(options: Options) -> Result<(), String> {
    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let config = MockConfig {
            tokens: options.token.iter().cloned().collect(),
            generated_tokens: options.tokens,
            seed: options.seed,
            client_credentials: options.client.iter().cloned().collect(),
            // Pages after the first without a snapshot timestamp read the current data, as a
            // lenient server would; the test suite's mocks enforce the timestamp instead.
            require_snapshot: false,
            ..MockConfig::default()
        };
        let mock = MockServer::start_on(config, SocketAddr::from(([127, 0, 0, 1], options.port)))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", options.port))?;
        eprintln!("passport-paas mock listening on {}", mock.url());
        match (&options.token, &options.client) {
            (None, None) => eprintln!("warning: no --token, PAAS_TOKEN or client credentials: every authenticated call gets 401"),
            _ => eprintln!("accepting the configured bearer token and tokens issued to the configured client"),
        }
        eprintln!("data: {}", match options.tokens {
            Some(count) => format!("{count} generated tokens (seed {})", options.seed),
            None => "the spec's example tokens".into(),
        });
        tokio::signal::ctrl_c().await.map_err(|e| format!("cannot wait for ctrl-c: {e}"))?;
        drop(mock);
        Ok(())
    })
}
