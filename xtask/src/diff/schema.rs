//! Comparing two schemas in a request or response direction (part of `cargo xtask diff`).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Differ, Direction, Impact, show};
use crate::spec::rules::resolve;
use crate::spec::source::escape;

impl Differ {
    pub(super) fn schema(
        &mut self,
        location: &str,
        old: &Value,
        new: &Value,
        at: &str,
        direction: Direction,
        depth: usize,
    ) {
        if depth > 24 {
            return;
        }
        let (old, _) = flatten(&self.old, old, "");
        let (new, resolved_at) = flatten(&self.new, new, at);
        // Point at the schema's own text (through references), not at where it is used.
        let at = resolved_at.as_str();
        // Equal text with references inside may still differ once they are followed.
        if old == new && !old.to_string().contains("\"$ref\"") {
            return;
        }
        let request = direction == Direction::Request;
        for key in ["type", "format"] {
            if old.get(key) != new.get(key) {
                self.push(
                    Impact::Breaking,
                    location,
                    format!(
                        "{key} changed from {} to {}",
                        show(old.get(key)),
                        show(new.get(key))
                    ),
                    at,
                    true,
                );
            }
        }
        let (old_null, new_null) = (is_nullable(&old), is_nullable(&new));
        if old_null != new_null {
            let breaking = if request { old_null } else { new_null };
            let impact = if breaking {
                Impact::Breaking
            } else {
                Impact::NonBreaking
            };
            self.push(
                impact,
                location,
                format!("nullable changed from {old_null} to {new_null}"),
                at,
                true,
            );
        }
        let values = |s: &Value| -> BTreeSet<String> {
            s.get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|v| v.to_string())
                .collect()
        };
        let (old_values, new_values) = (values(&old), values(&new));
        if !old_values.is_empty() || !new_values.is_empty() {
            for removed in old_values.difference(&new_values) {
                self.push(
                    Impact::Breaking,
                    location,
                    format!("enum value {removed} removed"),
                    at,
                    true,
                );
            }
            for added in new_values.difference(&old_values) {
                let why = if request {
                    ""
                } else {
                    " (clients keep unknown values)"
                };
                self.push(
                    Impact::NonBreaking,
                    location,
                    format!("enum value {added} added{why}"),
                    at,
                    true,
                );
            }
        }
        for (bound, narrows) in [("minimum", 1.0), ("maximum", -1.0)] {
            let (was, is) = (
                old.get(bound).and_then(Value::as_f64),
                new.get(bound).and_then(Value::as_f64),
            );
            if was == is {
                continue;
            }
            let narrowed = match (was, is) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(w), Some(i)) => (i - w) * narrows > 0.0,
                (None, None) => false,
            };
            let impact = if narrowed && request {
                Impact::Breaking
            } else {
                Impact::NonBreaking
            };
            let verb = if narrowed { "narrowed" } else { "widened" };
            self.push(
                impact,
                location,
                format!(
                    "{bound} {verb}: {} → {}",
                    show(old.get(bound)),
                    show(new.get(bound))
                ),
                at,
                true,
            );
        }
        self.properties(location, &old, &new, at, direction, depth);
        if let (Some(old_items), Some(new_items)) = (old.get("items"), new.get("items")) {
            self.schema(
                &format!("{location}[]"),
                old_items,
                new_items,
                &format!("{at}/items"),
                direction,
                depth + 1,
            );
        }
    }

    fn properties(
        &mut self,
        location: &str,
        old: &Value,
        new: &Value,
        at: &str,
        direction: Direction,
        depth: usize,
    ) {
        let empty = serde_json::Map::new();
        let old_props = old
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let new_props = new
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required_set = |s: &Value| -> BTreeSet<String> {
            s.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let (old_required, new_required) = (required_set(old), required_set(new));
        let request = direction == Direction::Request;
        let separator = if location.ends_with(']')
            || location.contains(" · response")
            || location.contains("request body")
        {
            " · "
        } else {
            "."
        };
        for (name, old_prop) in old_props {
            let field = format!("{location}{separator}{name}");
            let field_at = format!("{at}/properties/{}", escape(name));
            match new_props.get(name) {
                None => self.push(
                    Impact::Breaking,
                    &field,
                    "property removed".into(),
                    at,
                    true,
                ),
                Some(new_prop) => {
                    let (was, is) = (old_required.contains(name), new_required.contains(name));
                    if was && !is {
                        let impact = if request {
                            Impact::NonBreaking
                        } else {
                            Impact::Breaking
                        };
                        let why = if request {
                            ""
                        } else {
                            ": its generated type becomes Option<T>"
                        };
                        self.push(
                            impact,
                            &field,
                            format!("property became optional{why}"),
                            &field_at,
                            true,
                        );
                    } else if !was && is {
                        let why = if request {
                            ""
                        } else {
                            ": its generated type changes from Option<T> to T"
                        };
                        self.push(
                            Impact::Breaking,
                            &field,
                            format!("property became required{why}"),
                            &field_at,
                            true,
                        );
                    }
                    self.schema(&field, old_prop, new_prop, &field_at, direction, depth + 1);
                }
            }
        }
        for name in new_props.keys().filter(|n| !old_props.contains_key(*n)) {
            let field = format!("{location}{separator}{name}");
            let field_at = format!("{at}/properties/{}", escape(name));
            if request && new_required.contains(name) {
                self.push(
                    Impact::Breaking,
                    &field,
                    "required property added".into(),
                    &field_at,
                    true,
                );
            } else {
                self.push(
                    Impact::NonBreaking,
                    &field,
                    "property added".into(),
                    &field_at,
                    true,
                );
            }
        }
    }
}

/// A schema with `$ref`s followed and a single-member `allOf` (used to describe a `$ref`) merged,
/// with the pointer of the text it came from.
fn flatten(doc: &Value, schema: &Value, at: &str) -> (Value, String) {
    let (mut current, mut pointer) = resolve(doc, schema, at)
        .map(|(s, p)| (s.clone(), p))
        .unwrap_or((Value::Null, at.to_owned()));
    for _ in 0..8 {
        let single = current
            .get("allOf")
            .and_then(Value::as_array)
            .filter(|list| list.len() == 1)
            .cloned();
        let Some(list) = single else { break };
        let Some((inner, inner_pointer)) = resolve(doc, &list[0], &format!("{pointer}/allOf/0"))
        else {
            break;
        };
        let mut inner = inner.clone();
        if inner_pointer.starts_with("/components") && !pointer.starts_with("/components/schemas") {
            pointer = inner_pointer;
        }
        if let (Value::Object(inner_map), Value::Object(outer)) = (&mut inner, &current) {
            for (key, value) in outer {
                if key != "allOf" {
                    inner_map.insert(key.clone(), value.clone());
                }
            }
        }
        current = inner;
    }
    (current, pointer)
}

fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}
