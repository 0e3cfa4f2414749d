//! Where calls go: the configured API, or the embedded mock.
//!
//! With `PAAS_BASE_URL`, `PAAS_TOKEN` or client credentials set (or the flags), calls go to
//! the API. With none set, reads run against the embedded mock and say so on stderr; writes
//! run against it only with an explicit `--mock`, so that a script that lost its
//! environment is told (exit 2) rather than led to believe a write happened.

use std::path::PathBuf;
use std::time::Duration;

use clap::ArgMatches;
use passport_paas::{Client, RetryPolicy};
use passport_paas_mock::{MockConfig, MockServer};
use serde_json::Value;

use crate::app::ids;
use crate::failure::Failure;
use crate::state::{self, StateFile, shown};

/// The embedded mock's bearer token; it only ever travels over loopback.
const DEMO_TOKEN: &str = "demo-token-for-the-embedded-mock";
/// The embedded mock's client credentials (`paas auth token --mock`).
const DEMO_CLIENT: (&str, &str) = ("demo-client", "demo-secret-for-the-embedded-mock");

/// The connection settings of one run.
pub struct Settings {
    base_url: Option<String>,
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    accept_language: Option<String>,
    mock: bool,
    mock_state: Option<PathBuf>,
    timeout: Option<f64>,
    retries: Option<u32>,
}

/// How a call authenticates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The configured credentials (the mock's bearer token on the mock).
    Default,
    /// Client credentials (the mock's demo client on the mock).
    ClientCredentials,
}

/// A connected client; the embedded mock and its state file stay alive with it.
pub struct Connection {
    /// The client.
    pub client: Client,
    mock: Option<(MockServer, Option<StateFile>, Option<Value>)>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

impl Settings {
    /// The settings from the global flags and the environment.
    pub fn new(matches: &ArgMatches) -> Self {
        let text = |id: &str| {
            crate::app::one::<String>(matches, id)
                .cloned()
                .filter(|v| !v.is_empty())
        };
        Self {
            base_url: text(ids::BASE_URL),
            token: text(ids::TOKEN),
            client_id: env("PAAS_CLIENT_ID"),
            client_secret: env("PAAS_CLIENT_SECRET"),
            accept_language: text(ids::ACCEPT_LANGUAGE),
            mock: crate::app::flag(matches, ids::MOCK),
            mock_state: text(ids::MOCK_STATE).map(PathBuf::from),
            timeout: crate::app::one::<f64>(matches, ids::TIMEOUT).copied(),
            retries: crate::app::one::<u32>(matches, ids::RETRIES).copied(),
        }
    }

    fn configured(&self) -> bool {
        self.base_url.is_some()
            || self.token.is_some()
            || self.client_id.is_some()
            || self.client_secret.is_some()
    }

    /// The state file of the embedded mock, when there is one.
    pub fn state_path(&self) -> Option<PathBuf> {
        self.mock_state.clone().or_else(state::default_path)
    }

    /// Checks, before anything runs, that `what` may run where it would go: a write
    /// against the embedded mock needs `--mock`.
    pub fn check(&self, what: &str, method: &str) -> Result<(), Failure> {
        if self.mock || self.configured() || method == "GET" {
            return Ok(());
        }
        Err(Failure::local(format!(
            "not sending {what} ({method}): no PAAS_BASE_URL, PAAS_TOKEN or client credentials are set, \
             and the embedded mock runs writes only when asked with --mock"
        )))
    }

    /// A client for the configured API or the embedded mock.
    pub async fn connect(&self, auth: Auth) -> Result<Connection, Failure> {
        let mut builder = Client::builder();
        if let Some(seconds) = self.timeout {
            let limit = Duration::try_from_secs_f64(seconds)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| Failure::local("--timeout must be a positive number of seconds"))?;
            builder = builder.timeout(limit).deadline(limit);
        }
        if let Some(retries) = self.retries {
            builder = builder.retry_policy(RetryPolicy {
                max_attempts: retries + 1,
                ..RetryPolicy::default()
            });
        }
        if let Some(language) = &self.accept_language {
            builder = builder.accept_language(language.clone());
        }
        if !self.mock && self.configured() {
            if let Some(url) = &self.base_url {
                builder = builder.base_url(url.clone());
            }
            builder = match (&self.token, &self.client_id, &self.client_secret) {
                (Some(token), _, _) if auth == Auth::Default => builder.bearer_token(token.clone()),
                (_, Some(id), Some(secret)) => {
                    builder.client_credentials(id.clone(), secret.clone())
                }
                (_, Some(_), None) | (_, None, Some(_)) => {
                    return Err(Failure::local(
                        "client credentials need both PAAS_CLIENT_ID and PAAS_CLIENT_SECRET",
                    ));
                }
                (_, None, None) if auth == Auth::ClientCredentials => {
                    return Err(Failure::local(
                        "this needs client credentials: set PAAS_CLIENT_ID and PAAS_CLIENT_SECRET",
                    ));
                }
                _ => builder,
            };
            let client = builder.build()?;
            return Ok(Connection { client, mock: None });
        }
        let (server, held, saved) = self.start_mock().await?;
        builder = builder.base_url(server.url());
        builder = match auth {
            Auth::Default => builder.bearer_token(DEMO_TOKEN),
            Auth::ClientCredentials => builder.client_credentials(DEMO_CLIENT.0, DEMO_CLIENT.1),
        };
        let client = builder.build()?;
        Ok(Connection {
            client,
            mock: Some((server, held, saved)),
        })
    }

    async fn start_mock(&self) -> Result<(MockServer, Option<StateFile>, Option<Value>), Failure> {
        let path = self.state_path();
        let held = path.as_deref().map(StateFile::lock).transpose()?;
        let saved = match &held {
            Some(file) => file.load()?,
            None => None,
        };
        let config = MockConfig {
            tokens: vec![DEMO_TOKEN.into()],
            client_credentials: vec![(DEMO_CLIENT.0.into(), DEMO_CLIENT.1.into())],
            state: saved.clone(),
            // Nothing reads the embedded mock's request log.
            request_log: 0,
            // Payment state changes reach a running `paas webhooks listen`.
            webhooks: crate::webhooks::registration::embedded(self.state_path()),
            ..MockConfig::default()
        };
        let server = MockServer::start(config)
            .await
            .map_err(|error| match &path {
                Some(path) if saved.is_some() => state::corrupt(path, &error.to_string()),
                _ => Failure::local(format!("cannot start the embedded mock: {error}")),
            })?;
        let why = if self.mock {
            "--mock".to_owned()
        } else {
            "no PAAS_BASE_URL, PAAS_TOKEN or client credentials set".to_owned()
        };
        let remembered = match &path {
            Some(path) => format!("state in {}", shown(path)),
            None => "no state file: nothing is remembered".to_owned(),
        };
        crate::output::note(&format!(
            "paas: {why}: answering from the embedded mock ({remembered})\n"
        ));
        Ok((server, held, saved))
    }
}

impl Connection {
    /// Waits for the events the embedded mock is sending to `paas webhooks listen`.
    pub async fn settle(&self) {
        if let Some((server, _, _)) = &self.mock {
            server.flush_webhooks().await;
        }
    }

    /// Saves the embedded mock's state when the run changed it, then lets it go.
    pub fn finish(self) -> Result<(), Failure> {
        let Some((server, held, saved)) = self.mock else {
            return Ok(());
        };
        let state = server.state();
        drop(server);
        // Only what is kept between runs counts: a read that handed out a snapshot changes
        // nothing worth a write.
        match held {
            Some(file) if saved.as_ref().map(state::kept) != Some(state::kept(&state)) => {
                file.save(&state)
            }
            _ => Ok(()),
        }
    }
}
