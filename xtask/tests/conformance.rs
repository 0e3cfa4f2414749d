//! `cargo xtask conformance` passes against the mock, and fails with the smallest example when
//! the spec, the client's agreement with it, or the server is broken on purpose.

use passport_paas_mock::{Fault, MockConfig, MockServer};
use xtask::conformance::{self, Options, Report};

fn real_spec() -> String {
    std::fs::read_to_string(xtask::workspace_root().join(xtask::codegen::SPEC_PATH)).unwrap()
}

fn options(spec: String) -> Options {
    Options {
        spec,
        base_url: None,
        token: None,
        cases: 300,
        seed: 42,
        allow_writes: false,
    }
}

fn check<'a>(report: &'a Report, name: &str) -> &'a conformance::Tally {
    report.checks.iter().find(|c| c.check == name).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn passes_against_the_mock() {
    let report = conformance::run(options(real_spec())).await.unwrap();
    assert!(report.passed(), "{}", report.render_human());
    assert!(check(&report, "responses-conform").passed >= 300);
    assert!(check(&report, "round-trip").passed >= 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spec_that_disagrees_with_the_server_fails() {
    // The spec now says total_elements is a string; the server sends numbers.
    let spec = real_spec().replacen("        total_elements:\n          allOf:\n            - $ref: '#/components/schemas/Int64'", "        total_elements:\n          type: string", 1);
    assert_ne!(spec, real_spec());
    let report = conformance::run(options(spec)).await.unwrap();
    let responses = check(&report, "responses-conform");
    assert!(responses.failed > 0, "{}", report.render_human());
    let failure = responses.smallest_failure.as_ref().unwrap();
    assert!(failure.problem.contains("total_elements"), "{failure:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn types_that_drift_from_the_spec_fail() {
    let spec = real_spec().replacen(
        "      required:\n        - token_id\n",
        "      required:\n        - token_id\n        - created_at\n",
        1,
    );
    let report = conformance::run(options(spec)).await.unwrap();
    let types = check(&report, "types-match-spec");
    assert_eq!(types.failed, 1, "{}", report.render_human());
    let failure = types.smallest_failure.as_ref().unwrap();
    assert_eq!(failure.input, "Token");
    assert!(failure.problem.contains("required"), "{failure:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_rejecting_what_the_spec_allows_fails() {
    // The spec now allows page size 0; the generated client still requires at least 1.
    let spec = real_spec().replacen(
        "            format: int32\n            minimum: 1\n          example: 50",
        "            format: int32\n            minimum: 0\n          example: 50",
        1,
    );
    let report = conformance::run(options(spec)).await.unwrap();
    let responses = check(&report, "responses-conform");
    let failure = responses.smallest_failure.as_ref().expect("a failure");
    assert!(
        failure
            .problem
            .contains("the client rejected a valid value"),
        "{failure:?}"
    );
    assert_eq!(
        failure.input,
        "GET /v1/iam/oauth/tokens?page_params.page_size=0"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_misbehaving_server_fails() {
    let mock = MockServer::start(MockConfig {
        tokens: vec!["t".into()],
        require_snapshot: false,
        ..MockConfig::default()
    })
    .await
    .unwrap();
    for _ in 0..3 {
        mock.push_fault(Fault::body(200, "text/html", "<html>maintenance</html>"));
    }
    mock.push_fault(Fault::json(418, r#"{"message":"teapot"}"#));
    let report = conformance::run(Options {
        base_url: Some(mock.url()),
        token: Some("t".into()),
        cases: 40,
        ..options(real_spec())
    })
    .await
    .unwrap();
    let responses = check(&report, "responses-conform");
    assert_eq!(responses.failed, 4, "{}", report.render_human());
    assert!(
        report.checks.iter().all(|c| c.check != "revoke-lifecycle"),
        "read-only against a deployment"
    );
    let json: serde_json::Value = serde_json::from_str(&conformance::render_json(&report)).unwrap();
    assert_eq!(json["seed"], 42);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_seed_gives_the_same_report() {
    let first = conformance::run(options(real_spec())).await.unwrap();
    let second = conformance::run(options(real_spec())).await.unwrap();
    let counts = |r: &Report| {
        r.checks
            .iter()
            .map(|c| (c.passed, c.failed))
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&first), counts(&second));
}
