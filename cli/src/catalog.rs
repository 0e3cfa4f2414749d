//! The command table, derived from the spec at run time: one group per tag, one command per
//! operation, one argument per parameter and per simple body property.
//!
//! Nothing here names an operation: the table is whatever the spec's operation table says,
//! so an operation added to the spec is a `paas` command on the next build with no Rust edit.
//! The tests walk the same table to exercise every command.

use passport_paas_spec::prose::reader_text;
use passport_paas_spec::surface;
use passport_paas_spec::{Operation, Resolver, Spec};
use serde_json::Value;

pub use crate::arguments::{Argument, BodyField, BodySpec, path_order, properties};
use crate::naming::first_paragraph;
use crate::values::Kind;
pub use passport_paas_spec::surface::{HAND_WRITTEN_GROUPS, RESERVED_FLAGS};

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
    /// The wire names inside the pagination state.
    pub fields: passport_paas_spec::PageFields,
    /// Table columns: the item's scalar properties, nested objects flattened one level.
    pub columns: Vec<String>,
}

impl Catalog {
    /// The table of the spec the library was generated from.
    pub fn load() -> Result<Self, String> {
        let spec = Spec::parse(passport_paas::SPEC_YAML).map_err(|e| e.to_string())?;
        Ok(Self::new(spec))
    }

    /// The table of `spec`: the spec model's [`surface::surface`] with help texts, listings
    /// and response schemas.
    pub fn new(spec: Spec) -> Self {
        let resolver = spec.resolver();
        let groups = surface::surface(&spec)
            .into_iter()
            .map(|group| Group {
                name: group.name,
                about: group
                    .description
                    .map(|text| first_paragraph(&reader_text(&text))),
                commands: group
                    .commands
                    .into_iter()
                    .map(|command| {
                        let operation = &spec.api.operations[command.index];
                        catalog_command(&resolver, operation, command)
                    })
                    .collect(),
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

/// The surface's command of `operation` with its texts, listing and response schema.
fn catalog_command(
    resolver: &Resolver<'_>,
    operation: &Operation,
    command: surface::Command,
) -> Command {
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
    let arguments = crate::arguments::parameters(operation, command.arguments);
    let body = crate::arguments::body(operation, command.body);
    let listing = operation.pagination.as_ref().map(|pagination| Listing {
        items_property: pagination.items_property.clone(),
        info_property: pagination.info_property.clone(),
        page_number: pagination.page_number.clone(),
        fields: pagination.info.clone(),
        columns: columns(resolver, &pagination.item_schema),
    });
    let response = operation
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .find_map(|r| r.content.as_ref())
        .map(|content| content.schema.clone());
    Command {
        name: command.name,
        index: command.index,
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
