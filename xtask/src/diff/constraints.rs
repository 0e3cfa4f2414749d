//! Comparing the values a schema allows (part of `cargo xtask diff`): `enum` and
//! `x-extensible-enum` values, numeric, length, item and property-count bounds, and `pattern`.
//! A request may accept more and a response may return less, never the reverse; an
//! `x-extensible-enum` is open, so only removing a value a request could send breaks (oasdiff's
//! `request-property-x-extensible-enum-value-removed`).

use serde_json::Value;

use super::schema::{Ctx, Direction, Pair, show, type_name};
use super::{Differ, Side};

impl<'a> Differ<'a> {
    pub(super) fn enums(&mut self, ctx: &Ctx, pair: &Pair<'a>) {
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
                        // The generated enums are open and `#[non_exhaustive]`: code that
                        // compiles today already matches with a wildcard and keeps compiling.
                        self.record(
                            ctx,
                            "enum-value-added",
                            format!("enum value {value} added"),
                            !request,
                            None,
                            (Side::New, format!("{new_at}/{index}")),
                        );
                    }
                }
            }
        }
    }

    pub(super) fn bounds(&mut self, ctx: &Ctx, pair: &Pair<'a>) {
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

    /// `x-extensible-enum`: clients must accept unknown values, so only a value a request can no
    /// longer send breaks; the generated type is a string either way.
    pub(super) fn extensible_enum(&mut self, ctx: &Ctx, pair: &Pair<'a>) {
        let request = ctx.direction == Direction::Request;
        let key = "x-extensible-enum";
        let values = |s: &Value| {
            s.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (was, is) = (values(&pair.was), values(&pair.is));
        if was == is {
            return;
        }
        let (_, old_at) = self.old_site(pair, key);
        let (_, new_at) = self.new_site(pair, key);
        for (index, value) in was.iter().enumerate().filter(|(_, v)| !is.contains(v)) {
            let message = format!("{key} value {value} removed");
            let at = (Side::Old, format!("{old_at}/{index}"));
            self.record(
                ctx,
                "extensible-enum-value-removed",
                message,
                request,
                None,
                at,
            );
        }
        for (index, value) in is.iter().enumerate().filter(|(_, v)| !was.contains(v)) {
            let message = format!("{key} value {value} added");
            let at = (Side::New, format!("{new_at}/{index}"));
            self.record(ctx, "extensible-enum-value-added", message, false, None, at);
        }
    }
}
