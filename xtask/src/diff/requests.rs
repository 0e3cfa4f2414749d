//! What a request sends: parameters (matched by location and name, path parameters by their
//! place in the template; a deprecated one may go after its `x-sunset`) and the request body,
//! compared per media type.

use std::collections::BTreeMap;

use passport_paas_spec::{Location, Operation, Parameter};
use serde_json::Value;

use super::lifecycle::{Subject, removal};
use super::schema::{Ctx, Direction};
use super::{Differ, Found, Side, Verdict};

/// How a parameter is matched: path parameters by position, others by name.
fn key(operation: &Operation, parameter: &Parameter) -> (Location, String) {
    if parameter.location == Location::Path {
        let position = operation.path.split('{').skip(1).position(|part| {
            part.split_once('}')
                .is_some_and(|(name, _)| name == parameter.name)
        });
        if let Some(position) = position {
            return (Location::Path, format!("#{position}"));
        }
    }
    let name = match parameter.location {
        Location::Header => parameter.name.to_ascii_lowercase(),
        _ => parameter.name.clone(),
    };
    (parameter.location, name)
}

fn place(parameter: &Parameter) -> String {
    format!(
        "{} parameter `{}`",
        parameter.location.as_str(),
        parameter.name
    )
}

impl<'a> Differ<'a> {
    pub(super) fn parameters(&mut self, old: &'a Operation, new: &'a Operation) {
        let old_params: BTreeMap<_, _> = old.parameters.iter().map(|p| (key(old, p), p)).collect();
        let new_params: BTreeMap<_, _> = new.parameters.iter().map(|p| (key(new, p), p)).collect();
        for (key, was) in &old_params {
            let Some(is) = new_params.get(key) else {
                let node = self.old.root().pointer(&self.old_target(&was.pointer));
                let (kind, message, breaks) = removal(
                    node.unwrap_or(&Value::Null),
                    was.deprecated,
                    self.today,
                    "parameter",
                );
                let mut change = Found::new(
                    if kind.is_empty() {
                        "parameter-removed"
                    } else {
                        kind
                    },
                    place(was),
                    message,
                    breaks,
                    Side::Old,
                    was.pointer.clone(),
                );
                change.rust = Verdict::Breaking;
                change.rust_note = Some(format!("builder setter `.{}()` is gone", was.rust_name));
                self.push(change);
                continue;
            };
            self.parameter(was, is);
        }
        for (key, is) in &new_params {
            if old_params.contains_key(key) {
                continue;
            }
            let (kind, message) = if is.required {
                (
                    "required-parameter-added",
                    "required parameter added: existing calls do not send it",
                )
            } else {
                ("optional-parameter-added", "optional parameter added")
            };
            self.push(Found::new(
                kind,
                place(is),
                message.into(),
                is.required,
                Side::New,
                is.pointer.clone(),
            ));
        }
    }

    fn parameter(&mut self, was: &'a Parameter, is: &'a Parameter) {
        let location = place(is);
        let (old_at, new_at) = (self.old_target(&was.pointer), self.new_target(&is.pointer));
        if let (Some(old_node), Some(new_node)) = (
            self.old.root().pointer(&old_at),
            self.new.root().pointer(&new_at),
        ) {
            let subject = Subject {
                what: "parameter",
                location: location.clone(),
            };
            self.deprecation(&subject, (old_node, &old_at), (new_node, &new_at));
        }
        if was.name != is.name {
            self.parameter_renamed(&location, was, is);
        }
        if was.required != is.required {
            let (kind, message) = if is.required {
                ("parameter-became-required", "parameter became required")
            } else {
                ("parameter-became-optional", "parameter became optional")
            };
            self.push(Found::new(
                kind,
                location.clone(),
                message.into(),
                is.required,
                Side::New,
                is.pointer.clone(),
            ));
        }
        if !is.required {
            self.parameter_default_changed(&location, was, is);
        }
        let ctx = Ctx {
            location,
            direction: Direction::Request,
            rust: true,
            strong: false,
            inert: None,
        };
        let (old_at, new_at) = (
            format!("{}/schema", self.old_target(&was.pointer)),
            format!("{}/schema", self.new_target(&is.pointer)),
        );
        self.schema(&ctx, &was.schema, &old_at, &is.schema, &new_at, 0);
    }

    /// A path parameter renamed: nothing on the wire, maybe the builder setter.
    fn parameter_renamed(&mut self, location: &str, was: &Parameter, is: &Parameter) {
        let mut change = Found::new(
            "path-parameter-renamed",
            location.to_owned(),
            format!(
                "path parameter renamed from `{}` to `{}` (names do not travel)",
                was.name, is.name
            ),
            false,
            Side::New,
            is.pointer.clone(),
        );
        if was.rust_name != is.rust_name {
            change.rust = Verdict::Breaking;
            change.rust_note = Some(format!(
                "builder setter `.{}()` is renamed `.{}()`",
                was.rust_name, is.rust_name
            ));
        }
        self.push(change);
    }

    /// The default of an optional parameter changed: calls that omit it mean something else.
    fn parameter_default_changed(&mut self, location: &str, was: &Parameter, is: &Parameter) {
        let old_default = self.old.resolver().effective(&was.schema).get("default");
        let new_default = self.new.resolver().effective(&is.schema).get("default");
        if old_default != new_default {
            let show = |v: Option<&Value>| v.map_or_else(|| "none".to_owned(), Value::to_string);
            self.push(Found::new(
                "parameter-default-changed",
                location.to_owned(),
                format!(
                    "default of an optional parameter changed from {} to {}: calls that omit it mean something else",
                    show(old_default),
                    show(new_default)
                ),
                true,
                Side::New,
                format!("{}/schema", self.new_target(&is.pointer)),
            ));
        }
    }

    /// The pointer a parameter or response reference ends at, in the new document.
    pub(super) fn new_target(&self, pointer: &str) -> String {
        target(self.new, pointer)
    }

    /// The same in the old document.
    pub(super) fn old_target(&self, pointer: &str) -> String {
        target(self.old, pointer)
    }

    pub(super) fn request_body(&mut self, old: &'a Operation, new: &'a Operation) {
        let body = |spec: &'a passport_paas_spec::Spec, operation: &Operation| {
            let at = format!("{}/requestBody", operation.pointer);
            let value = spec.root().pointer(&at)?;
            spec.resolver().follow_at(value, &at).ok()
        };
        let location = "request body".to_owned();
        match (body(self.old, old), body(self.new, new)) {
            (None, None) => {}
            (None, Some((is, at))) => {
                let required = is.get("required") == Some(&Value::Bool(true));
                let (kind, message) = if required {
                    (
                        "required-body-added",
                        "required request body added: existing calls do not send it",
                    )
                } else {
                    ("optional-body-added", "optional request body added")
                };
                self.push(Found::new(
                    kind,
                    location,
                    message.into(),
                    required,
                    Side::New,
                    at,
                ));
            }
            (Some((_, at)), None) => {
                let mut change = Found::new(
                    "body-removed",
                    location,
                    "request body removed".into(),
                    false,
                    Side::Old,
                    at,
                );
                change.rust = Verdict::Breaking;
                change.rust_note =
                    Some("builder setters `.body()` and `.body_map()` are gone".into());
                self.push(change);
            }
            (Some((was, old_at)), Some((is, new_at))) => {
                let required = |b: &Value| b.get("required") == Some(&Value::Bool(true));
                if required(was) != required(is) {
                    let (kind, message) = if required(is) {
                        ("body-became-required", "request body became required")
                    } else {
                        ("body-became-optional", "request body became optional")
                    };
                    self.push(Found::new(
                        kind,
                        location.clone(),
                        message.into(),
                        required(is),
                        Side::New,
                        new_at.clone(),
                    ));
                }
                self.contents(&location, Direction::Request, (was, &old_at), (is, &new_at));
            }
        }
    }
}

fn target(spec: &passport_paas_spec::Spec, pointer: &str) -> String {
    spec.root()
        .pointer(pointer)
        .and_then(|value| spec.resolver().follow_at(value, pointer).ok())
        .map_or_else(|| pointer.to_owned(), |(_, at)| at)
}
