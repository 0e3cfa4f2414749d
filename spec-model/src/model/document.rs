//! YAML (or JSON) text → a JSON value and a source map, in one pass over the parser's events.
//!
//! One parser reads the spec everywhere (`yaml-rust2`'s event API), so the value every tool
//! sees and the `line:column` every diagnostic prints come from the same reading. Scalars are
//! resolved with the YAML 1.2 core schema (`scalars`), anchors and aliases are expanded, `<<`
//! merge keys are honoured, and a repeated key is recorded as an issue (the later value wins, as
//! in JSON). The reading is iterative and counted: size, nesting and the nodes aliases produce
//! stay within [`limits`](super::limits), and the first limit reached is a located error.
//! This file drives the parser; `events` builds the value from its events.

use serde_json::Value;
use yaml_rust2::parser::{Event, Parser};

use super::events::{Builder, LoadIssue, position};
use super::limits;
use super::source::{LoadError, Position, SourceMap};

/// A parsed spec: its value, and where each node sits in the text.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document as JSON.
    pub root: Value,
    /// JSON pointer → position.
    pub map: SourceMap,
    /// Things a lenient reader accepted but a strict one would not (repeated keys).
    pub issues: Vec<LoadIssue>,
}

impl Document {
    /// Parses `text`, YAML or JSON, within the [`limits`](super::limits). A UTF-8 byte-order
    /// mark at the start is skipped; only the first document of a stream is read.
    pub fn parse(text: &str) -> Result<Self, LoadError> {
        if text.len() > limits::MAX_BYTES {
            return Err(limits::too_large(text.len()));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(LoadError {
                message: "the document is empty".into(),
                position: Some(Position { line: 1, column: 1 }),
            });
        }
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        // The parser's own `load` recurses once per nesting level; driving its events here
        // keeps the reading iterative and stops at the first limit reached.
        loop {
            let (event, mark) = parser.next_token().map_err(|error| LoadError {
                message: format!("not valid yaml: {}", error.info()),
                position: Some(position(*error.marker())),
            })?;
            match event {
                Event::StreamEnd | Event::DocumentEnd => break,
                event => builder.on_event(event, mark),
            }
            if let Some(message) = builder.error.take() {
                return Err(LoadError {
                    message,
                    position: builder.error_at,
                });
            }
            if builder.done.is_some() {
                break;
            }
        }
        let (root, node) = builder.done.ok_or_else(|| LoadError {
            message: "the document is empty".into(),
            position: Some(Position { line: 1, column: 1 }),
        })?;
        Ok(Self {
            root,
            map: SourceMap::new(node),
            issues: builder.issues,
        })
    }

    /// The position of `pointer`, or of its nearest ancestor the map knows.
    pub fn locate(&self, pointer: &str) -> Position {
        self.map.locate(pointer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_follow_the_core_schema() {
        let doc = Document::parse(
            "a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: -9223372036854776000\ng: 0x1F\nh: 2025-01-01\ni: .inf\n200: x\n",
        )
        .unwrap();
        assert_eq!(
            doc.root,
            json!({"a": 1, "b": "1", "c": true, "d": null, "e": 1.5, "f": -9223372036854776000.0, "g": 31, "h": "2025-01-01", "i": ".inf", "200": "x"})
        );
    }

    #[test]
    fn anchors_merges_and_repeated_keys() {
        let doc =
            Document::parse("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nk: 1\nk: 2\n").unwrap();
        assert_eq!(doc.root["use"], json!({"x": 1, "y": 3}));
        assert_eq!(doc.root["k"], json!(2));
        assert_eq!(doc.issues.len(), 1);
        assert_eq!(doc.issues[0].pointer, "/k");
        assert_eq!(doc.issues[0].position.line, 6);
    }

    #[test]
    fn positions_point_at_keys_and_items() {
        let text = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n";
        let doc = Document::parse(text).unwrap();
        let at = |p: &str| {
            let pos = doc.locate(p);
            (pos.line, pos.column)
        };
        assert_eq!(at("/openapi"), (1, 1));
        assert_eq!(at("/paths/~1a~1{id}/get"), (4, 5));
        assert_eq!(at("/paths/~1a~1{id}/get/parameters/0"), (6, 11));
        assert_eq!(at("/paths/~1a~1{id}/get/parameters/0/in"), (7, 11));
        assert_eq!(at("/paths/~1a~1{id}/get/parameters/0/nope"), (6, 11));
    }

    #[test]
    fn json_and_errors() {
        let doc = Document::parse("{\n\t\"a\": [1, {\"b\": null}]\n}").unwrap();
        assert_eq!(doc.root, json!({"a": [1, {"b": null}]}));
        let error = Document::parse("a: [1, 2\nb: 3").unwrap_err();
        assert!(error.message.starts_with("not valid yaml"), "{error}");
        assert!(error.position.is_some());
        assert!(Document::parse("  \n").is_err());
    }
}
