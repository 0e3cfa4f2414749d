//! Matching operations across the two documents and the changes of an operation as a whole:
//! added, removed (judged by deprecation and sunset), renamed (operationId → method name).
//!
//! Operations are matched by method and path template with parameter names normalised
//! (`/books/{bookId}` and `/books/{id}` are the same wire path).

use std::collections::BTreeMap;

use passport_paas_spec::{Operation, Spec};
use serde_json::Value;

use super::lifecycle::{removal, stability};

use super::{Differ, Found, Side, Verdict};

/// `GET /books/{}`: the wire identity of an operation.
pub(crate) fn wire_key(operation: &Operation) -> (String, String) {
    let mut path = String::new();
    let mut inside = false;
    for ch in operation.path.chars() {
        match ch {
            '{' => {
                inside = true;
                path.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => path.push(ch),
        }
    }
    (path, operation.method.clone())
}

fn index(spec: &Spec) -> BTreeMap<(String, String), usize> {
    spec.api
        .operations
        .iter()
        .enumerate()
        .map(|(position, operation)| (wire_key(operation), position))
        .collect()
}

/// Why an operation's changes break nobody: its base's level is below `beta`.
fn exemption(node: &Value) -> Option<String> {
    let level = stability(node).ok()?;
    (!level.promises())
        .then(|| format!("x-stability-level {level:?} promises nothing").to_lowercase())
}

pub(crate) fn title(operation: &Operation) -> String {
    format!("{} {}", operation.method.to_uppercase(), operation.path)
}

impl<'a> Differ<'a> {
    pub(super) fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        let old_index = index(old);
        let new_index = index(new);
        // Document order of the new spec, then removed operations in the old one's order.
        for new_op in &new.api.operations {
            self.operation = title(new_op);
            match old_index.get(&wire_key(new_op)) {
                Some(&old_position) => {
                    self.operation_changes(&old.api.operations[old_position], new_op);
                }
                None => self.push(Found {
                    kind: "operation-added",
                    location: String::new(),
                    message: format!("operation added (method `{}`)", new_op.rust_name),
                    wire: Verdict::Compatible,
                    rust: Verdict::Compatible,
                    rust_note: None,
                    side: Side::New,
                    pointer: new_op.pointer.clone(),
                }),
            }
        }
        for old_op in &old.api.operations {
            if new_index.contains_key(&wire_key(old_op)) {
                continue;
            }
            self.operation = title(old_op);
            self.removed(old_op);
        }
    }

    /// An operation gone: breaking unless deprecated and past its sunset, or never promised.
    fn removed(&mut self, old_op: &'a Operation) {
        let node = self
            .old
            .root()
            .pointer(&old_op.pointer)
            .unwrap_or(&Value::Null);
        let (kind, message, wire) = removal(node, old_op.deprecated, self.today, "operation");
        self.exempt = exemption(node);
        self.push(Found {
            kind: if kind.is_empty() {
                "operation-removed"
            } else {
                kind
            },
            location: String::new(),
            message,
            wire: Verdict::from(wire),
            rust: Verdict::Breaking,
            rust_note: Some(format!("method `Client::{}` is gone", old_op.rust_name)),
            side: Side::Old,
            pointer: old_op.pointer.clone(),
        });
        self.exempt = None;
    }

    fn operation_changes(&mut self, old: &'a Operation, new: &'a Operation) {
        if old.rust_name != new.rust_name || old.id != new.id {
            let rust_note = (old.rust_name != new.rust_name).then(|| {
                format!(
                    "method `Client::{}` is renamed `{}` (builder `{}` → `{}`)",
                    old.rust_name, new.rust_name, old.type_name, new.type_name
                )
            });
            self.push(Found {
                kind: "operation-id-changed",
                location: String::new(),
                message: format!("operationId changed from {:?} to {:?}", old.id, new.id),
                wire: Verdict::Compatible,
                rust: Verdict::Breaking,
                rust_note,
                side: Side::New,
                pointer: format!("{}/operationId", new.pointer),
            });
        }
        if old.path != new.path {
            self.push(Found {
                kind: "path-template-renamed",
                location: String::new(),
                message: format!(
                    "path template renamed from {} to {} (same wire path)",
                    old.path, new.path
                ),
                wire: Verdict::Compatible,
                rust: Verdict::Compatible,
                rust_note: None,
                side: Side::New,
                pointer: new.pointer.clone(),
            });
        }
        let node = |spec: &'a Spec, at: &str| spec.root().pointer(at).unwrap_or(&Value::Null);
        let (old_node, new_node) = (node(self.old, &old.pointer), node(self.new, &new.pointer));
        self.lifecycle((old_node, &old.pointer), (new_node, &new.pointer));
        self.exempt = exemption(old_node);
        self.parameters(old, new);
        self.request_body(old, new);
        self.responses(old, new);
        self.exempt = None;
    }
}
