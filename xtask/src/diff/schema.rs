//! Comparing two schemas in a request or a response (part of `cargo xtask diff`).
//!
//! Requests and responses are judged in opposite directions: narrowing what a request accepts
//! breaks callers, widening what a response returns breaks response handling. Keywords are
//! compared on the effective schemas (references followed, `allOf` merged by the spec model);
//! recursion goes through the documents' own nodes, so every change points at its own line.

use passport_paas_spec::{Case, Resolver, Spec, sanitize_field};
use serde_json::Value;

use super::{Differ, Found, Side, Verdict};

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
}

/// The node holding `key` in `value` or its `allOf` members (outer first, as merging goes).
fn site<'a>(
    resolver: Resolver<'a>,
    value: &'a Value,
    at: &str,
    key: &str,
    depth: usize,
) -> Option<(&'a Value, String)> {
    let (value, at) = resolver.follow_at(value, at).ok()?;
    if let Some(found) = value.get(key) {
        return Some((found, format!("{at}/{key}")));
    }
    if depth > 16 {
        return None;
    }
    let members = value.get("allOf").and_then(Value::as_array)?;
    members.iter().enumerate().find_map(|(index, member)| {
        site(
            resolver,
            member,
            &format!("{at}/allOf/{index}"),
            key,
            depth + 1,
        )
    })
}

/// The component a schema names (`$ref`, or a lone `allOf` reference), i.e. its Rust type.
fn type_name(value: &Value) -> Option<&str> {
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

fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "none".to_owned(), Value::to_string)
}

struct Pair<'a> {
    old: &'a Value,
    old_at: String,
    new: &'a Value,
    new_at: String,
    was: Value,
    is: Value,
}

impl<'a> Differ<'a> {
    fn record(
        &mut self,
        ctx: &Ctx,
        kind: &'static str,
        message: String,
        wire: bool,
        rust: Option<String>,
        at: (Side, String),
    ) {
        self.push(Found {
            kind,
            location: ctx.location.clone(),
            message,
            wire: Verdict::from(wire),
            rust: Verdict::from(ctx.rust && rust.is_some()),
            rust_note: rust.filter(|_| ctx.rust),
            side: at.0,
            pointer: at.1,
        });
    }

    /// Where `key` is written in the new schema (or the schema itself).
    fn new_site(&self, pair: &Pair<'a>, key: &str) -> (Side, String) {
        let at = site(self.new.resolver(), pair.new, &pair.new_at, key, 0)
            .map_or_else(|| pair.new_at.clone(), |(_, at)| at);
        (Side::New, at)
    }

    fn old_site(&self, pair: &Pair<'a>, key: &str) -> (Side, String) {
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
            was: self.old.resolver().schema(old_value),
            is: self.new.resolver().schema(new_value),
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
        if !self.kind(ctx, &pair) {
            return;
        }
        self.enums(ctx, &pair);
        self.bounds(ctx, &pair);
        self.properties(ctx, &pair, depth);
        self.nested(ctx, &pair, depth);
    }

    /// type, format, nullable; `false` when the types differ (nothing else is comparable).
    fn kind(&mut self, ctx: &Ctx, pair: &Pair<'a>) -> bool {
        let request = ctx.direction == Direction::Request;
        let (t0, t1) = (pair.was.get("type"), pair.is.get("type"));
        if t0 != t1 {
            let generalized = request
                && (t1.is_none()
                    || (t0 == Some(&"integer".into()) && t1 == Some(&"number".into())));
            let message = format!("type changed from {} to {}", show(t0), show(t1));
            let note = "the generated type changes".to_owned();
            self.record(
                ctx,
                "type-changed",
                message,
                !generalized,
                Some(note),
                self.new_site(pair, "type"),
            );
            return false;
        }
        let (f0, f1) = (pair.was.get("format"), pair.is.get("format"));
        if f0 != f1 {
            let generalized = request && f1.is_none();
            let message = format!("format changed from {} to {}", show(f0), show(f1));
            let note = "the generated type may change with the format".to_owned();
            self.record(
                ctx,
                "format-changed",
                message,
                !generalized,
                Some(note),
                self.new_site(pair, "format"),
            );
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

    fn enums(&mut self, ctx: &Ctx, pair: &Pair<'a>) {
        let request = ctx.direction == Direction::Request;
        let values = |s: &Value| s.get("enum").and_then(Value::as_array).cloned();
        let name =
            type_name(pair.new).map_or_else(|| "the enum".to_owned(), |n| format!("enum `{n}`"));
        match (values(&pair.was), values(&pair.is)) {
            (None, None) => {}
            (None, Some(_)) => {
                let note = "a free value becomes a generated enum type".to_owned();
                self.record(
                    ctx,
                    "became-enum",
                    "a free value became an enum".into(),
                    request,
                    Some(note),
                    self.new_site(pair, "enum"),
                );
            }
            (Some(_), None) => {
                let note = format!("{name} becomes a free value");
                self.record(
                    ctx,
                    "enum-dropped",
                    "the enum was dropped: any value is allowed".into(),
                    !request,
                    Some(note),
                    self.old_site(pair, "enum"),
                );
            }
            (Some(was), Some(is)) => {
                let (_, old_at) = self.old_site(pair, "enum");
                let (_, new_at) = self.new_site(pair, "enum");
                for (index, value) in was.iter().enumerate() {
                    if !is.contains(value) {
                        let note = format!("{name} loses the variant for {value}");
                        self.record(
                            ctx,
                            "enum-value-removed",
                            format!("enum value {value} removed"),
                            request,
                            Some(note),
                            (Side::Old, format!("{old_at}/{index}")),
                        );
                    }
                }
                for (index, value) in is.iter().enumerate() {
                    if !was.contains(value) {
                        let note = format!(
                            "{name} gains a variant for {value}: exhaustive `match`es must handle it"
                        );
                        self.record(
                            ctx,
                            "enum-value-added",
                            format!("enum value {value} added"),
                            !request,
                            Some(note),
                            (Side::New, format!("{new_at}/{index}")),
                        );
                    }
                }
            }
        }
    }

    fn bounds(&mut self, ctx: &Ctx, pair: &Pair<'a>) {
        let request = ctx.direction == Direction::Request;
        let string = pair.is.get("type").and_then(Value::as_str) == Some("string");
        for (key, lower) in [
            ("minimum", true),
            ("maximum", false),
            ("minLength", true),
            ("maxLength", false),
            ("minItems", true),
            ("maxItems", false),
            ("minProperties", true),
            ("maxProperties", false),
        ] {
            let (b0, b1) = (
                pair.was.get(key).and_then(Value::as_f64),
                pair.is.get(key).and_then(Value::as_f64),
            );
            if b0 == b1 {
                continue;
            }
            let narrowed = match (b0, b1) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => {
                    if lower {
                        b > a
                    } else {
                        b < a
                    }
                }
                (None, None) => false,
            };
            // Length limits turn a string into a constrained newtype (typify), and back.
            let note =
                (string && key.ends_with("Length") && (b0.is_none() || b1.is_none())).then(|| {
                    "the generated string type changes (constrained newtype ↔ `String`)".to_owned()
                });
            let (kind, verb) = if narrowed {
                ("bound-narrowed", "narrowed")
            } else {
                ("bound-widened", "widened")
            };
            let message = format!(
                "{key} {verb}: {} → {}",
                show(pair.was.get(key)),
                show(pair.is.get(key))
            );
            let at = if b1.is_some() {
                self.new_site(pair, key)
            } else {
                self.old_site(pair, key)
            };
            self.record(ctx, kind, message, narrowed == request, note, at);
        }
        let (p0, p1) = (pair.was.get("pattern"), pair.is.get("pattern"));
        if p0 != p1 {
            let message = format!("pattern changed from {} to {}", show(p0), show(p1));
            let note = (p0.is_none() || p1.is_none()).then(|| {
                "the generated string type changes (constrained newtype ↔ `String`)".to_owned()
            });
            let at = if p1.is_some() {
                self.new_site(pair, "pattern")
            } else {
                self.old_site(pair, "pattern")
            };
            self.record(
                ctx,
                "pattern-changed",
                message,
                request && p1.is_some(),
                note,
                at,
            );
        }
    }

    fn properties(&mut self, ctx: &Ctx, pair: &Pair<'a>, depth: usize) {
        let request = ctx.direction == Direction::Request;
        let old_sites = self.old.resolver().property_sites(pair.old, &pair.old_at);
        let new_sites = self.new.resolver().property_sites(pair.new, &pair.new_at);
        if old_sites.is_empty() && new_sites.is_empty() {
            return;
        }
        let required = |s: &Value, name: &str| {
            s.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|v| v == name))
        };
        let join = |name: &str| {
            if ctx.location.ends_with(']') || ctx.location.contains(" · ") {
                format!("{}.{name}", ctx.location)
            } else {
                format!("{} · {name}", ctx.location)
            }
        };
        let field = |name: &str| sanitize_field(name, Case::Snake);
        for (name, old_at) in &old_sites {
            let sub = Ctx {
                location: join(name),
                direction: ctx.direction,
                rust: ctx.rust,
            };
            let Some((_, new_at)) = new_sites.iter().find(|(n, _)| n == name) else {
                let note = format!("field `{}` is gone", field(name));
                let what = if required(&pair.was, name) {
                    "required"
                } else {
                    "optional"
                };
                self.record(
                    &sub,
                    "property-removed",
                    format!("{what} property removed"),
                    true,
                    Some(note),
                    (Side::Old, old_at.clone()),
                );
                continue;
            };
            let (r0, r1) = (required(&pair.was, name), required(&pair.is, name));
            if r0 != r1 {
                let (kind, message, breaks, note) = if r1 {
                    (
                        "property-became-required",
                        "property became required",
                        request,
                        "field type changes from `Option<T>` to `T`",
                    )
                } else {
                    (
                        "property-became-optional",
                        "property became optional",
                        !request,
                        "field type changes from `T` to `Option<T>`",
                    )
                };
                self.record(
                    &sub,
                    kind,
                    message.into(),
                    breaks,
                    Some(format!("{note} (`{}`)", field(name))),
                    (Side::New, new_at.clone()),
                );
            }
            let (Some(was), Some(is)) = (
                self.old.root().pointer(old_at),
                self.new.root().pointer(new_at),
            ) else {
                continue;
            };
            if request && !r1 {
                let (d0, d1) = (
                    self.old.resolver().schema(was),
                    self.new.resolver().schema(is),
                );
                if d0.get("default") != d1.get("default") {
                    let message = format!(
                        "default changed from {} to {}",
                        show(d0.get("default")),
                        show(d1.get("default"))
                    );
                    self.record(
                        &sub,
                        "property-default-changed",
                        message,
                        true,
                        None,
                        (Side::New, new_at.clone()),
                    );
                }
            }
            self.schema(&sub, was, old_at, is, new_at, depth + 1);
        }
        for (name, new_at) in &new_sites {
            if old_sites.iter().any(|(n, _)| n == name) {
                continue;
            }
            let sub = Ctx {
                location: join(name),
                direction: ctx.direction,
                rust: ctx.rust,
            };
            let note = format!(
                "struct gains field `{}`: struct literals must name it",
                field(name)
            );
            let (kind, message, breaks) = if request && required(&pair.is, name) {
                (
                    "required-property-added",
                    "required property added: existing requests lack it",
                    true,
                )
            } else {
                ("property-added", "property added", false)
            };
            self.record(
                &sub,
                kind,
                message.into(),
                breaks,
                Some(note),
                (Side::New, new_at.clone()),
            );
        }
    }

    /// `items`, `additionalProperties`, `oneOf` and `anyOf`.
    fn nested(&mut self, ctx: &Ctx, pair: &Pair<'a>, depth: usize) {
        let request = ctx.direction == Direction::Request;
        let old_site = |key: &str| site(self.old.resolver(), pair.old, &pair.old_at, key, 0);
        let new_site = |key: &str| site(self.new.resolver(), pair.new, &pair.new_at, key, 0);
        if let (Some((was, old_at)), Some((is, new_at))) = (old_site("items"), new_site("items")) {
            let sub = Ctx {
                location: format!("{}[]", ctx.location),
                direction: ctx.direction,
                rust: ctx.rust,
            };
            self.schema(&sub, was, &old_at, is, &new_at, depth + 1);
        }
        let (extra0, extra1) = (
            old_site("additionalProperties"),
            new_site("additionalProperties"),
        );
        let closed = |e: &Option<(&Value, String)>| matches!(e, Some((Value::Bool(false), _)));
        match (&extra0, &extra1) {
            (Some((was @ Value::Object(_), old_at)), Some((is @ Value::Object(_), new_at))) => {
                let sub = Ctx {
                    location: format!("{}.*", ctx.location),
                    direction: ctx.direction,
                    rust: ctx.rust,
                };
                self.schema(&sub, was, old_at, is, new_at, depth + 1);
            }
            _ if closed(&extra0) != closed(&extra1) => {
                let now_closed = closed(&extra1);
                let message = if now_closed {
                    "additional properties are no longer allowed"
                } else {
                    "additional properties are now allowed"
                };
                let at = match &extra1 {
                    Some((_, at)) => (Side::New, at.clone()),
                    None => (
                        Side::Old,
                        extra0
                            .as_ref()
                            .map_or_else(|| pair.old_at.clone(), |(_, at)| at.clone()),
                    ),
                };
                self.record(
                    ctx,
                    "additional-properties-changed",
                    message.into(),
                    now_closed == request,
                    None,
                    at,
                );
            }
            _ => {}
        }
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
            let (was, is) = (members(old_site(key)), members(new_site(key)));
            for (identity, old_member, old_at) in &was {
                let sub = Ctx {
                    location: format!("{} ({key} {identity})", ctx.location),
                    direction: ctx.direction,
                    rust: ctx.rust,
                };
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
                    let sub = Ctx {
                        location: format!("{} ({key} {identity})", ctx.location),
                        direction: ctx.direction,
                        rust: ctx.rust,
                    };
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
}
