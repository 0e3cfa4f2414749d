//! The one `$ref` and `allOf` resolver.
//!
//! `$ref` follows local references (`#/…`) through chains of at most
//! [`MAX_REF_CHAIN`](super::limits::MAX_REF_CHAIN) hops; siblings of a
//! `$ref` are ignored, as OpenAPI 3.0 says. [`Resolver::schema`] gives the *effective* schema:
//! references followed and `allOf` members merged (properties and `required` united, the
//! outer schema's own keywords winning), which is what a reader of a schema means by "its
//! properties". Validation keeps `allOf` as JSON Schema does (see `validate`).

use std::borrow::Cow;

use serde_json::Value;

/// Why a reference does not resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// Not a local `#/…` reference (external files are not supported).
    NotLocal(String),
    /// Points at nothing.
    Missing(String),
    /// Refers back to itself through a chain of references.
    Cycle(String),
}

impl std::fmt::Display for RefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefError::NotLocal(target) => write!(
                f,
                "$ref {target:?} is not a local reference (`#/...`); external files are not supported"
            ),
            RefError::Missing(target) => write!(f, "$ref {target:?} does not resolve"),
            RefError::Cycle(target) => write!(f, "$ref {target:?} refers to itself"),
        }
    }
}

/// Follows references inside one document.
#[derive(Clone, Copy, Debug)]
pub struct Resolver<'a> {
    root: &'a Value,
}

use std::collections::HashSet;

use super::limits::{MAX_DEPTH, MAX_MERGE_STEPS, MAX_REF_CHAIN};

impl<'a> Resolver<'a> {
    /// A resolver over `root`.
    pub fn new(root: &'a Value) -> Self {
        Self { root }
    }

    /// The document.
    pub fn root(&self) -> &'a Value {
        self.root
    }

    /// The `$ref` of `value`, if it is a reference.
    pub fn reference(value: &Value) -> Option<&str> {
        value.get("$ref").and_then(Value::as_str)
    }

    /// The target of one reference string.
    pub fn target(&self, reference: &str) -> Result<&'a Value, RefError> {
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| RefError::NotLocal(reference.to_owned()))?;
        lookup(self.root, pointer).ok_or_else(|| RefError::Missing(reference.to_owned()))
    }

    /// `value` with its `$ref` chain followed, and the pointer of what it ends at (`at` when
    /// `value` is not a reference).
    pub fn follow_at(&self, value: &'a Value, at: &str) -> Result<(&'a Value, String), RefError> {
        let mut current = (value, at.to_owned());
        for _ in 0..MAX_REF_CHAIN {
            match Self::reference(current.0) {
                None => return Ok(current),
                Some(reference) => {
                    let target = self.target(reference)?;
                    current = (target, reference[1..].to_owned());
                }
            }
        }
        Err(RefError::Cycle(
            Self::reference(value).unwrap_or_default().to_owned(),
        ))
    }

    /// `value` with its `$ref` chain followed.
    pub fn follow(&self, value: &'a Value) -> Result<&'a Value, RefError> {
        self.follow_at(value, "").map(|(target, _)| target)
    }

    /// `value` followed, or `Null` when it does not resolve.
    pub fn follow_or_null(&self, value: &'a Value) -> &'a Value {
        self.follow(value).unwrap_or(&Value::Null)
    }

    /// The effective schema: references followed, `allOf` merged. A reference that does not
    /// resolve contributes nothing (the linter reports it).
    /// [`Resolver::effective`] borrows the same without copying.
    pub fn schema(&self, schema: &Value) -> Value {
        self.effective(schema).to_value()
    }

    /// The effective properties of `schema` (found at `at`), as [`Resolver::schema`] merges
    /// them, each with the pointer of the property's own text: references followed, `allOf`
    /// members visited after the schema's own `properties`, the first declaration winning.
    pub fn property_sites(&self, schema: &'a Value, at: &str) -> Vec<(String, String)> {
        let mut sites = Vec::new();
        let mut seen = HashSet::new();
        self.collect_sites(schema, at, &mut sites, &mut seen, 0);
        sites
    }

    /// `seen` holds the schemas visited (by pointer): each contributes once, so a cycle or a
    /// schema reached twice through `allOf` ends there.
    fn collect_sites(
        &self,
        schema: &'a Value,
        at: &str,
        sites: &mut Vec<(String, String)>,
        seen: &mut HashSet<String>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || seen.len() > MAX_MERGE_STEPS {
            return;
        }
        let Ok((schema, at)) = self.follow_at(schema, at) else {
            return;
        };
        if !seen.insert(at.clone()) {
            return;
        }
        let mut known: HashSet<String> = sites.iter().map(|(name, _)| name.clone()).collect();
        for name in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|properties| properties.keys())
        {
            if known.insert(name.clone()) {
                let pointer = format!("{at}/properties/{}", super::source::escape(name));
                sites.push((name.clone(), pointer));
            }
        }
        for (index, member) in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let member_at = format!("{at}/allOf/{index}");
            self.collect_sites(member, &member_at, sites, seen, depth + 1);
        }
    }
}

/// What `root.pointer(pointer)` finds (the same tokens, the same array indices), without
/// allocating for tokens that have nothing escaped: every `$ref` of every merge comes here.
fn lookup<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .try_fold(root, |node, token| {
            let token: Cow<'_, str> = if token.contains('~') {
                Cow::Owned(super::source::unescape(token))
            } else {
                Cow::Borrowed(token)
            };
            match node {
                Value::Object(members) => members.get(token.as_ref()),
                Value::Array(items) => index(&token).and_then(|at| items.get(at)),
                _ => None,
            }
        })
}

/// An array index as JSON Pointer writes one: digits, no sign, no leading zero.
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "components": { "schemas": {
                "Base": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } },
                "Alias": { "$ref": "#/components/schemas/Base" },
                "Loop": { "$ref": "#/components/schemas/Loop" },
                "Child": {
                    "description": "a child",
                    "allOf": [
                        { "$ref": "#/components/schemas/Alias" },
                        { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } }
                    ]
                }
            } }
        })
    }

    #[test]
    fn references_chain_and_cycles_stop() {
        let doc = doc();
        let resolver = Resolver::new(&doc);
        let alias = json!({ "$ref": "#/components/schemas/Alias" });
        let (target, at) = resolver.follow_at(&alias, "/x").unwrap();
        assert_eq!(target["required"], json!(["id"]));
        assert_eq!(at, "/components/schemas/Base");
        let looped = json!({ "$ref": "#/components/schemas/Loop" });
        assert!(matches!(resolver.follow(&looped), Err(RefError::Cycle(_))));
        let missing = json!({ "$ref": "#/components/schemas/Nope" });
        assert!(matches!(
            resolver.follow(&missing),
            Err(RefError::Missing(_))
        ));
        let external = json!({ "$ref": "other.yaml#/X" });
        assert!(matches!(
            resolver.follow(&external),
            Err(RefError::NotLocal(_))
        ));
    }

    #[test]
    fn lookups_find_what_json_pointers_find() {
        let doc = json!({ "a/b": { "c~d": [10, 11, { "": 12 }] }, "0": [1], "n": null });
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1",
            "/a~1b/c~0d/2/",
            "/a~1b/c~0d/01",
            "/a~1b/c~0d/+1",
            "/a~1b/c~0d/-1",
            "/a~1b/c~0d/9",
            "/0/0",
            "/n",
            "/n/x",
            "a",
            "/",
            "/a~2b",
            "/a~1b/c~0d/1/x",
        ] {
            assert_eq!(lookup(&doc, pointer), doc.pointer(pointer), "{pointer:?}");
        }
    }

    #[test]
    fn all_of_merges_through_references() {
        let doc = doc();
        let resolver = Resolver::new(&doc);
        let merged = resolver.schema(&json!({ "$ref": "#/components/schemas/Child" }));
        assert_eq!(merged["description"], "a child");
        assert_eq!(merged["required"], json!(["id", "name"]));
        assert_eq!(
            merged["properties"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["id", "name"]
        );
        assert_eq!(merged["type"], "object");
        let child = json!({ "$ref": "#/components/schemas/Child" });
        assert_eq!(
            resolver.property_sites(&child, "/x"),
            [
                (
                    "id".to_owned(),
                    "/components/schemas/Base/properties/id".to_owned()
                ),
                (
                    "name".to_owned(),
                    "/components/schemas/Child/allOf/1/properties/name".to_owned()
                ),
            ]
        );
    }
}
