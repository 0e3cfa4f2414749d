//! Fields a schema does not document: the properties of an instance that no `properties` (nor
//! an `additionalProperties`) of its schema covers, found by walking both together.

use std::collections::HashMap;

use serde_json::Value;

use crate::model::{Resolver, escape};

/// The merging one check may take whatever the instance, in
/// [`Effective::work`](crate::Effective::work) (`allOf` members and references, at every
/// instance node that needs them): with [`CHECK_MERGE_WORK_PER_NODE`] for each node of the
/// instance on top, a large page of items that use `allOf` is checked whole, while schemas
/// that unite thousands of members at every node leave the rest of the instance unchecked
/// rather than take minutes.
pub const CHECK_MERGE_WORK_FREE: usize = 2_000_000;
/// The merging one check may take per node of the instance, on top of
/// [`CHECK_MERGE_WORK_FREE`].
pub const CHECK_MERGE_WORK_PER_NODE: usize = 64;

/// Properties of `instance` that `schema` does not document (with `allOf` merged), as JSON
/// pointers. A schema that allows extra properties explicitly (`additionalProperties` set)
/// documents them.
pub fn undocumented_fields(
    resolver: &Resolver<'_>,
    schema: &Value,
    instance: &Value,
) -> Vec<String> {
    let mut walk = Walk {
        resolver,
        found: Vec::new(),
        merge_work: CHECK_MERGE_WORK_PER_NODE
            .saturating_mul(nodes(instance))
            .saturating_add(CHECK_MERGE_WORK_FREE),
    };
    walk_undocumented(&mut walk, schema, instance, String::new(), 0);
    walk.found
}

/// How many nodes (objects, arrays, scalars) `value` holds.
pub(crate) fn nodes(value: &Value) -> usize {
    let mut count = 0usize;
    let mut pending = vec![value];
    while let Some(node) = pending.pop() {
        count += 1;
        match node {
            Value::Object(members) => pending.extend(members.values()),
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    count
}

/// What one check has found, and the merging it may still do.
struct Walk<'r, 'a> {
    resolver: &'r Resolver<'a>,
    found: Vec<String>,
    merge_work: usize,
}

/// Walks `instance` at `at` with its `schema`, pushing the pointers of undocumented fields.
fn walk_undocumented(
    walk: &mut Walk<'_, '_>,
    schema: &Value,
    instance: &Value,
    at: String,
    depth: usize,
) {
    if depth > 32 || walk.merge_work == 0 {
        return;
    }
    let schema = walk.resolver.effective(schema);
    walk.merge_work = walk.merge_work.saturating_sub(schema.work());
    match instance {
        Value::Object(object) => {
            let properties: Option<HashMap<&str, &Value>> =
                schema.properties().map(|list| list.into_iter().collect());
            let open = schema.get("additionalProperties");
            for (name, value) in object {
                let here = format!("{at}/{}", escape(name));
                match properties.as_ref().and_then(|p| p.get(name.as_str())) {
                    Some(property) => walk_undocumented(walk, property, value, here, depth + 1),
                    None => match open {
                        Some(extra @ Value::Object(_)) => {
                            walk_undocumented(walk, extra, value, here, depth + 1)
                        }
                        Some(Value::Bool(true)) => {}
                        _ if properties.is_some() => walk.found.push(here),
                        _ => {}
                    },
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    walk_undocumented(walk, item_schema, item, format!("{at}/{index}"), depth + 1);
                }
            }
        }
        _ => {}
    }
}
