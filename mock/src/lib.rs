//! A spec-driven loopback mock of the Passport Fintech PaaS API.
//!
//! One mock serves the tests, the examples, the CLI's embedded default and `cargo xtask mock`.
//! Everything it does comes from the spec's operation table (through `passport-paas-spec`, the
//! one reader of the spec): every operation is routed; parameters and bodies are validated
//! against their schemas; credentials are checked per operation `security`; list operations
//! page through their collection inside a pinned snapshot; creates, gets, updates and deletes
//! keep state per collection; anything else answers its example. `behaviour.yaml` adds, as
//! data, what the docs demand beyond shapes (issuing tokens, resolving keys, confirming
//! payments). It records what it received and misbehaves on demand.

#![deny(missing_docs)]

mod answer;
mod behaviour;
pub mod behaviour_check;
mod checks;
mod config;
mod create;
mod fault;
mod headers;
mod intake;
mod list;
mod log;
mod media;
mod misbehave;
mod mock_server;
mod plan;
mod refuse;
mod reply;
mod respond;
mod routes;
mod seed;
mod server;
mod shape;
mod startup;
mod stats;
mod store;
mod tokens;
mod update;
mod webhooks;

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use passport_paas_spec::Spec;
use passport_paas_spec::validate::Validators;

pub use behaviour::BEHAVIOUR_YAML;
pub use config::MockConfig;
pub use fault::Fault;
pub use log::{Footprint, LOGGED_BODY_BYTES, RecordedRequest};
pub use mock_server::MockServer;
pub use stats::Stats;
pub use webhooks::{Attempt, RESENDS, WebhookConfig, headers as webhook_headers};

/// The spec the mock serves by default: the one the client is generated from.
pub const SPEC_YAML: &str = include_str!("../passport-paas.yaml");

/// The requests a mock keeps for its caller by default (the most recent ones).
pub const DEFAULT_REQUEST_LOG: usize = 1024;

/// The largest request body the mock reads; a larger one is answered 413.
pub const MAX_REQUEST_BODY: usize = 1 << 20;

/// State shared by the handlers: the crate's hub, so every module reaches it from the root
/// (`startup.rs` builds it).
pub(crate) struct Shared {
    pub config: MockConfig,
    pub spec: Spec,
    pub routes: routes::Routes,
    pub plans: BTreeMap<String, plan::Plan>,
    pub collections: BTreeMap<String, plan::Collection>,
    pub validators: Validators,
    pub store: Mutex<store::Store>,
    pub faults: Mutex<VecDeque<fault::Queued>>,
    pub requests: Mutex<log::RequestLog>,
    pub stats: Stats,
    pub outbox: webhooks::Outbox,
}

/// The collections the spec's list operations page through (component names), to generate.
pub fn list_collections(spec: &Spec) -> Vec<String> {
    let rules = BTreeMap::new();
    let (plans, _) = plan::plan(&spec.api, &spec.resolver(), &rules);
    let mut names: Vec<String> = plans
        .values()
        .filter_map(|p| match &p.kind {
            passport_paas_spec::Role::List { collection } => Some(collection.clone()),
            _ => None,
        })
        .collect();
    names.dedup();
    names
}
