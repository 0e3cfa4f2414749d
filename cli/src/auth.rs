//! `paas auth token`: issue an access token from client credentials. Hand-written polish
//! over the token operation: the token stays redacted unless `--show-secret` asks for it,
//! so that a terminal session or a CI log never shows it by accident.

use std::io::{self, Write};

use clap::ArgMatches;
use passport_paas::{printable, types};
use serde_json::Value;

use crate::app::ids;
use crate::connect::{Auth, Settings};
use crate::failure::Failure;
use crate::output::{self, Format};

/// The marker that replaces the token.
const REDACTED: &str = "[REDACTED]";

/// Runs `paas auth token`.
pub async fn token(
    matches: &ArgMatches,
    settings: &Settings,
    format: Format,
) -> Result<(), Failure> {
    let show = crate::app::flag(matches, ids::SHOW_SECRET);
    let field = crate::app::one::<String>(matches, ids::FIELD);
    settings.check("auth token", "POST")?;
    let connection = settings.connect(Auth::ClientCredentials).await?;
    let result = issue(&connection.client).await;
    let saved = connection.finish();
    let issued = result?;
    saved?;
    let mut value = serde_json::to_value(&issued).map_err(|e| Failure::server(e.to_string()))?;
    if let Some(object) = value.as_object_mut() {
        let token = if show {
            issued.access_token.expose_secret().to_owned()
        } else {
            REDACTED.to_owned()
        };
        object.insert("access_token".into(), Value::String(token));
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if let Some(path) = field {
        return output::field(&mut out, &value, path);
    }
    match format {
        Format::Table if show => {
            writeln!(out, "{}", printable(issued.access_token.expose_secret()))?
        }
        Format::Table => {
            let id = value.get("token_id").map(output::plain).unwrap_or_default();
            let id = if id.is_empty() {
                "(no id)".to_owned()
            } else {
                id
            };
            writeln!(
                out,
                "issued token {id} (access token redacted: --show-secret prints it)"
            )?;
        }
        Format::Json => output::json(&mut out, &value)?,
        Format::Ndjson => output::json_line(&mut out, &value)?,
    }
    Ok(())
}

async fn issue(client: &passport_paas::Client) -> Result<types::IssuedToken, Failure> {
    match client.issue_token().await {
        Err(error) if error.is_config() => Err(Failure::local(
            "`paas auth token` needs client credentials: set PAAS_CLIENT_ID and PAAS_CLIENT_SECRET",
        )),
        other => Ok(other?),
    }
}
