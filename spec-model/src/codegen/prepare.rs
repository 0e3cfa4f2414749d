//! The document progenitor reads: the spec with the client's lenient leaves made explicit.
//!
//! The generated client must keep unknown enum values, accept 64-bit integers as numbers or
//! strings, read timestamps leniently and never print a secret, wherever the spec uses those
//! shapes and whatever they are named. progenitor maps *named* schemas to hand-written types
//! (`with_replacement`), so this step names them:
//!
//! - every `enum` of strings, integers, numbers or booleans (`kinds`) becomes a component
//!   (inline ones are hoisted under the name typify would have given them, e.g.
//!   `ClientCredentialsRequestGrantType`) and is replaced by an open enum the build generates;
//! - every `integer`/`int64`, `string`/`date-time` and `string`/`password` schema becomes a
//!   reference to a reserved component replaced by `Int64`, `Timestamp` or `Secret`.
//!
//! Response bodies progenitor cannot take are made takeable first (`responses`). Only the copy
//! handed to progenitor changes; the spec file stays as written.

use serde_json::{Map, Value, json};

use super::super::model::{Case, METHODS, sanitize};
pub use super::kinds::{EnumKind, OpenEnum, enum_values, string_enum};

/// A reserved component and the type that replaces it.
pub struct Leaf {
    /// Component name in the prepared document.
    pub component: &'static str,
    /// The Rust type (a path the generated code can name).
    pub rust_type: &'static str,
    /// Whether the type implements `FromStr` (progenitor asks).
    pub from_str: bool,
}

/// The reserved components.
pub const LEAVES: &[Leaf] = &[
    Leaf {
        component: "PaasLenientInt64",
        rust_type: "crate::compat::Int64",
        from_str: true,
    },
    Leaf {
        component: "PaasLenientTimestamp",
        rust_type: "crate::compat::Timestamp",
        from_str: true,
    },
    Leaf {
        component: "PaasSecret",
        rust_type: "crate::Secret",
        from_str: false,
    },
];

/// The prepared document and the enums it names.
pub struct Prepared {
    /// What progenitor reads.
    pub document: Value,
    /// Every enum, each to be generated as an open enum.
    pub enums: Vec<OpenEnum>,
    /// Components that are themselves leaves: (component, reserved component it stands for).
    pub leaf_components: Vec<(String, &'static str)>,
}

/// Prepares `root` for progenitor.
pub fn prepare(root: &Value) -> Prepared {
    let mut document = root.clone();
    super::responses::make_generable(&mut document);
    super::callbacks::add_components(&mut document);
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    let mut taken: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut enums = Vec::new();
    let mut leaf_components = Vec::new();
    let mut walker = Walker {
        hoisted: &mut hoisted,
        taken: &mut taken,
    };
    // Components first: a component that is itself a leaf or an enum is replaced by name.
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            if let Some(open) = OpenEnum::of(name, schema) {
                enums.push(open);
                continue;
            }
            if let Some(leaf) = leaf_of(schema) {
                leaf_components.push((name.clone(), leaf));
                continue;
            }
            walker.children(schema, &sanitize(name, Case::Pascal));
        }
    }
    // Parameters and headers hold a `schema`; responses and request bodies hold `content`.
    for (kind, holds_schema) in [
        ("parameters", true),
        ("headers", true),
        ("responses", false),
        ("requestBodies", false),
    ] {
        let Some(items) = document
            .pointer_mut(&format!("/components/{kind}"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (name, item) in items.iter_mut() {
            let context = sanitize(name, Case::Pascal);
            if holds_schema {
                walker.holder(item, &context);
            } else {
                walker.content(item, &context);
            }
        }
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            walker.path_item(item);
        }
    }
    let schemas = document
        .as_object_mut()
        .map(|root| {
            root.entry("components")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
        })
        .and_then(|schemas| schemas?.as_object_mut());
    if let Some(schemas) = schemas {
        for leaf in LEAVES {
            let body = match leaf.component {
                "PaasLenientInt64" => json!({ "type": "integer", "format": "int64" }),
                "PaasLenientTimestamp" => json!({ "type": "string", "format": "date-time" }),
                _ => json!({ "type": "string", "format": "password" }),
            };
            schemas.insert(leaf.component.to_owned(), body);
        }
        for (name, schema) in hoisted {
            if let Some(open) = OpenEnum::of(&name, &schema) {
                enums.push(open);
            }
            schemas.insert(name, schema);
        }
    }
    Prepared {
        document,
        enums,
        leaf_components,
    }
}

/// The reserved component a schema is an instance of, if any.
fn leaf_of(schema: &Value) -> Option<&'static str> {
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

struct Walker<'a> {
    hoisted: &'a mut Vec<(String, Value)>,
    taken: &'a mut Vec<String>,
}

impl Walker<'_> {
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

    fn path_item(&mut self, item: &mut Value) {
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
    fn holder(&mut self, holder: &mut Value, context: &str) {
        if let Some(schema) = holder.get_mut("schema") {
            self.schema(schema, context);
        }
        if holder.get("content").is_some() {
            self.content(holder, context);
        }
    }

    /// A request body or response: the schema of each media type.
    fn content(&mut self, holder: &mut Value, context: &str) {
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

    fn children(&mut self, schema: &mut Value, context: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_and_enums_become_components() {
        let root = json!({
            "components": { "schemas": {
                "Flow": { "type": "string", "enum": ["A", "B"] },
                "Thing": { "type": "object", "properties": {
                    "count": { "type": "integer", "format": "int64", "description": "how many" },
                    "at": { "type": "string", "format": "date-time", "nullable": true },
                    "kind": { "type": "string", "enum": ["X", "Y"] },
                    "tags": { "type": "array", "items": { "type": "string", "enum": ["t"] } },
                    "secret": { "type": "string", "format": "password" }
                } }
            } },
            "paths": { "/t": { "get": { "operationId": "listThings", "parameters": [
                { "name": "order", "in": "query", "schema": { "type": "string", "enum": ["ASC"] } }
            ], "responses": { "200": { "description": "ok" } } } } }
        });
        let prepared = prepare(&root);
        let thing = &prepared.document["components"]["schemas"]["Thing"]["properties"];
        assert_eq!(
            thing["count"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/PaasLenientInt64" }], "description": "how many" })
        );
        assert_eq!(thing["at"]["nullable"], json!(true));
        assert_eq!(
            thing["kind"]["allOf"][0]["$ref"],
            "#/components/schemas/ThingKind"
        );
        assert_eq!(
            thing["tags"]["items"]["allOf"][0]["$ref"],
            "#/components/schemas/ThingTagsItem"
        );
        let names: Vec<&str> = prepared.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["Flow", "ThingKind", "ThingTagsItem", "ListThingsOrder"]
        );
        assert_eq!(
            prepared.document["paths"]["/t"]["get"]["parameters"][0]["schema"]["allOf"][0]["$ref"],
            "#/components/schemas/ListThingsOrder"
        );
    }
}
