//! `cargo xtask diff`: what a spec change does to existing client users, breaking or additive.
//!
//! Both documents are compared as JSON with local `$ref`s followed. Requests and responses are
//! judged in their own direction: a new enum value is additive in a request and, thanks to the
//! forward-compatible enums, in a response too; a narrowed range breaks requests only; a
//! response field that became optional breaks users because its generated type becomes
//! `Option<T>`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::spec::rules::{operations, resolve};
use crate::spec::source::SourceMap;
use crate::spec::yaml_to_json;

mod parameters;
mod report;
mod schema;

use parameters::required;

pub use report::{render_human, render_json, spec_at_revision};

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
    operations(doc)
        .into_iter()
        .map(|(pointer, path, method, _)| ((path, method.to_owned()), pointer))
        .collect()
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
}

pub(crate) fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "(none)".to_owned(), Value::to_string)
}
