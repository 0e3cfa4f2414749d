//! Comparing the members of `oneOf`, `anyOf` and `allOf` (part of `cargo xtask diff`), as
//! oasdiff judges them: a response may gain no `oneOf`/`anyOf` alternative and a request lose
//! none; an `allOf` member added to a request body asks more of every request (oasdiff's
//! `request-body-all-of-added`), unless it only annotates; wrapping an object body in a
//! `oneOf` is breaking both ways (`request-body-wrapped-in-one-of`,
//! `response-body-wrapped-in-one-of`). Members are matched by the component they name, else
//! by position.

use serde_json::Value;

use super::schema::{Ctx, Direction, Pair, site, type_name};
use super::{Differ, Side};

/// Keywords that annotate without constraining a value.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "externalDocs",
    "deprecated",
    "$comment",
];

/// Whether an `allOf` member only annotates (oasdiff's `...-all-of-added-annotation-only`).
fn annotation_only(member: &Value) -> bool {
    member.as_object().is_some_and(|m| {
        m.keys()
            .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
    })
}

/// A member's identity: `` `Component` `` or `#index`.
fn identity(member: &Value, index: usize) -> String {
    type_name(member).map_or_else(|| format!("#{index}"), |n| format!("`{n}`"))
}

impl<'a> Differ<'a> {
    fn old_members(&self, pair: &Pair<'a>, key: &str) -> Option<(&'a Value, String)> {
        site(self.old.resolver(), pair.old, &pair.old_at, key, 0)
    }

    fn new_members(&self, pair: &Pair<'a>, key: &str) -> Option<(&'a Value, String)> {
        site(self.new.resolver(), pair.new, &pair.new_at, key, 0)
    }

    /// `oneOf` and `anyOf` members removed, added, or compared.
    pub(super) fn alternatives(&mut self, ctx: &Ctx, pair: &Pair<'a>, depth: usize) {
        let request = ctx.direction == Direction::Request;
        for key in ["oneOf", "anyOf"] {
            let members = |found: Option<(&'a Value, String)>| -> Vec<(String, &'a Value, String)> {
                let Some((Value::Array(list), at)) = found else {
                    return Vec::new();
                };
                list.iter()
                    .enumerate()
                    .map(|(index, member)| {
                        let identity = type_name(member)
                            .map_or_else(|| format!("#{index}"), |n| format!("`{n}`"));
                        (identity, member, format!("{at}/{index}"))
                    })
                    .collect()
            };
            let (was, is) = (
                members(self.old_members(pair, key)),
                members(self.new_members(pair, key)),
            );
            for (identity, old_member, old_at) in &was {
                let sub = ctx.at(format!("{} ({key} {identity})", ctx.location));
                match is.iter().find(|(i, _, _)| i == identity) {
                    Some((_, new_member, new_at)) => {
                        self.schema(&sub, old_member, old_at, new_member, new_at, depth + 1)
                    }
                    None => {
                        let note = "the generated enum loses this variant".to_owned();
                        self.record(
                            &sub,
                            "alternative-removed",
                            format!("{key} member removed"),
                            request,
                            Some(note),
                            (Side::Old, old_at.clone()),
                        );
                    }
                }
            }
            for (identity, _, new_at) in &is {
                if !was.iter().any(|(i, _, _)| i == identity) {
                    let sub = ctx.at(format!("{} ({key} {identity})", ctx.location));
                    let note =
                        "the generated enum gains a variant: exhaustive `match`es must handle it"
                            .to_owned();
                    self.record(
                        &sub,
                        "alternative-added",
                        format!("{key} member added"),
                        !request,
                        Some(note),
                        (Side::New, new_at.clone()),
                    );
                }
            }
        }
    }

    /// `allOf` members added or removed (their content reaches the comparison merged).
    pub(super) fn all_of(&mut self, ctx: &Ctx, pair: &Pair<'a>) {
        let request = ctx.direction == Direction::Request;
        let list = |found: Option<(&'a Value, String)>| match found {
            Some((Value::Array(list), at)) => list
                .iter()
                .enumerate()
                .map(|(i, m)| (identity(m, i), m, format!("{at}/{i}")))
                .collect(),
            _ => Vec::new(),
        };
        let was: Vec<_> = list(self.old_members(pair, "allOf"));
        let is: Vec<_> = list(self.new_members(pair, "allOf"));
        for (id, member, at) in is.iter().filter(|(i, _, _)| !was.iter().any(|w| &w.0 == i)) {
            let sub = ctx.at(format!("{} (allOf {id})", ctx.location));
            let only = annotation_only(member);
            let message = if only {
                "allOf member added (annotations only)"
            } else {
                "allOf member added: every value must now match it too"
            };
            let note = (!only).then(|| "the generated type gains the member's fields".to_owned());
            let at = (Side::New, at.clone());
            self.record(
                &sub,
                "all-of-member-added",
                message.into(),
                request && !only,
                note,
                at,
            );
        }
        for (id, member, at) in was.iter().filter(|(i, _, _)| !is.iter().any(|w| &w.0 == i)) {
            let sub = ctx.at(format!("{} (allOf {id})", ctx.location));
            let only = annotation_only(member);
            let note = (!only).then(|| "the generated type loses the member's fields".to_owned());
            let at = (Side::Old, at.clone());
            let message = "allOf member removed".to_owned();
            self.record(
                &sub,
                "all-of-member-removed",
                message,
                request && !only,
                note,
                at,
            );
        }
    }

    /// An object body whose properties moved into `oneOf` alternatives: one breaking change,
    /// and nothing else compared (the properties did not go away).
    pub(super) fn wrapped_in_one_of(&mut self, ctx: &Ctx, pair: &Pair<'a>) -> bool {
        let props = |s: &Value| -> Vec<String> {
            s.get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default()
        };
        let base = props(&pair.was);
        if base.is_empty() || pair.was.get("oneOf").is_some() {
            return false;
        }
        // The alternatives as the document writes them (the pair holds outlines).
        let Some((Value::Array(alternatives), _)) = self.new_members(pair, "oneOf") else {
            return false;
        };
        if !props(&pair.is).is_empty() || !super::types::types(&pair.is).is_empty() {
            return false;
        }
        let resolver = self.new.resolver();
        let moved = alternatives.iter().any(|alternative| {
            let alternative = resolver.effective(alternative).properties();
            let names = alternative.unwrap_or_default();
            base.iter()
                .any(|name| names.iter().any(|(other, _)| other == name))
        });
        if moved {
            let message = format!(
                "body wrapped in a oneOf of {} alternatives: a value may match several and be rejected",
                alternatives.len()
            );
            let note = "the body's type becomes an enum of the alternatives".to_owned();
            let at = self.new_site(pair, "oneOf");
            self.record(ctx, "wrapped-in-one-of", message, true, Some(note), at);
        }
        moved
    }
}
