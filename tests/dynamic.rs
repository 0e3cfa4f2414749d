//! Operations by id with JSON in and out: the answer as the server sent it (unknown fields
//! kept) once it parsed as the spec says, secrets redacted, and input errors named.

mod support;

use passport_paas::dynamic::{Input, call};
use passport_paas_mock::Fault;
use serde_json::json;

#[tokio::test]
async fn the_answer_keeps_fields_this_client_does_not_know() {
    let mock = support::mock().await;
    let client = support::client(&mock);
    mock.push_fault(Fault::json(
        200,
        json!({"token_id": "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90", "new_field": {"a": 1}, "scopes": []})
            .to_string(),
    ));
    let input = Input::new().with_parameter("token_id", "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90");
    let value = call(&client, "getToken", &input).await.result.unwrap();
    assert_eq!(value["new_field"], json!({"a": 1}));
    assert_eq!(value["scopes"], json!([]));
}

/// The client copies a JSON success's headers only for a caller that reads the exchange; the
/// dynamic call (what `paas` and the conformance harness use) is one, on every status.
#[tokio::test]
async fn the_exchange_of_a_json_success_keeps_its_headers() {
    let mock = support::mock().await;
    let client = support::client(&mock);
    let outcome = call(&client, "listTokens", &Input::new()).await;
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    let content_type = outcome.exchange.headers.get("content-type").unwrap();
    assert!(
        content_type
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(outcome.exchange.headers.contains_key("content-length"));
}

#[tokio::test]
async fn an_answer_holding_a_secret_comes_back_redacted() {
    let mock = support::mock().await;
    let client = support::client(&mock);
    let input = Input::new().with_body(json!({
        "client_id": support::TEST_CLIENT_ID,
        "client_secret": support::TEST_CLIENT_SECRET,
        "grant_type": "client_credentials",
    }));
    let outcome = call(&client, "createToken", &input).await;
    let value = outcome.result.unwrap();
    assert_eq!(value["access_token"], "[REDACTED]");
    assert!(!value.to_string().contains("mock-access-"));
}

#[tokio::test]
async fn input_errors_name_the_parameter_and_the_bound() {
    let mock = support::mock().await;
    let client = support::client(&mock);
    let bad = Input::new().with_parameter("page_params.page_size", 0);
    let error = call(&client, "listTokens", &bad).await.result.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid parameter `page_params.page_size`: must be an integer of at least 1"
    );
    let unknown = Input::new().with_parameter("nope", 1);
    assert!(
        call(&client, "listTokens", &unknown)
            .await
            .result
            .unwrap_err()
            .is_invalid_parameter()
    );
    let error = call(&client, "noSuchOperation", &Input::new())
        .await
        .result
        .unwrap_err();
    assert!(error.to_string().contains("noSuchOperation"), "{error}");
    assert!(mock.requests().is_empty(), "nothing was sent");
}
