//! Hostile servers: control characters (ESC sequences, CR, BEL, newlines, C1, bidi
//! overrides) in error messages, request-id headers and table cells never reach the
//! terminal raw (the run helper checks every stream), errors stay one line, and secrets a
//! server echoes back stay redacted.

use passport_paas_mock::{Fault, MockConfig};
use serde_json::{Value, json};

use crate::common::{CLIENT, TOKEN, bearer, mock, paas};

/// Text that would clear the screen, retitle the window, ring, rewrite the line and flip
/// the reading direction.
const EVIL: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\rfake\nline\u{9b}31m\u{202e}txt.exe\u{85}";

#[tokio::test(flavor = "multi_thread")]
async fn error_lines_stay_one_inert_line() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let body = json!({ "message": format!("denied {EVIL} for {TOKEN}"), "code": EVIL }).to_string();
    let mut runs = Vec::new();
    for output in ["table", "json"] {
        mock.push_fault(
            Fault::json(403, body.clone()).with_header("x-request-id", "req-\u{9b}2J-\u{202e}abc"),
        );
        runs.push(paas(&["tokens", "list", "-o", output], &env).await);
    }
    mock.push_fault(Fault::body(
        502,
        "text/plain",
        format!("bad gateway {EVIL}"),
    ));
    runs.push(paas(&["tokens", "list", "--retries", "0"], &env).await);
    for run in &runs {
        assert_eq!(run.code, 1, "{}", run.stderr);
        let line = run.error_line();
        assert!(!line.contains(TOKEN), "{line}");
    }
    assert!(
        runs[0].error_line().contains("[REDACTED]"),
        "{}",
        runs[0].stderr
    );
    insta::assert_snapshot!(runs[0].error_line());
}

/// A page of tokens whose free-text fields are hostile.
fn hostile_page() -> Value {
    let catalog = passport_paas_cli::catalog::Catalog::load().expect("the spec");
    let command = catalog.find("tokens", "list").expect("tokens list");
    let operation = catalog.operation(command);
    let mut page = operation
        .responses
        .iter()
        .find_map(|r| {
            r.content
                .as_ref()?
                .examples
                .first()
                .map(|e| e.value.clone())
        })
        .expect("an example page");
    for token in page["tokens"].as_array_mut().into_iter().flatten() {
        token["account_id"] = json!(EVIL);
        token["user_id"] = json!(format!("user{EVIL}"));
        token["roles"] = json!([EVIL, "admin"]);
    }
    page
}

#[tokio::test(flavor = "multi_thread")]
async fn server_text_in_tables_json_and_fields_is_escaped() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let page = hostile_page().to_string();
    let mut outputs = Vec::new();
    for args in [
        vec!["-o", "table"],
        vec!["-o", "json"],
        vec!["-o", "ndjson"],
        vec!["--field", "account_id"],
        vec!["--all", "-o", "table"],
    ] {
        mock.push_fault(Fault::json(200, page.clone()));
        let mut command = vec!["tokens", "list"];
        command.extend(args);
        let run = paas(&command, &env).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        outputs.push(run.stdout);
    }
    // Escaped JSON is still the same JSON.
    let parsed: Value = serde_json::from_str(&outputs[1]).expect("JSON");
    assert_eq!(parsed["tokens"][0]["account_id"], EVIL);
    assert!(
        outputs[3]
            .lines()
            .all(|line| line.starts_with("\\u{1b}[2J")),
        "{}",
        outputs[3]
    );
    insta::assert_snapshot!(outputs[0]);
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_stay_out_of_every_output() {
    let mock = mock(MockConfig::default()).await;
    let env = vec![
        ("PAAS_BASE_URL".to_owned(), mock.url()),
        ("PAAS_CLIENT_ID".to_owned(), CLIENT.0.to_owned()),
        ("PAAS_CLIENT_SECRET".to_owned(), CLIENT.1.to_owned()),
        ("PAAS_TOKEN".to_owned(), TOKEN.to_owned()),
    ];
    // Help shows which variables are read, never their values.
    let help = paas(&["--help"], &env).await;
    assert!(help.stdout.contains("PAAS_TOKEN"), "{}", help.stdout);
    let issued = paas(&["auth", "token", "-o", "json"], &env).await;
    assert_eq!(issued.code, 0, "{}", issued.stderr);
    let value: Value = serde_json::from_str(&issued.stdout).expect("JSON");
    assert_eq!(value["access_token"], "[REDACTED]");
    let table = paas(&["auth", "token", "-o", "table"], &env).await;
    assert!(table.stdout.contains("redacted"), "{}", table.stdout);
    let shown = paas(
        &["auth", "token", "--show-secret", "--field", "access_token"],
        &env,
    )
    .await;
    assert!(shown.stdout.starts_with("mock-access-"), "{}", shown.stdout);
    // The generic command never shows an issued token either.
    let body = format!(
        r#"{{"client_id":"{}","client_secret":"{}","grant_type":"client_credentials"}}"#,
        CLIENT.0, CLIENT.1
    );
    let generic =
        crate::common::paas_stdin(&["tokens", "create", "--body", "-"], &env, &body).await;
    assert_eq!(generic.code, 0, "{}", generic.stderr);
    assert!(
        !generic.stdout.contains("mock-access-"),
        "{}",
        generic.stdout
    );
    // A server that echoes the client secret back in an error.
    mock.push_fault(Fault::json(
        401,
        json!({"message": format!("bad secret {}", CLIENT.1)}).to_string(),
    ));
    let echoed = paas(&["auth", "token", "--retries", "0"], &env).await;
    assert_eq!(echoed.code, 1, "{}", echoed.stderr);
}
