//! Comparing two schemas in a request or a response (part of `cargo xtask diff`).
//!
//! Requests and responses are judged in opposite directions: narrowing what a request accepts
//! breaks callers, widening what a response returns breaks response handling. Keywords are
//! compared on the effective schemas (references followed, `allOf` merged by the spec model);
//! recursion goes through the documents' own nodes, so every change points at its own line.
//! Type changes are judged by `types`, keyword values by `constraints`, members of `oneOf`,
//! `anyOf` and `allOf` by `composition`.

use std::collections::HashSet;
use std::rc::Rc;

use passport_paas_spec::{Resolver, Spec};
use serde_json::Value;

use super::{Differ, Found, Side, Verdict, types};

/// Which way data flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Sent by the client.
    Request,
    /// Returned to the client.
    Response,
}

/// Where a comparison happens.
pub(crate) struct Ctx {
    /// `query parameter \`x\``, `response 200 (application/json) · items[].id`.
    pub location: String,
    /// Request or response.
    pub direction: Direction,
    /// Whether the schema is a Rust type of the generated client.
    pub rust: bool,
    /// Whether values are typed on the wire (a JSON body); elsewhere any value is text.
    pub strong: bool,
    /// Why the value does not travel in this direction (`readOnly` in a request, …): its
    /// changes break nobody on the wire.
    pub inert: Option<&'static str>,
}

impl Ctx {
    /// A context for a part of this value, at `location`.
    pub(super) fn at(&self, location: String) -> Ctx {
        Ctx {
            location,
            direction: self.direction,
            rust: self.rust,
            strong: self.strong,
            inert: self.inert,
        }
    }
}

/// The node holding `key` in `value` or its `allOf` members (outer first, as merging goes).
/// Each schema is searched once, so an `allOf` cycle or a schema reached many ways ends.
pub(super) fn site<'a>(
    resolver: Resolver<'a>,
    value: &'a Value,
    at: &str,
    key: &str,
    depth: usize,
) -> Option<(&'a Value, String)> {
    site_once(resolver, value, at, key, depth, &mut HashSet::new())
}

fn site_once<'a>(
    resolver: Resolver<'a>,
    value: &'a Value,
    at: &str,
    key: &str,
    depth: usize,
    seen: &mut HashSet<String>,
) -> Option<(&'a Value, String)> {
    let (value, at) = resolver.follow_at(value, at).ok()?;
    if !seen.insert(at.clone()) {
        return None;
    }
    if let Some(found) = value.get(key) {
        return Some((found, format!("{at}/{key}")));
    }
    if depth > 16 {
        return None;
    }
    let members = value.get("allOf").and_then(Value::as_array)?;
    members.iter().enumerate().find_map(|(index, member)| {
        let member_at = format!("{at}/allOf/{index}");
        site_once(resolver, member, &member_at, key, depth + 1, seen)
    })
}

/// The component a schema names (`$ref`, or a lone `allOf` reference), i.e. its Rust type.
pub(super) fn type_name(value: &Value) -> Option<&str> {
    let reference = value.get("$ref").or_else(|| {
        let members = value.get("allOf")?.as_array()?;
        (members.len() == 1).then(|| members[0].get("$ref"))?
    })?;
    reference.as_str()?.rsplit('/').next()
}

fn contains_ref(value: &Value) -> bool {
    match value {
        Value::Object(object) => object.contains_key("$ref") || object.values().any(contains_ref),
        Value::Array(items) => items.iter().any(contains_ref),
        _ => false,
    }
}

pub(super) fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "none".to_owned(), Value::to_string)
}

pub(super) struct Pair<'a> {
    pub old: &'a Value,
    pub old_at: String,
    pub new: &'a Value,
    pub new_at: String,
    /// The old node's effective schema.
    pub was: Rc<Value>,
    /// The new node's effective schema.
    pub is: Rc<Value>,
}

impl<'a> Differ<'a> {
    pub(super) fn record(
        &mut self,
        ctx: &Ctx,
        kind: &'static str,
        message: String,
        wire: bool,
        rust: Option<String>,
        at: (Side, String),
    ) {
        let message = match ctx.inert {
            Some(why) if wire => format!("{message} ({why})"),
            _ => message,
        };
        self.push(Found {
            kind,
            location: ctx.location.clone(),
            message,
            wire: Verdict::from(wire && ctx.inert.is_none()),
            rust: Verdict::from(ctx.rust && rust.is_some()),
            rust_note: rust.filter(|_| ctx.rust),
            side: at.0,
            pointer: at.1,
        });
    }

    /// The effective schema of `node`, a node of `side`'s document, computed once per node.
    pub(super) fn merged(&self, side: Side, node: &'a Value) -> Rc<Value> {
        let spec = match side {
            Side::Old => self.old,
            Side::New => self.new,
        };
        self.merged.borrow_mut().of(spec, node)
    }

    /// Where `key` is written in the new schema (or the schema itself).
    pub(super) fn new_site(&self, pair: &Pair<'a>, key: &str) -> (Side, String) {
        let at = site(self.new.resolver(), pair.new, &pair.new_at, key, 0)
            .map_or_else(|| pair.new_at.clone(), |(_, at)| at);
        (Side::New, at)
    }

    pub(super) fn old_site(&self, pair: &Pair<'a>, key: &str) -> (Side, String) {
        let at = site(self.old.resolver(), pair.old, &pair.old_at, key, 0)
            .map_or_else(|| pair.old_at.clone(), |(_, at)| at);
        (Side::Old, at)
    }

    pub(super) fn schema(
        &mut self,
        ctx: &Ctx,
        old: &'a Value,
        old_at: &str,
        new: &'a Value,
        new_at: &str,
        depth: usize,
    ) {
        if depth == 0 {
            self.seen.clear();
        }
        let follow = |spec: &'a Spec, value: &'a Value, at: &str| {
            spec.resolver()
                .follow_at(value, at)
                .unwrap_or((&Value::Null, at.to_owned()))
        };
        let (old_value, old_target) = follow(self.old, old, old_at);
        let (new_value, new_target) = follow(self.new, new, new_at);
        if depth > 24 || !self.seen.insert((old_target.clone(), new_target.clone())) {
            return;
        }
        if old_value.is_null()
            || new_value.is_null()
            || (old_value == new_value && !contains_ref(old_value))
        {
            return;
        }
        let pair = Pair {
            old,
            old_at: old_at.to_owned(),
            new,
            new_at: new_at.to_owned(),
            was: self.merged(Side::Old, old_value),
            is: self.merged(Side::New, new_value),
        };
        if let (Some(a), Some(b)) = (type_name(old), type_name(new))
            && a != b
        {
            let note = format!("type `{a}` is now `{b}`");
            self.record(
                ctx,
                "type-renamed",
                format!("schema `{a}` replaced by `{b}`"),
                false,
                Some(note),
                (Side::New, new_at.to_owned()),
            );
        }
        if depth == 0 && self.wrapped_in_one_of(ctx, &pair) {
            return;
        }
        if !self.kind(ctx, &pair) {
            return;
        }
        self.all_of(ctx, &pair);
        self.enums(ctx, &pair);
        self.extensible_enum(ctx, &pair);
        self.bounds(ctx, &pair);
        self.properties(ctx, &pair, depth);
        self.nested(ctx, &pair, depth);
        self.alternatives(ctx, &pair, depth);
    }

    /// type, format, nullable; `false` when the types differ (nothing else is comparable).
    fn kind(&mut self, ctx: &Ctx, pair: &Pair<'a>) -> bool {
        let request = ctx.direction == Direction::Request;
        let breaks = types::breaks(&pair.was, &pair.is, request, ctx.strong);
        let (t0, t1) = (pair.was.get("type"), pair.is.get("type"));
        if types::types(&pair.was) != types::types(&pair.is) {
            let (kind, verb) = types::type_kind(&pair.was, &pair.is);
            let message = format!("type {verb} from {} to {}", show(t0), show(t1));
            let note = "the generated type changes".to_owned();
            let at = self.new_site(pair, "type");
            self.record(ctx, kind, message, breaks, Some(note), at);
            return false;
        }
        let (f0, f1) = (pair.was.get("format"), pair.is.get("format"));
        if f0 != f1 {
            let message = format!("format changed from {} to {}", show(f0), show(f1));
            let note = "the generated type may change with the format".to_owned();
            let at = self.new_site(pair, "format");
            self.record(ctx, "format-changed", message, breaks, Some(note), at);
        }
        let nullable = |s: &Value| s.get("nullable") == Some(&Value::Bool(true));
        let (n0, n1) = (nullable(&pair.was), nullable(&pair.is));
        if n0 != n1 {
            let breaks = if request { n0 } else { n1 };
            let note = if n1 {
                "the value's type becomes `Option<T>`"
            } else {
                "the value's type is no longer `Option<T>`"
            };
            let message = format!("nullable changed from {n0} to {n1}");
            self.record(
                ctx,
                "nullable-changed",
                message,
                breaks,
                Some(note.into()),
                self.new_site(pair, "nullable"),
            );
        }
        true
    }
}
