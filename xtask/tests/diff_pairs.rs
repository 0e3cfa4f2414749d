//! `cargo xtask diff` on one pair of specs per change class (`tests/diff/<class>/{old,new}.yaml`,
//! written by `tests/diff/make_pairs.py`): each class gets its wire verdict (oasdiff's) and its
//! Rust-API verdict; the markdown report is snapshotted; the real spec with a parameter removed
//! breaks both layers, and `spec` still runs on it.

use std::path::Path;

use xtask::diff::{self, FailOn, Report, Sides, Verdict};
use xtask::spec::{self, Profile};

use Verdict::{Breaking as B, Compatible as C};

/// The date every pair is judged on (sunsets in the pairs are around it).
fn today() -> diff::Date {
    diff::Date::from_ymd_opt(2026, 6, 1).unwrap()
}

fn pair(class: &str) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(class);
    let read = |side: &str| std::fs::read_to_string(dir.join(side)).unwrap();
    let (old, new) = (read("old.yaml"), read("new.yaml"));
    let sides = Sides {
        old: (&format!("{class}/old.yaml"), &old),
        new: (&format!("{class}/new.yaml"), &new),
    };
    diff::diff_on(&sides, today()).unwrap()
}

/// (class, the change kind it must produce, its location contains, wire, Rust).
const CLASSES: &[(&str, &str, &str, Verdict, Verdict)] = &[
    (
        "free-value-gains-enum-request",
        "became-enum",
        "request body",
        B,
        B,
    ),
    (
        "free-value-gains-enum-response",
        "became-enum",
        "response 200",
        C,
        B,
    ),
    (
        "max-length-narrowed-request",
        "bound-narrowed",
        "title",
        B,
        C,
    ),
    ("max-length-widened-request", "bound-widened", "title", C, C),
    (
        "max-length-widened-response",
        "bound-widened",
        "title",
        B,
        C,
    ),
    (
        "min-length-increased-request",
        "bound-narrowed",
        "title",
        B,
        C,
    ),
    ("max-items-widened-response", "bound-widened", "tags", B, C),
    ("max-items-narrowed-request", "bound-narrowed", "tags", B, C),
    ("min-items-added-request", "bound-narrowed", "tags", B, C),
    ("response-range-widened", "bound-widened", "pages", B, C),
    (
        "response-header-removed",
        "response-header-removed",
        "x-rate-limit",
        B,
        C,
    ),
    (
        "response-header-optional",
        "response-header-became-optional",
        "x-rate-limit",
        B,
        C,
    ),
    (
        "charset-media-type-changed",
        "type-changed",
        "(application/json; charset=utf-8) · count",
        B,
        B,
    ),
    (
        "wildcard-media-type-changed",
        "property-removed",
        "(*/*) · raw",
        B,
        C,
    ),
    (
        "additional-properties-changed",
        "type-changed",
        "meta.*.value",
        B,
        B,
    ),
    (
        "one-of-member-added-response",
        "alternative-added",
        "oneOf `Video`",
        B,
        B,
    ),
    (
        "any-of-member-removed-request",
        "alternative-removed",
        "anyOf `Link`",
        B,
        B,
    ),
    (
        "any-of-member-added-request",
        "alternative-added",
        "anyOf `Video`",
        C,
        B,
    ),
    (
        "optional-parameter-default-changed",
        "parameter-default-changed",
        "query parameter `format`",
        B,
        C,
    ),
    (
        "path-parameter-renamed",
        "path-parameter-renamed",
        "path parameter `id`",
        C,
        B,
    ),
    (
        "second-request-media-type",
        "media-type-added",
        "request body",
        C,
        C,
    ),
    (
        "parameter-removed",
        "parameter-removed",
        "query parameter `note`",
        B,
        B,
    ),
    (
        "required-parameter-added",
        "required-parameter-added",
        "query parameter `edition`",
        B,
        C,
    ),
    ("operation-id-renamed", "operation-id-changed", "", C, B),
    ("operation-removed", "operation-removed", "", B, B),
    ("response-property-added", "property-added", "isbn", C, B),
    (
        "response-property-optional",
        "property-became-optional",
        "title",
        B,
        B,
    ),
    (
        "request-property-required",
        "property-became-required",
        "genre",
        B,
        B,
    ),
    (
        "response-enum-value-removed",
        "enum-value-removed",
        "status",
        C,
        B,
    ),
    (
        "response-enum-value-added",
        "enum-value-added",
        "status",
        B,
        B,
    ),
    (
        "request-enum-value-added",
        "enum-value-added",
        "request body",
        C,
        B,
    ),
    (
        "response-became-nullable",
        "nullable-changed",
        "genre",
        B,
        B,
    ), // Oasdiff's classes on the second base: read-only/write-only, types by direction,
    // response headers, oneOf/allOf, x-extensible-enum, XML bodies, sunsets, stability.
    (
        "read-only-property-type-changed-request",
        "type-changed",
        "request body (application/json) · id",
        C,
        B,
    ),
    (
        "read-only-property-removed-request",
        "property-removed",
        "request body (application/json) · id",
        C,
        B,
    ),
    (
        "read-only-property-required-request",
        "property-became-required",
        "request body (application/json) · id",
        C,
        B,
    ),
    (
        "property-became-read-only-request",
        "property-read-only-changed",
        "· balance",
        C,
        C,
    ),
    (
        "write-only-property-removed-response",
        "property-removed",
        "· secret",
        C,
        B,
    ),
    (
        "write-only-property-type-changed-response",
        "type-changed",
        "· secret",
        C,
        B,
    ),
    (
        "required-response-property-not-write-only",
        "property-write-only-changed",
        "· secret",
        B,
        C,
    ),
    (
        "response-number-to-integer",
        "type-specialized",
        "response 200 (application/json) · balance",
        C,
        B,
    ),
    (
        "response-integer-to-number",
        "type-generalized",
        "response 200 (application/json) · limit",
        B,
        B,
    ),
    (
        "request-number-to-integer",
        "type-specialized",
        "request body (application/json) · balance",
        B,
        B,
    ),
    (
        "request-integer-to-number",
        "type-generalized",
        "request body (application/json) · limit",
        C,
        B,
    ),
    (
        "response-header-type-generalized",
        "type-generalized",
        "header `x-count`",
        B,
        C,
    ),
    (
        "response-header-type-specialized",
        "type-specialized",
        "header `x-balance`",
        C,
        C,
    ),
    (
        "response-header-text-to-integer",
        "type-changed",
        "header `x-request-id`",
        C,
        C,
    ),
    (
        "response-header-integer-to-text",
        "type-changed",
        "header `x-count`",
        B,
        C,
    ),
    (
        "request-header-removed",
        "parameter-removed",
        "header parameter `X-Trace`",
        B,
        B,
    ),
    (
        "request-header-became-required",
        "parameter-became-required",
        "header parameter `X-Trace`",
        B,
        C,
    ),
    (
        "request-body-wrapped-in-one-of",
        "wrapped-in-one-of",
        "request body (application/json)",
        B,
        B,
    ),
    (
        "response-body-wrapped-in-one-of",
        "wrapped-in-one-of",
        "response 200 (application/json)",
        B,
        B,
    ),
    (
        "request-all-of-member-added",
        "all-of-member-added",
        "request body (application/json) (allOf `Owner`)",
        B,
        B,
    ),
    (
        "response-all-of-member-added",
        "all-of-member-added",
        "response 200 (application/json) (allOf `Owner`)",
        C,
        B,
    ),
    (
        "request-all-of-annotation-added",
        "all-of-member-added",
        "request body (application/json) (allOf #0)",
        C,
        C,
    ),
    (
        "request-extensible-enum-value-removed",
        "extensible-enum-value-removed",
        "request body (application/json) · kind",
        B,
        C,
    ),
    (
        "request-extensible-enum-value-added",
        "extensible-enum-value-added",
        "request body (application/json) · kind",
        C,
        C,
    ),
    (
        "response-extensible-enum-value-added",
        "extensible-enum-value-added",
        "response 200 (application/json) · kind",
        C,
        C,
    ),
    (
        "response-extensible-enum-value-removed",
        "extensible-enum-value-removed",
        "response 200 (application/json) · kind",
        C,
        C,
    ),
    (
        "xml-response-property-removed",
        "property-removed",
        "(application/xml) · next",
        B,
        B,
    ),
    (
        "xml-request-type-to-text",
        "type-changed",
        "(application/xml) · code",
        C,
        C,
    ),
    (
        "xml-request-type-changed",
        "type-changed",
        "(application/xml) · label",
        B,
        C,
    ),
    (
        "operation-removed-after-sunset",
        "removed-after-sunset",
        "",
        C,
        B,
    ),
    (
        "operation-removed-before-sunset",
        "removed-before-sunset",
        "",
        B,
        B,
    ),
    (
        "deprecated-operation-removed",
        "removed-after-deprecation",
        "",
        C,
        B,
    ),
    ("sunset-deleted", "sunset-deleted", "", B, C),
    ("sunset-unparsable", "sunset-unparsable", "", B, C),
    (
        "deprecated-with-past-sunset",
        "sunset-date-too-small",
        "",
        B,
        C,
    ),
    (
        "parameter-removed-after-sunset",
        "removed-after-sunset",
        "query parameter `legacy`",
        C,
        B,
    ),
    ("stability-decreased", "stability-decreased", "", B, C),
    (
        "invalid-stability-level",
        "invalid-stability-level",
        "",
        B,
        C,
    ),
    (
        "draft-operation-changed",
        "parameter-removed",
        "query parameter `since`",
        C,
        B,
    ),
    ("draft-operation-removed", "operation-removed", "", C, B),
    (
        "parameter-removed-before-sunset",
        "removed-before-sunset",
        "query parameter `preview`",
        B,
        B,
    ),
    (
        "parameter-sunset-deleted",
        "sunset-deleted",
        "query parameter `preview`",
        B,
        C,
    ),
    (
        "parameter-deprecated-with-past-sunset",
        "sunset-date-too-small",
        "header parameter `X-Trace`",
        B,
        C,
    ),
    (
        "sunset-brought-into-the-past",
        "sunset-date-changed-too-small",
        "",
        B,
        C,
    ),
    (
        "operation-deprecated-with-future-sunset",
        "operation-deprecated",
        "",
        C,
        C,
    ),
    ("operation-reactivated", "operation-reactivated", "", C, C),
    ("stability-increased", "stability-increased", "", C, C),
    (
        "property-stability-decreased-response",
        "stability-decreased",
        "response 200 (application/json) · balance",
        B,
        C,
    ),
    (
        "property-stability-invalid-request",
        "invalid-stability-level",
        "request body (application/json) · limit",
        B,
        C,
    ),
];

#[test]
fn every_change_class_gets_its_wire_and_rust_verdicts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let on_disk = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(
        on_disk,
        CLASSES.len(),
        "a pair without an expectation, or the reverse"
    );
    for (class, kind, location, wire, rust) in CLASSES {
        let report = pair(class);
        let found = report
            .changes
            .iter()
            .find(|c| {
                c.kind == *kind && c.location.to_lowercase().contains(&location.to_lowercase())
            })
            .unwrap_or_else(|| {
                panic!(
                    "{class}: no {kind} at {location}: {}",
                    diff::render_human(&report)
                )
            });
        assert_eq!(
            (found.wire, found.rust),
            (*wire, *rust),
            "{class}: {found:#?}"
        );
        assert!(found.line > 1, "{class}: unlocated");
        assert_eq!(found.rust_note.is_some(), *rust == B, "{class}");
        // Nothing else breaks a layer this class does not break (except the same change seen
        // from a second operation that shares the schema).
        for other in &report.changes {
            if *wire == C {
                assert_eq!(other.wire, C, "{class}: {other:#?}");
            }
            if *rust == C {
                assert_eq!(other.rust, C, "{class}: {other:#?}");
            }
        }
    }
}

#[test]
fn verdicts_point_at_the_changed_node() {
    let report = pair("response-property-added");
    let added = report
        .changes
        .iter()
        .find(|c| c.kind == "property-added")
        .unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/response-property-added/new.yaml"),
    )
    .unwrap();
    assert_eq!(text.lines().nth(added.line - 1).unwrap().trim(), "isbn:");
    let renamed = pair("path-parameter-renamed");
    assert!(
        renamed
            .changes
            .iter()
            .all(|c| c.kind != "operation-removed" && c.kind != "operation-added")
    );
    let media = pair("second-request-media-type");
    assert!(
        media.changes.iter().all(|c| c.kind == "media-type-added"),
        "{media:#?}"
    );
}

#[test]
fn fail_on_selects_the_layer() {
    let rust_only = pair("operation-id-renamed");
    assert!(
        !rust_only.fails(FailOn::Wire)
            && rust_only.fails(FailOn::Rust)
            && rust_only.fails(FailOn::Any)
    );
    let wire_only = pair("max-length-narrowed-request");
    assert!(wire_only.fails(FailOn::Wire) && !wire_only.fails(FailOn::Rust));
    let json: serde_json::Value = serde_json::from_str(&diff::render_json(&rust_only)).unwrap();
    assert_eq!(
        (
            json["wire_breaking"].as_u64(),
            json["rust_breaking"].as_u64()
        ),
        (Some(0), Some(1))
    );
}

#[test]
fn markdown_comment_snapshot() {
    let mut report = pair("response-enum-value-added");
    for class in [
        "parameter-removed",
        "path-parameter-renamed",
        "second-request-media-type",
    ] {
        report.changes.extend(pair(class).changes);
    }
    insta::assert_snapshot!(diff::render_markdown(
        &report,
        "https://example.test/blob/abc/"
    ));
    insta::assert_snapshot!("human", diff::render_human(&report));
}

#[test]
fn removing_a_parameter_from_the_real_spec_breaks_both_layers() {
    let old = std::fs::read_to_string(xtask::project_spec()).unwrap();
    let target = "        - name: role\n          in: query\n";
    let start = old.find(target).expect("the role parameter");
    let end = old[start + target.len()..]
        .find("        - name: ")
        .map_or(old.len(), |i| start + target.len() + i);
    let end = old[start..end]
        .find("      responses:")
        .map_or(end, |i| start + i);
    let new = format!("{}{}", &old[..start], &old[end..]);
    let report = diff::diff(&Sides {
        old: ("old.yaml", &old),
        new: ("new.yaml", &new),
    })
    .unwrap();
    let removed = report
        .changes
        .iter()
        .find(|c| c.kind == "parameter-removed")
        .expect("reported");
    assert_eq!((removed.wire, removed.rust), (B, B));
    assert!(
        removed.location.contains("role")
            && removed.rust_note.as_deref().unwrap().contains(".role()")
    );
    assert!(
        report.changes.iter().all(|c| c.kind == "parameter-removed"),
        "{}",
        diff::render_human(&report)
    );
    let checked = spec::check_text("new.yaml", &new, Profile::House);
    assert!(checked.fatal.is_none() && checked.exit_code() <= 1);
    let same = diff::diff(&Sides {
        old: ("old.yaml", &old),
        new: ("new.yaml", &old),
    })
    .unwrap();
    assert!(same.changes.is_empty(), "{same:#?}");
}

#[test]
fn an_unparsable_side_is_an_error_not_a_panic() {
    let error = diff::diff(&Sides {
        old: ("old.yaml", "openapi: [3"),
        new: ("new.yaml", "openapi: 3.0.3"),
    })
    .unwrap_err();
    assert!(error.contains("old.yaml"), "{error}");
}

#[test]
fn sunsets_are_judged_on_the_given_date() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/operation-removed-before-sunset");
    let read = |side: &str| std::fs::read_to_string(dir.join(side)).unwrap();
    let (old, new) = (read("old.yaml"), read("new.yaml"));
    let sides = Sides {
        old: ("old.yaml", &old),
        new: ("new.yaml", &new),
    };
    let verdict = |date: diff::Date| {
        let report = diff::diff_on(&sides, date).unwrap();
        let change = &report.changes[0];
        (report.changes.len(), change.kind, change.wire)
    };
    let day = |y, m, d| diff::Date::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(verdict(day(2026, 12, 31)), (1, "removed-before-sunset", B));
    assert_eq!(verdict(day(2027, 1, 1)), (1, "removed-after-sunset", C));
}

#[test]
fn lifecycle_messages_carry_no_control_character_of_the_document() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/sunset-unparsable");
    let old = std::fs::read_to_string(dir.join("old.yaml")).unwrap();
    let new = old
        .replace(
            "      x-sunset: '2027-01-01'\n",
            "      x-sunset: \"\\e[31m2027\\r\\u0007\"\n",
        )
        .replace(
            "      x-stability-level: beta\n",
            "      x-stability-level: \"\\e]0;owned\\u0007\"\n",
        );
    assert_ne!(old, new);
    let report = diff::diff_on(
        &Sides {
            old: ("old.yaml", &old),
            new: ("new.yaml", &new),
        },
        today(),
    )
    .unwrap();
    let kinds: Vec<_> = report.changes.iter().map(|c| c.kind).collect();
    assert!(
        kinds.contains(&"sunset-unparsable") && kinds.contains(&"invalid-stability-level"),
        "{kinds:?}"
    );
    for text in [
        diff::render_human(&report),
        diff::render_markdown(&report, "https://example.test/"),
    ] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
}
