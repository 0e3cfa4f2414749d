//! Printing answers: JSON and NDJSON with the API's field names, one field as plain text
//! (`--field`), and tables (see [`crate::table`]).
//!
//! Whatever came from a server is made inert before it reaches the terminal: JSON through
//! [`json_for_terminal`] (still the same JSON), plain text through [`printable`].

use std::io::{self, Write};

use passport_paas::{json_for_terminal, printable};
use passport_paas_spec::Resolver;
use serde_json::Value;

use crate::arguments::properties;
use crate::catalog::Command;
use crate::failure::Failure;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for people (`-o wide`: with every column).
    Table,
    /// One JSON document.
    Json,
    /// One JSON value per line.
    Ndjson,
}

impl Format {
    /// `--output`, or table on a terminal and JSON otherwise.
    pub fn choose(given: Option<&str>, terminal: bool) -> Self {
        match given {
            Some("table" | "wide") => Format::Table,
            Some("json") => Format::Json,
            Some("ndjson") => Format::Ndjson,
            _ if terminal => Format::Table,
            _ => Format::Json,
        }
    }
}

/// Writes `text` to stderr; a closed stderr is not worth failing for.
pub fn note(text: &str) {
    let _ = io::stderr().write_all(text.as_bytes());
}

/// Writes `text` to stdout, ignoring a reader that went away.
pub fn say(text: &str) {
    let _ = io::stdout().write_all(text.as_bytes());
}

/// Writes `value` as pretty JSON.
pub fn json(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    writeln!(out, "{}", json_for_terminal(&text))
}

/// Writes `value` as one line of JSON.
pub fn json_line(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let text = serde_json::to_string(value).map_err(io::Error::other)?;
    writeln!(out, "{}", json_for_terminal(&text))
}

/// The value at a dotted path (`amount.value`, `accounts.0.id`).
pub fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(value, |value, segment| match value {
            Value::Object(object) => object.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

/// A value as plain text: strings as they are (escaped), others as JSON.
pub fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => printable(text),
        Value::Null => String::new(),
        other => json_for_terminal(&other.to_string()),
    }
}

/// Writes one field of `value`; a field the answer lacks is the server's fault.
pub fn field(out: &mut impl Write, value: &Value, path: &str) -> Result<(), Failure> {
    let found = at(value, path)
        .ok_or_else(|| Failure::server(format!("the answer has no field `{}`", printable(path))))?;
    writeln!(out, "{}", plain(found))?;
    Ok(())
}

/// Whether `--field PATH` applies to each item of a list page rather than to the page.
pub fn field_per_item(command: &Command, path: &str) -> bool {
    let first = path.split('.').next().unwrap_or_default();
    command
        .listing
        .as_ref()
        .is_some_and(|l| first != l.items_property && first != l.info_property)
}

/// Checks, before sending, that `--field PATH` names something the answer can hold.
pub fn check_field(resolver: &Resolver<'_>, command: &Command, path: &str) -> Result<(), Failure> {
    let Some(response) = &command.response else {
        return Err(Failure::local(format!(
            "--field {}: {} answers with no body",
            printable(path),
            command.id
        )));
    };
    let mut schema = resolver.schema(response);
    if field_per_item(command, path)
        && let Some(items) = command.listing.as_ref().and_then(|listing| {
            let page = schema.get("properties")?.get(&listing.items_property)?;
            Some(resolver.schema(page.get("items")?))
        })
    {
        schema = items;
    }
    for segment in path.split('.') {
        match schema.get("type").and_then(Value::as_str) {
            Some("array") => {
                if segment.parse::<usize>().is_err() {
                    return Err(unknown(path, segment, &[]));
                }
                schema = resolver.schema(schema.get("items").unwrap_or(&Value::Null));
            }
            _ if schema.get("properties").is_some() => {
                let names: Vec<&String> = properties(&schema).map(|(name, _)| name).collect();
                let Some(inner) = schema.get("properties").and_then(|p| p.get(segment)) else {
                    let open = schema
                        .get("additionalProperties")
                        .is_some_and(|a| a != false);
                    if open {
                        return Ok(());
                    }
                    return Err(unknown(path, segment, &names));
                };
                schema = resolver.schema(inner);
            }
            // Nothing more is known: let the answer tell.
            _ => return Ok(()),
        }
    }
    Ok(())
}

fn unknown(path: &str, segment: &str, names: &[&String]) -> Failure {
    let known = if names.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
        format!(" (it has: {})", names.join(", "))
    };
    Failure::local(format!(
        "--field {}: the answer has no field `{}`{known}",
        printable(path),
        printable(segment)
    ))
}
