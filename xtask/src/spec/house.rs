//! The house profile: this project's style, on by default for `openapi/passport-paas.yaml`.
//!
//! Every operation documents a 4xx and a 500 with one JSON error schema, operationIds share one
//! shape, operations declare security, servers are https, and what becomes documentation
//! (schemas, properties, parameters, operations, info) is described.

use std::collections::BTreeSet;

use passport_paas_spec::{Operation, Status, escape, essence, is_json_essence};
use serde_json::Value;

use super::walk::{Place, Walk};
use super::{Checker, Profile};

pub(crate) fn check(c: &mut Checker<'_>, walk: &Walk<'_>) {
    if c.profile != Profile::House {
        return;
    }
    let api = c.api;
    for operation in &api.operations {
        responses(c, operation);
        let id = &operation.id;
        let camel = id.starts_with(|ch: char| ch.is_ascii_lowercase())
            && id.chars().all(|ch| ch.is_ascii_alphanumeric());
        if operation.id_declared && !camel {
            let message = format!("operationId {id:?} is not lowerCamelCase like `listTokens`");
            c.report(
                "operation-id-style",
                &format!("{}/operationId", operation.pointer),
                message,
            );
        }
        if operation.summary.is_none() && operation.description.is_none() {
            let message = format!("operation {id} has no summary or description");
            c.report("missing-description", &operation.pointer, message);
        }
    }
    document(c);
    schemas(c, walk);
    unused(c);
}

fn responses(c: &mut Checker<'_>, operation: &Operation) {
    let what = format!("{} {}", operation.method.to_uppercase(), operation.path);
    let at = format!("{}/responses", operation.pointer);
    let has = |test: &dyn Fn(Status) -> bool| operation.responses.iter().any(|r| test(r.status));
    if !has(&|s| matches!(s, Status::Code(400..=499) | Status::Range(4))) {
        c.report(
            "operation-4xx-response",
            &at,
            format!("{what} documents no 4xx response"),
        );
    }
    if !has(&|s| matches!(s, Status::Code(500) | Status::Range(5))) {
        c.report(
            "operation-500-response",
            &at,
            format!("{what} documents no 500 response"),
        );
    }
    let mut first_error: Option<(Status, String)> = None;
    for response in &operation.responses {
        let is_error = matches!(
            response.status,
            Status::Code(400..) | Status::Range(4..) | Status::Default
        );
        let json = response.content.as_ref().filter(|content| {
            is_json_essence(&essence(&content.media_type)) && !content.schema.is_null()
        });
        let Some(content) = json else {
            // A success may be text or bytes; JSON without a schema is never enough.
            let untyped_json = response.content.as_ref().is_some_and(|c| c.is_json());
            if is_error || untyped_json {
                let message = format!("{what} response {} has no JSON schema", response.status);
                c.report("response-json-schema", &response.pointer, message);
            }
            continue;
        };
        if !is_error {
            continue;
        }
        // The schema's identity: where its reference chain ends, or its own text.
        let schema_at = format!("{}/schema", content.pointer);
        let identity = match c.resolver.follow_at(&content.schema, &schema_at) {
            Ok((_, target)) if target != schema_at => target,
            _ => content.schema.to_string(),
        };
        match &first_error {
            None => first_error = Some((response.status, identity)),
            Some((status, first)) if *first != identity => {
                let message = format!(
                    "{what} response {} uses another error schema than {status}",
                    response.status
                );
                c.report("single-error-schema", &response.pointer, message);
            }
            Some(_) => {}
        }
    }
}

/// Document-wide house rules: security, servers, paths, tags and info.
fn document(c: &mut Checker<'_>) {
    security_declared(c);
    servers_https(c);
    paths_without_trailing_slash(c);
    tags_defined(c);
    info_complete(c);
}

/// Every operation declares security, unless the document does.
fn security_declared(c: &mut Checker<'_>) {
    let doc = c.doc;
    if doc.get("security").is_none() {
        for operation in &c.api.operations {
            if doc
                .pointer(&operation.pointer)
                .is_some_and(|o| o.get("security").is_none())
            {
                let message = format!(
                    "operation {} declares no security, and there is no top-level `security`",
                    operation.id
                );
                c.report("security-declared", &operation.pointer, message);
            }
        }
    }
}

/// Servers are listed, use https and end without a slash.
fn servers_https(c: &mut Checker<'_>) {
    let doc = c.doc;
    let servers = doc
        .get("servers")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    if servers.is_empty() {
        c.report("server-https", "", "no `servers` are listed");
    }
    for (index, server) in servers.iter().enumerate() {
        let url = expand(server);
        let at = format!("/servers/{index}/url");
        if !url.starts_with("https://") {
            c.report(
                "server-https",
                &at,
                format!("server url {url:?} does not use https"),
            );
        } else if url.ends_with('/') {
            c.report(
                "server-https",
                &at,
                format!("server url {url:?} ends with a slash"),
            );
        }
    }
}

/// No path ends with a slash.
fn paths_without_trailing_slash(c: &mut Checker<'_>) {
    let doc = c.doc;
    for path in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(p, _)| p)
    {
        if path.len() > 1 && path.ends_with('/') {
            c.report(
                "path-trailing-slash",
                &format!("/paths/{}", escape(path)),
                format!("path {path:?} ends with a slash"),
            );
        }
    }
}

/// Every tag an operation names is defined in the top-level `tags`.
fn tags_defined(c: &mut Checker<'_>) {
    let doc = c.doc;
    let defined: BTreeSet<&str> = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|tag| tag.get("name").and_then(Value::as_str))
        .collect();
    for operation in &c.api.operations {
        for (index, tag) in operation.tags.iter().enumerate() {
            if !defined.contains(tag.as_str()) {
                let message = format!("tag {tag:?} is not defined in the top-level `tags`");
                c.report(
                    "operation-tag-defined",
                    &format!("{}/tags/{index}", operation.pointer),
                    message,
                );
            }
        }
    }
}

/// `info` has a contact and a license.
fn info_complete(c: &mut Checker<'_>) {
    let doc = c.doc;
    if doc.pointer("/info/contact").is_none() {
        c.report("info-contact", "/info", "`info.contact` is missing");
    }
    if doc.pointer("/info/license").is_none() {
        c.report("info-license", "/info", "`info.license` is missing");
    }
}

/// A server url with each `{variable}` replaced by its default.
fn expand(server: &Value) -> String {
    let mut url = server
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    for (name, variable) in server
        .get("variables")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(default) = variable.get("default").and_then(Value::as_str) {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    url
}

fn schemas(c: &mut Checker<'_>, walk: &Walk<'_>) {
    for node in &walk.schemas {
        let schema = node.value;
        if schema.get("enum").is_some() && schema.get("type").is_none() {
            c.report(
                "enum-type",
                &format!("{}/enum", node.pointer),
                "the enum has no `type`",
            );
        }
        if schema.get("type").and_then(Value::as_str) == Some("integer")
            && schema.get("format").is_none()
        {
            c.report(
                "integer-format",
                &node.pointer,
                "integer without `format`: int32 or int64",
            );
        }
        let described = schema
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.trim().is_empty());
        if !described && matches!(node.place, Place::Component | Place::Property) {
            let what = if node.place == Place::Component {
                "schema"
            } else {
                "property"
            };
            let name = node.pointer.rsplit('/').next().unwrap_or_default();
            c.report(
                "missing-description",
                &node.pointer,
                format!("{what} {name} has no description"),
            );
        }
    }
    let doc = c.doc;
    let mut parameters: Vec<String> = doc
        .pointer("/components/parameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, _)| format!("/components/parameters/{}", escape(name)))
        .collect();
    for operation in &c.api.operations {
        parameters.extend(operation.parameters.iter().map(|p| p.pointer.clone()));
    }
    for pointer in parameters {
        let Some(parameter) = doc.pointer(&pointer) else {
            continue;
        };
        if parameter.get("$ref").is_some() {
            continue;
        }
        if parameter
            .get("description")
            .and_then(Value::as_str)
            .is_none_or(|d| d.trim().is_empty())
        {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            c.report(
                "missing-description",
                &pointer,
                format!("parameter {name:?} has no description"),
            );
        }
    }
}

fn unused(c: &mut Checker<'_>) {
    let doc = c.doc;
    let mut referenced = BTreeSet::new();
    references(doc, &mut referenced);
    for kind in [
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "examples",
    ] {
        for name in doc
            .pointer(&format!("/components/{kind}"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(n, _)| n)
        {
            let pointer = format!("/components/{kind}/{}", escape(name));
            if !referenced.contains(format!("#{pointer}").as_str()) {
                c.report(
                    "unused-component",
                    &pointer,
                    format!("components.{kind}.{name} is never referenced"),
                );
            }
        }
    }
    let mut required = BTreeSet::new();
    let mut lists = vec![doc.get("security")];
    for operation in &c.api.operations {
        lists.push(
            doc.pointer(&operation.pointer)
                .and_then(|o| o.get("security")),
        );
    }
    for requirement in lists
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
    {
        required.extend(
            requirement
                .as_object()
                .into_iter()
                .flatten()
                .map(|(n, _)| n.as_str()),
        );
    }
    for name in doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(n, _)| n)
    {
        if !required.contains(name.as_str()) {
            let pointer = format!("/components/securitySchemes/{}", escape(name));
            c.report(
                "unused-component",
                &pointer,
                format!("security scheme {name:?} is never required"),
            );
        }
    }
}

fn references<'a>(value: &'a Value, into: &mut BTreeSet<&'a str>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                into.insert(reference);
            }
            object.values().for_each(|child| references(child, into));
        }
        Value::Array(items) => items.iter().for_each(|child| references(child, into)),
        _ => {}
    }
}
