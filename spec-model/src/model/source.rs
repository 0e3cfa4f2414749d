//! Where things are in the spec's text: JSON pointer → `line:column`.
//!
//! The source map is a tree shaped like the document: every node knows its own position (for a
//! mapping member, the position of its key), so a diagnostic about any node points at the line a
//! person edits. A pointer the map does not know resolves to its nearest known ancestor.
//! Also the located error of loading ([`LoadError`]) and JSON-pointer segment escaping, which
//! the loader, the limits and the map share.

use std::collections::HashMap;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The text is not YAML (or is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The parser's message.
    pub message: String,
    /// Where the parser stopped, when it said.
    pub position: Option<Position>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some(at) => write!(
                f,
                "{} at line {} column {}",
                self.message, at.line, at.column
            ),
            None => f.write_str(&self.message),
        }
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    let mut escaped = String::with_capacity(segment.len());
    push_escaped(&mut escaped, segment);
    escaped
}

/// Appends `segment` to `pointer`, escaped as [`escape`] does, without a copy of its own: for
/// walks that extend one pointer buffer as they go down and cut it back as they return.
pub fn push_escaped(pointer: &mut String, segment: &str) {
    if !segment.contains(['~', '/']) {
        pointer.push_str(segment);
        return;
    }
    for character in segment.chars() {
        match character {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}

/// Undoes [`escape`].
pub fn unescape(segment: &str) -> String {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~")
    } else {
        segment.to_owned()
    }
}

/// One node of the source tree: 16 bytes, most nodes being scalars with no children.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceNode {
    line: u32,
    column: u32,
    children: Option<Box<Children>>,
}

#[derive(Clone, Debug)]
enum Children {
    Members(HashMap<Box<str>, SourceNode>),
    Items(Vec<SourceNode>),
}

fn narrow(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl SourceNode {
    pub(crate) fn leaf(position: Position) -> Self {
        Self {
            line: narrow(position.line),
            column: narrow(position.column),
            children: None,
        }
    }

    pub(crate) fn mapping(position: Position) -> Self {
        Self {
            children: Some(Box::new(Children::Members(HashMap::new()))),
            ..Self::leaf(position)
        }
    }

    pub(crate) fn sequence(position: Position) -> Self {
        Self {
            children: Some(Box::new(Children::Items(Vec::new()))),
            ..Self::leaf(position)
        }
    }

    fn position(&self) -> Position {
        Position {
            line: self.line as usize,
            column: self.column as usize,
        }
    }

    /// The same node, placed at `position`.
    pub(crate) fn at(mut self, position: Position) -> Self {
        self.set_position(position);
        self
    }

    /// Whether this is a mapping with no member yet.
    pub(crate) fn is_empty_mapping(&self) -> bool {
        matches!(self.children.as_deref(), Some(Children::Members(members)) if members.is_empty())
    }

    pub(crate) fn set_position(&mut self, position: Position) {
        self.line = narrow(position.line);
        self.column = narrow(position.column);
    }

    pub(crate) fn insert(&mut self, key: &str, node: SourceNode) {
        if let Some(Children::Members(members)) = self.children.as_deref_mut() {
            members.insert(key.into(), node);
        }
    }

    pub(crate) fn push_item(&mut self, node: SourceNode) {
        if let Some(Children::Items(items)) = self.children.as_deref_mut() {
            items.push(node);
        }
    }

    /// Gives back the spare capacity of a finished collection.
    pub(crate) fn shrink(&mut self) {
        match self.children.as_deref_mut() {
            Some(Children::Members(members)) => members.shrink_to_fit(),
            Some(Children::Items(items)) => items.shrink_to_fit(),
            None => {}
        }
    }

    /// Takes the member `key` out (for a merge key, which moves members instead of copying).
    pub(crate) fn take_member(&mut self, key: &str) -> Option<SourceNode> {
        match self.children.as_deref_mut() {
            Some(Children::Members(members)) => members.remove(key),
            _ => None,
        }
    }

    /// The items of a sequence, moved out.
    pub(crate) fn into_items(self) -> Vec<SourceNode> {
        match self.children.map(|children| *children) {
            Some(Children::Items(items)) => items,
            _ => Vec::new(),
        }
    }

    fn child(&self, segment: &str) -> Option<&SourceNode> {
        match self.children.as_deref()? {
            Children::Members(members) => members.get(segment),
            Children::Items(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
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
        if node.line == 0 {
            Position { line: 1, column: 1 }
        } else {
            node.position()
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
