//! Schemas that contain themselves in a way no reader can follow to an end.
//!
//! References make the schemas of a document a graph. A cycle in it is fine when it goes one
//! level into the value on the way and that level is optional — a tree node whose `children`
//! items are nodes: a finite value ends the recursion. Two kinds of cycle cannot be valid:
//!
//! - one that never goes into the value (`$ref` chains, `allOf`, `oneOf`/`anyOf`, `not`):
//!   validating it never ends, and merging its `allOf` never ends;
//! - one that goes into the value only through levels every value must have (a required
//!   property, `items` with `minItems` ≥ 1, `additionalProperties` with more `minProperties`
//!   than declared properties): no finite value matches it.
//!
//! [`schema_cycles`] finds both with one iterative depth-first search over the reference graph
//! (a node per reference target, its edges found by walking the target's own subschemas, which
//! the loader's depth limit bounds), and reports each where the cycle closes: the `$ref` that
//! leads back.

use std::collections::HashMap;

use serde_json::Value;

use super::source::escape;

/// A schema cycle that cannot be valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// The pointer of the `$ref` that closes the cycle.
    pub pointer: String,
    /// What is wrong, lowercase.
    pub message: String,
}

/// One reference from the body of a node.
#[derive(Clone, Debug)]
struct Edge {
    /// The target, as a JSON pointer.
    target: String,
    /// The pointer of the `$ref` member.
    via: String,
    /// The way from the node to the reference, relative (`allOf/0`, `properties/a`).
    path: String,
    /// Whether the way goes one level into the value.
    consumed: bool,
    /// Whether every value of the node has the level the way goes into.
    mandatory: bool,
}

/// The cycles of `root`'s schemas that cannot be valid, in document order of where they close.
pub fn schema_cycles(root: &Value) -> Vec<Cycle> {
    let mut graph = Graph {
        root,
        index: HashMap::new(),
        nodes: Vec::new(),
    };
    let starts: Vec<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, _)| format!("/components/schemas/{}", escape(name)))
        .collect();
    let mut cycles = Vec::new();
    for strict in [false, true] {
        let mut colour = Vec::new();
        for start in &starts {
            let node = graph.node(start);
            search(&mut graph, &mut colour, node, strict, &mut cycles);
        }
    }
    cycles.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    cycles.dedup_by(|a, b| a.pointer == b.pointer);
    cycles
}

struct Graph<'a> {
    root: &'a Value,
    index: HashMap<String, usize>,
    /// Each node: its pointer and its edges.
    nodes: Vec<(String, Vec<Edge>)>,
}

impl Graph<'_> {
    fn node(&mut self, pointer: &str) -> usize {
        if let Some(&index) = self.index.get(pointer) {
            return index;
        }
        let mut edges = Vec::new();
        if let Some(value) = self.root.pointer(pointer) {
            collect(value, pointer, "", true, false, &mut edges);
        }
        self.nodes.push((pointer.to_owned(), edges));
        self.index.insert(pointer.to_owned(), self.nodes.len() - 1);
        self.nodes.len() - 1
    }
}

/// The references of one schema body. `mandatory` and `consumed` describe the way so far.
fn collect(
    schema: &Value,
    at: &str,
    path: &str,
    mandatory: bool,
    consumed: bool,
    out: &mut Vec<Edge>,
) {
    let Some(object) = schema.as_object() else {
        return;
    };
    if let Some(reference) = object.get("$ref") {
        if let Some(target) = reference.as_str().and_then(|r| r.strip_prefix('#')) {
            out.push(Edge {
                target: target.to_owned(),
                via: format!("{at}/$ref"),
                path: if path.is_empty() {
                    "$ref".into()
                } else {
                    path.to_owned()
                },
                consumed,
                mandatory,
            });
        }
        return;
    }
    let step = |key: &str| {
        let path = if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}/{key}")
        };
        (format!("{at}/{key}"), path)
    };
    for (keyword, every) in [("allOf", true), ("oneOf", false), ("anyOf", false)] {
        let members = object.get(keyword).and_then(Value::as_array);
        let single = members.is_some_and(|m| m.len() == 1);
        for (index, member) in members.into_iter().flatten().enumerate() {
            let (at, path) = step(&format!("{keyword}/{index}"));
            let mandatory = mandatory && (every || single);
            collect(member, &at, &path, mandatory, consumed, out);
        }
    }
    if let Some(not) = object.get("not") {
        let (at, path) = step("not");
        collect(not, &at, &path, false, consumed, out);
    }
    let number = |key: &str| object.get(key).and_then(Value::as_u64).unwrap_or(0);
    if let Some(items) = object.get("items") {
        let (at, path) = step("items");
        collect(
            items,
            &at,
            &path,
            mandatory && number("minItems") >= 1,
            true,
            out,
        );
    }
    let required = |name: &str| {
        object
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(name)))
    };
    let properties = object.get("properties").and_then(Value::as_object);
    for (name, property) in properties.into_iter().flatten() {
        let (at, path) = step(&format!("properties/{}", escape(name)));
        collect(property, &at, &path, mandatory && required(name), true, out);
    }
    if let Some(extra) = object.get("additionalProperties") {
        let declared = properties.map_or(0, |p| p.len()) as u64;
        let (at, path) = step("additionalProperties");
        let needed = number("minProperties") > declared;
        collect(extra, &at, &path, mandatory && needed, true, out);
    }
}

/// Depth-first search from `start` without recursion. `strict` follows only mandatory edges
/// (and reports only cycles that go into the value); otherwise only edges that do not.
fn search(
    graph: &mut Graph<'_>,
    colour: &mut Vec<u8>,
    start: usize,
    strict: bool,
    cycles: &mut Vec<Cycle>,
) {
    const DONE: u8 = 2;
    const OPEN: u8 = 1;
    let paint = |colour: &mut Vec<u8>, node: usize, value: u8| {
        if colour.len() <= node {
            colour.resize(node + 1, 0);
        }
        colour[node] = value;
    };
    if colour.get(start).copied().unwrap_or(0) != 0 {
        return;
    }
    // The path: (node, the edge taken into it, the next edge to try).
    let mut path: Vec<(usize, Option<Edge>, usize)> = vec![(start, None, 0)];
    paint(colour, start, OPEN);
    while let Some(top) = path.last_mut() {
        let (node, next) = (top.0, top.2);
        top.2 += 1;
        let Some(edge) = graph.nodes[node].1.get(next).cloned() else {
            paint(colour, node, DONE);
            path.pop();
            continue;
        };
        let follows = if strict {
            edge.mandatory
        } else {
            !edge.consumed
        };
        if !follows {
            continue;
        }
        let target = graph.node(&edge.target);
        match colour.get(target).copied().unwrap_or(0) {
            0 => {
                paint(colour, target, OPEN);
                path.push((target, Some(edge), 0));
            }
            OPEN => {
                let from = path.iter().position(|(n, _, _)| *n == target).unwrap_or(0);
                let mut ways: Vec<&Edge> = path[from + 1..]
                    .iter()
                    .filter_map(|(_, e, _)| e.as_ref())
                    .collect();
                ways.push(&edge);
                if strict && ways.iter().all(|e| !e.consumed) {
                    continue;
                }
                cycles.push(describe(graph, &path[from..], &ways, &edge, strict));
            }
            _ => {}
        }
    }
}

fn describe(
    graph: &Graph<'_>,
    nodes: &[(usize, Option<Edge>, usize)],
    ways: &[&Edge],
    closing: &Edge,
    strict: bool,
) -> Cycle {
    let chain: Vec<String> = nodes
        .iter()
        .zip(ways)
        .map(|((node, _, _), way)| format!("#{} ({})", graph.nodes[*node].0, way.path))
        .collect();
    let first = &graph.nodes[nodes[0].0].0;
    let message = if strict {
        format!(
            "schema #{first} can only hold a value that holds another one: {} → back; no finite value matches it",
            chain.join(" → ")
        )
    } else {
        format!(
            "schema #{first} contains itself without going into the value: {} → back; validating or merging it never ends",
            chain.join(" → ")
        )
    };
    Cycle {
        pointer: closing.via.clone(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cycles(schemas: Value) -> Vec<Cycle> {
        schema_cycles(&json!({ "components": { "schemas": schemas } }))
    }

    fn to(name: &str) -> Value {
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    #[test]
    fn cycles_that_never_go_into_the_value_are_found_where_they_close() {
        let found = cycles(json!({ "A": { "allOf": [to("B")] }, "B": { "allOf": [to("A")] } }));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/components/schemas/B/allOf/0/$ref");
        assert!(found[0].message.contains("allOf/0"), "{}", found[0].message);
        for schema in [
            json!({ "A": to("B"), "B": to("A") }),
            json!({ "A": { "oneOf": [to("B"), { "type": "string" }] }, "B": { "anyOf": [to("A")] } }),
            json!({ "A": { "not": to("A") } }),
        ] {
            assert_eq!(cycles(schema.clone()).len(), 1, "{schema}");
        }
    }

    #[test]
    fn cycles_through_mandatory_levels_are_found_and_trees_pass() {
        for schema in [
            json!({ "A": { "required": ["a"], "properties": { "a": to("A") } } }),
            json!({ "A": { "type": "array", "minItems": 1, "items": to("A") } }),
            json!({ "A": { "minProperties": 1, "additionalProperties": to("A") } }),
        ] {
            let found = cycles(schema.clone());
            assert_eq!(found.len(), 1, "{schema}");
            assert!(found[0].message.contains("no finite value"), "{found:?}");
        }
        for schema in [
            json!({ "Node": { "properties": { "children": { "type": "array", "items": to("Node") } } } }),
            json!({ "A": { "type": "array", "items": to("A") } }),
            json!({ "A": { "properties": { "a": to("A") } } }),
            json!({ "A": { "additionalProperties": to("A") } }),
            json!({ "A": { "required": ["a"], "properties": { "a": { "oneOf": [to("A"), { "type": "null" }] } } } }),
        ] {
            assert!(cycles(schema.clone()).is_empty(), "{schema}");
        }
    }
}
