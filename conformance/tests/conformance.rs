//! The harness passes against the embedded mock, and each check fails, with the smallest
//! failing input, when the server, the spec or the agreement between them is broken.

use passport_paas::Client;
use passport_paas_conformance::{Options, Report, check, run};
use passport_paas_mock::{Fault, MockConfig, MockServer};
use passport_paas_spec::Spec;
use serde_json::json;

const TOKEN: &str = "conformance-test-token";

fn options(cases: usize) -> Options {
    Options {
        spec: passport_paas::SPEC_YAML.to_owned(),
        base_url: None,
        token: None,
        cases,
        seed: 7,
        allow_writes: false,
    }
}

async fn mock() -> (MockServer, Client) {
    let mock = MockServer::start(MockConfig {
        tokens: vec![TOKEN.into()],
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let client = Client::builder()
        .base_url(mock.url())
        .bearer_token(TOKEN)
        .retry_policy(passport_paas::RetryPolicy::none())
        .build()
        .unwrap();
    (mock, client)
}

/// Read-only checks against `client`, judged by `spec_text`.
async fn judge(client: &Client, spec_text: &str, cases: usize) -> Report {
    let spec = Spec::parse(spec_text).unwrap();
    check(client, &spec, "test", false, &options(cases)).await
}

fn page(tokens: serde_json::Value) -> String {
    json!({"pagination_info": {"total_elements": 1, "total_pages": 1, "current_page": 1,
        "first_request_timestamp": "2025-01-01T00:00:00Z"}, "tokens": tokens})
    .to_string()
}

#[tokio::test]
async fn the_embedded_mock_conforms_and_a_seed_reproduces_the_run() {
    let first = run(options(300)).await.unwrap();
    assert!(first.passed(), "{}", first.render_human());
    for id in [
        "lifecycle",
        "responses-conform",
        "round-trip",
        "types-match-spec",
        "examples-valid",
        "callbacks",
    ] {
        let tally = first.check(id).unwrap_or_else(|| panic!("{id} ran"));
        assert!(tally.passed > 0, "{id} checked something");
    }
    let second = run(options(300)).await.unwrap();
    let counts = |r: &Report| {
        r.checks
            .iter()
            .map(|c| (c.check, c.passed, c.failed))
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&first), counts(&second));
}

#[tokio::test]
async fn a_broken_server_fails_responses_conform_with_the_smallest_input() {
    let scenarios = [
        ("required field missing on the wire", Fault::json(200, r#"{"tokens":[]}"#), "pagination_info"),
        (
            "int64 as a non-numeric string",
            Fault::json(200, json!({"pagination_info": {"total_elements": "many", "total_pages": 1, "current_page": 1, "first_request_timestamp": "2025-01-01T00:00:00Z"}, "tokens": []}).to_string()),
            "total_elements",
        ),
        ("an undocumented status", Fault::json(418, r#"{"message":"teapot"}"#), "418 is not documented"),
    ];
    for (name, fault, expected) in scenarios {
        let (mock, client) = mock().await;
        mock.push_fault(fault);
        let report = judge(&client, passport_paas::SPEC_YAML, 40).await;
        let tally = report.check("responses-conform").unwrap();
        assert_eq!(tally.failed, 1, "{name}: {}", report.render_human());
        let failure = tally.smallest_failure.as_ref().unwrap();
        assert!(failure.problem.contains(expected), "{name}: {failure:?}");
        assert!(
            failure.input.starts_with("listTokens"),
            "{name}: {failure:?}"
        );
    }
}

#[tokio::test]
async fn a_success_to_an_invalid_request_fails_and_an_extra_field_is_only_noted() {
    let (mock, client) = mock().await;
    let valid = page(json!([{"token_id": "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90", "surprise": 1}]));
    for _ in 0..60 {
        mock.push_fault_on("GET /v1/iam/oauth/tokens", Fault::json(200, valid.clone()));
    }
    let report = judge(&client, passport_paas::SPEC_YAML, 40).await;
    let tally = report.check("responses-conform").unwrap();
    let failure = tally
        .smallest_failure
        .as_ref()
        .expect("an invalid request succeeded");
    assert!(
        failure.problem.contains("an invalid request"),
        "{failure:?}"
    );
    assert!(tally.noted > 0, "the undocumented field is noted");
    assert!(
        tally.notes.iter().any(|n| n.contains("/tokens/0/surprise")),
        "{:?}",
        tally.notes
    );
    assert!(
        tally.failed < tally.passed + tally.failed,
        "valid answers still pass"
    );
}

#[tokio::test]
async fn a_spec_the_client_disagrees_with_fails_the_model_checks() {
    let (_mock, client) = mock().await;
    // The spec says a token id is an integer and adds a required field the client lacks;
    // it also carries an example that breaks its own schema.
    let broken = passport_paas::SPEC_YAML
        .replacen(
            "      required:\n        - token_id\n      properties:\n        token_id:\n          type: string\n          format: uuid",
            "      required:\n        - token_id\n        - owner\n      properties:\n        owner:\n          type: string\n          description: An owner the client never heard of (test).\n        token_id:\n          type: integer\n          format: int64",
            1,
        );
    assert_ne!(
        broken,
        passport_paas::SPEC_YAML,
        "the test edits the Token schema"
    );
    let report = judge(&client, &broken, 10).await;
    let types = report.check("types-match-spec").unwrap();
    assert!(types.failed >= 1, "{}", report.render_human());
    let problem = &types.smallest_failure.as_ref().unwrap().problem;
    assert!(
        problem.contains("owner") || problem.contains("token_id"),
        "{problem}"
    );
    assert!(
        report.check("round-trip").unwrap().failed >= 1,
        "{}",
        report.render_human()
    );
    assert!(
        report.check("examples-valid").unwrap().failed >= 1,
        "{}",
        report.render_human()
    );
}

/// The spec with write operations documented as `GET`: a document that disagrees with the
/// compiled client on the method must not make the read-only harness send a write.
fn spec_calling_writes_reads() -> String {
    let mut text = passport_paas::SPEC_YAML.to_owned();
    for (method, id) in [
        ("patch", "activateKey"),
        ("delete", "deleteRecipient"),
        ("post", "resolveRecipient"),
        ("post", "linkMerchant"),
    ] {
        let written = format!("    {method}:\n      operationId: {id}\n");
        assert!(text.contains(&written), "{id} is in the spec");
        text = text.replace(&written, &format!("    get:\n      operationId: {id}\n"));
    }
    text
}

#[tokio::test]
async fn read_only_rests_on_the_method_sent_whatever_the_spec_says() {
    let (mock, client) = mock().await;
    let report = judge(&client, &spec_calling_writes_reads(), 200).await;
    let sent: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(!sent.is_empty(), "the reads were sent");
    assert!(
        sent.iter().all(|line| line.starts_with("GET ")),
        "a write was sent without --allow-writes: {sent:?}"
    );
    let tally = report.check("responses-conform").unwrap();
    for id in [
        "activateKey",
        "deleteRecipient",
        "resolveRecipient",
        "linkMerchant",
    ] {
        assert!(
            !tally.operations.iter().any(|o| o == id),
            "{id} was checked"
        );
    }
    assert!(tally.operations.iter().any(|o| o == "listTokens"));
}

#[test]
fn options_never_show_the_token() {
    let secret = "conformance-secret-token-42";
    let options = Options {
        base_url: Some("https://api.example.com".into()),
        token: Some(passport_paas::Secret::new(secret)),
        ..options(1)
    };
    let debug = format!("{options:?} {options:#?}");
    assert!(!debug.contains(secret), "{debug}");
    assert!(debug.contains("[REDACTED]"), "{debug}");
}

#[tokio::test]
async fn an_answer_carrying_secrets_is_judged_but_never_quoted() {
    let (mock, client) = mock().await;
    let leaked = "LEAKED-conformance-token-31";
    for _ in 0..200 {
        mock.push_fault_on(
            "POST /v1/iam/oauth/tokens",
            Fault::json(
                200,
                json!({"access_token": 5, "expires_in": leaked}).to_string(),
            ),
        );
    }
    let spec = Spec::parse(passport_paas::SPEC_YAML).unwrap();
    let report = check(&client, &spec, "test", true, &options(200)).await;
    let rendered = format!("{} {}", report.render_human(), report.render_json());
    assert!(!rendered.contains(leaked), "{rendered}");
    let tally = report.check("responses-conform").unwrap();
    assert!(
        tally.failed > 0,
        "the broken token answer failed: {rendered}"
    );
}
