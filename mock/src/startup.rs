//! Building a mock's [`Shared`] state from its configuration: the spec read and checked against
//! `behaviour.yaml`, each operation planned, routes and validators built, and the store
//! restored from an exported state or seeded from the spec's examples.

use std::collections::{BTreeMap, VecDeque};
use std::io;
use std::sync::Mutex;

use passport_paas_spec::Spec;
use passport_paas_spec::validate::Validators;

use crate::behaviour::{self, BEHAVIOUR_YAML};
use crate::config::MockConfig;
use crate::log::RequestLog;
use crate::plan::{self, Collection, Plan};
use crate::routes::Routes;
use crate::stats::Stats;
use crate::store::Store;
use crate::webhooks::Outbox;
use crate::{SPEC_YAML, Shared, behaviour_check, seed};

/// An error of the configuration's data (the spec, the behaviour file, the state).
fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Everything the handlers share, for `config`. Fails when the spec, the behaviour file or
/// the state cannot be read.
pub(crate) fn shared(config: MockConfig) -> io::Result<Shared> {
    let spec = Spec::parse(config.spec.as_deref().unwrap_or(SPEC_YAML))
        .map_err(|error| invalid(format!("the spec: {error}")))?;
    if config.spec.is_none()
        && let Some(finding) = behaviour_check::check(&spec, BEHAVIOUR_YAML).first()
    {
        // The file was written for the embedded spec; on another spec (`--spec`) an entry
        // for an operation it lacks simply does not apply.
        return Err(invalid(finding.to_string()));
    }
    let rules = behaviour::parse(BEHAVIOUR_YAML).map_err(invalid)?;
    let (plans, collections) = plan::plan(&spec.api, &spec.resolver(), &rules);
    let routes = Routes::new(&spec.api);
    let validators = validators(&spec, &plans, &collections);
    let store = store(&config, &spec, &plans, &collections)?;
    let log = RequestLog::new(config.request_log);
    let outbox = Outbox::new(config.webhooks.clone(), spec.root());
    Ok(Shared {
        config,
        spec,
        routes,
        plans,
        collections,
        validators,
        store: Mutex::new(store),
        faults: Mutex::new(VecDeque::new()),
        requests: Mutex::new(log),
        stats: Stats::default(),
        outbox,
    })
}

/// The store to start from: the configured state, else the spec's examples (and the
/// configured generated items).
fn store(
    config: &MockConfig,
    spec: &Spec,
    plans: &BTreeMap<String, Plan>,
    collections: &BTreeMap<String, Collection>,
) -> io::Result<Store> {
    if let Some(state) = &config.state {
        return Store::import(state).map_err(|error| invalid(format!("the state: {error}")));
    }
    let mut store = Store::new(config.seed);
    seed::seed(
        spec,
        plans,
        collections,
        &config.generated,
        config.seed,
        &mut store,
    );
    Ok(store)
}

/// One validator set for every schema the mock checks: parameters, bodies, responses, items.
fn validators(
    spec: &Spec,
    plans: &BTreeMap<String, Plan>,
    collections: &BTreeMap<String, Collection>,
) -> Validators {
    let mut schemas: Vec<&serde_json::Value> = Vec::new();
    for operation in &spec.api.operations {
        schemas.extend(operation.parameters.iter().map(|p| &p.schema));
        schemas.extend(operation.body.iter().map(|b| &b.schema));
    }
    schemas.extend(plans.values().map(|p| &p.schema));
    schemas.extend(collections.values().map(|c| &c.schema));
    Validators::new(spec.root(), schemas)
}
