//! Fields a schema does not document: the properties of an instance that no `properties` (nor
//! an `additionalProperties`) of its schema covers, found by walking both together.

use std::collections::HashMap;

use serde_json::Value;

use crate::model::{Resolver, escape};

/// Properties of `instance` that `schema` does not document (with `allOf` merged), as JSON
/// pointers. A schema that allows extra properties explicitly (`additionalProperties` set)
/// documents them.
pub fn undocumented_fields(
    resolver: &Resolver<'_>,
    schema: &Value,
    instance: &Value,
) -> Vec<String> {
    let mut found = Vec::new();
    walk_undocumented(resolver, schema, instance, String::new(), &mut found, 0);
    found
}

/// Walks `instance` at `at` with its `schema`, pushing the pointers of undocumented fields.
fn walk_undocumented(
    resolver: &Resolver<'_>,
    schema: &Value,
    instance: &Value,
    at: String,
    found: &mut Vec<String>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let schema = resolver.effective(schema);
    match instance {
        Value::Object(object) => {
            let properties: Option<HashMap<&str, &Value>> =
                schema.properties().map(|list| list.into_iter().collect());
            let open = schema.get("additionalProperties");
            for (name, value) in object {
                let here = format!("{at}/{}", escape(name));
                match properties.as_ref().and_then(|p| p.get(name.as_str())) {
                    Some(property) => {
                        walk_undocumented(resolver, property, value, here, found, depth + 1)
                    }
                    None => match open {
                        Some(extra @ Value::Object(_)) => {
                            walk_undocumented(resolver, extra, value, here, found, depth + 1)
                        }
                        Some(Value::Bool(true)) => {}
                        _ if properties.is_some() => found.push(here),
                        _ => {}
                    },
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    walk_undocumented(
                        resolver,
                        item_schema,
                        item,
                        format!("{at}/{index}"),
                        found,
                        depth + 1,
                    );
                }
            }
        }
        _ => {}
    }
}
