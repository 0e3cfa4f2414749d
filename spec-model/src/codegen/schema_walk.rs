//! The walk over the document progenitor reads: every schema position that is a lenient leaf
//! (`int64`, `date-time`, `password`) or an enum is replaced by a reference to its component,
//! inline enums being hoisted into `components.schemas` under the name typify would give them.

use serde_json::{Map, Value, json};

use super::super::model::{Case, METHODS, sanitize};
use super::kinds::enum_values;

/// The reserved component a schema is an instance of, if any.
pub(super) fn leaf_of(schema: &Value) -> Option<&'static str> {
    if schema.get("$ref").is_some() || schema.get("enum").is_some() {
        return None;
    }
    let kind = schema.get("type").and_then(Value::as_str)?;
    let format = schema.get("format").and_then(Value::as_str)?;
    match (kind, format) {
        ("integer", "int64") => Some("PaasLenientInt64"),
        ("string", "date-time") => Some("PaasLenientTimestamp"),
        ("string", "password") => Some("PaasSecret"),
        _ => None,
    }
}

/// Walks schema positions, replacing leaves and enums by references and collecting the enums
/// it hoists.
pub(super) struct Walker {
    /// Inline enums moved out, under their new component names.
    pub(super) hoisted: Vec<(String, Value)>,
    /// Component names in use.
    pub(super) taken: Vec<String>,
}

impl Walker {
    /// The `parameters` of a path item or operation, each named `{prefix}{Name}`.
    fn parameters(&mut self, holder: &mut Value, prefix: &str) {
        let Some(list) = holder.get_mut("parameters").and_then(Value::as_array_mut) else {
            return;
        };
        for parameter in list {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            self.holder(
                parameter,
                &format!("{prefix}{}", sanitize(&name, Case::Pascal)),
            );
        }
    }

    /// A path item: its parameters, and each operation's parameters, body, responses and
    /// response headers.
    pub(super) fn path_item(&mut self, item: &mut Value) {
        self.parameters(item, "");
        for method in METHODS {
            let Some(operation) = item.get_mut(*method).filter(|o| o.is_object()) else {
                continue;
            };
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| (*method).to_owned(), str::to_owned);
            let base = sanitize(&id, Case::Pascal);
            self.parameters(operation, &base);
            if let Some(body) = operation.get_mut("requestBody") {
                self.content(body, &format!("{base}Body"));
            }
            if let Some(responses) = operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
            {
                for response in responses.values_mut() {
                    self.content(response, &format!("{base}Response"));
                    if let Some(headers) =
                        response.get_mut("headers").and_then(Value::as_object_mut)
                    {
                        for (name, header) in headers.iter_mut() {
                            self.holder(header, &format!("{base}{}", sanitize(name, Case::Pascal)));
                        }
                    }
                }
            }
        }
    }

    /// A parameter or header: its `schema`.
    pub(super) fn holder(&mut self, holder: &mut Value, context: &str) {
        if let Some(schema) = holder.get_mut("schema") {
            self.schema(schema, context);
        }
        if holder.get("content").is_some() {
            self.content(holder, context);
        }
    }

    /// A request body or response: the schema of each media type.
    pub(super) fn content(&mut self, holder: &mut Value, context: &str) {
        if let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) {
            for media in content.values_mut() {
                if let Some(schema) = media.get_mut("schema") {
                    self.schema(schema, context);
                }
            }
        }
    }

    /// One schema position: replaced by a reference when it is a leaf or an enum, else walked.
    fn schema(&mut self, schema: &mut Value, context: &str) {
        if let Some(component) = leaf_of(schema) {
            *schema = wrap(schema, component);
            return;
        }
        if enum_values(schema).is_some() {
            let name = self.hoist(schema, context);
            *schema = wrap(schema, &name);
            return;
        }
        self.children(schema, context);
    }

    /// The schemas inside a schema: properties, items, additional properties, compositions.
    pub(super) fn children(&mut self, schema: &mut Value, context: &str) {
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                self.schema(
                    property,
                    &format!("{context}{}", sanitize(name, Case::Pascal)),
                );
            }
        }
        if let Some(items) = object.get_mut("items") {
            self.schema(items, &format!("{context}Item"));
        }
        if let Some(extra) = object.get_mut("additionalProperties")
            && extra.is_object()
        {
            self.schema(extra, &format!("{context}Value"));
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = object.get_mut(key) {
                let single = members.len() == 1 || key == "allOf";
                for (index, member) in members.iter_mut().enumerate() {
                    let name = if single {
                        context.to_owned()
                    } else {
                        format!("{context}Variant{index}")
                    };
                    self.children_or_schema(member, &name);
                }
            }
        }
    }

    /// A composition member: leaves and enums in it are replaced like any schema.
    fn children_or_schema(&mut self, member: &mut Value, context: &str) {
        if member.get("$ref").is_some() {
            return;
        }
        self.schema(member, context);
    }

    /// Moves an inline enum into `components.schemas`, under a free name.
    fn hoist(&mut self, schema: &Value, context: &str) -> String {
        let body = strip_usage(schema);
        if let Some((name, _)) = self
            .hoisted
            .iter()
            .find(|(name, existing)| *existing == body && name.starts_with(context))
        {
            return name.clone();
        }
        let mut name = context.to_owned();
        let mut counter = 2;
        while self.taken.contains(&name) {
            name = format!("{context}{counter}");
            counter += 1;
        }
        self.taken.push(name.clone());
        self.hoisted.push((name.clone(), body));
        name
    }
}

/// The schema without what belongs to where it is used (`nullable`, `description`, …), which
/// stays on the referring side.
fn strip_usage(schema: &Value) -> Value {
    let mut body = schema.clone();
    if let Some(object) = body.as_object_mut() {
        for key in [
            "nullable",
            "default",
            "example",
            "readOnly",
            "writeOnly",
            "deprecated",
        ] {
            object.remove(key);
        }
        if let Some(Value::Array(values)) = object.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
    }
    body
}

/// A reference to `component` that keeps the use site's own keywords (description, nullable,
/// default, …) next to it, in the `allOf` form typify reads.
fn wrap(schema: &Value, component: &str) -> Value {
    let reference = json!({ "$ref": format!("#/components/schemas/{component}") });
    let mut out = Map::new();
    out.insert("allOf".into(), json!([reference]));
    if let Some(object) = schema.as_object() {
        for key in [
            "description",
            "nullable",
            "title",
            "deprecated",
            "readOnly",
            "writeOnly",
        ] {
            if let Some(value) = object.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
    }
    Value::Object(out)
}
