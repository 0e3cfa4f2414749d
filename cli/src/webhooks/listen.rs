//! `paas webhooks listen`: a loopback receiver for every callback of the spec.
//!
//! Each delivery is read within the scheme's body limit, verified (signature, timestamp,
//! replay) by the library's `Verifier`, checked against its callback's schema, printed, and
//! answered — by `--decide`, or with the reply of the `--forward-to` app. A refused delivery
//! is one escaped line on stderr and the verifier's status; it is never forwarded.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use passport_paas::webhooks::Verifier;
use passport_paas::{Secret, printable};
use passport_paas_spec::Spec;
use passport_paas_spec::validate::Validators;
use serde_json::{Value, json};

use super::{Route, registration_path, routes};
use crate::connect::Settings;
use crate::failure::Failure;
use crate::output::{self, Format};

/// Largest reply read from the `--forward-to` app.
const MAX_FORWARD_REPLY: usize = 64 * 1024;

struct Listener {
    verifier: Verifier,
    validators: Validators,
    format: Format,
    decide: bool,
    forward: Option<(reqwest::Client, String)>,
    left: Option<AtomicU64>,
    done: tokio::sync::Notify,
}

/// Runs `listen` until interrupted or `--count` deliveries were verified.
pub async fn run(
    spec: &Spec,
    matches: &clap::ArgMatches,
    settings: &Settings,
    format: Format,
) -> Result<(), Failure> {
    let table = routes(spec);
    let (secret, fresh) = match super::secret_from_env(matches) {
        Some(secret) => (secret, false),
        None => (fresh_secret()?, true),
    };
    let verifier = Verifier::new(Secret::new(secret.clone()))
        .map_err(|error| Failure::local(error.to_string()))?;
    let forward = matches
        .get_one::<String>("forward-to")
        .map(|url| forwarder(url))
        .transpose()?;
    let listener = Arc::new(Listener {
        verifier,
        validators: Validators::new(spec.root(), table.iter().filter_map(|r| r.schema.as_ref())),
        format,
        decide: matches
            .get_one::<String>("decide")
            .is_none_or(|d| d == "accept"),
        forward,
        left: matches.get_one::<u64>("count").map(|n| AtomicU64::new(*n)),
        done: tokio::sync::Notify::new(),
    });
    let port = matches.get_one::<u16>("port").copied().unwrap_or(0);
    let socket = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|error| {
            Failure::local(format!(
                "cannot listen on 127.0.0.1:{port}: {}",
                error.kind()
            ))
        })?;
    let url = format!(
        "http://{}",
        socket
            .local_addr()
            .map_err(|e| Failure::local(e.to_string()))?
    );
    let registration = registration_path(settings)?;
    super::register(&registration, &url, &secret)?;
    let names: Vec<&str> = table.iter().map(|r| r.name.as_str()).collect();
    output::note(&format!(
        "paas: listening on {url} for {} ({}); `paas webhooks trigger EVENT` sends to it\n",
        names.join(", "),
        if fresh {
            "a fresh secret"
        } else {
            "the secret from the environment"
        }
    ));
    let app = router(table, &listener);
    let stop = Arc::clone(&listener);
    let served = axum::serve(socket, app)
        .with_graceful_shutdown(async move {
            tokio::select! {
                _ = stop.done.notified() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        })
        .await;
    super::unregister(&registration);
    served.map_err(|error| Failure::local(format!("the listener failed: {}", error.kind())))
}

/// Where `--forward-to` sends each verified delivery: a client that follows no redirect.
fn forwarder(url: &str) -> Result<(reqwest::Client, String), Failure> {
    url::Url::parse(url).map_err(|_| Failure::local("--forward-to is not a URL"))?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|error| Failure::local(format!("cannot build an HTTP client: {error}")))?;
    Ok((client, url.trim_end_matches('/').to_owned()))
}

/// One `POST /<callback>` route per callback of the spec, each received by `listener`.
fn router(table: Vec<Route>, listener: &Arc<Listener>) -> axum::Router {
    let mut app = axum::Router::new();
    for route in table {
        let listener = Arc::clone(listener);
        let path = format!("/{}", route.name);
        app = app.route(
            &path,
            axum::routing::post(move |request: Request| {
                let listener = Arc::clone(&listener);
                async move { listener.receive(&route, request).await }
            }),
        );
    }
    app
}

impl Listener {
    async fn receive(&self, route: &Route, request: Request) -> Response {
        let (parts, body) = request.into_parts();
        let limit = self.verifier.scheme().max_body_bytes;
        let Ok(body) = axum::body::to_bytes(body, limit).await else {
            return self.refuse(
                route,
                &passport_paas::webhooks::WebhookError::TooLarge { limit },
            );
        };
        let delivery = match self.verifier.unwrap::<Value>(&parts.headers, &body) {
            Ok(delivery) => delivery,
            Err(error) => return self.refuse(route, &error),
        };
        let violations: Vec<String> = match &route.schema {
            Some(schema) => match self.validators.validate(schema, &delivery.payload) {
                Ok(()) => Vec::new(),
                Err(found) => found
                    .iter()
                    .take(20)
                    .map(|v| printable(&v.to_string()))
                    .collect(),
            },
            None => Vec::new(),
        };
        let (status, reply) = match &self.forward {
            Some((client, base)) => {
                forward(
                    client,
                    &format!("{base}/{}", route.name),
                    &parts.headers,
                    &body,
                )
                .await
            }
            None => match &route.decision_field {
                Some(field) => (200, json!({ field.as_str(): self.decide })),
                None => (200, Value::Null),
            },
        };
        let record = json!({
            "callback": route.name,
            "id": delivery.id,
            "timestamp": delivery.timestamp,
            "duplicate": delivery.duplicate,
            "schema_violations": violations,
            "answer": { "status": status, "body": reply },
            "payload": delivery.payload,
        });
        self.print(&record);
        if let Some(left) = &self.left
            && left.fetch_sub(1, Ordering::SeqCst) <= 1
        {
            self.done.notify_one();
        }
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
        if reply.is_null() {
            status.into_response()
        } else {
            json_response(status, &reply)
        }
    }

    fn refuse(&self, route: &Route, error: &passport_paas::webhooks::WebhookError) -> Response {
        output::note(&format!(
            "paas: refused a delivery to /{}: {}\n",
            route.name,
            printable(&error.to_string())
        ));
        let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
        json_response(status, &json!({ "error": error.to_string() }))
    }

    fn print(&self, record: &Value) {
        let mut out = std::io::stdout().lock();
        let _ = match self.format {
            Format::Json => output::json(&mut out, record),
            Format::Ndjson => output::json_line(&mut out, record),
            Format::Table => writeln!(out, "{}", line(record)),
        };
        let _ = out.flush();
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// One delivery as a line for people: callback, id, event, payment, status, answer — every
/// value from the sender escaped.
pub fn line(record: &Value) -> String {
    let text = |path: &str| {
        output::at(record, path)
            .map(output::plain)
            .unwrap_or_else(|| "-".into())
    };
    let payment = if output::at(record, "payload.payment").is_some() {
        "payload.payment"
    } else {
        "payload"
    };
    let mut line = format!(
        "{}  {}  {}  payment {} {}  → {}",
        text("callback"),
        text("id"),
        text("payload.event"),
        text(&format!("{payment}.id")),
        text(&format!("{payment}.status")),
        text("answer.status"),
    );
    if record["duplicate"] == true {
        line.push_str("  (redelivery)");
    }
    if let Some(found) = record["schema_violations"]
        .as_array()
        .filter(|v| !v.is_empty())
    {
        line.push_str(&format!("  ({} schema violations)", found.len()));
    }
    printable(&line)
}

/// Relays a verified delivery to the app and returns its answer.
async fn forward(
    client: &reqwest::Client,
    url: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> (u16, Value) {
    let mut request = client.post(url).body(body.to_vec());
    for (name, value) in headers {
        if name.as_str().starts_with("webhook-") || name == "content-type" {
            request = request.header(name.as_str(), value.as_bytes());
        }
    }
    match request.send().await {
        Ok(mut response) => {
            let status = response.status().as_u16();
            let mut bytes = Vec::new();
            while let Ok(Some(chunk)) = response.chunk().await {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > MAX_FORWARD_REPLY {
                    return (
                        502,
                        json!({ "error": "the forwarded app's reply is too large" }),
                    );
                }
            }
            (
                status,
                serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            )
        }
        Err(_) => {
            output::note("paas: the --forward-to app did not answer\n");
            (502, json!({ "error": "the forwarded app did not answer" }))
        }
    }
}

/// 32 random bytes as hex: a secret only this listener and the mock know.
fn fresh_secret() -> Result<String, Failure> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| Failure::local("no randomness for a fresh secret"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_escapes_what_the_sender_wrote() {
        let record = json!({
            "callback": "paymentEvent", "id": "msg\u{1b}[31m", "duplicate": true,
            "schema_violations": ["x"], "answer": { "status": 200 },
            "payload": { "event": "payment.settled\u{7}", "payment": { "id": "p\u{202e}1", "status": "SETTLED" } }
        });
        let line = line(&record);
        assert!(
            !line.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{line:?}"
        );
        assert!(
            line.contains("paymentEvent")
                && line.contains("SETTLED")
                && line.contains("redelivery")
        );
    }
}
