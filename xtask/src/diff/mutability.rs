//! What a property's own flags do across directions (part of `cargo xtask diff`): `readOnly`
//! and `writeOnly` (a read-only property does not travel in requests, a write-only one not in
//! responses: its changes break nobody there, oasdiff's `request-read-only-property-…` and
//! `response-write-only-property-…` rules) and its `x-stability-level` (oasdiff's
//! `request-property-stability-decreased`, `response-property-stability-decreased`).

use serde_json::Value;

use super::lifecycle::stability;
use super::schema::{Ctx, Direction};
use super::{Differ, Side};

fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key) == Some(&Value::Bool(true))
}

impl<'a> Differ<'a> {
    /// The effective schema of the property at `at` in `side`'s document.
    fn property_schema(&self, side: Side, at: &str) -> std::rc::Rc<Value> {
        let spec = match side {
            Side::Old => self.old,
            Side::New => self.new,
        };
        spec.root()
            .pointer(at)
            .map(|node| self.merged(side, node))
            .unwrap_or_default()
    }

    /// Why a property does not travel in `direction`: read-only in a request, write-only in a
    /// response.
    pub(super) fn inert(&self, side: Side, at: &str, direction: Direction) -> Option<&'static str> {
        let schema = self.property_schema(side, at);
        match direction {
            Direction::Request if flag(&schema, "readOnly") => {
                Some("read-only: not sent in requests")
            }
            Direction::Response if flag(&schema, "writeOnly") => {
                Some("write-only: not returned in responses")
            }
            _ => None,
        }
    }

    /// A property present on both sides whose `readOnly`, `writeOnly` or stability level
    /// changed. Of the flips only a required response property that stops being write-only
    /// breaks (oasdiff's `response-required-property-became-not-write-only`, a warning).
    pub(super) fn property_flags(
        &mut self,
        sub: &Ctx,
        (old_at, new_at): (&str, &str),
        required: bool,
    ) {
        let (was, is) = (
            self.property_schema(Side::Old, old_at),
            self.property_schema(Side::New, new_at),
        );
        let mut plain = sub.at(sub.location.clone());
        plain.inert = None;
        let response = sub.direction == Direction::Response;
        for (key, kind) in [
            ("readOnly", "property-read-only-changed"),
            ("writeOnly", "property-write-only-changed"),
        ] {
            let (before, after) = (flag(&was, key), flag(&is, key));
            if before == after {
                continue;
            }
            let breaks = key == "writeOnly" && response && required && before;
            let message = format!("{key} changed from {before} to {after}");
            let at = (Side::New, new_at.to_owned());
            self.record(&plain, kind, message, breaks, None, at);
        }
        let level_at = |base: &str| format!("{base}/x-stability-level");
        let levels = (stability(&was), stability(&is));
        if was.get("x-stability-level") == is.get("x-stability-level") {
            return;
        }
        match levels {
            (Err(error), _) => {
                let at = (Side::Old, level_at(old_at));
                self.record(&plain, "invalid-stability-level", error, true, None, at);
            }
            (_, Err(error)) => {
                let at = (Side::New, level_at(new_at));
                self.record(&plain, "invalid-stability-level", error, true, None, at);
            }
            (Ok(before), Ok(after)) if before != after => {
                let (kind, verb) = if after < before {
                    ("stability-decreased", "decreased")
                } else {
                    ("stability-increased", "increased")
                };
                let message =
                    format!("stability level {verb} from {before:?} to {after:?}").to_lowercase();
                let breaks = after < before && before.promises();
                let at = (Side::New, level_at(new_at));
                self.record(&plain, kind, message, breaks, None, at);
            }
            _ => {}
        }
    }
}
