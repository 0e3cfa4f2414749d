//! The mock's behaviour beyond what an operation's shape says, read from `behaviour.yaml`.
//!
//! Each entry, keyed by `operationId`, may say:
//! - `target: "{body.id}"` — act on the existing item with this id (not a new one);
//! - `require:` — items that must exist first (`collection` + `match` of item paths to
//!   values), else the documented 404 (or 400);
//! - `when:` — item paths that must hold these values, else the documented 409 (or 400);
//! - `set:` — item paths to set (`{id}`, `{now}` and `{body.path}` are filled in);
//! - `create:` — further items to make alongside (`collection` + `set`);
//! - `issue_token: true` — the operation issues access tokens from client credentials;
//! - `emit: payment.confirmed` — after a success, send this payment event to the configured
//!   webhook receiver (`webhooks.rs`), with the answered item as the payment.
//!
//! Templates may also name `{required.N.path}`: the item that satisfied the N-th `require`.
//!
//! An operation without an entry still works: the table-derived plan is complete on its own.

use std::collections::BTreeMap;

use passport_paas_spec::Document;
use serde_json::{Map, Value};

/// The behaviour file shipped with the mock.
pub const BEHAVIOUR_YAML: &str = include_str!("../behaviour.yaml");

/// Items that must exist.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Requirement {
    pub collection: String,
    pub matches: Vec<(String, Value)>,
}

/// One operation's rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Rules {
    pub issue_token: bool,
    pub target: Option<Value>,
    pub require: Vec<Requirement>,
    pub when: Vec<(String, Value)>,
    pub set: Vec<(String, Value)>,
    pub create: Vec<(String, Vec<(String, Value)>)>,
    pub emit: Option<String>,
}

/// Reads a behaviour file.
pub(crate) fn parse(text: &str) -> Result<BTreeMap<String, Rules>, String> {
    let document = Document::parse(text).map_err(|e| format!("behaviour file: {e}"))?;
    let Value::Object(entries) = document.root else {
        return Err("behaviour file: not a mapping of operation ids".into());
    };
    let pairs = |value: Option<&Value>| -> Vec<(String, Value)> {
        value
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let mut rules = BTreeMap::new();
    for (id, entry) in entries {
        let list = |key: &str| {
            entry
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        rules.insert(
            id,
            Rules {
                issue_token: entry.get("issue_token") == Some(&Value::Bool(true)),
                target: entry.get("target").cloned(),
                require: list("require")
                    .iter()
                    .map(|r| Requirement {
                        collection: r["collection"].as_str().unwrap_or_default().to_owned(),
                        matches: pairs(r.get("match")),
                    })
                    .collect(),
                when: pairs(entry.get("when")),
                set: pairs(entry.get("set")),
                create: list("create")
                    .iter()
                    .map(|c| {
                        (
                            c["collection"].as_str().unwrap_or_default().to_owned(),
                            pairs(c.get("set")),
                        )
                    })
                    .collect(),
                emit: entry.get("emit").and_then(Value::as_str).map(str::to_owned),
            },
        );
    }
    Ok(rules)
}

/// What a template may refer to.
pub(crate) struct Context<'a> {
    pub id: Option<&'a str>,
    pub now: &'a str,
    pub body: &'a Value,
    /// The items that satisfied the operation's `require`s, in order.
    pub required: &'a [Value],
}

/// Fills a template: a string that is exactly `{…}` becomes the value it names; other strings
/// get their placeholders replaced by text; anything else is itself.
pub(crate) fn fill(template: &Value, context: &Context<'_>) -> Value {
    let Value::String(text) = template else {
        return template.clone();
    };
    let lookup = |name: &str| -> Option<Value> {
        match name {
            "id" => context.id.map(|id| Value::String(id.to_owned())),
            "now" => Some(Value::String(context.now.to_owned())),
            other => match other.strip_prefix("required.") {
                Some(rest) => {
                    let (index, path) = rest.split_once('.').unwrap_or((rest, ""));
                    let item = context.required.get(index.parse::<usize>().ok()?)?;
                    if path.is_empty() {
                        Some(item.clone())
                    } else {
                        get(item, path).cloned()
                    }
                }
                None => other
                    .strip_prefix("body.")
                    .and_then(|path| get(context.body, path))
                    .cloned(),
            },
        }
    };
    if let Some(name) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}'))
        && !name.contains(['{', '}'])
    {
        return lookup(name).unwrap_or(Value::Null);
    }
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                let name = &rest[start + 1..start + end];
                match lookup(name) {
                    Some(Value::String(s)) => out.push_str(&s),
                    Some(other) => out.push_str(&other.to_string()),
                    None => {}
                }
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Value::String(out)
}

/// The value at a dotted path (`key.key_value`).
pub(crate) fn get<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(value, |current, part| current.get(part))
}

/// Sets the value at a dotted path, making objects on the way.
pub(crate) fn set(value: &mut Value, path: &str, new: Value) {
    let mut current = value;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        let Value::Object(object) = current else {
            return;
        };
        if parts.peek().is_none() {
            object.insert(part.to_owned(), new);
            return;
        }
        current = object
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_shipped_file_parses_and_templates_fill() {
        let rules = parse(BEHAVIOUR_YAML).expect("behaviour.yaml parses");
        assert!(rules["createToken"].issue_token);
        let body = json!({ "key": { "key_value": "k" }, "id": "p1" });
        let context = Context {
            id: Some("new"),
            now: "2025-01-01T00:00:00Z",
            body: &body,
            required: &[json!({ "key": { "key_value": "3001234567" } })],
        };
        assert_eq!(
            fill(&json!("{body.key}"), &context),
            json!({ "key_value": "k" })
        );
        assert_eq!(
            fill(&json!("id {id} at {now}"), &context),
            json!("id new at 2025-01-01T00:00:00Z")
        );
        assert_eq!(fill(&json!(3), &context), json!(3));
        assert_eq!(
            fill(&json!("{required.0.key}"), &context),
            json!({ "key_value": "3001234567" })
        );
        assert_eq!(fill(&json!("{required.1.key}"), &context), Value::Null);
        let mut item = json!({});
        set(&mut item, "a.b", json!(1));
        assert_eq!(get(&item, "a.b"), Some(&json!(1)));
    }
}
