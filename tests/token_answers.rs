//! The token endpoint's answers that cannot be used — a 2xx that does not parse, is not JSON,
//! or echoes the request — never put a secret in an error: not the client secret, not the
//! bearer token, not the token the answer itself was carrying. Through the automatic token
//! fetch of any call, the typed `create_token()`, and the dynamic call `paas` uses.

mod support;

use passport_paas::dynamic::{Input, call};
use passport_paas::prelude::*;
use passport_paas::{RetryPolicy, types};
use passport_paas_mock::Fault;
use serde_json::json;
use support::{TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_TOKEN, builder, mock};

/// The token a hostile answer carries; it must never be printed either.
const LEAKED: &str = "LEAKED-access-token-9f8e7d";

/// What the client sent, as a server that echoes it would send it back.
fn request_echo() -> String {
    json!({
        "client_id": TEST_CLIENT_ID,
        "client_secret": TEST_CLIENT_SECRET,
        "grant_type": "client_credentials",
    })
    .to_string()
}

/// Every 2xx answer of the token endpoint that the client cannot use.
fn unusable_answers() -> Vec<Fault> {
    let echo = request_echo();
    vec![
        // Wrong types: the token a number, the lifetime a string holding the token.
        Fault::json(200, json!({"access_token": 5, "echo": echo}).to_string()),
        Fault::json(
            200,
            json!({"access_token": LEAKED, "expires_in": LEAKED}).to_string(),
        ),
        Fault::json(
            200,
            json!({"access_token": LEAKED, "token_type": 7}).to_string(),
        ),
        // The request echoed back, plain and with JSON escapes hiding the secret.
        Fault::json(200, echo.clone()),
        Fault::json(
            200,
            echo.replace("client-secret", "\\u0063lient\\u002dsecret"),
        ),
        // Truncated JSON, non-JSON content types.
        Fault::json(200, format!("{{\"access_token\":\"{LEAKED}\"")),
        Fault::body(
            200,
            "text/plain",
            format!("access_token={LEAKED}&client_secret={TEST_CLIENT_SECRET}"),
        ),
        Fault::body(200, "text/html", format!("<pre>{echo} {LEAKED}</pre>")),
        // A success the operation does not document.
        Fault::json(
            203,
            json!({"access_token": LEAKED, "echo": echo}).to_string(),
        ),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in [TEST_CLIENT_SECRET, TEST_TOKEN, LEAKED] {
        assert!(
            !text.contains(secret),
            "{what}: a secret leaked into: {text}"
        );
    }
    assert!(!text.contains("lient\\u002dsecret"), "{what}: {text}");
}

#[tokio::test]
async fn the_automatic_token_fetch_prints_no_secret() {
    let mock = mock().await;
    let client = builder(&mock)
        .client_credentials(TEST_CLIENT_ID, TEST_CLIENT_SECRET)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    for (index, fault) in unusable_answers().into_iter().enumerate() {
        mock.push_fault(fault);
        let error = client.list_tokens().call().await.unwrap_err();
        assert_eq!(error.side(), passport_paas::Side::Server, "{error}");
        assert_clean(&format!("answer {index}"), &format!("{error} {error:?}"));
    }
}

#[tokio::test]
async fn the_token_operation_prints_no_secret_typed_or_dynamic() {
    let mock = mock().await;
    // A bearer client holds no client secret: only the request body carries it.
    let client = builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let body = types::ClientCredentialsRequest {
        client_id: TEST_CLIENT_ID.into(),
        client_secret: TEST_CLIENT_SECRET.into(),
        grant_type: types::ClientCredentialsRequestGrantType::ClientCredentials,
    };
    let input = Input::new().with_body(serde_json::from_str(&request_echo()).unwrap());
    for (index, fault) in unusable_answers().into_iter().enumerate() {
        mock.push_fault(fault.clone());
        let typed = client
            .create_token()
            .body(body.clone())
            .call()
            .await
            .unwrap_err();
        assert_clean(&format!("typed {index}"), &format!("{typed} {typed:?}"));
        mock.push_fault(fault);
        let outcome = call(&client, "createToken", &input).await;
        let error = outcome.result.unwrap_err();
        assert_clean(&format!("dynamic {index}"), &format!("{error} {error:?}"));
    }
}

#[tokio::test]
async fn an_error_answer_echoing_the_request_is_redacted_for_the_secrets_it_carried() {
    let mock = mock().await;
    let client = builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let body = types::ClientCredentialsRequest {
        client_id: TEST_CLIENT_ID.into(),
        client_secret: TEST_CLIENT_SECRET.into(),
        grant_type: types::ClientCredentialsRequestGrantType::ClientCredentials,
    };
    let echo = request_echo();
    for fault in [
        Fault::json(
            400,
            json!({"message": format!("bad request {echo}")}).to_string(),
        ),
        Fault::body(502, "text/plain", format!("upstream said {echo}")),
    ] {
        mock.push_fault(fault);
        let error = client
            .create_token()
            .body(body.clone())
            .call()
            .await
            .unwrap_err();
        let text = format!("{error} {error:?}");
        assert_clean("error answer", &text);
        if let Some(body) = error.body() {
            assert_clean("error body", &format!("{:?}", body.json()));
        }
    }
}

#[tokio::test]
async fn an_issued_token_no_header_can_carry_is_the_servers_fault() {
    let mock = mock().await;
    let client = builder(&mock)
        .client_credentials(TEST_CLIENT_ID, TEST_CLIENT_SECRET)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    for token in [format!("{LEAKED}\r\nX-Injected: 1"), String::new()] {
        mock.push_fault(Fault::json(200, json!({"access_token": token}).to_string()));
        let error = client.list_tokens().call().await.unwrap_err();
        assert_eq!(error.side(), passport_paas::Side::Server, "{error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{error:?}");
        assert_clean("unusable token", &format!("{error} {error:?}"));
    }
    assert_eq!(
        mock.requests().len(),
        2,
        "only the token requests were sent"
    );
}
