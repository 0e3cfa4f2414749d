//! Running one operation command: input checked, connection chosen, one call or a walk of
//! every page (`--all`), the answer printed in the chosen format.

use std::io::{self, IsTerminal, Write};

use clap::ArgMatches;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use passport_paas::dynamic::{self, Input};
use passport_paas::{Client, PageOptions};
use serde_json::Value;

use crate::app::ids;
use crate::catalog::{Catalog, Command};
use crate::columns::Layout;
use crate::connect::{Auth, Settings};
use crate::failure::Failure;
use crate::input::{input, path_values};
use crate::output::{self, Format, field_per_item};
use crate::table;

/// What to print, from the flags.
struct Printing<'a> {
    format: Format,
    field: Option<&'a str>,
    layout: Layout,
}

/// Runs `command` with its matches.
pub async fn operation(
    catalog: &Catalog,
    command: &Command,
    matches: &ArgMatches,
    settings: &Settings,
    format: Format,
) -> Result<(), Failure> {
    let input = input(command, matches)?;
    let printing = Printing {
        format,
        field: crate::app::one::<String>(matches, ids::FIELD).map(String::as_str),
        layout: layout(command, matches)?,
    };
    if let Some(path) = printing.field {
        output::check_field(&catalog.spec.resolver(), command, path)?;
    }
    settings.check(&command.id, &command.method)?;
    if command.method == "DELETE" && !crate::app::flag(matches, ids::YES) {
        confirm(command, &input)?;
    }
    let walk = command.listing.is_some() && crate::app::flag(matches, ids::ALL);
    let prefetch = crate::app::one::<u16>(matches, ids::PREFETCH)
        .copied()
        .unwrap_or(1);
    let connection = settings.connect(Auth::Default).await?;
    let result = if walk {
        let options = PageOptions {
            prefetch: usize::from(prefetch),
        };
        all_pages(&connection.client, command, &input, options, &printing).await
    } else {
        one_call(&connection.client, command, &input, &printing).await
    };
    connection.settle().await;
    let saved = connection.finish();
    result.and(saved)
}

/// The table layout from `--columns` and `-o wide`; `--columns` names the list's columns.
fn layout(command: &Command, matches: &ArgMatches) -> Result<Layout, Failure> {
    let columns = crate::app::one::<String>(matches, ids::COLUMNS).map(String::as_str);
    let wide = crate::app::one::<String>(matches, ids::OUTPUT).is_some_and(|o| o == "wide");
    let layout = Layout::new(columns, wide, io::stdout().is_terminal());
    match &command.listing {
        Some(listing) => layout.check(&listing.columns)?,
        None if columns.is_some() => {
            return Err(Failure::local(format!(
                "--columns: {} answers with one object, not a list",
                command.id
            )));
        }
        None => {}
    }
    Ok(layout)
}

async fn one_call(
    client: &Client,
    command: &Command,
    input: &Input,
    printing: &Printing<'_>,
) -> Result<(), Failure> {
    let outcome = dynamic::call(client, &command.id, input).await;
    let value = outcome.result?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let items = command.listing.as_ref().map(|listing| {
        let items = value.get(&listing.items_property).and_then(Value::as_array);
        (listing, items.map(Vec::as_slice).unwrap_or_default())
    });
    if let Some(path) = printing.field {
        return match items {
            Some((_, items)) if field_per_item(command, path) => items
                .iter()
                .try_for_each(|item| output::field(&mut out, item, path)),
            _ => output::field(&mut out, &value, path),
        };
    }
    match (printing.format, items) {
        (Format::Table, Some((listing, items))) => {
            table::items(&mut out, &listing.columns, items, &printing.layout)?;
            table::footer(&mut out, value.get(&listing.info_property), &listing.fields)?;
        }
        (Format::Table, None) if value.is_null() => {
            let status = outcome.exchange.status.map_or(0, |s| s.as_u16());
            writeln!(out, "ok: {} answered {status} with no body", command.id)?;
        }
        (Format::Table, None) => table::object(&mut out, &value, &printing.layout)?,
        (_, _) if value.is_null() => {}
        (Format::Json, _) => output::json(&mut out, &value)?,
        (Format::Ndjson, Some((_, items))) => {
            for item in items {
                output::json_line(&mut out, item)?;
            }
        }
        (Format::Ndjson, None) => output::json_line(&mut out, &value)?,
    }
    Ok(())
}

async fn all_pages(
    client: &Client,
    command: &Command,
    input: &Input,
    options: PageOptions,
    printing: &Printing<'_>,
) -> Result<(), Failure> {
    let Some(listing) = &command.listing else {
        return Err(Failure::local("--all: not a paginated list"));
    };
    let mut pages = dynamic::pages(client, &command.id, input, options)?;
    let progress = io::stderr().is_terminal().then(progress_bar);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut collected = Vec::new();
    let mut count = 0usize;
    if printing.format == Format::Json && printing.field.is_none() {
        write!(out, "[")?;
    }
    let outcome: Result<(), Failure> = async {
        while let Some(page) = pages.next().await {
            let page = page?;
            let info = page.get(&listing.info_property);
            if let (Some(bar), Some(info)) = (&progress, info) {
                let number = |key: &str| info.get(key).and_then(Value::as_u64).unwrap_or(0);
                bar.set_length(number(&listing.fields.total_pages));
                bar.set_position(number(&listing.fields.current_page));
            }
            let items = page.get(&listing.items_property).and_then(Value::as_array);
            for item in items.into_iter().flatten() {
                match (printing.field, printing.format) {
                    (Some(path), _) => output::field(&mut out, item, path)?,
                    (None, Format::Ndjson) => output::json_line(&mut out, item)?,
                    (None, Format::Json) => {
                        let text = serde_json::to_string_pretty(item).map_err(io::Error::other)?;
                        let text = passport_paas::json_for_terminal(&text).replace('\n', "\n  ");
                        let comma = if count == 0 { "" } else { "," };
                        write!(out, "{comma}\n  {text}")?;
                    }
                    (None, Format::Table) => collected.push(item.clone()),
                }
                count += 1;
            }
            out.flush()?;
        }
        Ok(())
    }
    .await;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    outcome?;
    match (printing.field, printing.format) {
        (None, Format::Json) => writeln!(out, "{}]", if count == 0 { "" } else { "\n" })?,
        (None, Format::Table) => {
            table::items(&mut out, &listing.columns, &collected, &printing.layout)?;
            writeln!(out, "\n{count} in all (every page)")?;
        }
        _ => {}
    }
    Ok(())
}

/// The `--all` progress line on stderr (a terminal only): pages read of pages in all.
fn progress_bar() -> ProgressBar {
    let style = ProgressStyle::with_template("paas: page {pos}/{len} {wide_bar} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(0).with_style(style)
}

/// Asks on the terminal before a `DELETE`; refuses when nobody can answer.
fn confirm(command: &Command, input: &Input) -> Result<(), Failure> {
    let what = format!("{} {}", command.id, path_values(command, input).join(" "));
    let what = passport_paas::printable(what.trim());
    if !io::stdin().is_terminal() {
        return Err(Failure::local(format!(
            "not running {what}: confirm with --yes (required when stdin is not a terminal)"
        )));
    }
    output::note(&format!("run {what}? [y/N] "));
    let mut answer = String::new();
    io::stdin().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(Failure::local(format!("not running {what}: not confirmed")))
    }
}
