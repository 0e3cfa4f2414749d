//! Document-level rules: security, servers, responses and their schemas, unused components,
//! tags and info.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Checker;
use super::rules::{operations, resolve};
use super::source::escape;

pub(crate) fn check(c: &mut Checker<'_>) {
    security(c);
    servers(c);
    responses(c);
    unused_components(c);
    tags_and_info(c);
}

fn security(c: &mut Checker<'_>) {
    let schemes: BTreeSet<String> = c
        .doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    let global = c.doc.get("security");
    if global.is_none()
        && operations(c.doc)
            .iter()
            .any(|(_, _, _, op)| op.get("security").is_none())
    {
        c.report(
            "security-defined",
            "",
            "no top-level `security`, and some operations declare none",
        );
    }
    let mut lists = vec![("/security".to_owned(), global.cloned())];
    for (pointer, _, _, operation) in operations(c.doc) {
        lists.push((
            format!("{pointer}/security"),
            operation.get("security").cloned(),
        ));
    }
    for (pointer, list) in lists {
        for (index, requirement) in list
            .as_ref()
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
                if !schemes.contains(name) {
                    c.report(
                        "security-defined",
                        &format!("{pointer}/{index}/{}", escape(name)),
                        format!(
                            "security scheme {name:?} is not defined in components.securitySchemes"
                        ),
                    );
                }
            }
        }
    }
}

fn servers(c: &mut Checker<'_>) {
    let servers = c
        .doc
        .get("servers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if servers.is_empty() {
        c.report("server-https", "", "no `servers` are listed");
    }
    for (index, server) in servers.iter().enumerate() {
        let url = server
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let at = format!("/servers/{index}/url");
        if !url.starts_with("https://") {
            c.report(
                "server-https",
                &at,
                format!("server url {url:?} does not use https"),
            );
        } else if url.ends_with('/') {
            c.report("server-https", &at, format!("server url {url:?} ends with a slash; the generated client would request `//v1/...`"));
        }
    }
    for path in c
        .doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(p, _)| p.clone())
        .collect::<Vec<_>>()
    {
        if path.len() > 1 && path.ends_with('/') {
            c.report(
                "path-trailing-slash",
                &format!("/paths/{}", escape(&path)),
                format!("path {path:?} ends with a slash"),
            );
        }
    }
}

fn responses(c: &mut Checker<'_>) {
    for (pointer, path, method, operation) in operations(c.doc) {
        let what = format!("{} {path}", method.to_uppercase());
        let responses = operation
            .get("responses")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let statuses: Vec<&String> = responses.keys().collect();
        let at = format!("{pointer}/responses");
        if !statuses.iter().any(|s| s.starts_with('2')) {
            c.report(
                "operation-success-response",
                &at,
                format!("{what} documents no 2xx response"),
            );
        }
        if !statuses.iter().any(|s| s.starts_with('4')) {
            c.report(
                "operation-4xx-response",
                &at,
                format!("{what} documents no 4xx response"),
            );
        }
        if !statuses.iter().any(|s| *s == "500" || *s == "5XX") {
            c.report(
                "operation-500-response",
                &at,
                format!("{what} documents no 500 response"),
            );
        }
        let mut error_schemas: Vec<(String, Value)> = Vec::new();
        for (status, response) in &responses {
            let status_at = format!("{at}/{}", escape(status));
            let Some((response, _)) = resolve(c.doc, response, &status_at) else {
                continue;
            };
            let schema = response.pointer("/content/application~1json/schema");
            let has_content = response
                .get("content")
                .and_then(Value::as_object)
                .is_some_and(|m| !m.is_empty());
            let is_error = !status.starts_with('2');
            if schema.is_none() && (is_error || has_content) {
                c.report(
                    "response-json-schema",
                    &status_at,
                    format!("{what} response {status} has no application/json schema"),
                );
            }
            if let (true, Some(schema)) = (is_error, schema) {
                error_schemas.push((status.clone(), schema.clone()));
            }
        }
        if let Some((first_status, first)) = error_schemas.first() {
            for (status, schema) in &error_schemas[1..] {
                if schema != first {
                    c.report(
                        "single-error-schema",
                        &format!("{at}/{status}"),
                        format!(
                            "{what} response {status} uses another error schema than {first_status}"
                        ),
                    );
                }
            }
        }
    }
}

fn unused_components(c: &mut Checker<'_>) {
    let mut referenced = BTreeSet::new();
    collect_refs(c.doc, &mut referenced);
    for kind in [
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "examples",
    ] {
        for name in c
            .doc
            .pointer(&format!("/components/{kind}"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>()
        {
            let pointer = format!("/components/{kind}/{}", escape(&name));
            if !referenced.contains(&format!("#{pointer}")) {
                c.report(
                    "unused-component",
                    &pointer,
                    format!("components.{kind}.{name} is never referenced"),
                );
            }
        }
    }
    let mut used_schemes = BTreeSet::new();
    let mut requirement_lists = vec![c.doc.get("security").cloned()];
    requirement_lists.extend(
        operations(c.doc)
            .into_iter()
            .map(|(_, _, _, op)| op.get("security").cloned()),
    );
    for requirement in requirement_lists
        .iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
    {
        used_schemes.extend(
            requirement
                .as_object()
                .into_iter()
                .flatten()
                .map(|(n, _)| n.clone()),
        );
    }
    for name in c
        .doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(n, _)| n.clone())
        .collect::<Vec<_>>()
    {
        if !used_schemes.contains(&name) {
            c.report(
                "unused-component",
                &format!("/components/securitySchemes/{}", escape(&name)),
                format!("security scheme {name:?} is never required"),
            );
        }
    }
}

fn collect_refs(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                into.insert(reference.clone());
            }
            object.values().for_each(|child| collect_refs(child, into));
        }
        Value::Array(items) => items.iter().for_each(|child| collect_refs(child, into)),
        _ => {}
    }
}

fn tags_and_info(c: &mut Checker<'_>) {
    let defined: BTreeSet<String> = c
        .doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|tag| tag.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect();
    for (pointer, _, _, operation) in operations(c.doc) {
        for (index, tag) in operation
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let tag = tag.as_str().unwrap_or_default();
            if !defined.contains(tag) {
                c.report(
                    "operation-tag-defined",
                    &format!("{pointer}/tags/{index}"),
                    format!("tag {tag:?} is not defined in the top-level `tags`"),
                );
            }
        }
    }
    if c.doc.pointer("/info/contact").is_none() {
        c.report("info-contact", "/info", "`info.contact` is missing");
    }
    if c.doc.pointer("/info/license").is_none() {
        c.report("info-license", "/info", "`info.license` is missing");
    }
}
