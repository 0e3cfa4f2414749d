//! Conformance: the client, the spec and a server checked against each other, on inputs nobody
//! wrote by hand, reproducible from `--seed`. The engine behind `cargo xtask conformance`.
//!
//! Every check walks the spec's operation table or its components, so an operation or a schema
//! added to the spec is checked with no edit here:
//! - **responses-conform**: requests drawn from every parameter's and body's schema (valid
//!   ones, and ones stepped past a bound) go through the generated client; every answer's bytes
//!   are validated against the documented schema for its status; an undocumented status, or a
//!   2xx to an invalid request, fails; an undocumented field is reported, not failed;
//! - **lifecycle**: every collection with create, get and delete operations is walked through
//!   create → get → delete → get (documented 404) → delete again (documented 404/409);
//! - **round-trip**: schema-valid JSON (optional fields absent, unknown enum values, extra
//!   fields) of every component parses into its Rust type and serializes back equivalently;
//! - **types-match-spec**: the JSON Schema each Rust type derives agrees with the spec's on
//!   properties, required, types, formats, nullability, items and enum values;
//! - **examples-valid**: every example of the spec validates and parses into its type;
//! - **callbacks** (embedded mock): what the mock sends validates against the callback schemas
//!   and verifies; tampered bodies, wrong secrets, stale timestamps and replays are refused.
//!
//! Default target: the embedded mock. With a base URL, a deployment (read-only unless writes
//! are allowed).

#![deny(missing_docs)]

mod callbacks;
mod cases;
mod extras;
mod headers;
mod lifecycle;
mod models;
mod report;
mod responses;
mod types;

use passport_paas::{Client, Secret};
use passport_paas_mock::{MockConfig, MockServer};
use passport_paas_spec::Spec;
use passport_paas_spec::validate::Validators;

pub use report::{Failure, Report, Tally};

/// What to check and against what.
#[derive(Clone, Debug)]
pub struct Options {
    /// The spec's text (YAML or JSON): the contract responses are checked against.
    pub spec: String,
    /// A deployment to check; `None` checks the embedded mock.
    pub base_url: Option<String>,
    /// The bearer token for `base_url` (redacted in `Debug`).
    pub token: Option<Secret>,
    /// Request cases to send in all (at least one per operation).
    pub cases: usize,
    /// Seed of every generated input.
    pub seed: u64,
    /// Send state-changing operations to `base_url` too.
    pub allow_writes: bool,
}

/// The token the embedded mock accepts.
const MOCK_TOKEN: &str = "conformance-token";

/// Runs every check against the target the options name.
pub async fn run(options: Options) -> Result<Report, String> {
    let spec = Spec::parse(&options.spec).map_err(|e| format!("the spec: {e}"))?;
    let (client, _mock, target, writes) = connect(&options).await?;
    Ok(check(&client, &spec, &target, writes, &options).await)
}

/// Runs every check with a given client (tests point it at misbehaving servers).
pub async fn check(
    client: &Client,
    spec: &Spec,
    target: &str,
    writes: bool,
    options: &Options,
) -> Report {
    let validators = validators(spec);
    let context = Context {
        spec,
        validators: &validators,
        client,
        writes,
    };
    let mut checks = Vec::new();
    // Lifecycles first: the request cases delete the items the examples name.
    if writes {
        checks.push(lifecycle::check(&context, options.seed).await);
    }
    checks.push(responses::check(&context, options.cases, options.seed).await);
    let per_model = (options.cases / 20).max(5);
    checks.push(models::round_trip(&context, per_model, options.seed));
    checks.push(types::check(&context));
    checks.push(models::examples(&context));
    // The embedded mock can be made to send callbacks; a deployment cannot.
    if options.base_url.is_none() {
        checks.push(callbacks::check(spec, options.seed).await);
    }
    Report {
        seed: options.seed,
        target: target.to_owned(),
        checks,
    }
}

/// Whether an operation of the checked spec may be sent when writes are not allowed: only
/// when the client's compiled operation of that id — what is actually sent — is a `GET`,
/// whatever method the checked document gives it.
pub(crate) fn read_only(id: &str) -> bool {
    passport_paas::operation::find(id).is_some_and(|compiled| compiled.method == "GET")
}

/// What every check reads.
pub(crate) struct Context<'a> {
    pub spec: &'a Spec,
    pub validators: &'a Validators,
    pub client: &'a Client,
    /// Whether state-changing operations may be sent.
    pub writes: bool,
}

/// One compiled validator set: parameters, bodies, responses, components, example holders.
fn validators(spec: &Spec) -> Validators {
    let mut schemas: Vec<&serde_json::Value> = Vec::new();
    for operation in &spec.api.operations {
        schemas.extend(operation.parameters.iter().map(|p| &p.schema));
        schemas.extend(operation.body.iter().map(|b| &b.schema));
        schemas.extend(
            operation
                .responses
                .iter()
                .filter_map(|r| r.content.as_ref())
                .map(|c| &c.schema),
        );
    }
    let components = models::component_refs(spec);
    schemas.extend(components.iter());
    Validators::new(spec.root(), schemas)
}

async fn connect(options: &Options) -> Result<(Client, Option<MockServer>, String, bool), String> {
    let builder = Client::builder();
    match &options.base_url {
        Some(url) => {
            let mut builder = builder.base_url(url);
            if let Some(token) = &options.token {
                builder = builder.bearer_token(token.clone());
            }
            let client = builder.build().map_err(|e| e.to_string())?;
            Ok((
                client,
                None,
                passport_paas::printable(url),
                options.allow_writes,
            ))
        }
        None => {
            // The spec's own examples: their ids refer to each other, so bodies drawn from
            // request examples name items that exist.
            let config = MockConfig {
                tokens: vec![MOCK_TOKEN.into()],
                seed: options.seed,
                require_snapshot: false,
                ..MockConfig::default()
            };
            let mock = MockServer::start(config)
                .await
                .map_err(|e| format!("cannot start the mock: {e}"))?;
            let client = builder
                .base_url(mock.url())
                .bearer_token(MOCK_TOKEN)
                .build()
                .map_err(|e| e.to_string())?;
            let target = format!("the embedded mock ({})", mock.url());
            Ok((client, Some(mock), target, true))
        }
    }
}
