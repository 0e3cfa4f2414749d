//! The arguments of one command, from its operation: a positional per path parameter, a
//! flag per other parameter, a flag per simple top-level body property.
//!
//! Flag names are the wire names kebab-cased without a `*_params.` group; a name that is
//! taken (by a global flag or an earlier argument) falls back to the whole wire name, then
//! to a `param-`/`body-` prefixed one, so every command parses whatever the spec holds.

use passport_paas_spec::prose::reader_text;
use passport_paas_spec::{Location, Operation, Resolver};
use serde_json::Value;

use crate::naming::{first_paragraph, flag_name, kebab};
use crate::values::Kind;

/// Global flags that set a header on every call: a header parameter of that name is the flag.
pub const HEADER_FLAGS: &[&str] = &["accept-language"];

/// One parameter.
pub struct Argument {
    /// The wire name.
    pub wire: String,
    /// Where it travels.
    pub location: Location,
    /// The long flag; `None` for a positional (path) argument.
    pub flag: Option<String>,
    /// Whether a global flag (`--accept-language`) provides it.
    pub global: bool,
    /// Whether the spec requires it.
    pub required: bool,
    /// Help text (first paragraph) and long help (all of it, with the values).
    pub help: (String, String),
    /// How its text is typed (of the items, for arrays).
    pub kind: Kind,
    /// An array: the flag repeats.
    pub repeated: bool,
    /// The spec's example.
    pub example: Option<Value>,
    /// The effective schema.
    pub schema: Value,
}

/// A request body.
pub struct BodySpec {
    /// Whether the spec requires it.
    pub required: bool,
    /// One flag per simple property (top-level, or of a top-level object).
    pub fields: Vec<BodyField>,
    /// The spec's first request example.
    pub example: Option<Value>,
}

/// A flag for one body property.
pub struct BodyField {
    /// The property's path: its name, or an object's name and the inner name.
    pub path: Vec<String>,
    /// The long flag.
    pub flag: String,
    /// How its text is typed.
    pub kind: Kind,
    /// Help text and long help.
    pub help: (String, String),
    /// The path parameter of the same (top-level) name that it defaults to.
    pub from_path: Option<String>,
}

/// The properties of an effective schema.
pub fn properties(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// The path parameters of a template, in order (`/a/{x}/b/{y}` → `x`, `y`).
pub fn path_order(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Help text from a description: its first paragraph, and all of it with the values.
fn help(description: Option<&str>, kind: &Kind, deprecated: bool) -> (String, String) {
    let prefix = if deprecated { "[deprecated] " } else { "" };
    let text = reader_text(description.unwrap_or_default());
    let text = text.trim();
    let mut short = format!("{prefix}{}", first_paragraph(text));
    let mut long = format!("{prefix}{text}");
    if let Some(values) = kind.values_help() {
        for part in [&mut short, &mut long] {
            if !part.is_empty() {
                part.push_str(if part.ends_with('\n') { "\n" } else { "\n\n" });
            }
            part.push_str(&values);
        }
    }
    (short, long)
}

/// The first of `candidates` not yet used, marked used; numbered when all are.
fn claim(used: &mut Vec<String>, candidates: &[String]) -> String {
    let mut pick = candidates
        .iter()
        .find(|c| !c.is_empty() && !used.contains(c))
        .cloned();
    if pick.is_none() {
        let base = candidates.last().cloned().unwrap_or_else(|| "arg".into());
        pick = (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|c| !used.contains(c));
    }
    let pick = pick.unwrap_or_default();
    used.push(pick.clone());
    pick
}

/// The parameters of `operation` as arguments: path ones first, in path order.
pub fn parameters(
    resolver: &Resolver<'_>,
    operation: &Operation,
    used: &mut Vec<String>,
) -> Vec<Argument> {
    let order = path_order(&operation.path);
    let mut parameters: Vec<_> = operation.parameters.iter().collect();
    parameters.sort_by_key(|p| match p.location {
        Location::Path => order.iter().position(|n| *n == p.name).unwrap_or(0),
        _ => usize::MAX,
    });
    parameters
        .into_iter()
        .map(|parameter| {
            let schema = resolver.schema(&parameter.schema);
            let repeated = schema.get("type").and_then(Value::as_str) == Some("array");
            let kind = match schema.get("items").filter(|_| repeated) {
                Some(items) => Kind::of(&resolver.schema(items)),
                None => Kind::of(&schema),
            };
            let wire = &parameter.name;
            let natural = flag_name(wire);
            let header_flag =
                parameter.location == Location::Header && HEADER_FLAGS.contains(&natural.as_str());
            let flag = match parameter.location {
                Location::Path => None,
                _ if header_flag => Some(natural),
                _ => Some(claim(
                    used,
                    &[natural, kebab(wire), format!("param-{}", kebab(wire))],
                )),
            };
            let description = parameter.description.as_deref();
            Argument {
                wire: wire.clone(),
                location: parameter.location,
                flag,
                global: header_flag,
                required: parameter.required,
                help: help(description, &kind, parameter.deprecated),
                kind,
                repeated,
                example: parameter.example.clone(),
                schema,
            }
        })
        .collect()
}

/// The request body of `operation`, with a flag per simple top-level property, and per
/// simple property of a top-level object (`key.key_type` → `--key-type`, `amount.value` →
/// `--amount-value`), so that most bodies can be written with flags alone.
pub fn body(
    resolver: &Resolver<'_>,
    operation: &Operation,
    arguments: &[Argument],
    used: &mut Vec<String>,
) -> Option<BodySpec> {
    let body = operation.body.as_ref()?;
    let schema = resolver.schema(&body.schema);
    let mut fields = Vec::new();
    for (property, declared) in properties(&schema) {
        let effective = resolver.schema(declared);
        if effective.get("readOnly") == Some(&Value::Bool(true)) {
            continue;
        }
        let from_path = arguments
            .iter()
            .find(|a| a.location == Location::Path && a.wire == *property)
            .map(|a| a.wire.clone());
        let top = vec![property.clone()];
        if let Some(field) = field(top, declared, &effective, from_path, used) {
            fields.push(field);
            continue;
        }
        for (inner, inner_declared) in properties(&effective) {
            let inner_effective = resolver.schema(inner_declared);
            if inner_effective.get("readOnly") == Some(&Value::Bool(true)) {
                continue;
            }
            let path = vec![property.clone(), inner.clone()];
            fields.extend(field(path, inner_declared, &inner_effective, None, used));
        }
    }
    Some(BodySpec {
        required: body.required,
        fields,
        example: body.examples.first().map(|e| e.value.clone()),
    })
}

/// A flag for the body property at `path`, when its schema is simple.
fn field(
    path: Vec<String>,
    declared: &Value,
    effective: &Value,
    from_path: Option<String>,
    used: &mut Vec<String>,
) -> Option<BodyField> {
    let kind = Kind::of(effective);
    // A secret on the command line would sit in the shell history and the process list:
    // it travels in `--body` only.
    let secret = effective.get("format").and_then(Value::as_str) == Some("password");
    if !kind.is_simple() || secret {
        return None;
    }
    let description = declared
        .get("description")
        .or_else(|| effective.get("description"))
        .and_then(Value::as_str);
    let deprecated = effective.get("deprecated") == Some(&Value::Bool(true));
    let (short, long) = help(description, &kind, deprecated);
    let dotted = path.join(".");
    let mut note = format!("Body property `{dotted}`.");
    if let Some(argument) = &from_path {
        note.push_str(&format!(
            " Defaults to the {} argument.",
            argument.to_uppercase()
        ));
    }
    let natural = flag_words(&path);
    let flag = claim(used, &[natural.clone(), format!("body-{natural}")]);
    Some(BodyField {
        path,
        flag,
        kind,
        help: (
            format!("{note} {short}").trim_end().to_owned(),
            format!("{note} {long}").trim_end().to_owned(),
        ),
        from_path,
    })
}

/// The flag words of a property path, without repeating the outer name in the inner one
/// (`key.key_type` → `key-type`, `amount.value` → `amount-value`).
fn flag_words(path: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    for segment in path {
        let mut own = crate::naming::words(segment);
        if own.starts_with(&words) && !words.is_empty() {
            own.drain(..words.len());
        }
        words.extend(own);
    }
    words.join("-")
}
