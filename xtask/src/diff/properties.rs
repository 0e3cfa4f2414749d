//! Comparing what two schemas contain (part of `cargo xtask diff`): properties (removed,
//! added, required or not, defaults, read-only or write-only), `items` and
//! `additionalProperties`. A read-only property does not travel in requests, a write-only one
//! not in responses, so its changes break nobody there (`mutability`). Properties are located through the
//! spec model's `property_sites`, so a change points at the property's own line even when it
//! comes from an `allOf` member.

use passport_paas_spec::{Case, sanitize_field};
use serde_json::Value;

use super::schema::{Ctx, Direction, Pair, show, site};
use super::{Differ, Side};

impl<'a> Differ<'a> {
    /// The properties of two schemas: each one removed, kept (and compared) or added.
    pub(super) fn properties(&mut self, ctx: &Ctx, pair: &Pair<'a>, depth: usize) {
        let old_sites = self.old.resolver().property_sites(pair.old, &pair.old_at);
        let new_sites = self.new.resolver().property_sites(pair.new, &pair.new_at);
        if old_sites.is_empty() && new_sites.is_empty() {
            return;
        }
        for (name, old_at) in &old_sites {
            match new_sites.iter().find(|(n, _)| n == name) {
                Some((_, new_at)) => self.property_kept(ctx, pair, name, (old_at, new_at), depth),
                None => self.property_removed(ctx, pair, name, old_at),
            }
        }
        for (name, new_at) in &new_sites {
            if !old_sites.iter().any(|(n, _)| n == name) {
                self.property_added(ctx, pair, name, new_at);
            }
        }
    }

    /// A property of the old schema that the new one lacks.
    fn property_removed(&mut self, ctx: &Ctx, pair: &Pair<'a>, name: &str, old_at: &str) {
        let mut sub = ctx.at(join(ctx, name));
        sub.inert = sub
            .inert
            .or_else(|| self.inert(Side::Old, old_at, ctx.direction));
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
            (Side::Old, old_at.to_owned()),
        );
    }

    /// A property both schemas have: its flags, required-ness, default and schema.
    fn property_kept(
        &mut self,
        ctx: &Ctx,
        pair: &Pair<'a>,
        name: &str,
        (old_at, new_at): (&String, &String),
        depth: usize,
    ) {
        let mut sub = ctx.at(join(ctx, name));
        sub.inert = sub
            .inert
            .or_else(|| self.inert(Side::New, new_at, ctx.direction));
        let (r0, r1) = (required(&pair.was, name), required(&pair.is, name));
        self.property_flags(&sub, (old_at, new_at), r0);
        if r0 != r1 {
            self.required_changed(&sub, name, r1, new_at);
        }
        let (Some(was), Some(is)) = (
            self.old.root().pointer(old_at),
            self.new.root().pointer(new_at),
        ) else {
            return;
        };
        if ctx.direction == Direction::Request && !r1 {
            self.default_changed(&sub, was, is, new_at);
        }
        self.schema(&sub, was, old_at, is, new_at, depth + 1);
    }

    /// A property became required (`now_required`) or optional.
    fn required_changed(&mut self, sub: &Ctx, name: &str, now_required: bool, new_at: &str) {
        let request = sub.direction == Direction::Request;
        let (kind, message, breaks, note) = if now_required {
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
            sub,
            kind,
            message.into(),
            breaks,
            Some(format!("{note} (`{}`)", field(name))),
            (Side::New, new_at.to_owned()),
        );
    }

    /// The default of an optional request property changed: a request that leaves it out
    /// now means something else.
    fn default_changed(&mut self, sub: &Ctx, was: &Value, is: &Value, new_at: &str) {
        // Only the keyword is read: the effective schemas are borrowed, not copied.
        let (d0, d1) = (
            self.old.resolver().effective(was).get("default"),
            self.new.resolver().effective(is).get("default"),
        );
        if d0 != d1 {
            let message = format!("default changed from {} to {}", show(d0), show(d1));
            self.record(
                sub,
                "property-default-changed",
                message,
                true,
                None,
                (Side::New, new_at.to_owned()),
            );
        }
    }

    /// A property of the new schema that the old one lacks.
    fn property_added(&mut self, ctx: &Ctx, pair: &Pair<'a>, name: &str, new_at: &str) {
        let request = ctx.direction == Direction::Request;
        let mut sub = ctx.at(join(ctx, name));
        sub.inert = sub
            .inert
            .or_else(|| self.inert(Side::New, new_at, ctx.direction));
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
            (Side::New, new_at.to_owned()),
        );
    }

    /// `items` and `additionalProperties`.
    pub(super) fn nested(&mut self, ctx: &Ctx, pair: &Pair<'a>, depth: usize) {
        let request = ctx.direction == Direction::Request;
        let old_site = |key: &str| site(self.old.resolver(), pair.old, &pair.old_at, key, 0);
        let new_site = |key: &str| site(self.new.resolver(), pair.new, &pair.new_at, key, 0);
        if let (Some((was, old_at)), Some((is, new_at))) = (old_site("items"), new_site("items")) {
            let sub = ctx.at(format!("{}[]", ctx.location));
            self.schema(&sub, was, &old_at, is, &new_at, depth + 1);
        }
        let (extra0, extra1) = (
            old_site("additionalProperties"),
            new_site("additionalProperties"),
        );
        let closed = |e: &Option<(&Value, String)>| matches!(e, Some((Value::Bool(false), _)));
        match (&extra0, &extra1) {
            (Some((was @ Value::Object(_), old_at)), Some((is @ Value::Object(_), new_at))) => {
                let sub = ctx.at(format!("{}.*", ctx.location));
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
    }
}

/// Whether schema `s` lists `name` in its `required`.
fn required(s: &Value, name: &str) -> bool {
    s.get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|v| v == name))
}

/// The location of property `name` under the context's location.
fn join(ctx: &Ctx, name: &str) -> String {
    if ctx.location.ends_with(']') || ctx.location.contains(" · ") {
        format!("{}.{name}", ctx.location)
    } else {
        format!("{} · {name}", ctx.location)
    }
}

/// The Rust field a property becomes.
fn field(name: &str) -> String {
    sanitize_field(name, Case::Snake)
}
