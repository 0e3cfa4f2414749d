//! The `paas` command-line surface as a function of the spec: one group per tag, one command
//! per operation, one argument per parameter and per simple body property, with the names
//! people type.
//!
//! This is pure computation (no clap): the `paas` binary builds its clap tree from it, and
//! `cargo xtask review` compares it between two specs without the generated client, so the two
//! can never disagree. Nothing here names an operation: the table is whatever the spec's
//! operation table says.

mod arguments;
mod kind;
pub mod naming;

use serde_json::Value;

pub use arguments::{
    Argument, Body, BodyField, HEADER_FLAGS, body, parameters, path_order, properties,
};
pub use kind::Kind;

use crate::{Operation, Spec};
use naming::{command_name, kebab};

/// Long flags every command has (global connection and output flags, and the per-command
/// ones the CLI adds); a parameter that would take one is renamed.
pub const RESERVED_FLAGS: &[&str] = &[
    "output",
    "base-url",
    "token",
    "accept-language",
    "mock",
    "mock-state",
    "timeout",
    "retries",
    "help",
    "version",
    "all",
    "prefetch",
    "field",
    "body",
    "yes",
];

/// Group names the CLI writes by hand.
pub const HAND_WRITTEN_GROUPS: &[&str] = &["auth", "mock", "help"];

/// `paas <group>`: one tag.
#[derive(Clone, Debug)]
pub struct Group {
    /// The command-line name (the tag, kebab-cased).
    pub name: String,
    /// The tag.
    pub tag: String,
    /// The tag's description, as written.
    pub description: Option<String>,
    /// Its commands, in document order.
    pub commands: Vec<Command>,
}

/// `paas <group> <command>`: one operation.
#[derive(Clone, Debug)]
pub struct Command {
    /// The command-line name.
    pub name: String,
    /// The `operationId`.
    pub operation_id: String,
    /// The operation's index in `spec.api.operations`.
    pub index: usize,
    /// Path parameters (positional, in path order), then the other parameters.
    pub arguments: Vec<Argument>,
    /// The request body's flags, when the operation takes one.
    pub body: Option<Body>,
}

/// One thing a command takes, flattened for comparison: `--page-size`, or `<ID>` for a
/// positional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// `--name` or `<NAME>`.
    pub name: String,
    /// The wire name (`page_params.page_size`) or body path (`amount.value`) it sets.
    pub sets: String,
    /// The kind of value ([`Kind::describe`]), `[]` appended when the flag repeats.
    pub kind: String,
    /// Whether the spec requires it.
    pub required: bool,
}

impl Command {
    /// Every argument and body flag, in order (global header flags left out).
    pub fn flags(&self) -> Vec<Flag> {
        let mut flags: Vec<Flag> = self
            .arguments
            .iter()
            .filter(|a| !a.global)
            .map(|argument| {
                let suffix = if argument.repeated { "[]" } else { "" };
                Flag {
                    name: match &argument.flag {
                        Some(flag) => format!("--{flag}"),
                        None => format!("<{}>", argument.wire.to_uppercase()),
                    },
                    sets: argument.wire.clone(),
                    kind: format!("{}{suffix}", argument.kind.describe()),
                    required: argument.required,
                }
            })
            .collect();
        for field in self.body.iter().flat_map(|body| &body.fields) {
            flags.push(Flag {
                name: format!("--{}", field.flag),
                sets: format!("body.{}", field.path.join(".")),
                kind: field.kind.describe(),
                required: field.required,
            });
        }
        flags
    }
}

/// The command surface of `spec`: one group per tag, in the spec's tag order (tags only
/// operations name come after), groups without operations left out.
pub fn surface(spec: &Spec) -> Vec<Group> {
    let resolver = spec.resolver();
    let mut tags: Vec<(String, Option<String>)> = spec
        .root()
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|tag| {
            let name = tag.get("name")?.as_str()?.to_owned();
            let about = tag.get("description").and_then(Value::as_str);
            Some((name, about.map(str::to_owned)))
        })
        .collect();
    for operation in &spec.api.operations {
        let tag = group_tag(operation);
        if !tags.iter().any(|(name, _)| *name == tag) {
            tags.push((tag, None));
        }
    }
    let mut taken: Vec<String> = HAND_WRITTEN_GROUPS.iter().map(|g| g.to_string()).collect();
    tags.into_iter()
        .filter_map(|(tag, description)| {
            let members: Vec<(usize, &Operation)> = spec
                .api
                .operations
                .iter()
                .enumerate()
                .filter(|(_, operation)| group_tag(operation) == tag)
                .collect();
            if members.is_empty() {
                return None;
            }
            let name = match kebab(&tag) {
                name if name.is_empty() => "other".to_owned(),
                name if HAND_WRITTEN_GROUPS.contains(&name.as_str()) => format!("{name}-api"),
                name => name,
            };
            let name = unique(name, &mut taken);
            let names = command_names(&members, &tag);
            let commands = members
                .iter()
                .zip(names)
                .map(|((index, operation), name)| {
                    let mut used: Vec<String> =
                        RESERVED_FLAGS.iter().map(|f| f.to_string()).collect();
                    let arguments = parameters(&resolver, operation, &mut used);
                    let body = body(&resolver, operation, &arguments, &mut used);
                    Command {
                        name,
                        operation_id: operation.id.clone(),
                        index: *index,
                        arguments,
                        body,
                    }
                })
                .collect();
            Some(Group {
                name,
                tag,
                description,
                commands,
            })
        })
        .collect()
}

/// The tag an operation is grouped under: its first, or `other`.
fn group_tag(operation: &Operation) -> String {
    operation
        .tags
        .first()
        .cloned()
        .unwrap_or_else(|| "other".into())
}

/// Command names of one group's operations: the id without the tag's words, or the whole
/// id kebab-cased where that would be empty, reserved or shared.
fn command_names(members: &[(usize, &Operation)], tag: &str) -> Vec<String> {
    let short: Vec<Option<String>> = members
        .iter()
        .map(|(_, operation)| command_name(&operation.id, tag).filter(|name| name != "help"))
        .collect();
    let mut taken = vec!["help".to_owned()];
    members
        .iter()
        .zip(&short)
        .map(|((index, operation), name)| {
            let name = match name {
                Some(name) if short.iter().flatten().filter(|n| *n == name).count() == 1 => {
                    name.clone()
                }
                _ => kebab(&operation.id),
            };
            let name = if name.is_empty() {
                format!("operation-{index}")
            } else {
                name
            };
            unique(name, &mut taken)
        })
        .collect()
}

/// `name`, or `name-2`, `name-3`, … when it is taken; marked taken.
fn unique(name: String, taken: &mut Vec<String>) -> String {
    let name = if taken.contains(&name) {
        (2..)
            .map(|n| format!("{name}-{n}"))
            .find(|candidate| !taken.contains(candidate))
            .unwrap_or(name)
    } else {
        name
    };
    taken.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
tags: [{name: payments, description: Money moving.}]
paths:
  /v1/payments/{payment_id}:
    post:
      operationId: confirmPayment
      tags: [payments]
      parameters:
        - {name: payment_id, in: path, required: true, schema: {type: string}}
        - {name: output, in: query, schema: {type: array, items: {type: integer}}}
        - {name: Accept-Language, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [amount]
              properties:
                amount:
                  type: object
                  required: [value]
                  properties:
                    value: {type: string}
                    currency: {type: string, enum: [COP, USD]}
                secret: {type: string, format: password}
      responses:
        '204': {description: done}
";

    #[test]
    fn flags_are_named_typed_and_required_as_paas_takes_them() {
        let spec = Spec::parse(SPEC).unwrap();
        let groups = surface(&spec);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].name, "payments");
        let command = &groups[0].commands[0];
        assert_eq!(command.name, "confirm");
        let flags: Vec<(String, String, String, bool)> = command
            .flags()
            .into_iter()
            .map(|f| (f.name, f.sets, f.kind, f.required))
            .collect();
        let flag = |name: &str, sets: &str, kind: &str, required: bool| {
            (name.to_owned(), sets.to_owned(), kind.to_owned(), required)
        };
        assert_eq!(
            flags,
            [
                flag("<PAYMENT_ID>", "payment_id", "string", true),
                // `--output` is paas's own flag: the parameter's falls back.
                flag("--param-output", "output", "integer[]", false),
                flag("--amount-value", "body.amount.value", "string", true),
                flag(
                    "--amount-currency",
                    "body.amount.currency",
                    "enum(COP|USD)",
                    false
                ),
            ]
        );
    }
}
