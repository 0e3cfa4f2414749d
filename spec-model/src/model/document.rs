//! YAML (or JSON) text → a JSON value and a source map, in one pass over the parser's events.
//!
//! One parser reads the spec everywhere (`yaml-rust2`'s event API), so the value every tool
//! sees and the `line:column` every diagnostic prints come from the same reading. Scalars are
//! resolved with the YAML 1.2 core schema; an integer beyond 64 bits becomes a float (it is
//! still valid YAML), anchors and aliases are expanded, `<<` merge keys are honoured, and a
//! repeated key is recorded as an issue (the later value wins, as in JSON).

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::source::{Position, SourceMap, SourceNode};

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

impl Document {
    /// Parses `text`, YAML or JSON.
    pub fn parse(text: &str) -> Result<Self, LoadError> {
        if text.trim().is_empty() {
            return Err(LoadError {
                message: "the document is empty".into(),
                position: None,
            });
        }
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        parser
            .load(&mut builder, false)
            .map_err(|error| LoadError {
                message: format!("not valid yaml: {}", error.info()),
                position: Some(position(*error.marker())),
            })?;
        if let Some(message) = builder.error {
            return Err(LoadError {
                message,
                position: builder.error_at,
            });
        }
        let (root, node) = builder.done.ok_or_else(|| LoadError {
            message: "the document is empty".into(),
            position: None,
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

fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

/// A collection being built.
enum Frame {
    Mapping {
        value: Map<String, Value>,
        node: SourceNode,
        anchor: usize,
        /// The key read, waiting for its value: (key, position of the key).
        key: Option<(String, Position)>,
        pointer: String,
        /// Keys copied in by a `<<` merge: a key written later replaces them silently.
        merged: Vec<String>,
    },
    Sequence {
        value: Vec<Value>,
        node: SourceNode,
        anchor: usize,
        pointer: String,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: std::collections::HashMap<usize, (Value, SourceNode)>,
    done: Option<(Value, SourceNode)>,
    issues: Vec<LoadIssue>,
    error: Option<String>,
    error_at: Option<Position>,
}

impl Builder {
    /// The pointer of the node that starts now.
    fn child_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Sequence { value, pointer, .. }) => format!("{pointer}/{}", value.len()),
            Some(Frame::Mapping { key, pointer, .. }) => match key {
                Some((key, _)) => format!("{pointer}/{}", escape(key)),
                None => pointer.clone(),
            },
        }
    }

    /// Whether the next scalar is a mapping key.
    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }))
    }

    /// Attaches a finished node to its parent (or makes it the document).
    fn attach(&mut self, value: Value, node: SourceNode, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), node.clone()));
        }
        match self.stack.last_mut() {
            None => {
                if self.done.is_none() {
                    self.done = Some((value, node));
                }
            }
            Some(Frame::Sequence {
                value: items,
                node: parent,
                ..
            }) => {
                items.push(value);
                parent.push_item(node);
            }
            Some(Frame::Mapping {
                value: members,
                node: parent,
                key,
                pointer,
                merged,
                ..
            }) => {
                let Some((key, at)) = key.take() else {
                    return;
                };
                if key == "<<" {
                    merged.extend(merge_into(members, parent, value, node));
                    return;
                }
                let node = node.at(at);
                if let Some(index) = merged.iter().position(|k| *k == key) {
                    merged.swap_remove(index);
                    members.shift_remove(&key);
                } else if members.contains_key(&key) {
                    self.issues.push(LoadIssue {
                        pointer: format!("{pointer}/{}", escape(&key)),
                        message: format!("the key {key:?} appears twice in one mapping"),
                        position: at,
                    });
                    members.shift_remove(&key);
                }
                parent.insert(&key, node);
                members.insert(key, value);
            }
        }
    }

    fn key_from(&mut self, value: &Value, at: Position) {
        let key = match value {
            Value::String(text) => text.clone(),
            Value::Null => "null".into(),
            other => other.to_string(),
        };
        if let Some(Frame::Mapping {
            key: slot, node, ..
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
}

/// `<<: *base` (or a list of them): copies the members the mapping does not have yet.
fn merge_into(
    members: &mut Map<String, Value>,
    parent: &mut SourceNode,
    value: Value,
    node: SourceNode,
) -> Vec<String> {
    let mut copied = Vec::new();
    let sources: Vec<(Value, SourceNode)> = match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(index, item)| (item, node.item(index).cloned().unwrap_or_default()))
            .collect(),
        other => vec![(other, node)],
    };
    for (source, source_node) in sources {
        if let Value::Object(object) = source {
            for (key, member) in object {
                if !members.contains_key(&key) {
                    if let Some(child) = source_node.member(&key) {
                        parent.insert(&key, child.clone());
                    }
                    copied.push(key.clone());
                    members.insert(key, member);
                }
            }
        }
    }
    copied
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let at = position(mark);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(&text, style, tag.as_ref());
                if self.expecting_key() {
                    self.key_from(&value, at);
                    return;
                }
                self.attach(value, SourceNode::leaf(at), anchor);
            }
            Event::Alias(anchor) => {
                let Some((value, node)) = self.anchors.get(&anchor).cloned() else {
                    self.fail("an alias names an unknown anchor".into(), at);
                    return;
                };
                if self.expecting_key() {
                    self.key_from(&value, at);
                    return;
                }
                self.attach(value, node.at(at), 0);
            }
            Event::MappingStart(anchor, _) => {
                if self.expecting_key() {
                    self.fail("a mapping cannot be a key of this document".into(), at);
                    return;
                }
                let pointer = self.child_pointer();
                self.stack.push(Frame::Mapping {
                    value: Map::new(),
                    node: SourceNode::mapping(at),
                    anchor,
                    key: None,
                    pointer,
                    merged: Vec::new(),
                });
            }
            Event::SequenceStart(anchor, _) => {
                if self.expecting_key() {
                    self.fail("a sequence cannot be a key of this document".into(), at);
                    return;
                }
                let pointer = self.child_pointer();
                self.stack.push(Frame::Sequence {
                    value: Vec::new(),
                    node: SourceNode::sequence(at),
                    anchor,
                    pointer,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Mapping {
                    value,
                    node,
                    anchor,
                    ..
                }) => self.attach(Value::Object(value), node, anchor),
                Some(Frame::Sequence {
                    value,
                    node,
                    anchor,
                    ..
                }) => self.attach(Value::Array(value), node, anchor),
                None => {}
            },
            _ => {}
        }
    }
}

/// Resolves one scalar: quoted ones are strings, plain ones follow the YAML 1.2 core schema.
fn scalar(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag
        && tag.handle == "tag:yaml.org,2002:"
    {
        return match tag.suffix.as_str() {
            "str" | "binary" | "timestamp" => Value::String(text.to_owned()),
            "null" => Value::Null,
            "bool" => core_bool(text).map_or_else(|| Value::String(text.to_owned()), Value::Bool),
            "int" | "float" => number(text).unwrap_or_else(|| Value::String(text.to_owned())),
            _ => plain(text),
        };
    }
    if style != TScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    plain(text)
}

fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    if let Some(flag) = core_bool(text) {
        return Value::Bool(flag);
    }
    number(text).unwrap_or_else(|| Value::String(text.to_owned()))
}

fn core_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A YAML 1.2 core-schema number, or `None` when the text is not one.
fn number(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits(unsigned) {
        if let Ok(value) = text.parse::<i64>() {
            return Some(Value::Number(value.into()));
        }
        if let Ok(value) = text.trim_start_matches('+').parse::<u64>() {
            return Some(Value::Number(value.into()));
        }
        // Beyond 64 bits: still a number, kept as the nearest float.
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16)
            .ok()
            .map(|v| Value::Number(v.into()));
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return u64::from_str_radix(octal, 8)
            .ok()
            .map(|v| Value::Number(v.into()));
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN" => {
            // Not representable in JSON: keep the text.
            return Some(Value::String(text.to_owned()));
        }
        _ => {}
    }
    let float_like = bytes.iter().any(u8::is_ascii_digit)
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && !unsigned.starts_with(['e', 'E']);
    if float_like {
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number);
    }
    None
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1")
    } else {
        segment.to_owned()
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
