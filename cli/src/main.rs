//! `paas`: argument parsing and output only; every behaviour lives in the `passport-paas` library.
//!
//! Exit codes: 0 success, 1 API error, 2 usage error, 3 network or timeout.

mod args;
mod output;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use futures::TryStreamExt;
use passport_paas::prelude::*;
use passport_paas_mock::{MockConfig, MockServer};

use args::{AuthCommand, Cli, Command, Connection, ListArgs, Output, TokensCommand};

/// Credentials of the embedded mock; they only ever travel over loopback.
const DEMO_TOKEN: &str = "demo-token-for-the-embedded-mock";
const DEMO_CLIENT: (&str, &str) = ("demo-client", "demo-secret-for-the-embedded-mock");

/// A failure, with the exit code it maps to.
struct Failure {
    code: u8,
    message: String,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        let code = match &error {
            Error::Timeout | Error::Connection(_) => 3,
            Error::Auth(inner) if inner.is_timeout() || inner.is_connection() => 3,
            Error::InvalidParameter { .. } | Error::Config(_) => 2,
            _ => 1,
        };
        let mut message = error.to_string();
        if let Some(id) = error.request_id() {
            message.push_str(&format!(" (request id {id})"));
        }
        Failure { code, message }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure {
            code: 1,
            message: format!("cannot write the output: {error}"),
        }
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let format = cli.output.unwrap_or(if std::io::stdout().is_terminal() {
        Output::Table
    } else {
        Output::Json
    });
    // Keeps the embedded mock alive until the command is done.
    let (client, _mock) = connect(cli.connection).await?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Tokens(TokensCommand::List(list)) => {
            list_tokens(&client, list, format, &mut out).await?
        }
        Command::Tokens(TokensCommand::Get { token_id }) => {
            let token = client.get_token().token_id(token_id).call().await?;
            match format {
                Output::Table => output::table(&mut out, std::slice::from_ref(&token))?,
                _ => output::json(&mut out, &token, format)?,
            }
        }
        Command::Tokens(TokensCommand::Revoke { token_id, yes }) => {
            if !yes && !confirm(&format!("revoke token {token_id}?"))? {
                return Err(usage(
                    "not revoked: confirm with --yes (required when stdin is not a terminal)",
                ));
            }
            let body = types::RevokeTokenRequest { token_id };
            client
                .revoke_token()
                .token_id(token_id)
                .body(body)
                .call()
                .await?;
            match format {
                Output::Table => writeln!(out, "revoked {token_id}")?,
                _ => output::json(
                    &mut out,
                    &serde_json::json!({ "token_id": token_id, "revoked": true }),
                    format,
                )?,
            }
        }
        Command::Auth(AuthCommand::Token { show_secret }) => {
            let issued = issue_token(&client).await?;
            match (format, show_secret) {
                (Output::Table, true) => writeln!(out, "{}", issued.access_token.expose_secret())?,
                (Output::Table, false) => {
                    writeln!(
                        out,
                        "issued token {} (access token redacted: use --show-secret to print it)",
                        issued
                            .token_id
                            .map(|id| id.to_string())
                            .unwrap_or_else(|| "(no id)".into())
                    )?;
                }
                _ => output::json(
                    &mut out,
                    &output::issued_token(&issued, show_secret),
                    format,
                )?,
            }
        }
    }
    Ok(())
}

/// A client for the configured server, or for the embedded mock when nothing is configured.
async fn connect(connection: Connection) -> Result<(Client, Option<MockServer>), Failure> {
    let Connection {
        base_url,
        token,
        client_id,
        client_secret,
        accept_language,
    } = connection;
    let configured =
        base_url.is_some() || token.is_some() || client_id.is_some() || client_secret.is_some();
    let mut builder = Client::builder();
    let mut mock = None;
    if configured {
        if let Some(url) = base_url {
            builder = builder.base_url(url);
        }
        builder = match (token, client_id, client_secret) {
            (Some(token), _, _) => builder.bearer_token(token),
            (None, Some(id), Some(secret)) => builder.client_credentials(id, secret),
            (None, Some(_), None) | (None, None, Some(_)) => {
                return Err(usage(
                    "client credentials need both PAAS_CLIENT_ID and PAAS_CLIENT_SECRET",
                ));
            }
            (None, None, None) => builder,
        };
    } else {
        let config = MockConfig {
            tokens: vec![DEMO_TOKEN.into()],
            client_credentials: vec![(DEMO_CLIENT.0.into(), DEMO_CLIENT.1.into())],
            ..MockConfig::default()
        };
        let server = MockServer::start(config).await.map_err(|error| Failure {
            code: 1,
            message: format!("cannot start the embedded mock: {error}"),
        })?;
        eprintln!(
            "paas: no PAAS_BASE_URL, PAAS_TOKEN or client credentials set: using the embedded mock at {} (answers from the spec's examples)",
            server.url()
        );
        builder = builder
            .base_url(server.url())
            .client_credentials(DEMO_CLIENT.0, DEMO_CLIENT.1);
        mock = Some(server);
    }
    if let Some(language) = accept_language {
        builder = builder.accept_language(language);
    }
    Ok((builder.build()?, mock))
}

async fn issue_token(client: &Client) -> Result<types::IssuedToken, Failure> {
    let Some((client_id, client_secret)) = client.client_credentials() else {
        return Err(usage(
            "`paas auth token` needs client credentials: set PAAS_CLIENT_ID and PAAS_CLIENT_SECRET",
        ));
    };
    let body = types::ClientCredentialsRequest {
        client_id,
        client_secret,
        grant_type: types::ClientCredentialsRequestGrantType::ClientCredentials,
    };
    Ok(client.create_token().body(body).call().await?)
}

async fn list_tokens(
    client: &Client,
    list: ListArgs,
    format: Output,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut request = client.list_tokens();
    if let Some(size) = list.page_size {
        request = request.page_params_page_size(size);
    }
    if let Some(key) = list.order_key {
        request = request.order_params_order_key(key);
    }
    if let Some(direction) = list.order_direction {
        request = request
            .order_params_order_direction(passport_paas::compat::OrderDirection::from(direction));
    }
    if let Some(account) = list.account_id {
        request = request.account_id(account);
    }
    if let Some(user) = list.user_id {
        request = request.user_id(user);
    }
    if let Some(flow) = list.grant_flow {
        request = request.grant_flow(flow);
    }
    if let Some(role) = list.role {
        request = request.role(role);
    }
    if !list.all {
        if let Some(page) = list.page {
            request = request.page_params_page_number(page);
        }
        let page = request.call().await?;
        return match format {
            Output::Table => {
                output::table(out, &page.tokens)?;
                output::page_footer(out, &page.pagination_info).map_err(Failure::from)
            }
            Output::Json => output::json(out, &page, format).map_err(Failure::from),
            Output::Ndjson => output::ndjson(out, &page.tokens).map_err(Failure::from),
        };
    }
    let progress = std::io::stderr().is_terminal();
    let mut pages = request.pages_with(PageOptions {
        prefetch: list.prefetch,
    });
    let mut collected = Vec::new();
    while let Some(page) = pages.try_next().await? {
        if progress {
            eprint!(
                "\rfetched page {}/{}",
                page.pagination_info.current_page, page.pagination_info.total_pages
            );
        }
        match format {
            // Streamed: one line per token as pages arrive, memory bounded by the prefetch.
            Output::Ndjson => output::ndjson(out, &page.tokens)?,
            _ => collected.extend(page.tokens),
        }
    }
    if progress {
        eprintln!();
    }
    match format {
        Output::Table => output::table(out, &collected)?,
        Output::Json => output::json(out, &collected, format)?,
        Output::Ndjson => {}
    }
    Ok(())
}

/// Asks on the terminal; `Ok(false)` when stdin is not a terminal.
fn confirm(question: &str) -> Result<bool, Failure> {
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
