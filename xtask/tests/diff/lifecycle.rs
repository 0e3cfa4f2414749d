//! Sunsets judged on the date the diff is given, and no control character of a document's
//! `x-sunset` or `x-stability-level` in the rendered report (part of `diff_pairs`).

use std::path::Path;

use xtask::diff::{self, Sides, Verdict};

use Verdict::{Breaking as B, Compatible as C};

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
        super::today(),
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
