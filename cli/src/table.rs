//! Tables for people: one row per item of a list (the columns [`crate::columns`] picks),
//! key/value rows for one object, and a footer with the pagination state. Laid out by
//! comfy-table: widths are display widths (wide and combining characters line up), a table
//! fits the terminal's width, and a cell too long for its column is cut to one line with `…`.
//! Every cell is escaped: a server's text cannot steer the terminal.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Row, Table, presets};
use passport_paas::printable;
use passport_paas_spec::PageFields;
use serde_json::Value;

use crate::columns::Layout;
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

/// Writes rows under a header, fitted to the layout's width, one line per row.
fn aligned(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
    layout: &Layout,
) -> io::Result<()> {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    table.set_truncation_indicator("…");
    // `-o wide` is as wide as its columns: wrapping every header to fit would help nobody.
    match layout.width.filter(|_| !layout.wide) {
        Some(width) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(header.iter().map(String::as_str));
    for cells in rows {
        let mut row = Row::from(cells.iter().map(String::as_str));
        row.max_height(1);
        table.add_row(row);
    }
    for line in table.lines() {
        // The preset pads every cell by one space a side; the table starts at the margin.
        let line = line.strip_prefix(' ').unwrap_or(&line);
        writeln!(out, "{}", line.trim_end())?;
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

/// Writes items, one row each; `columns` are all the item schema's (dotted paths).
pub fn items(
    out: &mut impl Write,
    columns: &[String],
    items: &[Value],
    layout: &Layout,
) -> io::Result<()> {
    let found;
    let all = if columns.is_empty() {
        found = columns_of(items);
        &found
    } else {
        columns
    };
    let columns = layout.pick(all, items, at);
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
    aligned(out, &header, &rows, layout)
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
pub fn object(out: &mut impl Write, value: &Value, layout: &Layout) -> io::Result<()> {
    if !value.is_object() {
        return writeln!(out, "{}", cell(Some(value)));
    }
    let mut rows = Vec::new();
    flatten("", value, &mut rows);
    let header = vec!["FIELD".to_owned(), "VALUE".to_owned()];
    aligned(out, &header, &rows, layout)
}

/// The footer under one page: `page 2 of 5 · 47 in all · snapshot …`.
pub fn footer(out: &mut impl Write, info: Option<&Value>, fields: &PageFields) -> io::Result<()> {
    let Some(info) = info else {
        return Ok(());
    };
    let number = |key: &str| info.get(key).map_or_else(|| "?".into(), |v| cell(Some(v)));
    let mut line = format!(
        "page {} of {}",
        number(&fields.current_page),
        number(&fields.total_pages)
    );
    if let Some(total) = &fields.total_elements
        && info.get(total).is_some()
    {
        line.push_str(&format!(" · {} in all", number(total)));
    }
    if let Some(snapshot) = fields.snapshot.as_ref().and_then(|name| info.get(name)) {
        line.push_str(&format!(" · snapshot {}", cell(Some(snapshot))));
    }
    writeln!(out, "\n{line}")
}
