//! Response bodies as progenitor can take them, whatever a valid spec says.
//!
//! progenitor gives an operation one Rust type for all its error responses and stops (panics)
//! when they disagree: two schemas, or a JSON body on some and none or another media type on
//! others. Both are valid OpenAPI, and a spec change that adds, say, a `422` with its own
//! problem schema must not stop the client from building. The client never reads that type:
//! `.call()` builds its `Error` from the bytes the server sent, whatever the status (see the
//! library's `call.rs`). So where an operation's error responses disagree, the prepared
//! document gives them no body, and progenitor's error type for it is `()`.
//!
//! progenitor reads only `application/json` (and `application/json;…`) as JSON; a body under
//! `*/*`, `application/*` or a `…+json` type becomes raw bytes for it. Where a body has no
//! `application/json` entry but one of those, that entry is handed over as `application/json`,
//! so the client types it as the mock and the harness already do. A body that is truly not JSON
//! (`text/plain`, `image/png`) stays raw: `.call()` returns its bytes.
//!
//! progenitor also stops on a JSON media type with no `schema` (valid: an example alone) and on
//! one with an `encoding`; the first gets the empty schema (any JSON), the second loses the
//! `encoding`, which only means something for form bodies.
//!
//! Only the copy handed to progenitor changes; the spec, the mock and the harness keep every
//! documented body. Success responses are left alone: their type is what `.call()` returns, so
//! a disagreement there is reported (`cargo xtask spec`), not hidden.

use serde_json::{Map, Value, json};

use super::super::model::{METHODS, Resolver, reads_as_json};

/// Makes `document`'s responses and request bodies acceptable to progenitor (see the module
/// documentation).
pub fn make_generable(document: &mut Value) {
    for_each_content(document, &mut |content| {
        if content.keys().any(|m| progenitor_reads_json(m)) {
            return;
        }
        let Some(readable) = content.keys().find(|m| reads_as_json(m)).cloned() else {
            return;
        };
        // Rebuilt in order, the JSON-like entry renamed in place.
        *content = std::mem::take(content)
            .into_iter()
            .map(|(media_type, media)| {
                if media_type == readable {
                    ("application/json".to_owned(), media)
                } else {
                    (media_type, media)
                }
            })
            .collect();
    });
    let plan = error_bodies_to_drop(document);
    for (path, method, replacements) in plan {
        let Some(responses) = document
            .get_mut("paths")
            .and_then(|paths| paths.get_mut(&path))
            .and_then(|item| item.get_mut(&method))
            .and_then(|operation| operation.get_mut("responses"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (status, response) in replacements {
            responses.insert(status, response);
        }
    }
    for_each_content(document, &mut |content| {
        for (media_type, media) in content.iter_mut() {
            if !progenitor_reads_json(media_type) {
                continue;
            }
            if let Some(media) = media.as_object_mut() {
                media.entry("schema").or_insert_with(|| json!({}));
                media.remove("encoding");
            }
        }
    });
}

/// The error responses to put in place of one operation's: (path, method, (status, response)).
type Replacement = (String, String, Vec<(String, Value)>);

/// A [`Replacement`] for each operation whose error responses disagree.
fn error_bodies_to_drop(document: &Value) -> Vec<Replacement> {
    let resolver = Resolver::new(document);
    let mut plan = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return plan;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(responses) = item
                .get(*method)
                .and_then(|operation| operation.get("responses"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            // progenitor counts `default` among both the success and the error responses.
            let errors: Vec<(&String, &Value)> = responses
                .iter()
                .filter(|(status, _)| is_error(status) || status.as_str() == "default")
                .map(|(status, response)| (status, resolver.follow_or_null(response)))
                .collect();
            let mut kinds: Vec<String> = errors.iter().map(|(_, r)| body_kind(r)).collect();
            kinds.sort();
            kinds.dedup();
            if kinds.len() <= 1 {
                continue;
            }
            let replacements = errors
                .iter()
                .filter(|(status, _)| is_error(status))
                .map(|(status, response)| ((*status).clone(), without_body(response)))
                .collect();
            plan.push((path.clone(), (*method).to_owned(), replacements));
        }
    }
    plan
}

/// Whether a response key is a 4xx or 5xx status (or range).
fn is_error(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

/// What progenitor makes of a response's body: a type (per schema), raw bytes, or nothing.
fn body_kind(response: &Value) -> String {
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return "none".into();
    };
    match content
        .iter()
        .find(|(media_type, _)| progenitor_reads_json(media_type))
    {
        Some((_, media)) => format!("json {}", media.get("schema").unwrap_or(&Value::Null)),
        None if content.is_empty() => "none".into(),
        None => "raw".into(),
    }
}

/// A response as documented, without its body.
fn without_body(response: &Value) -> Value {
    let mut kept = Map::new();
    let description = response
        .get("description")
        .cloned()
        .unwrap_or_else(|| json!(""));
    kept.insert("description".into(), description);
    if let Some(headers) = response.get("headers") {
        kept.insert("headers".into(), headers.clone());
    }
    Value::Object(kept)
}

/// The media types progenitor decodes as JSON (its own test, byte for byte).
fn progenitor_reads_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.starts_with("application/json;")
}

/// Calls `visit` on every `content` map of a response or request body, in operations and in
/// components.
fn for_each_content(document: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    let mut visit_holder = |holder: &mut Value| {
        if let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) {
            visit(content);
        }
    };
    let Some(root) = document.as_object_mut() else {
        return;
    };
    for (section, value) in root.iter_mut() {
        let Some(value) = value.as_object_mut() else {
            continue;
        };
        match section.as_str() {
            "components" => {
                for (kind, items) in value.iter_mut() {
                    if matches!(kind.as_str(), "responses" | "requestBodies")
                        && let Some(items) = items.as_object_mut()
                    {
                        items.values_mut().for_each(&mut visit_holder);
                    }
                }
            }
            "paths" => {
                for item in value.values_mut().filter_map(Value::as_object_mut) {
                    for (method, operation) in item.iter_mut() {
                        if !METHODS.contains(&method.as_str()) {
                            continue;
                        }
                        if let Some(body) = operation.get_mut("requestBody") {
                            visit_holder(body);
                        }
                        if let Some(responses) = operation
                            .get_mut("responses")
                            .and_then(Value::as_object_mut)
                        {
                            responses.values_mut().for_each(&mut visit_holder);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(responses: Value) -> Value {
        json!({
            "paths": { "/things": { "post": { "operationId": "makeThing", "responses": responses } } },
            "components": {
                "responses": {
                    "Unauthorized": {
                        "description": "no",
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                    }
                },
                "schemas": { "Error": { "type": "object" }, "Problem": { "type": "object" } }
            }
        })
    }

    fn responses(document: &Value) -> &Value {
        &document["paths"]["/things"]["post"]["responses"]
    }

    #[test]
    fn disagreeing_error_bodies_are_dropped_and_success_kept() {
        let mut document = operation(json!({
            "201": { "description": "made", "content": { "application/json": { "schema": { "type": "object" } } } },
            "401": { "$ref": "#/components/responses/Unauthorized" },
            "422": {
                "description": "cannot",
                "headers": { "X-Why": { "schema": { "type": "string" } } },
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
            }
        }));
        make_generable(&mut document);
        let responses = responses(&document);
        assert_eq!(responses["401"], json!({ "description": "no" }));
        assert_eq!(
            responses["422"],
            json!({ "description": "cannot", "headers": { "X-Why": { "schema": { "type": "string" } } } })
        );
        assert!(responses["201"]["content"].is_object(), "{responses}");
        // The shared component keeps its body for the operations that agree.
        assert!(document["components"]["responses"]["Unauthorized"]["content"].is_object());
    }

    #[test]
    fn a_body_on_some_errors_and_none_on_others_disagree() {
        let mut document = operation(json!({
            "204": { "description": "made" },
            "401": { "$ref": "#/components/responses/Unauthorized" },
            "404": { "description": "gone" }
        }));
        make_generable(&mut document);
        assert_eq!(responses(&document)["401"], json!({ "description": "no" }));
    }

    #[test]
    fn agreeing_error_bodies_are_left_as_written() {
        let written = json!({
            "200": { "description": "ok" },
            "401": { "$ref": "#/components/responses/Unauthorized" },
            "500": {
                "description": "broke",
                "content": { "application/json; charset=utf-8": { "schema": { "$ref": "#/components/schemas/Error" } } }
            }
        });
        let mut document = operation(written.clone());
        make_generable(&mut document);
        assert_eq!(responses(&document), &written);
    }

    #[test]
    fn json_under_another_media_type_is_handed_over_as_json() {
        let mut document = operation(json!({
            "200": { "description": "ok", "content": {
                "text/plain": { "schema": { "type": "string" } },
                "*/*": { "schema": { "$ref": "#/components/schemas/Problem" } }
            } },
            "400": { "description": "bad", "content": {
                "application/problem+json": { "schema": { "$ref": "#/components/schemas/Error" } }
            } },
            "404": { "description": "gone", "content": { "image/png": {} } }
        }));
        make_generable(&mut document);
        let responses = responses(&document);
        let media: Vec<&String> = responses["200"]["content"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(media, ["text/plain", "application/json"]);
        assert_eq!(
            responses["200"]["content"]["application/json"]["schema"],
            json!({ "$ref": "#/components/schemas/Problem" })
        );
        // 400 is JSON now, 404 raw: they disagree, so both lose their bodies.
        assert_eq!(responses["400"], json!({ "description": "bad" }));
        assert_eq!(responses["404"], json!({ "description": "gone" }));
    }

    #[test]
    fn a_json_media_type_without_schema_takes_any_json() {
        let mut document = operation(json!({
            "200": { "description": "ok", "content": { "application/json": { "example": { "a": 1 } } } }
        }));
        make_generable(&mut document);
        assert_eq!(
            responses(&document)["200"]["content"]["application/json"]["schema"],
            json!({})
        );
    }
}
