//! Document-level rules: references, operations and their ids, parameters, security, servers,
//! responses, components, tags and info.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Checker;
use super::source::escape;

/// HTTP methods an OpenAPI path item may hold.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation: (pointer, path, method, operation).
pub(crate) fn operations(doc: &Value) -> Vec<(String, String, &'static str, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                found.push((
                    format!("/paths/{}/{method}", escape(path)),
                    path.clone(),
                    *method,
                    operation,
                ));
            }
        }
    }
    found
}

/// Follows a local `$ref` (repeatedly); returns the target and its pointer.
pub(crate) fn resolve<'a>(
    doc: &'a Value,
    value: &'a Value,
    pointer: &str,
) -> Option<(&'a Value, String)> {
    let mut current = (value, pointer.to_owned());
    for _ in 0..32 {
        match current.0.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = reference.strip_prefix('#')?;
                current = (doc.pointer(target)?, target.to_owned());
            }
            None => return Some(current),
        }
    }
    None
}

pub(crate) fn check(c: &mut Checker<'_>) {
    references(c, c.doc, String::new());
    operation_ids(c);
    parameters(c);
    security(c);
    servers(c);
    responses(c);
    unused_components(c);
    tags_and_info(c);
}

fn references(c: &mut Checker<'_>, value: &Value, pointer: String) {
    match value {
        Value::Object(object) => {
            if let Some(reference) = object.get("$ref") {
                let target = reference.as_str().unwrap_or_default();
                let at = format!("{pointer}/$ref");
                if !target.starts_with("#/") {
                    c.report("unresolved-ref", &at, format!("$ref {target:?} is not a local reference (`#/...`); external files are not supported"));
                } else if c.doc.pointer(&target[1..]).is_none() {
                    c.report(
                        "unresolved-ref",
                        &at,
                        format!("$ref {target:?} does not resolve"),
                    );
                }
            }
            for (key, child) in object {
                references(c, child, format!("{pointer}/{}", escape(key)));
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                references(c, child, format!("{pointer}/{index}"));
            }
        }
        _ => {}
    }
}

fn operation_ids(c: &mut Checker<'_>) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_snake: BTreeMap<String, String> = BTreeMap::new();
    for (pointer, path, method, operation) in operations(c.doc) {
        let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
            c.report(
                "operation-id-missing",
                &pointer,
                format!("{} {path} has no operationId", method.to_uppercase()),
            );
            continue;
        };
        let at = format!("{pointer}/operationId");
        if let Some(first) = seen.insert(id.to_owned(), format!("{} {path}", method.to_uppercase()))
        {
            c.report(
                "operation-id-unique",
                &at,
                format!("operationId {id:?} is also used by {first}"),
            );
            continue;
        }
        let snake = heck::ToSnakeCase::to_snake_case(id);
        let clean = !snake.is_empty()
            && id
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
            && !snake.starts_with(|ch: char| ch.is_ascii_digit())
            && syn::parse_str::<syn::Ident>(&snake).is_ok();
        if !clean {
            c.report(
                "operation-id-snake-case",
                &at,
                format!(
                    "operationId {id:?} does not snake-case to a rust identifier (got {snake:?})"
                ),
            );
        } else if let Some(other) = seen_snake.insert(snake.clone(), id.to_owned()) {
            c.report(
                "operation-id-snake-case",
                &at,
                format!("operationId {id:?} and {other:?} both become `{snake}`"),
            );
        }
    }
}

fn parameters(c: &mut Checker<'_>) {
    for (pointer, path, _, operation) in operations(c.doc) {
        let path_pointer = pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        let item = c.doc.pointer(&path_pointer).cloned().unwrap_or(Value::Null);
        let mut declared: BTreeMap<(String, String), String> = BTreeMap::new();
        for (base, list) in [
            (path_pointer.clone(), item.get("parameters")),
            (pointer.clone(), operation.get("parameters")),
        ] {
            let is_operation = base == pointer;
            let mut local = BTreeSet::new();
            for (index, parameter) in list
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let at = format!("{base}/parameters/{index}");
                let Some((parameter, _)) = resolve(c.doc, parameter, &at) else {
                    continue;
                };
                let name = parameter
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let location = parameter
                    .get("in")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                if !local.insert((name.clone(), location.clone())) {
                    c.report(
                        "duplicate-parameter",
                        &at,
                        format!("parameter {name:?} in {location} is declared twice"),
                    );
                }
                if location == "path" && parameter.get("required") != Some(&Value::Bool(true)) {
                    c.report(
                        "path-params-match",
                        &at,
                        format!("path parameter {name:?} must be `required: true`"),
                    );
                }
                // Operation-level parameters override path-level ones of the same name and place.
                if is_operation || !declared.contains_key(&(name.clone(), location.clone())) {
                    declared.insert((name, location), at);
                }
            }
        }
        let template: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        for name in &template {
            if !declared.contains_key(&(name.clone(), "path".to_owned())) {
                c.report("path-params-match", &pointer, format!("path template parameter {{{name}}} is not declared as an `in: path` parameter"));
            }
        }
        for ((name, location), at) in &declared {
            if location == "path" && !template.contains(name) {
                c.report(
                    "path-params-match",
                    at,
                    format!("path parameter {name:?} does not appear in the path {path}"),
                );
            }
        }
    }
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
