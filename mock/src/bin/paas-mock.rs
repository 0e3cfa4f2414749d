//! `paas-mock`: the spec-driven mock on a loopback port, for trying the client, `paas` or other
//! tools (Schemathesis, Prism's clients) against it. `cargo xtask mock` runs this.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use passport_paas_mock::{MockConfig, MockServer};

/// Serve the spec-driven mock of the Passport Fintech PaaS API on loopback.
#[derive(Parser)]
#[command(name = "paas-mock", version)]
struct Args {
    /// Port to listen on (127.0.0.1).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Fill every list collection with N generated items instead of the spec's examples.
    #[arg(long)]
    items: Option<usize>,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Bearer token to accept. Prefer the PAAS_TOKEN environment variable: a flag's value
    /// is visible to every user of the machine in `ps`.
    #[arg(long, env = "PAAS_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Client id the token operation accepts (with --client-secret).
    #[arg(long, env = "PAAS_CLIENT_ID")]
    client_id: Option<String>,
    /// Client secret the token operation accepts. Prefer the PAAS_CLIENT_SECRET environment
    /// variable: a flag's value is visible to every user of the machine in `ps`.
    #[arg(long, env = "PAAS_CLIENT_SECRET", hide_env_values = true)]
    client_secret: Option<String>,
    /// Refuse pages after the first that do not send back page 1's snapshot timestamp (the
    /// API does not document it as required; the client always sends it).
    #[arg(long)]
    strict_snapshots: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let spec = passport_paas_spec::Spec::parse(passport_paas_mock::SPEC_YAML);
        let collections: Vec<String> = match (&spec, args.items) {
            (Ok(spec), Some(_)) => passport_paas_mock::list_collections(spec),
            _ => Vec::new(),
        };
        let config = MockConfig {
            tokens: args.token.into_iter().collect(),
            generated: collections
                .into_iter()
                .map(|name| (name, args.items.unwrap_or(0)))
                .collect(),
            seed: args.seed,
            require_snapshot: args.strict_snapshots,
            client_credentials: args.client_id.zip(args.client_secret).into_iter().collect(),
            // Nothing reads the log of a standalone mock: keep none, so memory stays flat.
            request_log: 0,
            ..MockConfig::default()
        };
        let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
        let server = match MockServer::start_on(config, addr).await {
            Ok(server) => server,
            Err(error) => {
                eprintln!("error: cannot start the mock on {addr}: {error}");
                return ExitCode::from(1);
            }
        };
        eprintln!(
            "paas-mock: serving the spec on {} (ctrl-c stops)",
            server.url()
        );
        let _ = tokio::signal::ctrl_c().await;
        ExitCode::SUCCESS
    })
}
