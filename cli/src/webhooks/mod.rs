//! `paas webhooks`: see the provider's callbacks arrive on one machine.
//!
//! - `paas webhooks listen [--port N] [--forward-to URL] [--secret-env VAR] [--count N]`
//!   serves `POST /{callback}` for every callback of the spec (`x-webhooks`, read at run time
//!   like every command: a callback added to the spec is a route here with no Rust edit),
//!   verifies each delivery with the library's `webhooks::Verifier` (Standard Webhooks, the
//!   inferred default), checks its payload against the callback's schema and prints it —
//!   escaped on a terminal, or as json/ndjson. It answers decision callbacks with
//!   `--decide` (default accept) unless `--forward-to` relays the delivery, headers and all, to
//!   `{URL}/{callback}` (e.g. an app serving `webhooks::receiver`) and relays its answer back.
//! - `paas webhooks trigger EVENT` makes the embedded mock send one payment event (an inbound
//!   payment first, with its authorization request, when EVENT names `inbound`) to the
//!   running `listen`, which registered its address and secret beside the mock's state file.
//!
//! The secret comes from the variable `--secret-env` names (default `PAAS_WEBHOOK_SECRET`);
//! without one `listen` makes a fresh one. It is kept only in the 0600 registration file and
//! never printed.

mod listen;
pub(crate) mod registration;
mod trigger;

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Command};
use passport_paas_spec::Spec;
use serde_json::Value;

use crate::connect::Settings;
use crate::failure::Failure;
use crate::output::Format;
use registration::{register, registered, unregister};

/// The variable the secret is read from by default.
pub const SECRET_ENV: &str = "PAAS_WEBHOOK_SECRET";

/// One route of `listen`: a callback of the spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The callback's `x-webhooks` key; served at `/{name}`.
    pub name: String,
    /// The reply's decision property (`accept`), when the callback asks for one.
    pub decision_field: Option<String>,
    /// The request body's schema, to check payloads against.
    pub schema: Option<Value>,
}

/// The routes `listen` serves for `spec`: one per callback, in document order.
pub fn routes(spec: &Spec) -> Vec<Route> {
    passport_paas_spec::callbacks(spec.root())
        .into_iter()
        .map(|callback| Route {
            name: callback.name,
            decision_field: callback.decision_field,
            schema: callback.body,
        })
        .collect()
}

/// The `webhooks` group of the command tree.
pub fn command(spec: &Spec) -> Command {
    let names: Vec<String> = routes(spec).into_iter().map(|r| r.name).collect();
    let secret_env = || {
        Arg::new("secret-env")
            .long("secret-env")
            .value_name("VAR")
            .help(format!(
                "Variable holding the webhook secret (default {SECRET_ENV}; a fresh one when unset)"
            ))
    };
    Command::new("webhooks")
        .about("Receive the API's callbacks locally: listen, and make the embedded mock send them")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("listen")
                .about(format!(
                    "Serve, verify and print callbacks ({}) on loopback",
                    names.join(", ")
                ))
                .arg(
                    Arg::new("port")
                        .long("port")
                        .value_name("PORT")
                        .value_parser(clap::value_parser!(u16))
                        .help("Loopback port (default: any free one)"),
                )
                .arg(
                    Arg::new("forward-to")
                        .long("forward-to")
                        .value_name("URL")
                        .help("Relay each verified delivery to URL/{callback} and answer with its reply"),
                )
                .arg(secret_env())
                .arg(
                    Arg::new("decide")
                        .long("decide")
                        .value_parser(["accept", "decline"])
                        .default_value("accept")
                        .help("The answer to decision callbacks when not forwarding"),
                )
                .arg(
                    Arg::new("count")
                        .long("count")
                        .value_name("N")
                        .value_parser(clap::value_parser!(u64).range(1..))
                        .help("Stop after N verified deliveries (default: until interrupted)"),
                ),
        )
        .subcommand(
            Command::new("trigger")
                .about("Make the embedded mock send a payment event to the running `listen`")
                .arg(
                    Arg::new("event")
                        .required(true)
                        .value_name("EVENT")
                        .help("Event name, e.g. payment.settled, payment.inbound.received"),
                )
                .arg(
                    Arg::new("to")
                        .long("to")
                        .value_name("URL")
                        .help("Send to this receiver instead of the registered `listen`"),
                )
                .arg(secret_env().requires("to"))
                .arg(
                    Arg::new("show")
                        .long("show")
                        .action(ArgAction::SetTrue)
                        .help("Also print the payment the event carried"),
                ),
        )
}

/// Runs `paas webhooks <name>`.
pub async fn dispatch(
    spec: &Spec,
    name: &str,
    matches: &ArgMatches,
    settings: &Settings,
    format: Format,
) -> Result<(), Failure> {
    match name {
        "listen" => listen::run(spec, matches, settings, format).await,
        "trigger" => trigger::run(matches, settings, format).await,
        _ => Err(Failure::local("no such command (see paas webhooks --help)")),
    }
}

/// Where `listen` registers itself: beside the embedded mock's state file.
fn registration_path(settings: &Settings) -> Result<PathBuf, Failure> {
    let state = settings.state_path().ok_or_else(|| {
        Failure::local("no state file: set --mock-state, PAAS_MOCK_STATE, XDG_CACHE_HOME or HOME")
    })?;
    Ok(registration::beside(state))
}

/// The secret from the variable `matches` names (or the default one), if set.
fn secret_from_env(matches: &ArgMatches) -> Option<String> {
    let var = matches
        .get_one::<String>("secret-env")
        .map_or(SECRET_ENV, String::as_str);
    std::env::var(var).ok().filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_third_callback_in_the_spec_is_a_route_of_listen() {
        let spec = Spec::parse(
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
x-webhooks:
  paymentEvent:
    post:
      requestBody: { content: { application/json: { schema: { type: object } } } }
  inboundPaymentAuthorization:
    post:
      requestBody: { content: { application/json: { schema: { type: object } } } }
      responses:
        "200":
          description: d
          content:
            application/json:
              schema: { type: object, required: [accept], properties: { accept: { type: boolean } } }
  refundEvent:
    post:
      requestBody: { content: { application/json: { schema: { type: object, required: [refund_id] } } } }
"#,
        )
        .expect("parses");
        let table = routes(&spec);
        let names: Vec<&str> = table.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["paymentEvent", "inboundPaymentAuthorization", "refundEvent"]
        );
        assert_eq!(table[1].decision_field.as_deref(), Some("accept"));
        assert!(table[2].schema.is_some());
        let help = command(&spec)
            .find_subcommand("listen")
            .unwrap()
            .get_about()
            .unwrap()
            .to_string();
        assert!(help.contains("refundEvent"), "{help}");
        // The shipped spec has the two documented callbacks.
        let shipped = crate::catalog::Catalog::load().unwrap();
        assert_eq!(routes(&shipped.spec).len(), 2);
    }
}
