//! One kind-aware walk over the document.
//!
//! The walk knows what every object is (an operation, a response, a schema, an example value
//! that is only data), so it checks each against the OpenAPI 3.0 structure ([`structure`]:
//! unknown fields, field types, required fields, references and their siblings) and collects,
//! for the rules that follow, every schema with where it sits, and every example and default
//! with the schema it must match.

use std::borrow::Cow;

use passport_paas_spec::escape;
use serde_json::Value;

use super::Checker;
use super::fields;
use super::structure::{self, Kind, Ty};

/// Where a schema sits relative to its parent schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// `components.schemas.X`.
    Component,
    /// A member of `properties`.
    Property,
    /// `items`.
    Items,
    /// `additionalProperties`.
    Extra,
    /// `not`.
    Not,
    /// A member of `allOf`.
    AllOf,
    /// A member of `oneOf` or `anyOf`.
    Alternative,
    /// The schema of a parameter, header or media type.
    Holder,
}

/// A schema object (not a reference) of the document.
pub(crate) struct SchemaNode<'a> {
    pub pointer: String,
    pub value: &'a Value,
    pub place: Place,
    /// Index of the enclosing schema in [`Walk::schemas`].
    pub parent: Option<usize>,
}

/// What a sample value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SampleKind {
    /// An `example` or an `examples` value.
    Example,
    /// A schema's `default`.
    Default,
}

/// A value that must match a schema.
pub(crate) struct Sample<'a> {
    /// The schema as written, or a reference to it when it sits in a component (so that
    /// validators compile each component once, however many examples it holds).
    pub schema: Cow<'a, Value>,
    pub value: &'a Value,
    pub pointer: String,
    pub kind: SampleKind,
}

/// What the walk collected.
#[derive(Default)]
pub(crate) struct Walk<'a> {
    pub schemas: Vec<SchemaNode<'a>>,
    pub samples: Vec<Sample<'a>>,
}

/// How a child is linked to what holds it.
#[derive(Clone, Copy)]
pub(super) struct Link<'k> {
    pub place: Place,
    pub parent: Option<usize>,
    pub key: &'k str,
}

pub(super) struct Walker<'c, 'a> {
    pub c: &'c mut Checker<'a>,
    pub out: Walk<'a>,
}

/// Walks the whole document.
pub(crate) fn walk<'a>(c: &mut Checker<'a>) -> Walk<'a> {
    let doc = c.doc;
    let mut walker = Walker {
        c,
        out: Walk::default(),
    };
    let link = Link {
        place: Place::Holder,
        parent: None,
        key: "",
    };
    walker.visit(Kind::Root, doc, "", link);
    walker.out
}

fn type_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Str => "a string",
        Ty::Bool => "a boolean",
        Ty::Num => "a number",
        Ty::AnyList | Ty::Strings | Ty::List(_) | Ty::RefList(_) => "a list",
        Ty::SchemaOrBool => "a boolean or a schema",
        _ => "a mapping",
    }
}

impl<'a> Walker<'_, 'a> {
    pub(super) fn structure(&mut self, at: &str, message: String) {
        self.c.report("document-structure", at, message);
    }

    fn visit(&mut self, kind: Kind, value: &'a Value, at: &str, link: Link<'_>) {
        let Some(object) = value.as_object() else {
            let message = format!(
                "{} must be a mapping, not {}",
                structure::name(kind),
                show(value)
            );
            self.structure(at, message);
            return;
        };
        let index = (kind == Kind::Schema).then(|| {
            self.out.schemas.push(SchemaNode {
                pointer: at.to_owned(),
                value,
                place: link.place,
                parent: link.parent,
            });
            self.out.schemas.len() - 1
        });
        if kind == Kind::Schema {
            for (key, sample) in [
                ("example", SampleKind::Example),
                ("default", SampleKind::Default),
            ] {
                if let Some(sample_value) = object.get(key) {
                    self.out.samples.push(Sample {
                        schema: by_reference(at).map_or(Cow::Borrowed(value), Cow::Owned),
                        value: sample_value,
                        pointer: format!("{at}/{key}"),
                        kind: sample,
                    });
                }
            }
        }
        for (key, child) in object {
            if key.starts_with("x-") {
                continue;
            }
            let child_at = format!("{at}/{}", escape(key));
            let ty = match fields::fields(kind).iter().find(|(name, _)| name == key) {
                Some((_, ty)) => *ty,
                None => match structure::patterned(kind, key) {
                    Some(Ok(ty)) => ty,
                    Some(Err(message)) => {
                        self.structure(&child_at, message);
                        continue;
                    }
                    None => {
                        let message =
                            format!("`{key}` is not a field of {}", structure::name(kind));
                        self.c.report("unknown-field", &child_at, message);
                        continue;
                    }
                },
            };
            self.field(kind, key, ty, child, &child_at, index);
        }
        for field in structure::required(kind) {
            if !object.contains_key(*field) {
                let message = format!("{} has no `{field}`", structure::name(kind));
                self.structure(at, message);
            }
        }
        self.after(kind, object, at, link);
    }

    /// One field of an `owner` object: its type, its allowed values, then what it holds.
    fn field(
        &mut self,
        owner: Kind,
        key: &'a str,
        ty: Ty,
        value: &'a Value,
        at: &str,
        index: Option<usize>,
    ) {
        if !fits(ty, value) {
            let message = format!(
                "`{key}` of {} must be {}, not {}",
                structure::name(owner),
                type_name(ty),
                show(value)
            );
            self.structure(at, message);
            return;
        }
        self.check_allowed(owner, key, value, at);
        let link = Link {
            place: place_of(owner, key),
            parent: index,
            key,
        };
        match ty {
            Ty::Obj(kind) => self.visit(kind, value, at, link),
            Ty::RefOr(kind) => self.ref_or(kind, value, at, link),
            Ty::SchemaOrBool if value.is_object() => self.ref_or(Kind::Schema, value, at, link),
            Ty::Map(kind) => self.members(owner, kind, false, value, at, link),
            Ty::RefMap(kind) => self.members(owner, kind, true, value, at, link),
            Ty::List(kind) => self.items(kind, false, value, at, link),
            Ty::RefList(kind) => self.items(kind, true, value, at, link),
            _ => {}
        }
    }

    /// An enumerated string field holds one of its allowed values.
    fn check_allowed(&mut self, owner: Kind, key: &str, value: &Value, at: &str) {
        if let (Some(allowed), Some(text)) = (structure::allowed(owner, key), value.as_str())
            && !allowed.contains(&text)
        {
            let message = format!(
                "`{key}` of {} must be one of {}, not {text:?}",
                structure::name(owner),
                allowed.join(", ")
            );
            self.structure(at, message);
        }
    }

    /// The members of a map of `kind` objects (or references, when `refs`); a component's
    /// name is checked too.
    fn members(
        &mut self,
        owner: Kind,
        kind: Kind,
        refs: bool,
        value: &'a Value,
        at: &str,
        link: Link<'_>,
    ) {
        for (name, member) in value.as_object().into_iter().flatten() {
            let member_at = format!("{at}/{}", escape(name));
            if owner == Kind::Components && !component_name(name) {
                let message = format!(
                    "component name {name:?} may only hold letters, digits, `.`, `-` and `_`"
                );
                self.structure(&member_at, message);
            }
            let link = Link { key: name, ..link };
            if refs {
                self.ref_or(kind, member, &member_at, link);
            } else {
                self.visit(kind, member, &member_at, link);
            }
        }
    }

    /// The items of a list of `kind` objects (or references, when `refs`).
    fn items(&mut self, kind: Kind, refs: bool, value: &'a Value, at: &str, link: Link<'_>) {
        for (position, item) in value.as_array().into_iter().flatten().enumerate() {
            let item_at = format!("{at}/{position}");
            if refs {
                self.ref_or(kind, item, &item_at, link);
            } else {
                self.visit(kind, item, &item_at, link);
            }
        }
    }

    /// An object of `kind`, or a reference to one.
    fn ref_or(&mut self, kind: Kind, value: &'a Value, at: &str, link: Link<'_>) {
        let Some(reference) = value.get("$ref") else {
            self.visit(kind, value, at, link);
            return;
        };
        let ref_at = format!("{at}/$ref");
        if !reference.is_string() {
            self.structure(
                &ref_at,
                format!("`$ref` must be a string, not {}", show(reference)),
            );
            return;
        }
        if let Err(error) = self.c.resolver.follow_at(value, at) {
            self.c.report("unresolved-ref", &ref_at, error.to_string());
        }
        let siblings: Vec<&String> = value
            .as_object()
            .into_iter()
            .flatten()
            .map(|(key, _)| key)
            .filter(|key| *key != "$ref")
            .collect();
        if let Some(first) = siblings.first() {
            let names: Vec<String> = siblings.iter().map(|k| format!("`{k}`")).collect();
            self.c.report(
                "ref-siblings",
                &format!("{at}/{}", escape(first)),
                format!(
                    "{} next to `$ref` {} ignored",
                    names.join(", "),
                    if names.len() == 1 { "is" } else { "are" }
                ),
            );
        }
    }
}

/// Whether a value has the type a field's [`Ty`] asks for (its members are checked later).
fn fits(ty: Ty, value: &Value) -> bool {
    match ty {
        Ty::Str => value.is_string(),
        Ty::Bool => value.is_boolean(),
        Ty::Num => value.is_number(),
        Ty::Any => true,
        Ty::AnyList | Ty::List(_) | Ty::RefList(_) => value.is_array(),
        Ty::Strings => value
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
        Ty::StrMap => value
            .as_object()
            .is_some_and(|members| members.values().all(Value::is_string)),
        Ty::SchemaOrBool => value.is_boolean() || value.is_object(),
        Ty::Obj(_) | Ty::RefOr(_) | Ty::Map(_) | Ty::RefMap(_) => value.is_object(),
    }
}

/// Where a schema under field `key` of an `owner` object sits.
fn place_of(owner: Kind, key: &str) -> Place {
    match (owner, key) {
        (Kind::Schema, "properties") => Place::Property,
        (Kind::Schema, "items") => Place::Items,
        (Kind::Schema, "additionalProperties") => Place::Extra,
        (Kind::Schema, "not") => Place::Not,
        (Kind::Schema, "allOf") => Place::AllOf,
        (Kind::Schema, "oneOf" | "anyOf") => Place::Alternative,
        (Kind::Components, "schemas") => Place::Component,
        _ => Place::Holder,
    }
}

/// A component name holds only letters, digits, `.`, `-` and `_`.
fn component_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// A short description of a value's type, for messages.
pub(crate) fn show(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A reference to the schema at `at` when it sits inside a component schema and its pointer
/// needs no URI escaping.
fn by_reference(at: &str) -> Option<Value> {
    let plain = at
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-' | b'~'));
    (plain && at.starts_with("/components/schemas/"))
        .then(|| serde_json::json!({ "$ref": format!("#{at}") }))
}
