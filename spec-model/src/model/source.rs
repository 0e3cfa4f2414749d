//! Where things are in the spec's text: JSON pointer → `line:column`.
//!
//! The source map is a tree shaped like the document: every node knows its own position (for a
//! mapping member, the position of its key), so a diagnostic about any node points at the line a
//! person edits. A pointer the map does not know resolves to its nearest known ancestor.

use std::collections::HashMap;

use super::document::unescape;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// One node of the source tree.
#[derive(Clone, Debug, Default)]
pub struct SourceNode {
    position: Position,
    children: Children,
}

#[derive(Clone, Debug, Default)]
enum Children {
    #[default]
    None,
    Members(HashMap<Box<str>, SourceNode>),
    Items(Vec<SourceNode>),
}

impl SourceNode {
    pub(crate) fn leaf(position: Position) -> Self {
        Self {
            position,
            children: Children::None,
        }
    }

    pub(crate) fn mapping(position: Position) -> Self {
        Self {
            position,
            children: Children::Members(HashMap::new()),
        }
    }

    pub(crate) fn sequence(position: Position) -> Self {
        Self {
            position,
            children: Children::Items(Vec::new()),
        }
    }

    /// The same node, placed at `position`.
    pub(crate) fn at(mut self, position: Position) -> Self {
        self.position = position;
        self
    }

    /// Whether this is a mapping with no member yet.
    pub(crate) fn is_empty_mapping(&self) -> bool {
        matches!(&self.children, Children::Members(members) if members.is_empty())
    }

    pub(crate) fn set_position(&mut self, position: Position) {
        self.position = position;
    }

    pub(crate) fn insert(&mut self, key: &str, node: SourceNode) {
        if let Children::Members(members) = &mut self.children {
            members.insert(key.into(), node);
        }
    }

    pub(crate) fn push_item(&mut self, node: SourceNode) {
        if let Children::Items(items) = &mut self.children {
            items.push(node);
        }
    }

    /// Takes the member `key` out (for a merge key, which moves members instead of copying).
    pub(crate) fn take_member(&mut self, key: &str) -> Option<SourceNode> {
        match &mut self.children {
            Children::Members(members) => members.remove(key),
            _ => None,
        }
    }

    /// The items of a sequence, moved out.
    pub(crate) fn into_items(self) -> Vec<SourceNode> {
        match self.children {
            Children::Items(items) => items,
            _ => Vec::new(),
        }
    }

    fn child(&self, segment: &str) -> Option<&SourceNode> {
        match &self.children {
            Children::Members(members) => members.get(segment),
            Children::Items(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            Children::None => None,
        }
    }
}

/// JSON pointer → position of the node (for mapping members, of the key).
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    root: SourceNode,
}

impl SourceMap {
    pub(crate) fn new(root: SourceNode) -> Self {
        Self { root }
    }

    /// The position of `pointer`, or of its nearest ancestor the map knows; 1:1 for nothing.
    pub fn locate(&self, pointer: &str) -> Position {
        let mut node = &self.root;
        for segment in pointer.split('/').skip(1) {
            match node.child(&unescape(segment)) {
                Some(child) => node = child,
                None => break,
            }
        }
        if node.position.line == 0 {
            Position { line: 1, column: 1 }
        } else {
            node.position
        }
    }

    /// Whether the map knows `pointer` itself (not only an ancestor).
    pub fn contains(&self, pointer: &str) -> bool {
        let mut node = &self.root;
        for segment in pointer.split('/').skip(1) {
            match node.child(&unescape(segment)) {
                Some(child) => node = child,
                None => return false,
            }
        }
        true
    }
}
