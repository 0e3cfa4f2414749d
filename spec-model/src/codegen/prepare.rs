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
//! handed to progenitor changes; the spec file stays as written. The walk over schema
//! positions is `schema_walk`'s.

use serde_json::{Value, json};

use super::super::model::{Case, sanitize};
pub use super::kinds::{EnumKind, OpenEnum, enum_values, string_enum};
use super::schema_walk::{Walker, leaf_of};

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
    let mut walker = Walker {
        hoisted: Vec::new(),
        taken: component_names(&document),
    };
    let (mut enums, leaf_components) = name_components(&mut document, &mut walker);
    walk_shared_components(&mut document, &mut walker);
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            walker.path_item(item);
        }
    }
    add_components(&mut document, walker.hoisted, &mut enums);
    Prepared {
        document,
        enums,
        leaf_components,
    }
}

/// The names under `components.schemas`.
fn component_names(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

/// Components first: a component that is itself a leaf or an enum is replaced by name (the
/// enums and the leaf components are returned); any other is walked.
fn name_components(
    document: &mut Value,
    walker: &mut Walker,
) -> (Vec<OpenEnum>, Vec<(String, &'static str)>) {
    let mut enums = Vec::new();
    let mut leaf_components = Vec::new();
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
    (enums, leaf_components)
}

/// The shared components: parameters and headers hold a `schema`; responses and request
/// bodies hold `content`.
fn walk_shared_components(document: &mut Value, walker: &mut Walker) {
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
}

/// Adds the reserved components and the hoisted enums to `components.schemas` (each hoisted
/// enum also joins `enums`).
fn add_components(document: &mut Value, hoisted: Vec<(String, Value)>, enums: &mut Vec<OpenEnum>) {
    let schemas = document
        .as_object_mut()
        .map(|root| {
            root.entry("components")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
        })
        .and_then(|schemas| schemas?.as_object_mut());
    let Some(schemas) = schemas else {
        return;
    };
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
