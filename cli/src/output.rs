//! Output formatting: tables for people, JSON and NDJSON with the API's field names.

use std::io::{self, Write};

use passport_paas::types;

use crate::args::Output;

/// Columns of the token table.
const HEADER: [&str; 6] = [
    "TOKEN ID",
    "CREATED AT",
    "EXPIRES AT",
    "GRANT FLOW",
    "ROLES",
    "SCOPES",
];

fn row(token: &types::Token) -> [String; 6] {
    let text =
        |value: Option<&dyn ToString>| value.map(ToString::to_string).unwrap_or_else(|| "-".into());
    [
        token.token_id.to_string(),
        text(token.created_at.as_ref().map(|v| v as &dyn ToString)),
        text(token.expires_at.as_ref().map(|v| v as &dyn ToString)),
        text(token.grant_flow.as_ref().map(|v| v as &dyn ToString)),
        if token.roles.is_empty() {
            "-".into()
        } else {
            token.roles.join(",")
        },
        if token.scopes.is_empty() {
            "-".into()
        } else {
            token.scopes.join(",")
        },
    ]
}

/// Writes tokens as an aligned table.
pub fn table(out: &mut impl Write, tokens: &[types::Token]) -> io::Result<()> {
    let rows: Vec<[String; 6]> = tokens.iter().map(row).collect();
    let mut widths = HEADER.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = HEADER.map(String::from);
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

/// The pagination line under a one-page table.
pub fn page_footer(out: &mut impl Write, info: &types::PaginationInfo) -> io::Result<()> {
    writeln!(
        out,
        "\npage {} of {} · {} tokens in all · snapshot {}",
        info.current_page, info.total_pages, info.total_elements, info.first_request_timestamp
    )
}

/// Writes one serializable value in `format` (table is the caller's business).
pub fn json(out: &mut impl Write, value: &impl serde::Serialize, format: Output) -> io::Result<()> {
    let text = match format {
        Output::Ndjson => serde_json::to_string(value),
        _ => serde_json::to_string_pretty(value),
    }
    .map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

/// Writes tokens one JSON object per line.
pub fn ndjson(out: &mut impl Write, tokens: &[types::Token]) -> io::Result<()> {
    for token in tokens {
        json(out, token, Output::Ndjson)?;
    }
    Ok(())
}

/// An issued token, with the access token redacted unless `show_secret`.
pub fn issued_token(issued: &types::IssuedToken, show_secret: bool) -> serde_json::Value {
    let mut value = serde_json::to_value(issued).unwrap_or_default();
    if !show_secret && let Some(object) = value.as_object_mut() {
        object.insert(
            "access_token".into(),
            serde_json::Value::String("[REDACTED]".into()),
        );
    }
    value
}
