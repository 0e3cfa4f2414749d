//! Deprecation, sunset dates (`x-sunset`) and stability levels (`x-stability-level`) of
//! operations and parameters, judged as oasdiff judges them (its `check_api_removed.go`,
//! `check_api_deprecation.go`, `check_api_sunset_changed.go`, `check_api_stability_level.go`).
//!
//! Removing what was deprecated is fine once its sunset date has passed (or when it has none),
//! not before; a sunset removed, made unparsable or moved into the past is breaking. An
//! operation whose base is `draft` or `alpha` promises nothing: its changes break nobody.
//! Decreasing a `beta` or `stable` operation's level is breaking. "Today" is a parameter of the
//! diff, so a test judges a fixed date.

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use super::{Differ, Found, Side};

/// What a deprecation is about: `operation` (no location) or `parameter` (its location).
pub(crate) struct Subject {
    /// `operation`, `parameter`.
    pub what: &'static str,
    /// Where in the operation (empty for the operation itself).
    pub location: String,
}

impl Subject {
    /// `operation-deprecated`, `parameter-reactivated`, …
    fn kind(&self, change: &str) -> &'static str {
        match (self.what, change) {
            ("operation", "deprecated") => "operation-deprecated",
            ("operation", _) => "operation-reactivated",
            (_, "deprecated") => "parameter-deprecated",
            _ => "parameter-reactivated",
        }
    }
}

/// `x-stability-level`, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Stability {
    Draft,
    Alpha,
    Beta,
    Stable,
}

impl Stability {
    /// Whether changes of an operation at this level are covered by the verdicts.
    pub(crate) fn promises(self) -> bool {
        self >= Stability::Beta
    }
}

/// The node's stability level (`stable` when it names none); an error for another value.
pub(crate) fn stability(node: &Value) -> Result<Stability, String> {
    match node.get("x-stability-level") {
        None | Some(Value::Null) => Ok(Stability::Stable),
        Some(Value::String(level)) => match level.as_str() {
            "draft" => Ok(Stability::Draft),
            "alpha" => Ok(Stability::Alpha),
            "beta" => Ok(Stability::Beta),
            "stable" => Ok(Stability::Stable),
            _ => Err(format!(
                "x-stability-level {} is not one of draft, alpha, beta or stable",
                Value::from(level.as_str())
            )),
        },
        Some(other) => Err(format!("x-stability-level {other} is not a string")),
    }
}

/// The node's `x-sunset` date, when it has one: `YYYY-MM-DD` or an RFC 3339 date-time.
pub(crate) fn sunset(node: &Value) -> Option<Result<NaiveDate, String>> {
    let value = node.get("x-sunset")?;
    let text = value.as_str().unwrap_or("");
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|d| d.date_naive())
        });
    Some(parsed.ok_or_else(|| format!("x-sunset {value} is not an RFC 3339 date")))
}

/// How the removal of a deprecatable node (operation, parameter) is judged: kind, message,
/// whether it breaks.
pub(crate) fn removal(
    node: &Value,
    deprecated: bool,
    today: NaiveDate,
    what: &str,
) -> (&'static str, String, bool) {
    if !deprecated {
        return ("", format!("{what} removed"), true);
    }
    match sunset(node) {
        None => (
            "removed-after-deprecation",
            format!("deprecated {what} removed (no sunset date)"),
            false,
        ),
        Some(Err(error)) => (
            "sunset-unparsable",
            format!("deprecated {what} removed, but {error}"),
            true,
        ),
        Some(Ok(date)) if today < date => (
            "removed-before-sunset",
            format!("deprecated {what} removed before its sunset date {date}"),
            true,
        ),
        Some(Ok(date)) => (
            "removed-after-sunset",
            format!("deprecated {what} removed after its sunset date {date}"),
            false,
        ),
    }
}

impl<'a> Differ<'a> {
    /// Stability level, deprecation and sunset changes of an operation present on both sides.
    pub(super) fn lifecycle(
        &mut self,
        (old, old_at): (&Value, &str),
        (new, new_at): (&Value, &str),
    ) {
        let at = |side: Side, base: &str, key: &str| (side, format!("{base}/{key}"));
        let levels = (stability(old), stability(new));
        for (level, side, base) in [
            (&levels.0, Side::Old, old_at),
            (&levels.1, Side::New, new_at),
        ] {
            if let Err(error) = level {
                self.lifecycle_change(
                    &Subject {
                        what: "operation",
                        location: String::new(),
                    },
                    "invalid-stability-level",
                    error.clone(),
                    true,
                    at(side, base, "x-stability-level"),
                );
            }
        }
        if let (Ok(was), Ok(is)) = levels
            && was != is
        {
            let (kind, verb) = if is < was {
                ("stability-decreased", "decreased")
            } else {
                ("stability-increased", "increased")
            };
            let message = format!("stability level {verb} from {was:?} to {is:?}").to_lowercase();
            let subject = Subject {
                what: "operation",
                location: String::new(),
            };
            self.lifecycle_change(
                &subject,
                kind,
                message,
                is < was && was.promises(),
                at(Side::New, new_at, "x-stability-level"),
            );
        }
        let subject = Subject {
            what: "operation",
            location: String::new(),
        };
        self.deprecation(&subject, (old, old_at), (new, new_at));
    }

    /// Deprecation and sunset changes of an operation or a parameter present on both sides.
    pub(super) fn deprecation(
        &mut self,
        subject: &Subject,
        (old, old_at): (&Value, &str),
        (new, new_at): (&Value, &str),
    ) {
        let deprecated = |node: &Value| node.get("deprecated") == Some(&Value::Bool(true));
        match (deprecated(old), deprecated(new)) {
            (false, true) => self.deprecated(subject, new, new_at),
            (true, false) => self.lifecycle_change(
                subject,
                subject.kind("reactivated"),
                format!("{} no longer deprecated", subject.what),
                false,
                (Side::New, new_at.to_owned()),
            ),
            (true, true) => self.sunset_changed(subject, (old, old_at), (new, new_at)),
            (false, false) => {}
        }
    }

    /// Something that became deprecated: its sunset must parse and not be past.
    fn deprecated(&mut self, subject: &Subject, new: &Value, new_at: &str) {
        let what = subject.what;
        let (kind, message, breaks, key) = match sunset(new) {
            None => (
                subject.kind("deprecated"),
                format!("{what} deprecated"),
                false,
                "deprecated",
            ),
            Some(Err(error)) => (
                "deprecated-sunset-unparsable",
                format!("{what} deprecated, but {error}"),
                true,
                "x-sunset",
            ),
            Some(Ok(date)) if date < self.today => (
                "sunset-date-too-small",
                format!("{what} deprecated with a sunset date in the past ({date})"),
                true,
                "x-sunset",
            ),
            Some(Ok(date)) => (
                subject.kind("deprecated"),
                format!("{what} deprecated (sunset {date})"),
                false,
                "x-sunset",
            ),
        };
        let at = (Side::New, format!("{new_at}/{key}"));
        self.lifecycle_change(subject, kind, message, breaks, at);
    }

    /// The sunset of something deprecated on both sides: removed, unparsable, or brought
    /// forward into the past.
    fn sunset_changed(
        &mut self,
        subject: &Subject,
        (old, old_at): (&Value, &str),
        (new, new_at): (&Value, &str),
    ) {
        let at = (Side::New, format!("{new_at}/x-sunset"));
        match (sunset(old), sunset(new)) {
            (Some(_), None) => self.lifecycle_change(
                subject,
                "sunset-deleted",
                "the sunset date was removed".into(),
                true,
                (Side::Old, format!("{old_at}/x-sunset")),
            ),
            (_, Some(Err(error))) if old.get("x-sunset") != new.get("x-sunset") => {
                self.lifecycle_change(subject, "sunset-unparsable", error, true, at)
            }
            (Some(Ok(was)), Some(Ok(is))) if is < was && is < self.today => self.lifecycle_change(
                subject,
                "sunset-date-changed-too-small",
                format!("sunset date moved from {was} to {is}, in the past"),
                true,
                at,
            ),
            _ => {}
        }
    }

    fn lifecycle_change(
        &mut self,
        subject: &Subject,
        kind: &'static str,
        message: String,
        breaks: bool,
        at: (Side, String),
    ) {
        let location = subject.location.clone();
        self.push(Found::new(kind, location, message, breaks, at.0, at.1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn removal_follows_the_sunset() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let node = |sunset: &str| json!({ "deprecated": true, "x-sunset": sunset });
        assert!(!removal(&node("2026-11-30"), true, today, "x").2);
        assert!(!removal(&node("2026-12-01"), true, today, "x").2);
        assert_eq!(
            removal(&node("2026-12-02"), true, today, "x").0,
            "removed-before-sunset"
        );
        assert_eq!(
            removal(&node("2026-12-02T00:00:00Z"), true, today, "x").0,
            "removed-before-sunset"
        );
        assert_eq!(
            removal(&node("soon"), true, today, "x").0,
            "sunset-unparsable"
        );
        assert!(!removal(&json!({ "deprecated": true }), true, today, "x").2);
        assert!(removal(&json!({}), false, today, "x").2);
    }

    #[test]
    fn levels() {
        assert_eq!(stability(&json!({})), Ok(Stability::Stable));
        assert_eq!(
            stability(&json!({ "x-stability-level": "alpha" })),
            Ok(Stability::Alpha)
        );
        assert!(stability(&json!({ "x-stability-level": "gamma" })).is_err());
        assert!(!Stability::Alpha.promises() && Stability::Beta.promises());
    }
}
