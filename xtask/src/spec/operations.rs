//! Operation rules on the spec model's operation table: operationIds (present, unique, and
//! distinct generated method names), parameters (declared once, matching the path template,
//! distinct builder setters), security requirements that name defined schemes, and a success
//! response.

use std::collections::{BTreeMap, BTreeSet};

use passport_paas_spec::{Location, Status, escape};
use serde_json::Value;

use super::Checker;

/// Methods progenitor's `Client` has besides the operations.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "new_with_client",
    "baseurl",
    "client",
    "api_version",
    "inner",
];

pub(crate) fn check(c: &mut Checker<'_>) {
    operation_ids(c);
    parameters(c);
    duplicate_parameters(c);
    security(c);
    success(c);
}

fn operation_ids(c: &mut Checker<'_>) {
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut rust_names: BTreeMap<&str, &str> = BTreeMap::new();
    let api = c.api;
    for operation in &api.operations {
        let what = format!("{} {}", operation.method.to_uppercase(), operation.path);
        if !operation.id_declared {
            c.report(
                "operation-id-missing",
                &operation.pointer,
                format!("{what} has no operationId"),
            );
            continue;
        }
        let at = format!("{}/operationId", operation.pointer);
        let id = operation.id.as_str();
        if let Some(first) = ids.insert(id, what.clone()) {
            c.report(
                "operation-id-unique",
                &at,
                format!("operationId {id:?} is also used by {first}"),
            );
            continue;
        }
        if !id.chars().any(char::is_alphanumeric) {
            let message = format!(
                "operationId {id:?} has no letter or digit: progenitor would name its method `{}`",
                operation.rust_name
            );
            c.report("operation-id-rust-name", &at, message);
        } else if let Some(other) = rust_names.insert(&operation.rust_name, id) {
            let message = format!(
                "operationIds {other:?} and {id:?} both become the method `{}`",
                operation.rust_name
            );
            c.report("operation-id-rust-name", &at, message);
        } else if CLIENT_METHODS.contains(&operation.rust_name.as_str()) {
            let message = format!(
                "operationId {id:?} becomes `{}`, which the generated Client already defines",
                operation.rust_name
            );
            c.report("operation-id-rust-name", &at, message);
        }
    }
}

/// Path template parameters are declared `in: path`, and no others; setters are distinct.
fn parameters(c: &mut Checker<'_>) {
    let api = c.api;
    for operation in &api.operations {
        let template: BTreeSet<&str> = operation
            .path
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect();
        let declared: BTreeSet<&str> = operation
            .parameters
            .iter()
            .filter(|p| p.location == Location::Path)
            .map(|p| p.name.as_str())
            .collect();
        for name in template.difference(&declared) {
            let message = format!(
                "path template parameter {{{name}}} is not declared as an `in: path` parameter"
            );
            c.report("path-params-match", &operation.pointer, message);
        }
        for parameter in &operation.parameters {
            if parameter.location == Location::Path && !template.contains(parameter.name.as_str()) {
                let message = format!(
                    "path parameter {:?} does not appear in the path {}",
                    parameter.name, operation.path
                );
                c.report("path-params-match", &parameter.pointer, message);
            }
        }
        let mut setters: BTreeMap<&str, String> = BTreeMap::new();
        if operation.body.is_some() {
            setters.insert("body", "the request body".into());
        }
        for parameter in &operation.parameters {
            let what = format!(
                "{} parameter {:?}",
                parameter.location.as_str(),
                parameter.name
            );
            if let Some(other) = setters.insert(&parameter.rust_name, what) {
                let message = format!(
                    "{} parameter {:?} and {other} both become the builder setter `{}`",
                    parameter.location.as_str(),
                    parameter.name,
                    parameter.rust_name
                );
                c.report("parameter-rust-name", &parameter.pointer, message);
            }
        }
    }
}

/// A parameter listed twice (same name and location) in one `parameters` list.
fn duplicate_parameters(c: &mut Checker<'_>) {
    let doc = c.doc;
    let mut lists: Vec<(String, &Value)> = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let item_at = format!("/paths/{}", escape(path));
        lists.push((format!("{item_at}/parameters"), item));
        for method in passport_paas_spec::METHODS {
            if let Some(operation) = item.get(*method) {
                lists.push((format!("{item_at}/{method}/parameters"), operation));
            }
        }
    }
    for (at, holder) in lists {
        let mut seen = BTreeSet::new();
        for (index, parameter) in holder
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let Ok(parameter) = c.resolver.follow(parameter) else {
                continue;
            };
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let place = parameter
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !seen.insert((name, place)) {
                let message = format!("parameter {name:?} in {place} is declared twice");
                c.report("duplicate-parameter", &format!("{at}/{index}"), message);
            }
        }
    }
}

/// Every scheme a requirement names is defined.
fn security(c: &mut Checker<'_>) {
    let doc = c.doc;
    let schemes = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    let mut lists = vec![("/security".to_owned(), doc.get("security"))];
    for operation in &c.api.operations {
        let value = doc
            .pointer(&operation.pointer)
            .and_then(|o| o.get("security"));
        lists.push((format!("{}/security", operation.pointer), value));
    }
    for (at, list) in lists {
        for (index, requirement) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            for name in requirement
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, _)| name)
            {
                if !schemes.is_some_and(|s| s.contains_key(name)) {
                    let message = format!(
                        "security scheme {name:?} is not defined in components.securitySchemes"
                    );
                    c.report(
                        "security-defined",
                        &format!("{at}/{index}/{}", escape(name)),
                        message,
                    );
                }
            }
        }
    }
}

/// An operation documents some response that is not an error (`101`, `2XX`, `default`, …).
fn success(c: &mut Checker<'_>) {
    let api = c.api;
    for operation in &api.operations {
        if operation.responses.is_empty() {
            continue;
        }
        let succeeds = operation.responses.iter().any(|r| match r.status {
            Status::Code(code) => code < 400,
            Status::Range(hundreds) => hundreds < 4,
            Status::Default => true,
        });
        if !succeeds {
            let message = format!(
                "{} {} documents only error responses",
                operation.method.to_uppercase(),
                operation.path
            );
            c.report(
                "operation-success-response",
                &format!("{}/responses", operation.pointer),
                message,
            );
        }
    }
}
