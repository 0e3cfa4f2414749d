//! Tables for people: one row per item of a list (columns from the item schema's scalar
//! properties, nested objects flattened one level), key/value rows for one object, and a
//! footer with the pagination state. Every cell is escaped: a server's text cannot steer
//! the terminal.

use std::io::{self, Write};

use passport_paas::printable;
use serde_json::Value;

use crate::output::{at, plain};

/// The text of one cell.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "-".into(),
        Some(Value::Array(items)) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let parts: Vec<String> = items.iter().map(plain).collect();
            if parts.is_empty() {
                "-".into()
            } else {
                parts.join(",")
            }
        }
        Some(value) => plain(value),
    }
}

/// Whether a value shows as more than `-`.
fn filled(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Array(items)) => !items.is_empty(),
        Some(_) => true,
    }
}

/// Writes rows aligned under a header.
fn aligned(out: &mut impl Write, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

/// The columns of items that have no schema: their top-level keys, in first-seen order.
fn columns_of(items: &[Value]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for item in items {
        for key in item.as_object().into_iter().flat_map(|o| o.keys()) {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    columns
}

/// Writes items, one row each.
pub fn items(out: &mut impl Write, columns: &[String], items: &[Value]) -> io::Result<()> {
    let found;
    let columns = if columns.is_empty() {
        found = columns_of(items);
        &found
    } else {
        columns
    };
    // A column no item fills only makes the table wider.
    let columns: Vec<&String> = columns
        .iter()
        .filter(|column| items.is_empty() || items.iter().any(|item| filled(at(item, column))))
        .collect();
    let header: Vec<String> = columns
        .iter()
        .map(|c| printable(&c.to_uppercase()))
        .collect();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            columns
                .iter()
                .map(|column| cell(at(item, column)))
                .collect()
        })
        .collect();
    aligned(out, &header, &rows)
}

/// Flattens an object into (dotted key, value) rows.
fn flatten(prefix: &str, value: &Value, rows: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            for (key, inner) in object {
                let key = if prefix.is_empty() {
                    printable(key)
                } else {
                    format!("{prefix}.{}", printable(key))
                };
                flatten(&key, inner, rows);
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            for (index, inner) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{index}"), inner, rows);
            }
        }
        other => rows.push(vec![prefix.to_owned(), cell(Some(other))]),
    }
}

/// Writes one object as key/value rows.
pub fn object(out: &mut impl Write, value: &Value) -> io::Result<()> {
    if !value.is_object() {
        return writeln!(out, "{}", cell(Some(value)));
    }
    let mut rows = Vec::new();
    flatten("", value, &mut rows);
    let header = vec!["FIELD".to_owned(), "VALUE".to_owned()];
    aligned(out, &header, &rows)
}

/// The footer under one page: `page 2 of 5 · 47 in all · snapshot …`.
pub fn footer(out: &mut impl Write, info: Option<&Value>) -> io::Result<()> {
    let Some(info) = info else {
        return Ok(());
    };
    let number = |key: &str| info.get(key).map_or_else(|| "?".into(), |v| cell(Some(v)));
    let mut line = format!(
        "page {} of {}",
        number("current_page"),
        number("total_pages")
    );
    if info.get("total_elements").is_some() {
        line.push_str(&format!(" · {} in all", number("total_elements")));
    }
    if let Some(snapshot) = info.get("first_request_timestamp") {
        let text = match (snapshot.get("seconds"), snapshot.get("nanos")) {
            (Some(seconds), nanos) => format!(
                "{}.{:09}",
                cell(Some(seconds)),
                nanos.and_then(Value::as_u64).unwrap_or(0)
            ),
            _ => cell(Some(snapshot)),
        };
        line.push_str(&format!(" · snapshot {text}"));
    }
    writeln!(out, "\n{line}")
}
