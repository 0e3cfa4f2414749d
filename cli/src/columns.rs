//! Which columns a table shows: by default a few chosen from the item schema (ids, states,
//! amounts, names, times — by what the spec's property names say, never by a list of
//! operations), `--columns a,b.c` to choose, `-o wide` for every column the schema has.

use crate::failure::Failure;
use passport_paas::printable;
use serde_json::Value;

/// At most this many columns by default: a table people read at a glance.
const DEFAULT_COLUMNS: usize = 6;

/// A cell longer than this (a base64 image, an EMV payload) keeps its column out of the
/// default view; `-o wide` or `--columns` shows it.
const LONG_CELL: usize = 64;

/// How a table is laid out, from the flags.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// `--columns`: the columns asked for, in order.
    pub columns: Option<Vec<String>>,
    /// `-o wide`: every column.
    pub wide: bool,
    /// The width to fit, in terminal cells (`COLUMNS`, else the terminal's); none: no limit.
    pub width: Option<u16>,
}

impl Layout {
    /// The layout for `--columns` (comma-separated), `-o wide` and the terminal.
    pub fn new(columns: Option<&str>, wide: bool, terminal: bool) -> Self {
        let columns = columns.map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        });
        Self {
            columns,
            wide,
            width: width(terminal),
        }
    }

    /// `--columns` checked against the columns the schema knows (`known`, dotted paths).
    pub fn check(&self, known: &[String]) -> Result<(), Failure> {
        let Some(asked) = &self.columns else {
            return Ok(());
        };
        if asked.is_empty() {
            return Err(Failure::local("--columns: name at least one column"));
        }
        // With no schema-derived columns, the items' own keys decide (nothing to check).
        if known.is_empty() {
            return Ok(());
        }
        for column in asked {
            if !known.iter().any(|k| k == column) {
                return Err(Failure::local(format!(
                    "--columns: no column `{}` (there are: {})",
                    printable(column),
                    known.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// The columns to show, of `all` (schema order), for these `items`.
    pub fn pick(&self, all: &[String], items: &[Value], at: Lookup) -> Vec<String> {
        if let Some(asked) = &self.columns {
            return asked.clone();
        }
        let filled: Vec<&String> = all
            .iter()
            .filter(|column| items.is_empty() || items.iter().any(|item| shows(at(item, column))))
            .collect();
        if self.wide {
            return filled.into_iter().cloned().collect();
        }
        default_columns(&filled, items, at)
    }
}

/// How a table reads one dotted path of an item.
pub type Lookup = for<'a> fn(&'a Value, &str) -> Option<&'a Value>;

/// `COLUMNS` when it is a sane number, else the terminal's width when stdout is one.
fn width(terminal: bool) -> Option<u16> {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|w| (20..=4096).contains(w));
    from_env.or_else(|| {
        terminal
            .then(terminal_size::terminal_size)
            .flatten()
            .map(|(terminal_size::Width(w), _)| w)
    })
}

/// Whether a value shows as more than `-`.
fn shows(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::String(text)) => !text.is_empty(),
        Some(_) => true,
    }
}

/// What a column's name says it holds, most telling first; `None`: not a summary column.
fn rank(column: &str) -> Option<u8> {
    let last = column.rsplit('.').next().unwrap_or(column);
    let has = |words: &[&str]| words.iter().any(|w| last.contains(w));
    if last == "id" || last.ends_with("_id") {
        Some(0)
    } else if has(&["status", "state", "direction", "type", "kind", "role"]) {
        Some(1)
    } else if has(&["amount", "balance", "total", "currency", "value"]) {
        Some(2)
    } else if has(&["name", "alias", "key", "email", "phone", "number"]) {
        Some(3)
    } else if last.ends_with("_at") || has(&["date", "time"]) {
        Some(4)
    } else {
        None
    }
}

/// The default view: the best-ranked short columns (at most one id for each rank-0 slot
/// beyond the first two), kept in schema order; columns of long cells left out.
fn default_columns(filled: &[&String], items: &[Value], at: Lookup) -> Vec<String> {
    let long = |column: &str| {
        items.iter().any(|item| {
            at(item, column).is_some_and(|v| match v {
                Value::String(text) => text.chars().count() > LONG_CELL,
                other => other.to_string().chars().count() > LONG_CELL,
            })
        })
    };
    let mut ranked: Vec<(u8, usize, &String)> = filled
        .iter()
        .enumerate()
        .filter(|(_, column)| !long(column))
        .filter_map(|(order, column)| rank(column).map(|r| (r, order, *column)))
        .collect();
    // Ids beyond the first two (foreign keys) matter least.
    let mut ids = 0;
    for entry in &mut ranked {
        if entry.0 == 0 {
            ids += 1;
            if ids > 2 {
                entry.0 = 5;
            }
        }
    }
    ranked.sort_by_key(|(rank, order, _)| (*rank, *order));
    ranked.truncate(DEFAULT_COLUMNS);
    if ranked.is_empty() {
        return filled
            .iter()
            .filter(|column| !long(column))
            .take(DEFAULT_COLUMNS)
            .map(|c| (*c).clone())
            .collect();
    }
    ranked.sort_by_key(|(_, order, _)| *order);
    ranked.into_iter().map(|(_, _, c)| c.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
        path.split('.').try_fold(value, |v, s| v.get(s))
    }

    #[test]
    fn the_default_view_keeps_summary_columns_in_schema_order() {
        let all: Vec<String> = [
            "qr_id",
            "image",
            "payload",
            "status",
            "amount.value",
            "amount.currency",
            "merchant.name",
            "city",
            "created_at",
            "account_id",
            "customer_id",
        ]
        .map(String::from)
        .to_vec();
        let item = json!({ "qr_id": "q1", "image": "A".repeat(500), "payload": "00020101",
            "status": "ACTIVE", "amount": { "value": "10.00", "currency": "COP" },
            "merchant": { "name": "Shop" }, "city": "Bogota", "created_at": "2025-01-01T00:00:00Z",
            "account_id": "a1", "customer_id": "c1" });
        let picked = Layout::default().pick(&all, std::slice::from_ref(&item), at);
        assert_eq!(
            picked,
            [
                "qr_id",
                "status",
                "amount.value",
                "amount.currency",
                "merchant.name",
                "account_id"
            ]
        );
        let wide = Layout {
            wide: true,
            ..Layout::default()
        }
        .pick(&all, &[item], at);
        assert_eq!(wide, all);
    }

    #[test]
    fn asked_columns_are_checked_against_the_schema() {
        let known = vec!["id".to_owned(), "status".to_owned()];
        let layout = Layout::new(Some("id, status"), false, false);
        assert!(layout.check(&known).is_ok());
        assert_eq!(layout.columns.as_deref(), Some(&known[..]));
        let bad = Layout::new(Some("id,nope\u{1b}[2J"), false, false);
        let error = bad.check(&known).unwrap_err().message;
        assert!(
            error.contains("nope") && !error.contains('\u{1b}'),
            "{error}"
        );
        assert!(Layout::new(Some(","), false, false).check(&known).is_err());
    }
}
