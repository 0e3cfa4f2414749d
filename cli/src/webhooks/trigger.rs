//! `paas webhooks trigger EVENT`: the embedded mock sends one payment event to `listen`.
//!
//! The mock starts from the state file like every embedded run, sends in delivery mode
//! `Once` (a developer's listener that is down should fail fast, not retry for an hour), waits
//! for every delivery — the inbound flow's authorization request included — saves the state
//! (an inbound payment is a new payment) and reports each attempt. Exit 1 when the receiver
//! did not acknowledge one.

use std::time::Duration;

use passport_paas::printable;
use passport_paas_mock::{MockConfig, MockServer, WebhookConfig};
use serde_json::{Value, json};

use super::{registered, registration_path};
use crate::connect::Settings;
use crate::failure::Failure;
use crate::output::{self, Format};
use crate::state::{self, StateFile};

/// Runs `trigger`.
pub async fn run(
    matches: &clap::ArgMatches,
    settings: &Settings,
    format: Format,
) -> Result<(), Failure> {
    let event = event_name(matches)?;
    let (url, secret) = receiver(matches, settings)?;
    let path = settings.state_path();
    let held = path.as_deref().map(StateFile::lock).transpose()?;
    let saved = match &held {
        Some(file) => file.load()?,
        None => None,
    };
    let config = MockConfig {
        state: saved.clone(),
        request_log: 0,
        webhooks: Some(WebhookConfig {
            retry: false,
            ..WebhookConfig::new(url.clone(), secret)
        }),
        ..MockConfig::default()
    };
    let mock = MockServer::start(config)
        .await
        .map_err(|error| match &path {
            Some(path) if saved.is_some() => state::corrupt(path, &error.to_string()),
            _ => Failure::local(format!("cannot start the embedded mock: {error}")),
        })?;
    let payment = tokio::time::timeout(Duration::from_secs(30), async {
        let payment = mock.trigger(&event).await;
        mock.flush_webhooks().await;
        payment
    })
    .await
    .map_err(|_| Failure::server("the receiver did not answer within 30 s"))?;
    let attempts = mock.deliveries();
    let state = mock.state();
    drop(mock);
    if let Some(file) = held
        && saved.as_ref().map(state::kept) != Some(state::kept(&state))
    {
        file.save(&state)?;
    }
    let report: Vec<Value> = attempts
        .iter()
        .map(|a| json!({ "callback": a.callback, "id": a.id, "status": a.status }))
        .collect();
    print(
        format,
        &url,
        &report,
        matches.get_flag("show").then_some(&payment),
    );
    if attempts
        .iter()
        .any(|a| !a.status.is_some_and(|s| (200..300).contains(&s)))
    {
        return Err(Failure::server(
            "the receiver did not acknowledge every delivery",
        ));
    }
    Ok(())
}

/// The event to send, refused when it cannot be a name.
fn event_name(matches: &clap::ArgMatches) -> Result<String, Failure> {
    let event = matches
        .get_one::<String>("event")
        .cloned()
        .unwrap_or_default();
    if event.is_empty() || event.len() > 200 || event.chars().any(char::is_control) {
        return Err(Failure::local(
            "EVENT must be a name such as payment.settled",
        ));
    }
    Ok(event)
}

/// Where to send, and the receiver's secret: `--to` with the secret from the environment,
/// or the `paas webhooks listen` registered for this state file.
fn receiver(matches: &clap::ArgMatches, settings: &Settings) -> Result<(String, String), Failure> {
    match matches.get_one::<String>("to") {
        Some(url) => {
            let secret = super::secret_from_env(matches).ok_or_else(|| {
                Failure::local("--to needs the receiver's secret in the --secret-env variable")
            })?;
            Ok((url.clone(), secret))
        }
        None => registered(&registration_path(settings)?)?.ok_or_else(|| {
            Failure::local(
                "no `paas webhooks listen` is running for this state file (or pass --to URL)",
            )
        }),
    }
}

fn print(format: Format, url: &str, report: &[Value], payment: Option<&Value>) {
    let mut out = std::io::stdout().lock();
    let whole = json!({ "sent_to": url, "deliveries": report, "payment": payment });
    let _ = match format {
        Format::Json => output::json(&mut out, &whole),
        Format::Ndjson => report
            .iter()
            .try_for_each(|r| output::json_line(&mut out, r)),
        Format::Table => {
            let mut text = String::new();
            for r in report {
                text.push_str(&printable(&format!(
                    "sent {} {} to {url} → {}\n",
                    output::plain(&r["callback"]),
                    output::plain(&r["id"]),
                    r["status"]
                        .as_u64()
                        .map_or("no answer".into(), |s| s.to_string())
                )));
            }
            if let Some(payment) = payment {
                text.push_str(&passport_paas::json_for_terminal(&payment.to_string()));
                text.push('\n');
            }
            std::io::Write::write_all(&mut out, text.as_bytes())
        }
    };
}
