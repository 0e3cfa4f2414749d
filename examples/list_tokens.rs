//! The README's main job: list tokens and print them as a table.
//!
//! With `PAAS_BASE_URL` and `PAAS_TOKEN` set it calls that server (optionally with
//! `PAAS_ACCEPT_LANGUAGE`). With neither, it starts the spec-driven mock on loopback, which
//! answers from the spec's own examples, and says so on stderr. A non-2xx answer prints the
//! typed error and exits non-zero.

use std::process::ExitCode;

use passport_paas::prelude::*;
use passport_paas_mock::{MockConfig, MockServer};

/// What can stop the example: a call's error, or its own reason.
type Failure = Box<dyn std::error::Error + Send + Sync>;

/// The token the embedded mock accepts; it only ever travels over loopback.
const DEMO_TOKEN: &str = "demo-token-for-the-embedded-mock";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let mut line = format!("error: {error}");
            let mut cause = error.source();
            while let Some(reason) = cause {
                line.push_str(&format!(": {reason}"));
                cause = reason.source();
            }
            eprintln!("{line}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Failure> {
    let base_url = std::env::var("PAAS_BASE_URL")
        .ok()
        .filter(|v| !v.is_empty());
    let token = std::env::var("PAAS_TOKEN").ok().filter(|v| !v.is_empty());
    // Keeps the mock alive until the listing is printed.
    let mut _mock = None;
    let mut builder = Client::builder();
    match (base_url, token) {
        (Some(url), token) => {
            builder = builder.base_url(url);
            if let Some(token) = token {
                builder = builder.bearer_token(token);
            }
        }
        (None, _) => {
            let config = MockConfig {
                tokens: vec![DEMO_TOKEN.into()],
                ..MockConfig::default()
            };
            let mock = MockServer::start(config).await.map_err(|error| {
                Failure::from(format!("cannot start the embedded mock: {error}"))
            })?;
            eprintln!(
                "PAAS_BASE_URL is not set: using the embedded mock at {} (answers from the spec's examples)",
                mock.url()
            );
            builder = builder.base_url(mock.url()).bearer_token(DEMO_TOKEN);
            _mock = Some(mock);
        }
    }
    if let Ok(language) = std::env::var("PAAS_ACCEPT_LANGUAGE") {
        builder = builder.accept_language(language);
    }
    let client = builder.build()?;
    let page = client.list_tokens().call().await?;
    print_table(&page);
    Ok(())
}

fn print_table(page: &types::TokenList) {
    let rows: Vec<[String; 5]> = page
        .tokens
        .iter()
        .map(|token| {
            [
                token.token_id.to_string(),
                token
                    .created_at
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                token
                    .grant_flow
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                token.roles.join(","),
                token.scopes.join(","),
            ]
            // Text from a server never reaches the terminal raw.
            .map(|cell| passport_paas::printable(&cell))
        })
        .collect();
    let header = ["TOKEN ID", "CREATED AT", "GRANT FLOW", "ROLES", "SCOPES"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("{}", cells.join("  ").trim_end());
    }
    let info = &page.pagination_info;
    println!(
        "\npage {} of {} · {} tokens in all · snapshot {}",
        info.current_page,
        info.total_pages,
        info.total_elements,
        passport_paas::printable(info.first_request_timestamp.as_str())
    );
}
