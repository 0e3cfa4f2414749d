//! `cargo xtask diff` on pairs of spec versions: the real spec against edited copies, each
//! report snapshotted.

use xtask::diff::{self, Impact, Sides};

fn real_spec() -> String {
    std::fs::read_to_string(xtask::workspace_root().join(xtask::codegen::SPEC_PATH)).unwrap()
}

/// The real spec with each (old, new) replacement applied once.
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = real_spec();
    for (old, new) in edits {
        assert!(
            text.contains(old),
            "the edit target is not in the spec: {old}"
        );
        text = text.replacen(old, new, 1);
    }
    text
}

fn report(new: &str) -> (Vec<diff::Change>, String) {
    let old = real_spec();
    let changes = diff::diff(&Sides {
        old: ("old.yaml", &old),
        new: ("new.yaml", new),
    })
    .unwrap();
    let text = diff::render_human(&changes);
    (changes, text)
}

#[test]
fn identical_specs_have_no_changes() {
    let (changes, _) = report(&real_spec());
    assert!(changes.is_empty(), "{changes:#?}");
}

#[test]
fn removed_parameter_and_narrowed_range_break() {
    let new = edited(&[
        (
            "        - name: role\n          in: query\n",
            "        - name: role_name\n          in: query\n",
        ),
        (
            "            format: int32\n            minimum: 1\n          example: 50",
            "            format: int32\n            minimum: 1\n            maximum: 500\n          example: 50",
        ),
    ]);
    let (changes, text) = report(&new);
    assert!(
        changes
            .iter()
            .any(|c| c.impact == Impact::Breaking && c.message == "parameter removed")
    );
    insta::assert_snapshot!(text);
}

#[test]
fn additive_changes_do_not_break() {
    let new = edited(&[
        (
            "      responses:\n        '200':\n          description: One page",
            "        - name: include_revoked\n          in: query\n          description: Also list revoked tokens (inferred).\n          required: false\n          schema:\n            type: boolean\n      responses:\n        '200':\n          description: One page",
        ),
        (
            "        - GRANT_FLOW_LOGIN\n",
            "        - GRANT_FLOW_LOGIN\n        - GRANT_FLOW_DEVICE_CODE\n",
        ),
        (
            "        user_id:\n          type: string\n          description: User the token belongs to (inferred from the list filter).\n",
            "        user_id:\n          type: string\n          description: User the token belongs to (inferred from the list filter).\n        label:\n          type: string\n          description: A label (inferred).\n",
        ),
    ]);
    let (changes, text) = report(&new);
    assert!(
        !changes.is_empty() && changes.iter().all(|c| c.impact == Impact::NonBreaking),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn response_and_type_changes_break() {
    let new = edited(&[
        ("      required:\n        - token_id\n", ""),
        ("        - GRANT_FLOW_LOGIN\n", ""),
        (
            "        '403':\n          $ref: '#/components/responses/Forbidden'\n",
            "",
        ),
        (
            "        token_id:\n          type: string\n          format: uuid\n",
            "        token_id:\n          type: integer\n          format: int64\n",
        ),
        (
            "      operationId: listTokens",
            "      operationId: listAllTokens",
        ),
        (
            "          required: false\n          schema:\n            type: string\n          example: admin",
            "          required: true\n          schema:\n            type: string\n          example: admin",
        ),
    ]);
    let (changes, text) = report(&new);
    let breaking = changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .count();
    assert!(breaking >= 6, "{text}");
    assert!(
        text.contains("property became optional: its generated type becomes Option<T>"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    let json: serde_json::Value = serde_json::from_str(&diff::render_json(&changes)).unwrap();
    assert_eq!(json["breaking"], breaking);
}

#[test]
fn unparsable_side_is_an_error_not_a_panic() {
    let error = diff::diff(&Sides {
        old: ("old.yaml", "openapi: [3"),
        new: ("new.yaml", &real_spec()),
    })
    .unwrap_err();
    assert!(error.contains("old.yaml"), "{error}");
}
