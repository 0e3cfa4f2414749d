//! Fields a schema does not document: the properties of an instance that no `properties` (nor
//! an `additionalProperties`) of its schema covers, found by walking both together.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use serde_json::Value;

use crate::model::{Resolver, push_escaped};

/// The merging one check may take whatever the instance, in
/// [`Effective::work`](crate::Effective::work) (`allOf` members and references; each schema
/// node is merged once per check, however many instance nodes it describes): with
/// [`CHECK_MERGE_WORK_PER_NODE`] for each node of the instance on top, a large page of items
/// that use `allOf` is checked whole, while documents whose many schemas each unite
/// thousands of members leave the rest of the instance unchecked rather than take minutes.
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
        known: HashMap::new(),
        found: Vec::new(),
        merge_work: CHECK_MERGE_WORK_PER_NODE
            .saturating_mul(nodes(instance))
            .saturating_add(CHECK_MERGE_WORK_FREE),
    };
    walk_undocumented(&mut walk, schema, instance, &mut Vec::new(), 0);
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

/// What the walk needs of one schema node's effective schema.
struct Documented<'s> {
    /// The effective properties by name; `None` when the schema lists none.
    properties: Option<HashMap<&'s str, &'s Value>>,
    additional: Option<&'s Value>,
    items: Option<&'s Value>,
}

/// What one check has found, and the merging it may still do.
struct Walk<'r, 's> {
    resolver: &'r Resolver<'s>,
    /// Each schema node's [`Documented`], by address (see [`crate::Merged`] for why that
    /// is sound: every node is borrowed for all of `'s`).
    known: HashMap<*const Value, Rc<Documented<'s>>>,
    found: Vec<String>,
    merge_work: usize,
}

impl<'s> Walk<'_, 's> {
    /// What `schema` documents, merged the first time the walk meets the node.
    fn documented(&mut self, schema: &'s Value) -> Rc<Documented<'s>> {
        let key: *const Value = schema;
        if let Some(known) = self.known.get(&key) {
            return Rc::clone(known);
        }
        let effective = self.resolver.effective(schema);
        self.merge_work = self.merge_work.saturating_sub(effective.work());
        let documented = Rc::new(Documented {
            properties: effective
                .properties()
                .map(|list| list.into_iter().collect()),
            additional: effective.get("additionalProperties"),
            items: effective.get("items"),
        });
        self.known.insert(key, Rc::clone(&documented));
        documented
    }
}

/// One step of the path from the instance's root to a node: a field or an array index.
enum Segment<'i> {
    Field(&'i str),
    Index(usize),
}

/// Walks `instance` with its `schema`, pushing the pointers of undocumented fields. `path` is
/// the way down to `instance`, one stack for the whole walk: a pointer is only written out
/// for a field that is reported.
fn walk_undocumented<'s, 'i>(
    walk: &mut Walk<'_, 's>,
    schema: &'s Value,
    instance: &'i Value,
    path: &mut Vec<Segment<'i>>,
    depth: usize,
) {
    if depth > 32 || walk.merge_work == 0 {
        return;
    }
    let schema = walk.documented(schema);
    match instance {
        Value::Object(object) => {
            for (name, value) in object {
                path.push(Segment::Field(name));
                match schema
                    .properties
                    .as_ref()
                    .and_then(|p| p.get(name.as_str()))
                {
                    Some(property) => walk_undocumented(walk, property, value, path, depth + 1),
                    None => match schema.additional {
                        Some(extra @ Value::Object(_)) => {
                            walk_undocumented(walk, extra, value, path, depth + 1)
                        }
                        Some(Value::Bool(true)) => {}
                        _ if schema.properties.is_some() => walk.found.push(pointer(path)),
                        _ => {}
                    },
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.items {
                for (index, item) in items.iter().enumerate() {
                    path.push(Segment::Index(index));
                    walk_undocumented(walk, item_schema, item, path, depth + 1);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// The JSON pointer of `path`, each field escaped.
fn pointer(path: &[Segment<'_>]) -> String {
    let mut pointer = String::new();
    for segment in path {
        pointer.push('/');
        match segment {
            Segment::Field(name) => push_escaped(&mut pointer, name),
            Segment::Index(index) => {
                // Writing to a `String` cannot fail.
                let _ = write!(pointer, "{index}");
            }
        }
    }
    pointer
}
