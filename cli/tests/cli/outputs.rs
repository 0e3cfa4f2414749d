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

/// `paas qr-codes list` as people read it: a few columns chosen from the schema, fitted to the
/// terminal's width (80 and 160 columns), `--columns` to choose, `-o wide` for all of them.
#[tokio::test(flavor = "multi_thread")]
async fn tables_fit_the_terminal_and_columns_are_chosen() {
    let mock = mock(MockConfig::default()).await;
    let mut shown = Vec::new();
    for width in [80usize, 160] {
        let mut env = bearer(&mock);
        env.push(("COLUMNS".into(), width.to_string()));
        let run = paas(&["qr-codes", "list", "-o", "table"], &env).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        let table: Vec<&str> = run.stdout.lines().take_while(|l| !l.is_empty()).collect();
        assert!(table.len() >= 2, "{}", run.stdout);
        for line in &table {
            assert!(line.chars().count() <= width, "wider than {width}: {line}");
        }
        let header: Vec<&str> = table[0].split_whitespace().collect();
        assert!(
            header.len() <= 6 && header.contains(&"STATUS"),
            "{header:?}"
        );
        assert!(!header.contains(&"QR_CODE_IMAGE"), "{header:?}");
        shown.push(format!("-- {width} columns --\n{}", table.join("\n")));
    }
    insta::assert_snapshot!(shown.join("\n"));

    let env = bearer(&mock);
    let chosen = paas(
        &[
            "qr-codes",
            "list",
            "-o",
            "table",
            "--columns",
            "status,merchant.merchant_city",
        ],
        &env,
    )
    .await;
    assert_eq!(chosen.code, 0, "{}", chosen.stderr);
    let header: Vec<&str> = chosen
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(header, ["STATUS", "MERCHANT.MERCHANT_CITY"]);

    let mut narrow = bearer(&mock);
    narrow.push(("COLUMNS".into(), "80".into()));
    let wide = paas(&["qr-codes", "list", "-o", "wide"], &narrow).await;
    assert_eq!(wide.code, 0, "{}", wide.stderr);
    let header: Vec<&str> = wide
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(
        header.len() > 10 && header.contains(&"QR_CODE_IMAGE"),
        "{header:?}"
    );

    let unknown = paas(&["qr-codes", "list", "--columns", "status,nope"], &env).await;
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("no column `nope`"),
        "{}",
        unknown.stderr
    );
    let on_object = paas(&["tokens", "get", TOKEN_ID, "--columns", "roles"], &env).await;
    assert_eq!(on_object.code, 2, "{}", on_object.stderr);
}
