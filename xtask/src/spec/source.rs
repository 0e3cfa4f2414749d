//! Where things are in the spec's text: JSON pointer → `line:column`, from YAML parse events.
//!
//! The rules work on the document as JSON; this index lets every diagnostic point back at the
//! line a person edits. A pointer to a mapping member resolves to its key.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// JSON pointer → position of the node (for mapping members, of the key).
#[derive(Debug, Default)]
pub struct SourceMap {
    positions: HashMap<String, Position>,
}

impl SourceMap {
    /// Indexes `text`. A text that does not parse as YAML gives an empty map (the parse error is
    /// reported separately, with the parser's own location).
    pub fn index(text: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut builder, false);
        Self {
            positions: builder.positions,
        }
    }

    /// The position of `pointer`, or of its nearest indexed ancestor.
    pub fn locate(&self, pointer: &str) -> Position {
        let mut current = pointer;
        loop {
            if let Some(position) = self.positions.get(current) {
                return *position;
            }
            match current.rfind('/') {
                Some(cut) => current = &current[..cut],
                None => return Position { line: 1, column: 1 },
            }
        }
    }
}

enum Frame {
    Mapping {
        pointer: String,
        pending_key: Option<String>,
        expecting_key: bool,
        first_key: bool,
    },
    Sequence {
        pointer: String,
        next_index: usize,
    },
}

#[derive(Default)]
struct Builder {
    positions: HashMap<String, Position>,
    stack: Vec<Frame>,
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

impl Builder {
    /// The pointer of the node that starts now, and records its position.
    fn node_start(&mut self, mark: Marker) -> Option<String> {
        self.node_start_at(mark, true)
    }

    /// Like `node_start`; with `record` false the position is left for the first key to set
    /// (block mappings report their start where the parser found it, not where the text is).
    fn node_start_at(&mut self, mark: Marker, record: bool) -> Option<String> {
        let position = Position {
            line: mark.line(),
            column: mark.col() + 1,
        };
        let pointer = match self.stack.last_mut() {
            None => String::new(),
            Some(Frame::Sequence {
                pointer,
                next_index,
            }) => {
                let child = format!("{pointer}/{next_index}");
                *next_index += 1;
                child
            }
            Some(Frame::Mapping {
                pointer,
                pending_key,
                expecting_key,
                ..
            }) => {
                *expecting_key = true;
                let key = pending_key.take()?;
                let child = format!("{pointer}/{}", escape(&key));
                // Members point at their key, recorded when the key was read.
                return Some(child);
            }
        };
        if record {
            self.positions.entry(pointer.clone()).or_insert(position);
        }
        Some(pointer)
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Mapping {
                    pointer,
                    pending_key,
                    expecting_key,
                    first_key,
                }) = self.stack.last_mut()
                    && *expecting_key
                {
                    let position = Position {
                        line: mark.line(),
                        column: mark.col() + 1,
                    };
                    if std::mem::take(first_key) {
                        self.positions.entry(pointer.clone()).or_insert(position);
                    }
                    let child = format!("{pointer}/{}", escape(&value));
                    self.positions.entry(child).or_insert(position);
                    *pending_key = Some(value);
                    *expecting_key = false;
                    return;
                }
                self.node_start(mark);
            }
            Event::Alias(_) => {
                self.node_start(mark);
            }
            Event::MappingStart(..) => {
                let pointer = self.node_start_at(mark, false).unwrap_or_default();
                self.stack.push(Frame::Mapping {
                    pointer,
                    pending_key: None,
                    expecting_key: true,
                    first_key: true,
                });
            }
            Event::SequenceStart(..) => {
                let pointer = self.node_start(mark).unwrap_or_default();
                self.stack.push(Frame::Sequence {
                    pointer,
                    next_index: 0,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_resolve_to_lines() {
        let text = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n";
        let map = SourceMap::index(text);
        assert_eq!(map.locate("/openapi"), Position { line: 1, column: 1 });
        assert_eq!(
            map.locate("/paths/~1a~1{id}/get"),
            Position { line: 4, column: 5 }
        );
        assert_eq!(
            map.locate("/paths/~1a~1{id}/get/parameters/0"),
            Position {
                line: 6,
                column: 11
            }
        );
        assert_eq!(
            map.locate("/paths/~1a~1{id}/get/parameters/0/in"),
            Position {
                line: 7,
                column: 11
            }
        );
        assert_eq!(
            map.locate("/paths/~1a~1{id}/get/parameters/0/nope"),
            Position {
                line: 6,
                column: 11
            }
        );
    }
}
