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

#[path = "diff/lifecycle.rs"]
mod lifecycle;
#[path = "diff/oasdiff_classes.rs"]
mod oasdiff_classes;

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
        C,
    ),
    (
        "request-enum-value-added",
        "enum-value-added",
        "request body",
        C,
        C,
    ),
    (
        "response-became-nullable",
        "nullable-changed",
        "genre",
        B,
        B,
    ),
];

#[test]
fn every_change_class_gets_its_wire_and_rust_verdicts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let on_disk = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    let classes = || CLASSES.iter().chain(oasdiff_classes::OASDIFF_CLASSES);
    assert_eq!(
        on_disk,
        classes().count(),
        "a pair without an expectation, or the reverse"
    );
    for (class, kind, location, wire, rust) in classes() {
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
