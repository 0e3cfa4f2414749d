//! The effective schemas `cargo xtask diff` compares, each computed once per schema node.
//!
//! The differ compares a node with every node it may have become: the members of two
//! `oneOf`s pairwise, a component reached from many properties. Each comparison reads both
//! sides' effective schemas (`allOf` merged, references followed). As full values of their
//! own they copied each node's whole subtree at every comparison, and a fuzzed document of a
//! few hundred bytes that nests alternatives took over a second. The comparisons read only a
//! schema's own keywords (the schemas under it are reached through the documents, so every
//! change points at its line), so the differ takes the effective schema's *outline*
//! ([`Effective::outline`](passport_paas_spec::Effective::outline)), and keeps each node's
//! once, by the node's address (sound as in the spec model's `Merged`: every node is borrowed
//! from the two documents for all of the differ's life). What it keeps is bounded: past
//! [`MAX_HELD_NODES`] it starts over, so memory stays a small multiple of the documents'
//! size.

use std::collections::HashMap;
use std::rc::Rc;

use passport_paas_spec::Spec;
use serde_json::Value;

/// How many JSON nodes the kept schemas may hold together.
pub(super) const MAX_HELD_NODES: usize = 500_000;

/// Effective schemas by the address of the node each was computed for.
#[derive(Debug, Default)]
pub(super) struct MergedSchemas {
    known: HashMap<*const Value, Rc<Value>>,
    held: usize,
}

impl MergedSchemas {
    /// The outline of the effective schema of `node`, a node of `spec`.
    pub(super) fn of(&mut self, spec: &Spec, node: &Value) -> Rc<Value> {
        let key: *const Value = node;
        if let Some(known) = self.known.get(&key) {
            return Rc::clone(known);
        }
        let merged = Rc::new(spec.resolver().effective(node).outline());
        let size = nodes(&merged);
        if self.held.saturating_add(size) > MAX_HELD_NODES {
            self.known.clear();
            self.held = 0;
        }
        if size <= MAX_HELD_NODES {
            self.known.insert(key, Rc::clone(&merged));
            self.held += size;
        }
        merged
    }
}

/// How many nodes (objects, arrays, scalars) `value` holds.
fn nodes(value: &Value) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_is_merged_once_and_what_is_kept_stays_bounded() {
        let spec = Spec::parse(concat!(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "components:\n  schemas:\n",
            "    A: {allOf: [{$ref: '#/components/schemas/B'}, {required: [x]}]}\n",
            "    B: {type: object, properties: {x: {type: string}}}\n",
        ))
        .unwrap();
        let a = spec.root().pointer("/components/schemas/A").unwrap();
        let b = spec.root().pointer("/components/schemas/B").unwrap();
        let mut merged = MergedSchemas::default();
        let first = merged.of(&spec, a);
        assert_eq!(first["required"], serde_json::json!(["x"]));
        assert_eq!(first["type"], "object");
        assert!(
            Rc::ptr_eq(&first, &merged.of(&spec, a)),
            "kept, not merged again"
        );
        assert!(
            !Rc::ptr_eq(&first, &merged.of(&spec, b)),
            "another node, another schema"
        );
        let second = merged.of(&spec, b);
        assert_eq!(merged.held, nodes(&first) + nodes(&second));
        merged.held = MAX_HELD_NODES;
        let member = spec
            .root()
            .pointer("/components/schemas/A/allOf/1")
            .unwrap();
        let third = merged.of(&spec, member);
        assert_eq!(
            merged.held,
            nodes(&third),
            "past the bound, the memo started over"
        );
        assert!(
            !Rc::ptr_eq(&first, &merged.of(&spec, a)),
            "A is merged anew"
        );
    }
}
