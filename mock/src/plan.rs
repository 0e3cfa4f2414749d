//! What the mock does for each operation: its role from the spec model's resource analysis
//! (`passport_paas_spec::Resources`), its documented success, and the rules of
//! `behaviour.yaml` that refine what a shape cannot say.

use std::collections::BTreeMap;

use passport_paas_spec::{Api, Resolver, Resources, Role, Status, success};
use serde_json::Value;

use crate::behaviour::Rules;

pub(crate) use passport_paas_spec::Collection;

/// One operation's plan.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub kind: Role,
    /// The success status and its response schema (`Null` without a body).
    pub status: u16,
    pub schema: Value,
    /// The first example of the success response.
    pub example: Option<Value>,
    /// Statuses the operation documents.
    pub documented: Vec<Status>,
    pub rules: Rules,
}

/// Plans every operation; also returns the collections they use.
pub(crate) fn plan(
    api: &Api,
    resolver: &Resolver<'_>,
    rules: &BTreeMap<String, Rules>,
) -> (BTreeMap<String, Plan>, BTreeMap<String, Collection>) {
    let resources = Resources::new(api, resolver);
    let plans = api
        .operations
        .iter()
        .map(|operation| {
            let response = success(operation);
            let status = match response.map(|r| r.status) {
                Some(Status::Code(code)) => code,
                _ => 200,
            };
            let content = response.and_then(|r| r.content.as_ref());
            let plan = Plan {
                kind: resources
                    .roles
                    .get(&operation.id)
                    .cloned()
                    .unwrap_or(Role::Other),
                status,
                schema: content.map_or(Value::Null, |c| c.schema.clone()),
                example: content
                    .and_then(|c| c.examples.first())
                    .map(|e| e.value.clone()),
                documented: operation.responses.iter().map(|r| r.status).collect(),
                rules: rules.get(&operation.id).cloned().unwrap_or_default(),
            };
            (operation.id.clone(), plan)
        })
        .collect();
    (plans, resources.collections)
}
