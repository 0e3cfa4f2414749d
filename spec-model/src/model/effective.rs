//! A schema's effective keywords, borrowed from the document: references followed and `allOf`
//! members merged, without copying a single schema.
//!
//! [`Resolver::schema`] hands out the merged schema as an owned [`Value`]; readers that walk a
//! schema node by node (the instance generator, the undocumented-field check) would copy every
//! subtree once per node they visit that way, which a document whose schemas share large
//! subtrees (anchors and aliases, or `$ref`s) turns into minutes. [`Resolver::effective`]
//! merges by reference instead: the cost of one merge is the number of keywords and properties
//! it unites, and [`Effective::merged`] says how many schemas it took.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::limits::{MAX_DEPTH, MAX_MERGE_STEPS};
use super::resolve::Resolver;

/// One keyword of an effective schema.
#[derive(Clone, Debug)]
enum Keyword<'s> {
    /// Said by one schema (the first that said it).
    One(&'s Value),
    /// `properties` united from several schemas, the first declaration of a name winning.
    Properties(Vec<(&'s str, &'s Value)>),
    /// `required` united from several schemas.
    Required(Vec<&'s Value>),
}

/// The effective schema, as [`Resolver::schema`] computes it, holding references into the
/// document (or into the schema it was computed from).
#[derive(Clone, Debug, Default)]
pub struct Effective<'s> {
    /// The keywords in the order a merged object lists them: the outer schema's, then each
    /// member's new ones.
    keywords: Vec<(&'s str, Keyword<'s>)>,
    /// A schema that is not an object (`true`, a number in a broken document), as it is.
    other: Option<&'s Value>,
    /// How many schemas the merge visited.
    merged: usize,
}

impl<'s> Effective<'s> {
    /// The keyword `key` as one schema said it; `properties` and `required` only when a single
    /// schema said them (see [`Effective::properties`] and [`Effective::required`]).
    pub fn get(&self, key: &str) -> Option<&'s Value> {
        match self.keyword(key)? {
            Keyword::One(value) => Some(value),
            Keyword::Properties(_) | Keyword::Required(_) => None,
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
            Keyword::Properties(properties) => Some(properties.clone()),
            _ => None,
        }
    }

    /// The names `required` lists (strings only).
    pub fn required(&self) -> HashSet<&'s str> {
        let listed: Vec<&'s Value> = match self.keyword("required") {
            Some(Keyword::One(Value::Array(names))) => names.iter().collect(),
            Some(Keyword::Required(names)) => names.clone(),
            _ => Vec::new(),
        };
        listed.into_iter().filter_map(Value::as_str).collect()
    }

    /// Whether the schema says `key` at all.
    pub fn has(&self, key: &str) -> bool {
        self.keyword(key).is_some()
    }

    /// How many schemas the merge visited (1 for a schema without `allOf`).
    pub fn merged(&self) -> usize {
        self.merged
    }

    /// The effective schema as a value of its own (what [`Resolver::schema`] returns).
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
                    Keyword::Properties(properties) => Value::Object(
                        properties
                            .iter()
                            .map(|(name, schema)| ((*name).to_owned(), (*schema).clone()))
                            .collect(),
                    ),
                    Keyword::Required(names) => {
                        Value::Array(names.iter().map(|name| (*name).clone()).collect())
                    }
                };
                ((*key).to_owned(), value)
            })
            .collect();
        Value::Object(object)
    }

    fn keyword(&self, key: &str) -> Option<&Keyword<'s>> {
        self.keywords
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, keyword)| keyword)
    }

    /// Unites one merged `allOf` member into this schema: properties and `required` are
    /// united, everything else is kept from whoever said it first (the outer schema first).
    fn unite(&mut self, member: Effective<'s>) {
        self.merged += member.merged;
        if member.other.is_some() {
            return;
        }
        for (key, keyword) in member.keywords {
            match self.keywords.iter_mut().find(|(name, _)| *name == key) {
                Some((name, existing)) => unite_keyword(name, existing, keyword),
                None => self.keywords.push((key, keyword)),
            }
        }
    }
}

/// `more` said again of the keyword `key`, already said: only `properties` (objects both)
/// and `required` (arrays both) take anything from it.
fn unite_keyword<'s>(key: &str, existing: &mut Keyword<'s>, more: Keyword<'s>) {
    match existing {
        Keyword::One(Value::Object(first)) if key == "properties" && is_properties(&more) => {
            let mut properties: Vec<(&'s str, &'s Value)> = first
                .iter()
                .map(|(name, schema)| (name.as_str(), schema))
                .collect();
            add_properties(&mut properties, more);
            *existing = Keyword::Properties(properties);
        }
        Keyword::Properties(properties) => add_properties(properties, more),
        Keyword::One(Value::Array(first)) if key == "required" && is_required(&more) => {
            let mut names: Vec<&'s Value> = first.iter().collect();
            add_required(&mut names, more);
            *existing = Keyword::Required(names);
        }
        Keyword::Required(names) => add_required(names, more),
        Keyword::One(_) => {}
    }
}

fn is_properties(keyword: &Keyword<'_>) -> bool {
    matches!(
        keyword,
        Keyword::One(Value::Object(_)) | Keyword::Properties(_)
    )
}

fn is_required(keyword: &Keyword<'_>) -> bool {
    matches!(
        keyword,
        Keyword::One(Value::Array(_)) | Keyword::Required(_)
    )
}

fn add_properties<'s>(into: &mut Vec<(&'s str, &'s Value)>, more: Keyword<'s>) {
    let more: Vec<(&'s str, &'s Value)> = match more {
        Keyword::One(Value::Object(object)) => object
            .iter()
            .map(|(name, schema)| (name.as_str(), schema))
            .collect(),
        Keyword::Properties(properties) => properties,
        _ => return,
    };
    let mut known: HashSet<&str> = into.iter().map(|(name, _)| *name).collect();
    for (name, schema) in more {
        if known.insert(name) {
            into.push((name, schema));
        }
    }
}

fn add_required<'s>(into: &mut Vec<&'s Value>, more: Keyword<'s>) {
    let more: Vec<&'s Value> = match more {
        Keyword::One(Value::Array(names)) => names.iter().collect(),
        Keyword::Required(names) => names,
        _ => return,
    };
    for name in more {
        if !into.contains(&name) {
            into.push(name);
        }
    }
}

impl<'a> Resolver<'a> {
    /// The effective schema of `schema`, borrowed: what [`Resolver::schema`] computes, without
    /// copying. A reference that does not resolve contributes nothing.
    pub fn effective<'s>(&self, schema: &'s Value) -> Effective<'s>
    where
        'a: 's,
    {
        self.merge(schema, &mut HashSet::new(), 0)
    }

    /// `seen` holds the references already merged: merging a member again adds nothing, so
    /// each contributes once — a cycle ends, and a schema reached through many `allOf` paths
    /// is merged once, not once per path.
    fn merge<'s>(
        &self,
        schema: &'s Value,
        seen: &mut HashSet<String>,
        depth: usize,
    ) -> Effective<'s>
    where
        'a: 's,
    {
        if depth > MAX_DEPTH || seen.len() > MAX_MERGE_STEPS {
            return Effective::default();
        }
        let schema: &'s Value = match Self::reference(schema) {
            Some(reference) => {
                let followed = self
                    .target(reference)
                    .and_then(|target| self.follow_at(target, &reference[1..]));
                match followed {
                    Ok((target, at)) if !seen.contains(&at) => {
                        seen.insert(at);
                        target
                    }
                    _ => return Effective::default(),
                }
            }
            None => schema,
        };
        let Value::Object(object) = schema else {
            return Effective {
                other: Some(schema),
                merged: 1,
                ..Effective::default()
            };
        };
        let members = object.get("allOf").and_then(Value::as_array);
        let mut effective = Effective {
            keywords: object
                .iter()
                .filter(|(key, _)| members.is_none() || *key != "allOf")
                .map(|(key, value)| (key.as_str(), Keyword::One(value)))
                .collect(),
            other: None,
            merged: 1,
        };
        for member in members.into_iter().flatten() {
            let member = self.merge(member, seen, depth + 1);
            effective.unite(member);
        }
        effective
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({ "components": { "schemas": {
            "Base": {
                "type": "object", "required": ["id"],
                "discriminator": { "propertyName": "kind" },
                "properties": { "id": { "type": "string" }, "shared": { "type": "integer" } }
            },
            "Odd": true,
            "Child": {
                "description": "a child",
                "discriminator": { "propertyName": "type" },
                "allOf": [
                    { "$ref": "#/components/schemas/Base" },
                    { "$ref": "#/components/schemas/Odd" },
                    { "$ref": "#/components/schemas/Missing" },
                    { "required": ["name", "id"], "properties": {
                        "name": { "type": "string" }, "shared": { "type": "string" } } },
                    { "$ref": "#/components/schemas/Base" }
                ]
            },
            "Broken": { "allOf": 5, "type": "string" }
        } } })
    }

    #[test]
    fn members_unite_properties_and_required_and_the_first_word_wins() {
        let doc = doc();
        let resolver = Resolver::new(&doc);
        let child = json!({ "$ref": "#/components/schemas/Child" });
        let effective = resolver.effective(&child);
        let names: Vec<&str> = effective
            .properties()
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["id", "shared", "name"]);
        assert_eq!(
            effective.properties().unwrap()[1].1,
            &json!({ "type": "integer" })
        );
        let mut required: Vec<&str> = effective.required().into_iter().collect();
        required.sort_unstable();
        assert_eq!(required, ["id", "name"]);
        assert_eq!(
            effective.get("discriminator"),
            Some(&json!({ "propertyName": "type" }))
        );
        assert_eq!(effective.get("type"), Some(&json!("object")));
        assert_eq!(
            effective.get("properties"),
            None,
            "united, so not one schema's"
        );
        assert!(effective.has("properties"));
        // Child, Base, Odd and the inline member; Base's second mention and Missing add none.
        assert_eq!(effective.merged(), 4);
        assert_eq!(
            effective.to_value(),
            json!({
                "description": "a child",
                "discriminator": { "propertyName": "type" },
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": { "type": "string" }, "shared": { "type": "integer" },
                    "name": { "type": "string" } }
            })
        );
    }

    #[test]
    fn odd_schemas_stay_as_they_are() {
        let doc = doc();
        let resolver = Resolver::new(&doc);
        let odd = json!({ "$ref": "#/components/schemas/Odd" });
        assert_eq!(resolver.schema(&odd), json!(true));
        let broken = json!({ "$ref": "#/components/schemas/Broken" });
        assert_eq!(
            resolver.schema(&broken),
            json!({ "allOf": 5, "type": "string" })
        );
        let missing = json!({ "$ref": "#/components/schemas/Missing" });
        assert_eq!(resolver.schema(&missing), json!({}));
        assert_eq!(resolver.effective(&missing).properties(), None);
        let plain = json!({ "type": "integer", "minimum": 1 });
        assert_eq!(resolver.schema(&plain), plain);
    }
}
