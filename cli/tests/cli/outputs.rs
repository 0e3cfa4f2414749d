//! Outputs: tables with a pagination footer, key/value tables, JSON with the API's names,
//! NDJSON streamed across every page with `--all`, `--field` for scripts, enum short forms.

use std::collections::HashSet;

use passport_paas_mock::MockConfig;
use serde_json::Value;

use crate::common::{bearer, mock, paas};

const TOKEN_ID: &str = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

#[tokio::test(flavor = "multi_thread")]
async fn tables_json_and_fields() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let list = paas(&["tokens", "list", "-o", "table"], &env).await;
    let get = paas(&["tokens", "get", TOKEN_ID, "-o", "table"], &env).await;
    let json = paas(&["tokens", "get", TOKEN_ID], &env).await;
    let field = paas(&["tokens", "list", "--field", "token_id"], &env).await;
    let total = paas(
        &[
            "tokens",
            "list",
            "--field",
            "pagination_info.total_elements",
        ],
        &env,
    )
    .await;
    for run in [&list, &get, &json, &field, &total] {
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let value: Value = serde_json::from_str(&json.stdout).expect("JSON by default off a terminal");
    assert_eq!(value["token_id"], TOKEN_ID);
    assert!(
        field.stdout.lines().any(|line| line == TOKEN_ID),
        "{}",
        field.stdout
    );
    assert_eq!(
        total.stdout.trim(),
        field.stdout.lines().count().to_string()
    );
    let snapshot = list.stdout.lines().last().unwrap_or_default().to_owned();
    let list = list.stdout.replace(
        snapshot.rsplit(' ').next().unwrap_or_default(),
        "[SNAPSHOT]",
    );
    insta::assert_snapshot!(format!("{list}\n-- get --\n{}", get.stdout));
}

#[tokio::test(flavor = "multi_thread")]
async fn all_pages_stream_every_item_once() {
    let mock = mock(MockConfig {
        generated: vec![("Token".into(), 57)],
        ..MockConfig::default()
    })
    .await;
    let env = bearer(&mock);
    let ndjson = paas(
        &[
            "tokens",
            "list",
            "--all",
            "--page-size",
            "10",
            "-o",
            "ndjson",
        ],
        &env,
    )
    .await;
    assert_eq!(ndjson.code, 0, "{}", ndjson.stderr);
    assert!(
        ndjson.stderr.is_empty(),
        "no progress off a terminal: {}",
        ndjson.stderr
    );
    let ids: Vec<String> = ndjson
        .stdout
        .lines()
        .map(|line| {
            let item: Value = serde_json::from_str(line).expect("one JSON object a line");
            item["token_id"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 57);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 57);
    assert_eq!(mock.requests().len(), 6, "6 pages of 10");
    let json = paas(
        &[
            "tokens",
            "list",
            "--all",
            "--page-size",
            "25",
            "--prefetch",
            "2",
        ],
        &env,
    )
    .await;
    let items: Vec<Value> = serde_json::from_str(&json.stdout).expect("a JSON array");
    assert_eq!(items.len(), 57);
    let table = paas(
        &[
            "tokens",
            "list",
            "--all",
            "--page-size",
            "20",
            "-o",
            "table",
        ],
        &env,
    )
    .await;
    assert_eq!(table.stdout.lines().count(), 1 + 57 + 2, "{}", table.stdout);
    assert!(
        table.stdout.ends_with("57 in all (every page)\n"),
        "{}",
        table.stdout
    );
    let both = paas(&["tokens", "list", "--all", "--page-number", "2"], &env).await;
    assert_eq!(both.code, 2, "{}", both.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn enum_short_forms_and_unknown_values_reach_the_wire() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let mut lines = Vec::new();
    for flow in [
        "client-credentials",
        "login",
        "GRANT_FLOW_LOGIN",
        "grant_flow_password",
        "GRANT_FLOW_FROM_THE_FUTURE",
    ] {
        let run = paas(
            &[
                "tokens",
                "list",
                "--grant-flow",
                flow,
                "--order-direction",
                "desc",
            ],
            &env,
        )
        .await;
        let query = mock
            .requests()
            .pop()
            .and_then(|r| r.query)
            .unwrap_or_default();
        lines.push(format!("{flow} -> {query} (exit {})", run.code));
    }
    insta::assert_snapshot!(lines.join("\n"));
}
