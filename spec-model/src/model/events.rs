//! The value builder behind [`Document`](super::Document): turns the parser's events into a JSON
//! value and its source map, expanding anchors and aliases, honouring `<<` merge keys, recording
//! repeated keys as issues, and counting nodes and nesting against the limits.

use std::collections::HashMap;

use serde_json::{Map, Value};
use yaml_rust2::parser::Event;
use yaml_rust2::scanner::Marker;

use super::limits::{self, Budget};
use super::scalars::scalar;
use super::source::{Position, SourceNode, escape};

/// A problem found while reading that did not stop the reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadIssue {
    /// JSON pointer of the node concerned.
    pub pointer: String,
    /// What is wrong, lowercase.
    pub message: String,
    /// Where.
    pub position: Position,
}

/// The 1-based position of a parser mark.
pub(super) fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

/// A finished node: its value, its source, how many nodes it holds and how deep it goes.
struct Built {
    value: Value,
    node: SourceNode,
    count: usize,
    height: usize,
}

/// A collection being built.
struct Frame {
    kind: FrameKind,
    node: SourceNode,
    anchor: usize,
    /// Nodes in this collection so far (itself included).
    count: usize,
    /// Nesting below this collection so far.
    height: usize,
    pointer: String,
}

enum FrameKind {
    Mapping {
        value: Map<String, Value>,
        /// The key read, waiting for its value: (key, position of the key).
        key: Option<(String, Position)>,
        /// Keys copied in by a `<<` merge: a key written later replaces them silently.
        merged: Vec<String>,
    },
    Sequence {
        value: Vec<Value>,
    },
}

/// Builds the value and its source map from the parser's events, counting against the limits.
#[derive(Default)]
pub(super) struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Built>,
    /// The document, once its root node is finished.
    pub(super) done: Option<(Value, SourceNode)>,
    /// Repeated keys met so far.
    pub(super) issues: Vec<LoadIssue>,
    budget: Budget,
    /// The first limit reached, or the first malformed construct.
    pub(super) error: Option<String>,
    /// Where [`Self::error`] happened.
    pub(super) error_at: Option<Position>,
}

impl Builder {
    /// The pointer of the node that starts now.
    fn child_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(frame) => match &frame.kind {
                FrameKind::Sequence { value } => format!("{}/{}", frame.pointer, value.len()),
                FrameKind::Mapping { key, .. } => match key {
                    Some((key, _)) => format!("{}/{}", frame.pointer, escape(key)),
                    None => frame.pointer.clone(),
                },
            },
        }
    }

    /// Whether the next scalar is a mapping key.
    fn expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Mapping { key: None, .. },
                ..
            })
        )
    }

    /// Attaches a finished node to its parent (or makes it the document).
    fn attach(&mut self, built: Built, anchor: usize, at: Position) {
        if anchor != 0 {
            // An anchored node is kept for its aliases: a copy, counted as such.
            if let Err(message) = self.budget.anchor(built.count) {
                return self.fail(message, at);
            }
            let copy = Built {
                value: built.value.clone(),
                node: built.node.clone(),
                ..built
            };
            self.anchors.insert(anchor, copy);
        }
        let Some(frame) = self.stack.last_mut() else {
            if self.done.is_none() {
                self.done = Some((built.value, built.node));
            }
            return;
        };
        frame.count = frame.count.saturating_add(built.count);
        frame.height = frame.height.max(built.height + 1);
        match &mut frame.kind {
            FrameKind::Sequence { value } => {
                value.push(built.value);
                frame.node.push_item(built.node);
            }
            FrameKind::Mapping { value, key, merged } => {
                let Some((key, at)) = key.take() else {
                    return;
                };
                if key == "<<" {
                    merged.extend(merge_into(value, &mut frame.node, built.value, built.node));
                    return;
                }
                if let Some(index) = merged.iter().position(|k| *k == key) {
                    merged.swap_remove(index);
                    value.shift_remove(&key);
                } else if value.contains_key(&key) {
                    self.issues.push(LoadIssue {
                        pointer: format!("{}/{}", frame.pointer, escape(&key)),
                        message: format!("the key {key:?} appears twice in one mapping"),
                        position: at,
                    });
                    value.shift_remove(&key);
                }
                frame.node.insert(&key, built.node.at(at));
                value.insert(key, built.value);
            }
        }
    }

    fn key_from(&mut self, value: &Value, at: Position) {
        let key = match value {
            Value::String(text) => text.clone(),
            Value::Null => "null".into(),
            other => other.to_string(),
        };
        if let Some(Frame {
            kind: FrameKind::Mapping { key: slot, .. },
            node,
            ..
        }) = self.stack.last_mut()
        {
            // A block mapping starts where its first key is written.
            if node.is_empty_mapping() {
                node.set_position(at);
            }
            *slot = Some((key, at));
        }
    }

    fn fail(&mut self, message: String, at: Position) {
        if self.error.is_none() {
            self.error = Some(message);
            self.error_at = Some(at);
        }
    }

    /// A mapping or a sequence starts.
    fn open(&mut self, kind: FrameKind, anchor: usize, at: Position) {
        if self.expecting_key() {
            return self.fail("a collection cannot be a key of this document".into(), at);
        }
        if self.stack.len() >= limits::MAX_DEPTH {
            return self.fail(limits::too_deep(), at);
        }
        if let Err(message) = self.budget.nodes(1) {
            return self.fail(message, at);
        }
        let node = match kind {
            FrameKind::Mapping { .. } => SourceNode::mapping(at),
            FrameKind::Sequence { .. } => SourceNode::sequence(at),
        };
        let pointer = self.child_pointer();
        self.stack.push(Frame {
            kind,
            node,
            anchor,
            count: 1,
            height: 0,
            pointer,
        });
    }

    /// The collection on top ends.
    fn close(&mut self, at: Position) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let value = match frame.kind {
            FrameKind::Mapping { value, .. } => Value::Object(value),
            FrameKind::Sequence { mut value } => {
                value.shrink_to_fit();
                Value::Array(value)
            }
        };
        let mut node = frame.node;
        node.shrink();
        let built = Built {
            value,
            node,
            count: frame.count,
            height: frame.height,
        };
        self.attach(built, frame.anchor, at);
    }

    /// An alias: the anchored node again, if the budget allows what it would produce.
    fn alias(&mut self, anchor: usize, at: Position) {
        let Some(anchored) = self.anchors.get(&anchor) else {
            return self.fail("an alias names an unknown anchor".into(), at);
        };
        let (count, height) = (anchored.count, anchored.height);
        if let Err(message) = self.budget.alias(count, height, self.stack.len()) {
            return self.fail(message, at);
        }
        let value = anchored.value.clone();
        if self.expecting_key() {
            return self.key_from(&value, at);
        }
        let node = anchored.node.clone().at(at);
        let built = Built {
            value,
            node,
            count,
            height,
        };
        self.attach(built, 0, at);
    }

    /// Takes one parser event.
    pub(super) fn on_event(&mut self, event: Event, mark: Marker) {
        let at = position(mark);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if let Err(message) = self.budget.nodes(1) {
                    return self.fail(message, at);
                }
                let value = scalar(&text, style, tag.as_ref());
                if self.expecting_key() {
                    return self.key_from(&value, at);
                }
                let built = Built {
                    value,
                    node: SourceNode::leaf(at),
                    count: 1,
                    height: 0,
                };
                self.attach(built, anchor, at);
            }
            Event::Alias(anchor) => self.alias(anchor, at),
            Event::MappingStart(anchor, _) => {
                let kind = FrameKind::Mapping {
                    value: Map::new(),
                    key: None,
                    merged: Vec::new(),
                };
                self.open(kind, anchor, at);
            }
            Event::SequenceStart(anchor, _) => {
                self.open(FrameKind::Sequence { value: Vec::new() }, anchor, at);
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(at),
            _ => {}
        }
    }
}

/// `<<: *base` (or a list of them): moves in the members the mapping does not have yet.
fn merge_into(
    members: &mut Map<String, Value>,
    parent: &mut SourceNode,
    value: Value,
    node: SourceNode,
) -> Vec<String> {
    let mut copied = Vec::new();
    let sources: Vec<(Value, SourceNode)> = match value {
        Value::Array(items) => {
            let mut nodes = node.into_items().into_iter();
            items
                .into_iter()
                .map(|item| (item, nodes.next().unwrap_or_default()))
                .collect()
        }
        other => vec![(other, node)],
    };
    for (source, mut source_node) in sources {
        if let Value::Object(object) = source {
            for (key, member) in object {
                if !members.contains_key(&key) {
                    if let Some(child) = source_node.take_member(&key) {
                        parent.insert(&key, child);
                    }
                    copied.push(key.clone());
                    members.insert(key, member);
                }
            }
        }
    }
    copied
}
