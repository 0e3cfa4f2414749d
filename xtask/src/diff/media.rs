//! The media types of a body, request or response (part of `cargo xtask diff`): each one
//! removed, added or kept (its schema compared), and whether the one the generated client
//! uses changed, which changes the Rust type.

use passport_paas_spec::{escape, json_media};
use serde_json::{Map, Value};

use super::schema::{Ctx, Direction};
use super::types::strongly_typed;
use super::{Differ, Found, Side, Verdict};

/// The media type the generated client uses on each side: its schema is the Rust type.
struct Picks {
    old: Option<String>,
    new: Option<String>,
}

impl Picks {
    fn changed(&self) -> bool {
        self.old != self.new
    }
}

impl<'a> Differ<'a> {
    /// Compares the `content` of two bodies (request or response) media type by media type.
    pub(super) fn contents(
        &mut self,
        location: &str,
        direction: Direction,
        old: (&'a Value, &str),
        new: (&'a Value, &str),
    ) {
        let (old_media, new_media) = (media(old.0), media(new.0));
        let picks = Picks {
            old: picked(old.0),
            new: picked(new.0),
        };
        for (media_type, was) in old_media {
            let old_at = format!("{}/content/{}", old.1, escape(media_type));
            match new_media.get(media_type) {
                Some(is) => {
                    let new_at = format!("{}/content/{}", new.1, escape(media_type));
                    let ctx = Ctx {
                        location: format!("{location} ({media_type})"),
                        direction,
                        rust: !picks.changed() && picks.new.as_deref() == Some(media_type.as_str()),
                        strong: strongly_typed(media_type),
                        inert: None,
                    };
                    self.media_kept(&ctx, (was, &old_at), (is, &new_at));
                }
                None => self.media_removed(location, media_type, old_at, &picks),
            }
        }
        for media_type in new_media.keys().filter(|m| !old_media.contains_key(*m)) {
            let new_at = format!("{}/content/{}", new.1, escape(media_type));
            self.media_added(location, direction, media_type, new_at, &picks);
        }
    }

    /// A media type both bodies have: their schemas compared.
    fn media_kept(&mut self, ctx: &Ctx, old: (&'a Value, &str), new: (&'a Value, &str)) {
        let schema = |m: &'a Value| m.get("schema").unwrap_or(&Value::Null);
        self.schema(
            ctx,
            schema(old.0),
            &format!("{}/schema", old.1),
            schema(new.0),
            &format!("{}/schema", new.1),
            0,
        );
    }

    /// A media type of the old body that the new one lacks.
    fn media_removed(&mut self, location: &str, media_type: &str, old_at: String, picks: &Picks) {
        let mut change = Found::new(
            "media-type-removed",
            location.to_owned(),
            format!("media type `{media_type}` removed"),
            true,
            Side::Old,
            old_at,
        );
        if picks.changed() && picks.old.as_deref() == Some(media_type) {
            change.rust = Verdict::Breaking;
            change.rust_note = Some(format!(
                "the generated client no longer uses `{media_type}`: its type changes"
            ));
        }
        self.push(change);
    }

    /// A media type of the new body that the old one lacks.
    fn media_added(
        &mut self,
        location: &str,
        direction: Direction,
        media_type: &str,
        new_at: String,
        picks: &Picks,
    ) {
        let next_to = if direction == Direction::Request {
            " next to the existing ones"
        } else {
            ""
        };
        let mut change = Found::new(
            "media-type-added",
            location.to_owned(),
            format!("media type `{media_type}` added{next_to}"),
            false,
            Side::New,
            new_at,
        );
        if picks.changed() && picks.new.as_deref() == Some(media_type) {
            change.rust = Verdict::Breaking;
            change.rust_note = Some(format!(
                "the generated client now uses `{media_type}`: its type changes"
            ));
        }
        self.push(change);
    }
}

/// The `content` of a body or response: its media types (none when it has no content).
fn media(holder: &Value) -> &Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    holder
        .get("content")
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

/// The media type the generated client picks from a body's `content`.
fn picked(holder: &Value) -> Option<String> {
    holder
        .get("content")
        .and_then(|c| json_media(c, ""))
        .map(|(m, _, _)| m)
}
