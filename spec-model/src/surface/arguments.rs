//! The arguments of one command, from its operation: a positional per path parameter, a
//! flag per other parameter, a flag per simple top-level body property (and per simple
//! property of a top-level object).
//!
//! Flag names are the wire names kebab-cased without a `*_params.` group; a name that is
//! taken (by a global flag or an earlier argument) falls back to the whole wire name, then
//! to a `param-`/`body-` prefixed one, so every command parses whatever the spec holds.

use serde_json::Value;

use super::Kind;
use super::naming::{flag_name, kebab, words};
use crate::{Location, Operation, Resolver};

/// Global flags that set a header on every call: a header parameter of that name is the flag.
pub const HEADER_FLAGS: &[&str] = &["accept-language"];

/// One parameter of an operation as a command-line argument.
#[derive(Clone, Debug)]
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
    /// How its text is typed (of the items, for arrays).
    pub kind: Kind,
    /// An array: the flag repeats.
    pub repeated: bool,
    /// The effective schema.
    pub schema: Value,
    /// The parameter's index in the operation's `parameters`.
    pub parameter: usize,
}

/// A request body's flags.
#[derive(Clone, Debug)]
pub struct Body {
    /// Whether the spec requires the body.
    pub required: bool,
    /// One flag per simple property (top-level, or of a top-level object).
    pub fields: Vec<BodyField>,
}

/// A flag for one body property.
#[derive(Clone, Debug)]
pub struct BodyField {
    /// The property's path: its name, or an object's name and the inner name.
    pub path: Vec<String>,
    /// The long flag.
    pub flag: String,
    /// How its text is typed.
    pub kind: Kind,
    /// Whether the body schema (and the inner object, for a nested one) requires it.
    pub required: bool,
    /// The property's description (as declared, else its schema's).
    pub description: Option<String>,
    /// Whether the property is deprecated.
    pub deprecated: bool,
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
    let mut parameters: Vec<_> = operation.parameters.iter().enumerate().collect();
    parameters.sort_by_key(|(_, p)| match p.location {
        Location::Path => order.iter().position(|n| *n == p.name).unwrap_or(0),
        _ => usize::MAX,
    });
    parameters
        .into_iter()
        .map(|(index, parameter)| {
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
            Argument {
                wire: wire.clone(),
                location: parameter.location,
                flag,
                global: header_flag,
                required: parameter.required,
                kind,
                repeated,
                schema,
                parameter: index,
            }
        })
        .collect()
}

/// Whether `schema` lists `name` as required.
fn requires(schema: &Value, name: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(name)))
}

/// The request body of `operation`, with a flag per simple top-level property, and per
/// simple property of a top-level object (`key.key_type` → `--key-type`, `amount.value` →
/// `--amount-value`), so that most bodies can be written with flags alone.
pub fn body(
    resolver: &Resolver<'_>,
    operation: &Operation,
    arguments: &[Argument],
    used: &mut Vec<String>,
) -> Option<Body> {
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
        let required = body.required && requires(&schema, property);
        if let Some(field) = field(top, (declared, &effective), required, from_path, used) {
            fields.push(field);
            continue;
        }
        for (inner, inner_declared) in properties(&effective) {
            let inner_effective = resolver.schema(inner_declared);
            if inner_effective.get("readOnly") == Some(&Value::Bool(true)) {
                continue;
            }
            let path = vec![property.clone(), inner.clone()];
            let inner_required = required && requires(&effective, inner);
            let schemas = (inner_declared, &inner_effective);
            fields.extend(field(path, schemas, inner_required, None, used));
        }
    }
    Some(Body {
        required: body.required,
        fields,
    })
}

/// A flag for the body property at `path` (its declared and effective schemas), when its
/// schema is simple.
fn field(
    path: Vec<String>,
    (declared, effective): (&Value, &Value),
    required: bool,
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
        .and_then(Value::as_str)
        .map(str::to_owned);
    let deprecated = effective.get("deprecated") == Some(&Value::Bool(true));
    let natural = flag_words(&path);
    let flag = claim(used, &[natural.clone(), format!("body-{natural}")]);
    Some(BodyField {
        path,
        flag,
        kind,
        required,
        description,
        deprecated,
        from_path,
    })
}

/// The flag words of a property path, without repeating the outer name in the inner one
/// (`key.key_type` → `key-type`, `amount.value` → `amount-value`).
fn flag_words(path: &[String]) -> String {
    let mut all: Vec<String> = Vec::new();
    for segment in path {
        let mut own = words(segment);
        if own.starts_with(&all) && !all.is_empty() {
            own.drain(..all.len());
        }
        all.extend(own);
    }
    all.join("-")
}
