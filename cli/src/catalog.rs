//! The command table, derived from the spec at run time: one group per tag, one command per
//! operation, one argument per parameter and per simple body property.
//!
//! Nothing here names an operation: the table is whatever the spec's operation table says,
//! so an operation added to the spec is a `paas` command on the next build with no Rust edit.
//! The tests walk the same table to exercise every command.

use passport_paas_spec::prose::reader_text;
use passport_paas_spec::{Operation, Resolver, Spec};
use serde_json::Value;

pub use crate::arguments::{Argument, BodyField, BodySpec, path_order, properties};
use crate::naming::{command_name, first_paragraph, kebab};
use crate::values::Kind;

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

/// The spec's operations as commands.
pub struct Catalog {
    /// The spec the table is derived from.
    pub spec: Spec,
    /// One group per tag, in the spec's tag order.
    pub groups: Vec<Group>,
}

/// `paas <group>`.
pub struct Group {
    /// The command-line name (the tag, kebab-cased).
    pub name: String,
    /// The tag's description, first paragraph.
    pub about: Option<String>,
    /// Its commands, in document order.
    pub commands: Vec<Command>,
}

/// `paas <group> <command>`: one operation.
pub struct Command {
    /// The command-line name.
    pub name: String,
    /// The operation's index in `spec.api.operations`.
    pub index: usize,
    /// The `operationId`.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// One line for the group's listing.
    pub about: String,
    /// Summary, description, method and path.
    pub long_about: String,
    /// Path parameters (positional, in path order), then the other parameters.
    pub arguments: Vec<Argument>,
    /// The request body, when the operation takes one.
    pub body: Option<BodySpec>,
    /// How a page lists its items, for paginated lists.
    pub listing: Option<Listing>,
    /// The success response's schema as written.
    pub response: Option<Value>,
}

/// A paginated list's page shape.
pub struct Listing {
    /// The property holding the items.
    pub items_property: String,
    /// The property holding the pagination state.
    pub info_property: String,
    /// The page-number parameter (`--all` walks it).
    pub page_number: String,
    /// Table columns: the item's scalar properties, nested objects flattened one level.
    pub columns: Vec<String>,
}

impl Catalog {
    /// The table of the spec the library was generated from.
    pub fn load() -> Result<Self, String> {
        let spec = Spec::parse(passport_paas::SPEC_YAML).map_err(|e| e.to_string())?;
        Ok(Self::new(spec))
    }

    /// The table of `spec`.
    pub fn new(spec: Spec) -> Self {
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
                Some((name, about.map(|text| first_paragraph(&reader_text(text)))))
            })
            .collect();
        for operation in &spec.api.operations {
            let tag = group_tag(operation);
            if !tags.iter().any(|(name, _)| *name == tag) {
                tags.push((tag, None));
            }
        }
        let mut taken: Vec<String> = HAND_WRITTEN_GROUPS.iter().map(|g| g.to_string()).collect();
        let groups = tags
            .into_iter()
            .filter_map(|(tag, about)| {
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
                    .map(|((index, operation), name)| command(&resolver, *index, operation, name))
                    .collect();
                Some(Group {
                    name,
                    about,
                    commands,
                })
            })
            .collect();
        Self { spec, groups }
    }

    /// The command `paas <group> <name>`.
    pub fn find(&self, group: &str, name: &str) -> Option<&Command> {
        let group = self.groups.iter().find(|g| g.name == group)?;
        group.commands.iter().find(|c| c.name == name)
    }

    /// The operation behind a command.
    pub fn operation(&self, command: &Command) -> &Operation {
        &self.spec.api.operations[command.index]
    }
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

fn command(resolver: &Resolver<'_>, index: usize, operation: &Operation, name: String) -> Command {
    let method = operation.method.to_uppercase();
    let summary = operation
        .summary
        .as_deref()
        .map_or_else(|| operation.id.clone(), reader_text);
    let deprecated = if operation.deprecated {
        "[deprecated] "
    } else {
        ""
    };
    let mut long_about = format!("{deprecated}{summary}\n\n{method} {}", operation.path);
    if let Some(description) = &operation.description {
        long_about.push_str("\n\n");
        long_about.push_str(reader_text(description).trim());
    }
    let mut used: Vec<String> = RESERVED_FLAGS.iter().map(|f| f.to_string()).collect();
    let arguments = crate::arguments::parameters(resolver, operation, &mut used);
    let body = crate::arguments::body(resolver, operation, &arguments, &mut used);
    let listing = operation.pagination.as_ref().map(|pagination| Listing {
        items_property: pagination.items_property.clone(),
        info_property: pagination.info_property.clone(),
        page_number: pagination.page_number.clone(),
        columns: columns(resolver, &pagination.item_schema),
    });
    let response = operation
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .find_map(|r| r.content.as_ref())
        .map(|content| content.schema.clone());
    Command {
        name,
        index,
        id: operation.id.clone(),
        method,
        about: format!("{deprecated}{summary}"),
        long_about,
        arguments,
        body,
        listing,
        response,
    }
}

/// The table columns of an item schema.
fn columns(resolver: &Resolver<'_>, item: &Value) -> Vec<String> {
    let mut columns = Vec::new();
    let item = resolver.schema(item);
    for (name, property) in properties(&item) {
        let property = resolver.schema(property);
        if is_scalar(resolver, &property) {
            columns.push(name.clone());
            continue;
        }
        for (inner, schema) in properties(&property) {
            if is_scalar(resolver, &resolver.schema(schema)) {
                columns.push(format!("{name}.{inner}"));
            }
        }
    }
    columns
}

/// A string, number, boolean or enum, or an array of those.
fn is_scalar(resolver: &Resolver<'_>, schema: &Value) -> bool {
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => schema
            .get("items")
            .is_some_and(|items| Kind::of(&resolver.schema(items)).is_simple()),
        _ => Kind::of(schema).is_simple(),
    }
}
