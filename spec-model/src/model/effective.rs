//! A schema's effective keywords, borrowed from the document: references followed and `allOf`
//! members merged, without copying a single schema.
//!
//! [`Resolver::schema`](super::Resolver::schema) hands out the merged schema as an owned
//! [`Value`]; readers that walk a schema node by node (the instance generator, the
//! undocumented-field check) would copy every subtree once per node they visit that way, which
//! a document whose schemas share large subtrees (anchors and aliases, or `$ref`s) turns into
//! minutes. [`Resolver::effective`](super::Resolver::effective) merges by reference instead:
//! the cost of one merge is the number of keywords and properties it unites, and
//! [`Effective::work`] says how much that was. Merging itself is in `merge.rs`, with the
//! [`Merged`](super::Merged) memo through which a walk that meets the same node many times
//! merges it once; readers of a schema's own keywords take its [`Effective::outline`].

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::{Map, Value};

/// One keyword of an effective schema.
#[derive(Clone, Debug)]
enum Keyword<'s> {
    /// Said by one schema (the first that said it).
    One(&'s Value),
    /// `properties` united from several schemas, the first declaration of a name winning
    /// (with the names held, so that uniting stays linear).
    Properties(Vec<(&'s str, &'s Value)>, HashSet<&'s str>),
    /// `required` united from several schemas (with the names held, as [`required_key`]s).
    Required(Vec<&'s Value>, HashSet<Cow<'s, str>>),
}

/// The effective schema, as [`Resolver::schema`](super::Resolver::schema) computes it,
/// holding references into the document (or into the schema it was computed from).
#[derive(Clone, Debug, Default)]
pub struct Effective<'s> {
    /// The keywords in the order a merged object lists them: the outer schema's, then each
    /// member's new ones.
    keywords: Vec<(&'s str, Keyword<'s>)>,
    /// A schema that is not an object (`true`, a number in a broken document), as it is.
    other: Option<&'s Value>,
    /// How much the merge did (see [`Effective::work`]).
    pub(super) work: usize,
}

impl<'s> Effective<'s> {
    /// The keyword `key` as one schema said it; `properties` and `required` only when a single
    /// schema said them (see [`Effective::properties`] and [`Effective::required`]).
    pub fn get(&self, key: &str) -> Option<&'s Value> {
        match self.keyword(key)? {
            Keyword::One(value) => Some(value),
            Keyword::Properties(..) | Keyword::Required(..) => None,
        }
    }

    /// The effective properties, in order; `None` when no schema gives `properties` as an
    /// object.
    pub fn properties(&self) -> Option<Vec<(&'s str, &'s Value)>> {
        match self.keyword("properties")? {
            Keyword::One(Value::Object(properties)) => Some(
                properties
                    .iter()
                    .map(|(name, schema)| (name.as_str(), schema))
                    .collect(),
            ),
            Keyword::Properties(properties, _) => Some(properties.clone()),
            _ => None,
        }
    }

    /// The names `required` lists (strings only).
    pub fn required(&self) -> HashSet<&'s str> {
        let listed: Vec<&'s Value> = match self.keyword("required") {
            Some(Keyword::One(Value::Array(names))) => names.iter().collect(),
            Some(Keyword::Required(names, _)) => names.clone(),
            _ => Vec::new(),
        };
        listed.into_iter().filter_map(Value::as_str).collect()
    }

    /// Whether the schema says `key` at all.
    pub fn has(&self, key: &str) -> bool {
        self.keyword(key).is_some()
    }

    /// How much the merge did: one for each schema visited, each keyword, property and
    /// required name taken in, and each keyword compared while uniting a member's — what
    /// walks that merge many nodes count against a budget. A schema without `allOf`
    /// is one plus its keyword count.
    pub fn work(&self) -> usize {
        self.work
    }

    /// The effective schema as a value of its own (what
    /// [`Resolver::schema`](super::Resolver::schema) returns).
    pub fn to_value(&self) -> Value {
        if let Some(other) = self.other {
            return other.clone();
        }
        let object: Map<String, Value> = self
            .keywords
            .iter()
            .map(|(key, keyword)| {
                let value = match keyword {
                    Keyword::One(value) => (*value).clone(),
                    Keyword::Properties(properties, _) => Value::Object(
                        properties
                            .iter()
                            .map(|(name, schema)| ((*name).to_owned(), (*schema).clone()))
                            .collect(),
                    ),
                    Keyword::Required(names, _) => {
                        Value::Array(names.iter().map(|name| (*name).clone()).collect())
                    }
                };
                ((*key).to_owned(), value)
            })
            .collect();
        Value::Object(object)
    }

    /// The effective schema's own keywords as a value of its own, without the schemas under
    /// them: each property's schema, `items`, `additionalProperties` (when a schema), `not`,
    /// and each member of `oneOf` and `anyOf` stand as `true`. It is [`Effective::to_value`]
    /// at the cost of the keywords rather than of the whole subtree, for readers of a schema's
    /// own keywords (type, format, bounds, `enum`, `required`, the property names) that reach
    /// the schemas under it through the document.
    pub fn outline(&self) -> Value {
        if let Some(other) = self.other {
            return other.clone();
        }
        let object: Map<String, Value> = self
            .keywords
            .iter()
            .map(|(key, keyword)| {
                let value = match (*key, keyword) {
                    ("properties", _) => Value::Object(
                        self.properties()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(name, _)| (name.to_owned(), Value::Bool(true)))
                            .collect(),
                    ),
                    ("items" | "not", _) => Value::Bool(true),
                    ("additionalProperties", Keyword::One(Value::Object(_))) => Value::Bool(true),
                    ("oneOf" | "anyOf", Keyword::One(Value::Array(members))) => {
                        Value::Array(vec![Value::Bool(true); members.len()])
                    }
                    (_, Keyword::One(value)) => (*value).clone(),
                    (_, Keyword::Properties(..)) => Value::Null,
                    (_, Keyword::Required(names, _)) => {
                        Value::Array(names.iter().map(|name| (*name).clone()).collect())
                    }
                };
                ((*key).to_owned(), value)
            })
            .collect();
        Value::Object(object)
    }

    /// A schema that is not an object, as it is.
    pub(super) fn other(schema: &'s Value) -> Self {
        Self {
            other: Some(schema),
            work: 1,
            ..Self::default()
        }
    }

    /// An object schema's own keywords (all but `allOf` when it has members to merge), before
    /// any member is united.
    pub(super) fn own(object: &'s Map<String, Value>, merging: bool) -> Self {
        Self {
            keywords: object
                .iter()
                .filter(|(key, _)| !merging || *key != "allOf")
                .map(|(key, value)| (key.as_str(), Keyword::One(value)))
                .collect(),
            other: None,
            work: 1 + object.len(),
        }
    }

    fn keyword(&self, key: &str) -> Option<&Keyword<'s>> {
        self.keywords
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, keyword)| keyword)
    }

    /// Unites one merged `allOf` member into this schema: properties and `required` are
    /// united, everything else is kept from whoever said it first (the outer schema first).
    pub(super) fn unite(&mut self, member: Effective<'s>) {
        self.work = self.work.saturating_add(member.work);
        if member.other.is_some() {
            return;
        }
        for (key, keyword) in member.keywords {
            let compared = self.keywords.len();
            let taken = match self.keywords.iter_mut().find(|(name, _)| *name == key) {
                Some((name, existing)) => unite_keyword(name, existing, keyword),
                None => {
                    self.keywords.push((key, keyword));
                    1
                }
            };
            self.work = self.work.saturating_add(compared).saturating_add(taken);
        }
    }
}

/// `more` said again of the keyword `key`, already said: only `properties` (objects both)
/// and `required` (arrays both) take anything from it. Returns how many entries it took in.
fn unite_keyword<'s>(key: &str, existing: &mut Keyword<'s>, more: Keyword<'s>) -> usize {
    match existing {
        Keyword::One(first) if key == "properties" && first.is_object() && is_properties(&more) => {
            let first: &'s Value = first;
            let (mut properties, mut known) = (Vec::new(), HashSet::new());
            let taken = add_properties(&mut properties, &mut known, Keyword::One(first))
                + add_properties(&mut properties, &mut known, more);
            *existing = Keyword::Properties(properties, known);
            taken
        }
        Keyword::Properties(properties, known) => add_properties(properties, known, more),
        Keyword::One(first) if key == "required" && first.is_array() && is_required(&more) => {
            let first: &'s Value = first;
            let (mut names, mut known) = (Vec::new(), HashSet::new());
            let taken = add_required(&mut names, &mut known, Keyword::One(first))
                + add_required(&mut names, &mut known, more);
            *existing = Keyword::Required(names, known);
            taken
        }
        Keyword::Required(names, known) => add_required(names, known, more),
        Keyword::One(_) => 1,
    }
}

fn is_properties(keyword: &Keyword<'_>) -> bool {
    matches!(
        keyword,
        Keyword::One(Value::Object(_)) | Keyword::Properties(..)
    )
}

fn is_required(keyword: &Keyword<'_>) -> bool {
    matches!(
        keyword,
        Keyword::One(Value::Array(_)) | Keyword::Required(..)
    )
}

fn add_properties<'s>(
    into: &mut Vec<(&'s str, &'s Value)>,
    known: &mut HashSet<&'s str>,
    more: Keyword<'s>,
) -> usize {
    let more: Vec<(&'s str, &'s Value)> = match more {
        Keyword::One(Value::Object(object)) => object
            .iter()
            .map(|(name, schema)| (name.as_str(), schema))
            .collect(),
        Keyword::Properties(properties, _) => properties,
        _ => return 1,
    };
    let taken = more.len();
    for (name, schema) in more {
        if known.insert(name) {
            into.push((name, schema));
        }
    }
    taken
}

/// What tells two `required` entries apart: a name as it is, anything else (a broken
/// document's numbers, objects) by its JSON text, after a NUL no name starts with.
fn required_key(name: &Value) -> Cow<'_, str> {
    match name {
        Value::String(name) if !name.starts_with('\0') => Cow::Borrowed(name),
        other => Cow::Owned(format!("\0{other}")),
    }
}

fn add_required<'s>(
    into: &mut Vec<&'s Value>,
    known: &mut HashSet<Cow<'s, str>>,
    more: Keyword<'s>,
) -> usize {
    let more: Vec<&'s Value> = match more {
        Keyword::One(Value::Array(names)) => names.iter().collect(),
        Keyword::Required(names, _) => names,
        _ => return 1,
    };
    let taken = more.len();
    for name in more {
        if known.insert(required_key(name)) {
            into.push(name);
        }
    }
    taken
}
