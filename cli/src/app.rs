//! The clap command tree, built from the [`Catalog`] with clap's builder API, plus the two
//! hand-written groups (`auth`, `mock`) and the global connection and output flags.

use clap::{Arg, ArgAction, ArgMatches, ColorChoice, Command};

use crate::catalog::{self, Catalog};
use crate::values::Typed;

/// What `paas --help` says about where calls go.
const LONG_ABOUT: &str = "\
paas: the Passport Fintech PaaS API from a terminal or a script.

One command per operation of the API's spec, grouped by resource. Calls go to --base-url
(PAAS_BASE_URL, default: the sandbox) with --token (PAAS_TOKEN) or client credentials
(PAAS_CLIENT_ID and PAAS_CLIENT_SECRET). Pass secrets in those variables, not as flags: a
command line is visible to every user of the machine in `ps`.

With none of these set, reads (GET) answer from an embedded mock of the API, and say so on
stderr; anything that changes state needs --mock to run against it, so that a script that
lost its environment never believes a write happened. The embedded mock remembers between
runs in a state file (--mock-state; `paas mock reset` clears it).

Exit codes: 0 success, 1 the server's answer is at fault, 2 local input (nothing was sent),
3 network or timeout.";

/// Argument ids of the flags every command has.
pub mod ids {
    /// `--output`.
    pub const OUTPUT: &str = "output";
    /// `--columns`.
    pub const COLUMNS: &str = "columns";
    /// `--base-url`.
    pub const BASE_URL: &str = "base-url";
    /// `--token`.
    pub const TOKEN: &str = "token";
    /// `--accept-language`.
    pub const ACCEPT_LANGUAGE: &str = "accept-language";
    /// `--mock`.
    pub const MOCK: &str = "mock";
    /// `--mock-state`.
    pub const MOCK_STATE: &str = "mock-state";
    /// `--timeout`.
    pub const TIMEOUT: &str = "timeout";
    /// `--retries`.
    pub const RETRIES: &str = "retries";
    /// `--all`.
    pub const ALL: &str = "all";
    /// `--prefetch`.
    pub const PREFETCH: &str = "prefetch";
    /// `--field`.
    pub const FIELD: &str = "field";
    /// `--body`.
    pub const BODY: &str = "body";
    /// `--yes`.
    pub const YES: &str = "yes";
    /// `--show-secret`.
    pub const SHOW_SECRET: &str = "show-secret";
}

/// The value of argument `id`, if the command has that argument and it was given.
pub fn one<'a, T: std::any::Any + Clone + Send + Sync + 'static>(
    matches: &'a ArgMatches,
    id: &str,
) -> Option<&'a T> {
    matches.try_get_one::<T>(id).ok().flatten()
}

/// The values of argument `id`, if the command has that argument and it was given.
pub fn many<'a, T: std::any::Any + Clone + Send + Sync + 'static>(
    matches: &'a ArgMatches,
    id: &str,
) -> Option<impl Iterator<Item = &'a T>> {
    matches.try_get_many::<T>(id).ok().flatten()
}

/// Whether the switch `id` is on.
pub fn flag(matches: &ArgMatches, id: &str) -> bool {
    one::<bool>(matches, id).copied().unwrap_or(false)
}

/// The id of a parameter's argument.
pub fn parameter_id(wire: &str) -> String {
    format!("param:{wire}")
}

/// The id of a body property's argument.
pub fn body_id(path: &[String]) -> String {
    format!("body:{}", path.join("."))
}

/// A flag every command takes, listed apart from the command's own in help. Environment
/// values are never shown (they may be secrets).
fn global(id: &'static str, help: &'static str) -> Arg {
    Arg::new(id)
        .long(id)
        .global(true)
        .help(help)
        .help_heading("Global options")
        .hide_env_values(true)
}

/// The whole command tree.
pub fn app(catalog: &Catalog) -> Command {
    let mut app = with_global_flags(
        Command::new("paas")
            .version(env!("CARGO_PKG_VERSION"))
            .about("paas: the Passport Fintech PaaS API from a terminal or a script")
            .long_about(LONG_ABOUT)
            .color(ColorChoice::Never)
            .subcommand_required(true)
            .arg_required_else_help(true),
    );
    for group in &catalog.groups {
        let mut sub = Command::new(group.name.clone())
            .subcommand_required(true)
            .arg_required_else_help(true);
        if let Some(about) = &group.about {
            sub = sub.about(about.clone());
        }
        for command in &group.commands {
            sub = sub.subcommand(operation_command(command));
        }
        app = app.subcommand(sub);
    }
    app.subcommand(auth_command())
        .subcommand(mock_command())
        .subcommand(crate::webhooks::command(&catalog.spec))
}

/// The flags every command takes: output, connection, mock, time limit and retries.
fn with_global_flags(app: Command) -> Command {
    app
        .arg(
            global(
                ids::OUTPUT,
                "Output format (default: table on a terminal, json otherwise)",
            )
            .short('o')
            .value_name("FORMAT")
            .value_parser(["table", "wide", "json", "ndjson"]),
        )
        .arg(
            global(
                ids::COLUMNS,
                "Table columns to show, comma-separated dotted paths (default: a few chosen from the schema; -o wide: all)",
            )
            .value_name("A,B.C"),
        )
        .arg(
            global(ids::BASE_URL, "Base URL of the API")
                .env("PAAS_BASE_URL")
                .value_name("URL"),
        )
        .arg(
            global(
                ids::TOKEN,
                "Bearer token. Pass it in PAAS_TOKEN: a flag's value is visible to every user of the machine in `ps`",
            )
                .env("PAAS_TOKEN")
                .value_name("TOKEN"),
        )
        .arg(
            global(
                ids::ACCEPT_LANGUAGE,
                "Accept-Language of every call (e.g. en, es)",
            )
            .env("PAAS_ACCEPT_LANGUAGE")
            .value_name("LANGUAGE"),
        )
        .arg(
            global(
                ids::MOCK,
                "Run against the embedded mock (needed for writes to it)",
            )
            .action(ArgAction::SetTrue),
        )
        .arg(
            global(ids::MOCK_STATE, "State file of the embedded mock")
                .env("PAAS_MOCK_STATE")
                .value_name("FILE"),
        )
        .arg(
            global(
                ids::TIMEOUT,
                "Time limit of each call, retries included, in seconds",
            )
            .env("PAAS_TIMEOUT")
            .value_name("SECONDS")
            .value_parser(clap::value_parser!(f64)),
        )
        .arg(
            global(ids::RETRIES, "Retries after a failed attempt (default 2)")
                .env("PAAS_RETRIES")
                .value_name("N")
                .value_parser(clap::value_parser!(u32).range(0..=10)),
        )
}

/// `paas auth token`: the hand-written polish over the token operation.
fn auth_command() -> Command {
    Command::new("auth")
        .about("Authentication (hand-written polish over the token operation)")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("token")
                .about("Issue an access token from client credentials (PAAS_CLIENT_ID, PAAS_CLIENT_SECRET)")
                .arg(
                    Arg::new(ids::SHOW_SECRET)
                        .long(ids::SHOW_SECRET)
                        .action(ArgAction::SetTrue)
                        .help("Print the access token itself (it is redacted otherwise)"),
                )
                .arg(field_arg()),
        )
}

/// `paas mock reset`.
fn mock_command() -> Command {
    Command::new("mock")
        .about("The embedded mock")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(Command::new("reset").about("Forget the embedded mock's state"))
}

fn field_arg() -> Arg {
    Arg::new(ids::FIELD)
        .long(ids::FIELD)
        .value_name("PATH")
        .help("Print one field of the answer as plain text (e.g. id, amount.value); on a list, one line per item")
}

fn operation_command(command: &catalog::Command) -> Command {
    let mut cli = Command::new(command.name.clone())
        .about(command.about.clone())
        .long_about(command.long_about.clone());
    let mut index = 1;
    for argument in command.arguments.iter().filter(|a| !a.global) {
        let id = parameter_id(&argument.wire);
        let mut arg = Arg::new(id)
            .help(argument.help.0.clone())
            .long_help(argument.help.1.clone())
            .value_parser(Typed(argument.kind.clone()))
            .required(argument.required);
        arg = match &argument.flag {
            Some(flag) => arg
                .long(flag.clone())
                .value_name(argument.kind.value_name(flag)),
            None => {
                let arg = arg.index(index).value_name(argument.wire.to_uppercase());
                index += 1;
                arg
            }
        };
        if argument.repeated {
            arg = arg.action(ArgAction::Append);
        }
        cli = cli.arg(arg);
    }
    if let Some(body) = &command.body {
        let required = if body.required { " (required)" } else { "" };
        cli = cli.arg(
            Arg::new(ids::BODY)
                .long(ids::BODY)
                .value_name("FILE")
                .help(format!(
                    "The request body{required}, JSON from FILE or stdin (-); the body flags are merged over it"
                )),
        );
        for field in &body.fields {
            cli = cli.arg(
                Arg::new(body_id(&field.path))
                    .long(field.flag.clone())
                    .help(field.help.0.clone())
                    .long_help(field.help.1.clone())
                    .value_name(field.kind.value_name(&field.flag))
                    .value_parser(Typed(field.kind.clone())),
            );
        }
    }
    if let Some(listing) = &command.listing {
        cli = cli
            .arg(
                Arg::new(ids::ALL)
                    .long(ids::ALL)
                    .action(ArgAction::SetTrue)
                    .conflicts_with(parameter_id(&listing.page_number))
                    .help("Walk every page (one consistent snapshot); ndjson streams items as pages arrive"),
            )
            .arg(
                Arg::new(ids::PREFETCH)
                    .long(ids::PREFETCH)
                    .value_name("N")
                    .default_value(passport_paas::DEFAULT_PREFETCH.to_string())
                    .value_parser(clap::value_parser!(u16).range(1..=64))
                    .help("Pages fetched ahead with --all"),
            );
    }
    if command.method == "DELETE" {
        cli = cli.arg(
            Arg::new(ids::YES)
                .long(ids::YES)
                .short('y')
                .action(ArgAction::SetTrue)
                .help("Do not ask for confirmation (required when stdin is not a terminal)"),
        );
    }
    cli.arg(field_arg())
}

#[cfg(test)]
mod tests {
    use super::*;
    use passport_paas_spec::Spec;

    /// Names that collide with each other, with the CLI's own flags and groups, or are empty.
    const AWKWARD: &str = r#"
openapi: 3.0.3
info: { title: awkward, version: "1" }
tags: [{ name: QR codes }, { name: qr-codes }, { name: auth }]
paths:
  /a/{output}:
    get:
      operationId: getA
      tags: [QR codes]
      parameters:
        - { name: output, in: path, required: true, schema: { type: string } }
        - { name: body, in: query, schema: { type: string } }
        - { name: all, in: query, schema: { type: integer } }
        - { name: x_params.all, in: query, schema: { type: integer } }
        - { name: Accept-Language, in: header, schema: { type: string } }
      responses: { "200": { description: ok } }
    post:
      operationId: get_a
      tags: [qr-codes]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                body: { type: string }
                output: { type: string }
                all: { type: integer }
                nested: { type: object, properties: { all: { type: boolean } } }
      responses: { "200": { description: ok } }
  /b:
    get: { operationId: "---", tags: [auth], responses: { "200": { description: ok } } }
    put: { operationId: help, responses: { "200": { description: ok } } }
    delete: { operationId: help_, responses: { "200": { description: ok } } }
"#;

    #[test]
    fn the_tree_builds_for_the_shipped_spec_and_an_awkward_one() {
        let shipped = Catalog::load().expect("the shipped spec");
        app(&shipped).debug_assert();
        let awkward = Catalog::new(Spec::parse(AWKWARD).expect("YAML"));
        let tree = app(&awkward);
        tree.clone().debug_assert();
        let groups: Vec<&str> = awkward.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(groups, ["qr-codes", "qr-codes-2", "auth-api", "other"]);
        let other: Vec<&str> = awkward.groups[3]
            .commands
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(other, ["help-2", "help-3"]);
        let matches = tree.try_get_matches_from([
            "paas",
            "qr-codes-2",
            "get-a",
            "--body-body",
            "x",
            "--nested-all",
            "true",
        ]);
        assert!(matches.is_ok(), "{matches:?}");
    }
}
