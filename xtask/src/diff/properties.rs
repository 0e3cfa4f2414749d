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
    pub(super) fn properties(&mut self, ctx: &Ctx, pair: &Pair<'a>, depth: usize) {
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
            let mut sub = ctx.at(join(name));
            let Some((_, new_at)) = new_sites.iter().find(|(n, _)| n == name) else {
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
                    (Side::Old, old_at.clone()),
                );
                continue;
            };
            sub.inert = sub
                .inert
                .or_else(|| self.inert(Side::New, new_at, ctx.direction));
            let (r0, r1) = (required(&pair.was, name), required(&pair.is, name));
            self.property_flags(&sub, (old_at, new_at), r0);
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
            let mut sub = ctx.at(join(name));
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
                (Side::New, new_at.clone()),
            );
        }
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
