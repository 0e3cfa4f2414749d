//! Comparing an operation's parameters (part of `cargo xtask diff`).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Differ, Direction, Impact, show};
use crate::spec::rules::resolve;

impl Differ {
    pub(super) fn parameters(&mut self, name: &str, old_pointer: &str, new_pointer: &str) {
        let old_params = parameters(&self.old, old_pointer);
        let new_params = parameters(&self.new, new_pointer);
        for (key, (old_param, at)) in &old_params {
            let location = format!("{name} · {} parameter `{}`", key.0, key.1);
            match new_params.get(key) {
                None => self.push(
                    Impact::Breaking,
                    &location,
                    "parameter removed".into(),
                    at,
                    false,
                ),
                Some((new_param, new_at)) => {
                    let (was, is) = (required(old_param), required(new_param));
                    if !was && is {
                        self.push(
                            Impact::Breaking,
                            &location,
                            "parameter became required".into(),
                            new_at,
                            true,
                        );
                    } else if was && !is {
                        self.push(
                            Impact::NonBreaking,
                            &location,
                            "parameter became optional".into(),
                            new_at,
                            true,
                        );
                    }
                    let (old_schema, new_schema) = (
                        old_param.get("schema").cloned().unwrap_or(Value::Null),
                        new_param.get("schema").cloned().unwrap_or(Value::Null),
                    );
                    self.schema(
                        &location,
                        &old_schema,
                        &new_schema,
                        &format!("{new_at}/schema"),
                        Direction::Request,
                        0,
                    );
                }
            }
        }
        for (key, (new_param, at)) in &new_params {
            if !old_params.contains_key(key) {
                let location = format!("{name} · {} parameter `{}`", key.0, key.1);
                if required(new_param) {
                    self.push(
                        Impact::Breaking,
                        &location,
                        "required parameter added".into(),
                        at,
                        true,
                    );
                } else {
                    self.push(
                        Impact::NonBreaking,
                        &location,
                        "optional parameter added".into(),
                        at,
                        true,
                    );
                }
            }
        }
    }
}

/// Parameters of an operation (path-level merged under operation-level) by (in, name).
fn parameters(doc: &Value, operation_pointer: &str) -> BTreeMap<(String, String), (Value, String)> {
    let mut found = BTreeMap::new();
    let item_pointer = operation_pointer
        .rsplit_once('/')
        .map(|(p, _)| p)
        .unwrap_or_default();
    for base in [item_pointer, operation_pointer] {
        let list = doc
            .pointer(&format!("{base}/parameters"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (index, parameter) in list.iter().enumerate() {
            let at = format!("{base}/parameters/{index}");
            if let Some((parameter, _)) = resolve(doc, parameter, &at) {
                let key = (
                    show(parameter.get("in")).trim_matches('"').to_owned(),
                    show(parameter.get("name")).trim_matches('"').to_owned(),
                );
                found.insert(key, (parameter.clone(), at));
            }
        }
    }
    found
}

pub(super) fn required(value: &Value) -> bool {
    value.get("required") == Some(&Value::Bool(true))
}
