//! Merging: a schema's [`Effective`] schema computed by following its references and uniting
//! its `allOf` members, each reference merged once (a cycle ends), within
//! [`MAX_DEPTH`] and [`MAX_MERGE_STEPS`]; and [`Merged`], the memo through which a walk that
//! meets the same node many times merges it once.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_json::Value;

use super::effective::Effective;
use super::limits::{MAX_DEPTH, MAX_MERGE_STEPS};
use super::resolve::Resolver;

/// The effective schemas one walk has computed, by the schema node each was computed for: a
/// walk that meets the same node at many places (a component referenced from every item of
/// a list, a schema shared through aliases) merges it once.
///
/// Nodes are told apart by address. That is sound because every node a `Merged<'s>` is asked
/// about is borrowed for all of `'s`: none can be freed, and another take its address, while
/// the memo lives.
#[derive(Debug, Default)]
pub struct Merged<'s> {
    known: HashMap<*const Value, Rc<Effective<'s>>>,
}

impl Merged<'_> {
    /// An empty memo.
    pub fn new() -> Self {
        Self::default()
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

    /// [`Resolver::effective`] through `memo`, and the merging it took now (its
    /// [`Effective::work`] the first time, 0 when `memo` had it).
    pub fn effective_in<'s>(
        &self,
        memo: &mut Merged<'s>,
        schema: &'s Value,
    ) -> (Rc<Effective<'s>>, usize)
    where
        'a: 's,
    {
        let key: *const Value = schema;
        if let Some(known) = memo.known.get(&key) {
            return (Rc::clone(known), 0);
        }
        let effective = Rc::new(self.effective(schema));
        memo.known.insert(key, Rc::clone(&effective));
        let work = effective.work();
        (effective, work)
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
            return Effective::other(schema);
        };
        let members = object.get("allOf").and_then(Value::as_array);
        let mut effective = Effective::own(object, members.is_some());
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
        // Child 1 + 3 keys; Base 1 + 4, its four keywords compared with the 2, 3, 4 and 4
        // held, each taking one; Odd 1; the inline member 1 + 2, its two compared with 5 each,
        // `required` taking 1 + 2 names and `properties` 2 + 2; Base's second mention and
        // Missing add none.
        assert_eq!(effective.work(), 4 + (5 + 3 + 4 + 5 + 5) + 1 + (3 + 8 + 9));
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
    fn the_outline_keeps_the_keywords_and_leaves_the_schemas_under_them() {
        let doc = doc();
        let resolver = Resolver::new(&doc);
        let child = json!({ "$ref": "#/components/schemas/Child" });
        assert_eq!(
            resolver.effective(&child).outline(),
            json!({
                "description": "a child",
                "discriminator": { "propertyName": "type" },
                "type": "object",
                "required": ["id", "name"],
                "properties": { "id": true, "shared": true, "name": true }
            })
        );
        let nested = json!({
            "type": "array", "items": { "type": "string" }, "not": { "enum": [1] },
            "additionalProperties": { "type": "integer" }, "oneOf": [{ "type": "string" }, {}],
            "anyOf": [{}], "enum": [["a"]], "maxItems": 3
        });
        assert_eq!(
            resolver.effective(&nested).outline(),
            json!({
                "type": "array", "items": true, "not": true, "additionalProperties": true,
                "oneOf": [true, true], "anyOf": [true], "enum": [["a"]], "maxItems": 3
            })
        );
        let closed = json!({ "additionalProperties": false });
        assert_eq!(resolver.effective(&closed).outline(), closed);
        assert_eq!(resolver.effective(&json!(true)).outline(), json!(true));
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
