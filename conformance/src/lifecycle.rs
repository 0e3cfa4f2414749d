//! `lifecycle`: every collection the spec lets a client create (or list), get and delete is
//! walked through its life: create (or take a listed item) → get → delete → get again and
//! delete again (each must be a 4xx the operation documents). Derived from the
//! spec model's resource analysis, so a new resource is walked with no edit here.

use passport_paas::dynamic::{Input, Outcome, call};
use passport_paas_spec::instances::{Deviations, Generator};
use passport_paas_spec::{Operation, Resources, Role};
use serde_json::Value;

use crate::Context;
use crate::report::Tally;

/// The operations that make up one collection's life.
struct Life<'a> {
    collection: String,
    id_property: String,
    param: String,
    create: Option<&'a Operation>,
    list: Option<&'a Operation>,
    get: &'a Operation,
    delete: &'a Operation,
}

fn lives<'a>(context: &Context<'a>) -> Vec<Life<'a>> {
    let spec = context.spec;
    let resources = Resources::new(&spec.api, &spec.resolver());
    let by_role = |wanted: &dyn Fn(&Role) -> bool| -> Option<&'a Operation> {
        resources
            .roles
            .iter()
            .find(|(_, role)| wanted(role))
            .and_then(|(id, _)| spec.api.operation(id))
    };
    let mut found = Vec::new();
    for (name, collection) in &resources.collections {
        let get = by_role(&|r| matches!(r, Role::Get { collection: c, .. } if c == name));
        let delete = by_role(&|r| matches!(r, Role::Delete { collection: c, .. } if c == name));
        let (Some(get), Some(delete), Some(param)) = (get, delete, collection.id_param.clone())
        else {
            continue;
        };
        found.push(Life {
            collection: name.clone(),
            id_property: collection.id_property.clone(),
            param,
            create: by_role(
                &|r| matches!(r, Role::Create { collection: c, parent: None } if c == name),
            ),
            list: by_role(&|r| matches!(r, Role::List { collection: c } if c == name)),
            get,
            delete,
        });
    }
    found
}

fn body_for(context: &Context<'_>, operation: &Operation, seed: u64) -> Option<Value> {
    let body = operation.body.as_ref()?;
    Some(
        body.examples
            .first()
            .map(|e| e.value.clone())
            .unwrap_or_else(|| {
                Generator::new(context.spec.root(), seed, Deviations::default())
                    .complete()
                    .instance(&body.schema)
            }),
    )
}

/// The input of a get or delete of item `id`: the path parameter, and (when the operation
/// takes a body naming the item too, as revoke does) the body.
fn item_input(
    context: &Context<'_>,
    operation: &Operation,
    param: &str,
    id: &str,
    seed: u64,
) -> Input {
    let mut input = Input::new().with_parameter(param, id);
    if let Some(mut body) = body_for(context, operation, seed) {
        if let Some(object) = body.as_object_mut()
            && object.contains_key(param)
        {
            object.insert(param.to_owned(), Value::String(id.to_owned()));
        }
        input = input.with_body(body);
    }
    input
}

fn status(outcome: &Outcome) -> Option<u16> {
    outcome.exchange.status.map(|s| s.as_u16())
}

/// The status is a 4xx the operation documents.
fn refused(operation: &Operation, status: Option<u16>) -> Result<(), String> {
    match status {
        Some(code)
            if (400..500).contains(&code)
                && operation
                    .responses
                    .iter()
                    .any(|r| r.status.matches(code) && !r.status.is_success()) =>
        {
            Ok(())
        }
        other => Err(format!("expected a documented 4xx, got {other:?}")),
    }
}

pub(crate) async fn check(context: &Context<'_>, seed: u64) -> Tally {
    let mut tally = Tally::new("lifecycle");
    for life in lives(context) {
        match walk(context, &life, seed).await {
            Ok(steps) => (0..steps).for_each(|_| tally.pass()),
            Err((step, problem)) => tally.fail(format!("{}: {step}", life.collection), problem),
        }
    }
    tally
}

async fn walk(
    context: &Context<'_>,
    life: &Life<'_>,
    seed: u64,
) -> Result<usize, (String, String)> {
    let id = match (life.create, life.list) {
        (Some(create), _) => {
            let mut input = Input::new();
            if let Some(body) = body_for(context, create, seed) {
                input = input.with_body(body);
            }
            let outcome = call(context.client, &create.id, &input).await;
            let created = outcome
                .result
                .map_err(|e| (format!("{} (create)", create.id), e.to_string()))?;
            created
                .get(&life.id_property)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| {
                    (
                        create.id.clone(),
                        format!("the created item has no {}", life.id_property),
                    )
                })?
        }
        (None, Some(list)) => {
            let outcome = call(context.client, &list.id, &Input::new()).await;
            let page = outcome
                .result
                .map_err(|e| (list.id.clone(), e.to_string()))?;
            let Some(pagination) = &list.pagination else {
                return Ok(0);
            };
            match page
                .get(&pagination.items_property)
                .and_then(Value::as_array)
                .and_then(|items| items.first())
                .and_then(|item| item.get(&life.id_property))
                .and_then(Value::as_str)
            {
                Some(id) => id.to_owned(),
                // Nothing to walk: an empty collection is not a failure.
                None => return Ok(0),
            }
        }
        (None, None) => return Ok(0),
    };
    let get = item_input(context, life.get, &life.param, &id, seed);
    let delete = item_input(context, life.delete, &life.param, &id, seed);
    let step = |name: &str, op: &Operation| format!("{name} {id} ({})", op.id);
    let fetched = call(context.client, &life.get.id, &get).await;
    if let Err(error) = fetched.result {
        return Err((step("get", life.get), error.to_string()));
    }
    let deleted = call(context.client, &life.delete.id, &delete).await;
    if let Err(error) = deleted.result {
        return Err((step("delete", life.delete), error.to_string()));
    }
    let gone = call(context.client, &life.get.id, &get).await;
    refused(life.get, status(&gone))
        .map_err(|problem| (step("get after delete", life.get), problem))?;
    let again = call(context.client, &life.delete.id, &delete).await;
    refused(life.delete, status(&again))
        .map_err(|problem| (step("delete again", life.delete), problem))?;
    Ok(4)
}
