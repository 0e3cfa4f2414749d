//! `cargo xtask diff`: what a spec change does to existing client users, breaking or additive.
//!
//! Both documents are compared as JSON with local `$ref`s followed. Requests and responses are
//! judged in their own direction: a new enum value is additive in a request and, thanks to the
//! forward-compatible enums, in a response too; a narrowed range breaks requests only; a
//! response field that became optional breaks users because its generated type becomes
//! `Option<T>`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::spec::rules::{METHODS, resolve};
use crate::spec::source::{SourceMap, escape};
use crate::spec::yaml_to_json;

/// Whether a change breaks existing client users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Existing code or calls stop working.
    Breaking,
    /// Additive or relaxing.
    NonBreaking,
}

/// One classified change.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// Breaking or not.
    pub impact: Impact,
    /// Where, in words: `GET /v1/x · response 200 · items[].id`.
    pub location: String,
    /// What changed.
    pub message: String,
    /// `file:line` in the new document (or the old one, for removals).
    pub at: String,
}

/// The two documents being compared.
pub struct Sides<'a> {
    /// Label and text of the base.
    pub old: (&'a str, &'a str),
    /// Label and text of the change.
    pub new: (&'a str, &'a str),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

struct Differ {
    old: Value,
    new: Value,
    old_map: SourceMap,
    new_map: SourceMap,
    old_label: String,
    new_label: String,
    changes: Vec<Change>,
}

/// Compares two spec texts. Fails only when either does not parse.
pub fn diff(sides: &Sides<'_>) -> Result<Vec<Change>, String> {
    let parse = |(label, text): (&str, &str)| -> Result<Value, String> {
        let yaml: serde_norway::Value =
            serde_norway::from_str(text).map_err(|e| format!("{label}: not valid yaml: {e}"))?;
        Ok(yaml_to_json(yaml))
    };
    let mut differ = Differ {
        old: parse(sides.old)?,
        new: parse(sides.new)?,
        old_map: SourceMap::index(sides.old.1),
        new_map: SourceMap::index(sides.new.1),
        old_label: sides.old.0.to_owned(),
        new_label: sides.new.0.to_owned(),
        changes: Vec::new(),
    };
    differ.operations();
    differ
        .changes
        .sort_by(|a, b| (a.impact, &a.location).cmp(&(b.impact, &b.location)));
    Ok(differ.changes)
}

fn operation_keys(doc: &Value) -> BTreeMap<(String, String), String> {
    let mut keys = BTreeMap::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            if item.get(*method).is_some() {
                keys.insert(
                    (path.clone(), (*method).to_owned()),
                    format!("/paths/{}/{method}", escape(path)),
                );
            }
        }
    }
    keys
}

impl Differ {
    fn push(
        &mut self,
        impact: Impact,
        location: &str,
        message: String,
        pointer: &str,
        in_new: bool,
    ) {
        let (map, label) = if in_new {
            (&self.new_map, &self.new_label)
        } else {
            (&self.old_map, &self.old_label)
        };
        let line = map.locate(pointer).line;
        self.changes.push(Change {
            impact,
            location: location.to_owned(),
            message,
            at: format!("{label}:{line}"),
        });
    }

    fn operations(&mut self) {
        let old_ops = operation_keys(&self.old);
        let new_ops = operation_keys(&self.new);
        for ((path, method), pointer) in &old_ops {
            let name = format!("{} {path}", method.to_uppercase());
            match new_ops.get(&(path.clone(), method.clone())) {
                None => self.push(
                    Impact::Breaking,
                    &name,
                    "operation removed".into(),
                    pointer,
                    false,
                ),
                Some(new_pointer) => self.operation(&name, pointer, new_pointer),
            }
        }
        for ((path, method), pointer) in &new_ops {
            if !old_ops.contains_key(&(path.clone(), method.clone())) {
                let name = format!("{} {path}", method.to_uppercase());
                self.push(
                    Impact::NonBreaking,
                    &name,
                    "operation added".into(),
                    pointer,
                    true,
                );
            }
        }
    }

    fn operation(&mut self, name: &str, old_pointer: &str, new_pointer: &str) {
        let old_op = self
            .old
            .pointer(old_pointer)
            .cloned()
            .unwrap_or(Value::Null);
        let new_op = self
            .new
            .pointer(new_pointer)
            .cloned()
            .unwrap_or(Value::Null);
        let (old_id, new_id) = (old_op.get("operationId"), new_op.get("operationId"));
        if old_id != new_id {
            self.push(
                Impact::Breaking,
                name,
                format!(
                    "operationId changed from {} to {}: the generated method is renamed",
                    show(old_id),
                    show(new_id)
                ),
                &format!("{new_pointer}/operationId"),
                true,
            );
        }
        self.parameters(name, old_pointer, new_pointer);
        self.request_body(name, &old_op, &new_op, new_pointer);
        self.responses(name, &old_op, &new_op, old_pointer, new_pointer);
    }

    fn parameters(&mut self, name: &str, old_pointer: &str, new_pointer: &str) {
        let old_params = parameters(&self.old, old_pointer);
        let new_params = parameters(&self.new, new_pointer);
        for (key, (old_param, at)) in &old_params {
            let location = format!("{name} · {} parameter `{}`", key.0, key.1);
            match new_params.get(key) {
                None => self.push(
                    Impact::Breaking,
                    &location,
                    "parameter removed".into(),
                    at,
                    false,
                ),
                Some((new_param, new_at)) => {
                    let (was, is) = (required(old_param), required(new_param));
                    if !was && is {
                        self.push(
                            Impact::Breaking,
                            &location,
                            "parameter became required".into(),
                            new_at,
                            true,
                        );
                    } else if was && !is {
                        self.push(
                            Impact::NonBreaking,
                            &location,
                            "parameter became optional".into(),
                            new_at,
                            true,
                        );
                    }
                    let (old_schema, new_schema) = (
                        old_param.get("schema").cloned().unwrap_or(Value::Null),
                        new_param.get("schema").cloned().unwrap_or(Value::Null),
                    );
                    self.schema(
                        &location,
                        &old_schema,
                        &new_schema,
                        &format!("{new_at}/schema"),
                        Direction::Request,
                        0,
                    );
                }
            }
        }
        for (key, (new_param, at)) in &new_params {
            if !old_params.contains_key(key) {
                let location = format!("{name} · {} parameter `{}`", key.0, key.1);
                if required(new_param) {
                    self.push(
                        Impact::Breaking,
                        &location,
                        "required parameter added".into(),
                        at,
                        true,
                    );
                } else {
                    self.push(
                        Impact::NonBreaking,
                        &location,
                        "optional parameter added".into(),
                        at,
                        true,
                    );
                }
            }
        }
    }

    fn request_body(&mut self, name: &str, old_op: &Value, new_op: &Value, new_pointer: &str) {
        let location = format!("{name} · request body");
        let at = format!("{new_pointer}/requestBody");
        let old_body = old_op
            .get("requestBody")
            .and_then(|b| resolve(&self.old, b, ""))
            .map(|(b, _)| b.clone());
        let new_body = new_op
            .get("requestBody")
            .and_then(|b| resolve(&self.new, b, ""))
            .map(|(b, _)| b.clone());
        match (old_body, new_body) {
            (None, Some(body)) if required(&body) => self.push(
                Impact::Breaking,
                &location,
                "required request body added".into(),
                &at,
                true,
            ),
            (None, Some(_)) => self.push(
                Impact::NonBreaking,
                &location,
                "optional request body added".into(),
                &at,
                true,
            ),
            (Some(_), None) => self.push(
                Impact::Breaking,
                &location,
                "request body removed".into(),
                &at,
                true,
            ),
            (Some(old), Some(new)) => {
                let old_schema = old
                    .pointer("/content/application~1json/schema")
                    .cloned()
                    .unwrap_or(Value::Null);
                let new_schema = new
                    .pointer("/content/application~1json/schema")
                    .cloned()
                    .unwrap_or(Value::Null);
                self.schema(
                    &location,
                    &old_schema,
                    &new_schema,
                    &format!("{at}/content/application~1json/schema"),
                    Direction::Request,
                    0,
                );
            }
            (None, None) => {}
        }
    }

    fn responses(
        &mut self,
        name: &str,
        old_op: &Value,
        new_op: &Value,
        old_pointer: &str,
        new_pointer: &str,
    ) {
        let empty = serde_json::Map::new();
        let old_responses = old_op
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty)
            .clone();
        let new_responses = new_op
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty)
            .clone();
        for (status, old_response) in &old_responses {
            let location = format!("{name} · response {status}");
            match new_responses.get(status) {
                None => self.push(
                    Impact::Breaking,
                    &location,
                    "response status removed".into(),
                    &format!("{old_pointer}/responses/{status}"),
                    false,
                ),
                Some(new_response) => {
                    let schema_of = |doc: &Value, response: &Value| {
                        resolve(doc, response, "")
                            .and_then(|(r, _)| {
                                r.pointer("/content/application~1json/schema").cloned()
                            })
                            .unwrap_or(Value::Null)
                    };
                    let (old_schema, new_schema) = (
                        schema_of(&self.old, old_response),
                        schema_of(&self.new, new_response),
                    );
                    let at = format!("{new_pointer}/responses/{status}");
                    self.schema(
                        &location,
                        &old_schema,
                        &new_schema,
                        &at,
                        Direction::Response,
                        0,
                    );
                }
            }
        }
        for status in new_responses
            .keys()
            .filter(|s| !old_responses.contains_key(*s))
        {
            let location = format!("{name} · response {status}");
            self.push(
                Impact::NonBreaking,
                &location,
                "response status added".into(),
                &format!("{new_pointer}/responses/{status}"),
                true,
            );
        }
    }

    fn schema(
        &mut self,
        location: &str,
        old: &Value,
        new: &Value,
        at: &str,
        direction: Direction,
        depth: usize,
    ) {
        if depth > 24 {
            return;
        }
        let (old, _) = flatten(&self.old, old, "");
        let (new, resolved_at) = flatten(&self.new, new, at);
        // Point at the schema's own text (through references), not at where it is used.
        let at = resolved_at.as_str();
        // Equal text with references inside may still differ once they are followed.
        if old == new && !old.to_string().contains("\"$ref\"") {
            return;
        }
        let request = direction == Direction::Request;
        for key in ["type", "format"] {
            if old.get(key) != new.get(key)
                && !(old.get(key).is_none() && key == "format" && new.get(key).is_none())
            {
                self.push(
                    Impact::Breaking,
                    location,
                    format!(
                        "{key} changed from {} to {}",
                        show(old.get(key)),
                        show(new.get(key))
                    ),
                    at,
                    true,
                );
            }
        }
        let (old_null, new_null) = (is_nullable(&old), is_nullable(&new));
        if old_null != new_null {
            let breaking = if request { old_null } else { new_null };
            let impact = if breaking {
                Impact::Breaking
            } else {
                Impact::NonBreaking
            };
            self.push(
                impact,
                location,
                format!("nullable changed from {old_null} to {new_null}"),
                at,
                true,
            );
        }
        let values = |s: &Value| -> BTreeSet<String> {
            s.get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|v| v.to_string())
                .collect()
        };
        let (old_values, new_values) = (values(&old), values(&new));
        if !old_values.is_empty() || !new_values.is_empty() {
            for removed in old_values.difference(&new_values) {
                self.push(
                    Impact::Breaking,
                    location,
                    format!("enum value {removed} removed"),
                    at,
                    true,
                );
            }
            for added in new_values.difference(&old_values) {
                let why = if request {
                    ""
                } else {
                    " (clients keep unknown values)"
                };
                self.push(
                    Impact::NonBreaking,
                    location,
                    format!("enum value {added} added{why}"),
                    at,
                    true,
                );
            }
        }
        for (bound, narrows) in [("minimum", 1.0), ("maximum", -1.0)] {
            let (was, is) = (
                old.get(bound).and_then(Value::as_f64),
                new.get(bound).and_then(Value::as_f64),
            );
            if was == is {
                continue;
            }
            let narrowed = match (was, is) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(w), Some(i)) => (i - w) * narrows > 0.0,
                (None, None) => false,
            };
            let impact = if narrowed && request {
                Impact::Breaking
            } else {
                Impact::NonBreaking
            };
            let verb = if narrowed { "narrowed" } else { "widened" };
            self.push(
                impact,
                location,
                format!(
                    "{bound} {verb}: {} → {}",
                    show(old.get(bound)),
                    show(new.get(bound))
                ),
                at,
                true,
            );
        }
        self.properties(location, &old, &new, at, direction, depth);
        if let (Some(old_items), Some(new_items)) = (old.get("items"), new.get("items")) {
            self.schema(
                &format!("{location}[]"),
                old_items,
                new_items,
                &format!("{at}/items"),
                direction,
                depth + 1,
            );
        }
    }

    fn properties(
        &mut self,
        location: &str,
        old: &Value,
        new: &Value,
        at: &str,
        direction: Direction,
        depth: usize,
    ) {
        let empty = serde_json::Map::new();
        let old_props = old
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let new_props = new
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required_set = |s: &Value| -> BTreeSet<String> {
            s.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let (old_required, new_required) = (required_set(old), required_set(new));
        let request = direction == Direction::Request;
        let separator = if location.ends_with(']')
            || location.contains(" · response")
            || location.contains("request body")
        {
            " · "
        } else {
            "."
        };
        for (name, old_prop) in old_props {
            let field = format!("{location}{separator}{name}");
            let field_at = format!("{at}/properties/{}", escape(name));
            match new_props.get(name) {
                None => self.push(
                    Impact::Breaking,
                    &field,
                    "property removed".into(),
                    at,
                    true,
                ),
                Some(new_prop) => {
                    let (was, is) = (old_required.contains(name), new_required.contains(name));
                    if was && !is {
                        let impact = if request {
                            Impact::NonBreaking
                        } else {
                            Impact::Breaking
                        };
                        let why = if request {
                            ""
                        } else {
                            ": its generated type becomes Option<T>"
                        };
                        self.push(
                            impact,
                            &field,
                            format!("property became optional{why}"),
                            &field_at,
                            true,
                        );
                    } else if !was && is {
                        let why = if request {
                            ""
                        } else {
                            ": its generated type changes from Option<T> to T"
                        };
                        self.push(
                            Impact::Breaking,
                            &field,
                            format!("property became required{why}"),
                            &field_at,
                            true,
                        );
                    }
                    self.schema(&field, old_prop, new_prop, &field_at, direction, depth + 1);
                }
            }
        }
        for name in new_props.keys().filter(|n| !old_props.contains_key(*n)) {
            let field = format!("{location}{separator}{name}");
            let field_at = format!("{at}/properties/{}", escape(name));
            if request && new_required.contains(name) {
                self.push(
                    Impact::Breaking,
                    &field,
                    "required property added".into(),
                    &field_at,
                    true,
                );
            } else {
                self.push(
                    Impact::NonBreaking,
                    &field,
                    "property added".into(),
                    &field_at,
                    true,
                );
            }
        }
    }
}

/// Parameters of an operation (path-level merged under operation-level) by (in, name).
fn parameters(doc: &Value, operation_pointer: &str) -> BTreeMap<(String, String), (Value, String)> {
    let mut found = BTreeMap::new();
    let item_pointer = operation_pointer
        .rsplit_once('/')
        .map(|(p, _)| p)
        .unwrap_or_default();
    for base in [item_pointer, operation_pointer] {
        let list = doc
            .pointer(&format!("{base}/parameters"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (index, parameter) in list.iter().enumerate() {
            let at = format!("{base}/parameters/{index}");
            if let Some((parameter, _)) = resolve(doc, parameter, &at) {
                let key = (
                    show(parameter.get("in")).trim_matches('"').to_owned(),
                    show(parameter.get("name")).trim_matches('"').to_owned(),
                );
                found.insert(key, (parameter.clone(), at));
            }
        }
    }
    found
}

/// A schema with `$ref`s followed and a single-member `allOf` (used to describe a `$ref`) merged,
/// with the pointer of the text it came from.
fn flatten(doc: &Value, schema: &Value, at: &str) -> (Value, String) {
    let (mut current, mut pointer) = resolve(doc, schema, at)
        .map(|(s, p)| (s.clone(), p))
        .unwrap_or((Value::Null, at.to_owned()));
    for _ in 0..8 {
        let single = current
            .get("allOf")
            .and_then(Value::as_array)
            .filter(|list| list.len() == 1)
            .cloned();
        let Some(list) = single else { break };
        let Some((inner, inner_pointer)) = resolve(doc, &list[0], &format!("{pointer}/allOf/0"))
        else {
            break;
        };
        let mut inner = inner.clone();
        if inner_pointer.starts_with("/components") && !pointer.starts_with("/components/schemas") {
            pointer = inner_pointer;
        }
        if let (Value::Object(inner_map), Value::Object(outer)) = (&mut inner, &current) {
            for (key, value) in outer {
                if key != "allOf" {
                    inner_map.insert(key.clone(), value.clone());
                }
            }
        }
        current = inner;
    }
    (current, pointer)
}

fn required(value: &Value) -> bool {
    value.get("required") == Some(&Value::Bool(true))
}

fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "(none)".to_owned(), Value::to_string)
}

/// Grouped text: breaking changes first, each with its location and `file:line`.
pub fn render_human(changes: &[Change]) -> String {
    let mut out = String::new();
    for (impact, title) in [
        (Impact::Breaking, "breaking changes"),
        (Impact::NonBreaking, "non-breaking changes"),
    ] {
        let group: Vec<&Change> = changes.iter().filter(|c| c.impact == impact).collect();
        out.push_str(&format!("{title} ({}):\n", group.len()));
        let mut last_location = "";
        for change in group {
            if change.location != last_location {
                out.push_str(&format!("  {}\n", change.location));
                last_location = &change.location;
            }
            out.push_str(&format!("    - {}  ({})\n", change.message, change.at));
        }
    }
    out
}

/// `{breaking, non_breaking, changes: [...]}`.
pub fn render_json(changes: &[Change]) -> String {
    let breaking = changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .count();
    serde_json::to_string_pretty(&serde_json::json!({
        "breaking": breaking,
        "non_breaking": changes.len() - breaking,
        "changes": changes,
    }))
    .unwrap_or_default()
}

/// The spec's text at a git revision.
pub fn spec_at_revision(
    root: &std::path::Path,
    revision: &str,
    spec_path: &str,
) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{revision}:{spec_path}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git show {revision}:{spec_path} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| "the spec at that revision is not utf-8".into())
}
