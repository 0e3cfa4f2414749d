//! Generate, retrieve and revoke: request shaping and response parsing snapshots, and
//! client-credentials authentication (cache, refresh before expiry, single flight, 401 retry).

mod support;

use std::time::Duration;

use passport_paas::prelude::*;
use passport_paas::{RetryPolicy, Secret};
use passport_paas_mock::{Fault, MockConfig};
use support::{
    TEST_CLIENT_ID, TEST_CLIENT_SECRET, builder, client, credentials_client, last_wire, mock,
    mock_with,
};

const KNOWN_ID: &str = "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90";

fn credentials_request() -> types::ClientCredentialsRequest {
    types::ClientCredentialsRequest {
        client_id: TEST_CLIENT_ID.into(),
        client_secret: Secret::new(TEST_CLIENT_SECRET),
        grant_type: types::ClientCredentialsRequestGrantType::ClientCredentials,
    }
}

#[tokio::test]
async fn generate_token_shaping_and_parsing() {
    let mock = mock().await;
    let issued = client(&mock)
        .create_token()
        .body(credentials_request())
        .accept_language("es")
        .call()
        .await
        .unwrap();
    let wire = last_wire(&mock);
    assert!(
        !wire.contains("authorization"),
        "the token call is sent without credentials: {wire}"
    );
    let debug = format!("{issued:?}");
    assert!(
        !debug.contains("mock-access-"),
        "the issued token leaked into Debug: {debug}"
    );
    assert_eq!(issued.token_type.as_deref(), Some("Bearer"));
    let created = issued.created_at.as_ref().unwrap();
    let parsed = format!("{issued:#?}")
        .replace(created.as_str(), "[CREATED]")
        .replace(
            &created
                .instant()
                .to_string()
                .replace(' ', "T")
                .replace("UTC", "Z"),
            "[CREATED]",
        );
    insta::assert_snapshot!(format!("{wire}\n\n-- parsed --\n{parsed}"));
}

#[tokio::test]
async fn retrieve_token_shaping_and_parsing() {
    let mock = mock().await;
    let token = client(&mock)
        .get_token()
        .token_id(KNOWN_ID.parse::<uuid::Uuid>().unwrap())
        .call()
        .await
        .unwrap();
    insta::assert_snapshot!(format!("{}\n\n-- parsed --\n{token:#?}", last_wire(&mock)));
}

#[tokio::test]
async fn revoke_token_shaping_and_parsing() {
    let mock = mock().await;
    let client = client(&mock);
    let id: uuid::Uuid = KNOWN_ID.parse().unwrap();
    client
        .revoke_token()
        .token_id(id)
        .body(types::RevokeTokenRequest { token_id: id })
        .call()
        .await
        .unwrap();
    let wire = last_wire(&mock);
    let again = client
        .revoke_token()
        .token_id(id)
        .body(types::RevokeTokenRequest { token_id: id })
        .call()
        .await
        .unwrap_err();
    assert!(again.is_conflict(), "{again:?}");
    let missing = client.get_token().token_id(id).call().await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    insta::assert_snapshot!(format!(
        "{wire}\n\n-- revoke again --\n{again}\n\n-- retrieve revoked --\n{missing}"
    ));
}

#[tokio::test]
async fn token_operation_errors_are_typed() {
    let mock = mock().await;
    let client = builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let mut out = String::new();
    let bad_credentials = types::ClientCredentialsRequest {
        client_secret: Secret::new("wrong-secret"),
        ..credentials_request()
    };
    let error = client
        .create_token()
        .body(bad_credentials)
        .call()
        .await
        .unwrap_err();
    out.push_str(&format!("bad credentials: {error}\n"));
    mock.push_fault(Fault::json(
        404,
        r#"{"code":5,"message":"token not found"}"#,
    ));
    let error = client
        .get_token()
        .token_id(uuid::Uuid::nil())
        .call()
        .await
        .unwrap_err();
    out.push_str(&format!("get unknown: {error}\n"));
    mock.push_fault(Fault::body(200, "text/plain", "revoked"));
    let id = uuid::Uuid::nil();
    let error = client
        .revoke_token()
        .token_id(id)
        .body(types::RevokeTokenRequest { token_id: id })
        .call()
        .await
        .unwrap_err();
    out.push_str(&format!("revoke with a text body: {error}\n"));
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn client_credentials_obtain_once_and_reuse() {
    let mock = mock().await;
    let client = credentials_client(&mock);
    for _ in 0..3 {
        client.list_tokens().call().await.unwrap();
    }
    assert_eq!(mock.stats().token_requests(), 1);
    let list = mock
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect::<Vec<_>>();
    let sent: Vec<&str> = list
        .iter()
        .map(|r| r.header("authorization").unwrap())
        .collect();
    assert!(
        sent.iter()
            .all(|h| h.starts_with("Bearer mock-access-") && *h == sent[0])
    );
}

#[tokio::test]
async fn fifty_concurrent_calls_trigger_one_token_request() {
    let mock = mock().await;
    let client = credentials_client(&mock);
    let calls = (0..50).map(|_| async { client.list_tokens().call().await });
    let results = futures::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(mock.stats().token_requests(), 1);
}

#[tokio::test]
async fn the_token_is_refreshed_before_it_expires() {
    let mock = mock_with(MockConfig {
        issued_token_lifetime: 1,
        ..MockConfig::default()
    })
    .await;
    let client = credentials_client(&mock);
    client.list_tokens().call().await.unwrap();
    // A 1 s token is refreshed 200 ms early: after 850 ms the client fetches a new one.
    tokio::time::sleep(Duration::from_millis(850)).await;
    client.list_tokens().call().await.unwrap();
    assert_eq!(mock.stats().token_requests(), 2);
    assert!(
        mock.requests()
            .iter()
            .all(|r| r.method != "GET" || r.header("authorization").is_some())
    );
}

#[tokio::test]
async fn a_401_refreshes_once_and_retries_once() {
    let mock = mock().await;
    let client = credentials_client(&mock);
    client.list_tokens().call().await.unwrap();
    mock.push_fault_on("GET", Fault::json(401, r#"{"message":"token expired"}"#));
    client.list_tokens().call().await.unwrap();
    assert_eq!(mock.stats().token_requests(), 2, "one refresh");
    // Twice refused: no loop, the 401 is reported.
    mock.push_fault_on("GET", Fault::json(401, r#"{"message":"token expired"}"#));
    mock.push_fault_on("GET", Fault::json(401, r#"{"message":"token expired"}"#));
    let error = client.list_tokens().call().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(mock.stats().token_requests(), 3);
}

#[tokio::test]
async fn rejected_credentials_are_an_auth_error_without_the_secret() {
    let mock = mock().await;
    let client = builder(&mock)
        .client_credentials(TEST_CLIENT_ID, "wrong-secret-value")
        .build()
        .unwrap();
    let error = client.list_tokens().call().await.unwrap_err();
    assert!(error.is_auth() && error.is_unauthorized(), "{error:?}");
    let text = format!("{error} {error:?} {client:?}");
    assert!(!text.contains("wrong-secret-value"), "{text}");
    assert!(
        mock.requests().iter().all(|r| r.method == "POST"),
        "the list call was never sent"
    );
    // The token request's own error is the source, so the reason stays typed.
    let reason = std::error::Error::source(&error)
        .and_then(|source| source.downcast_ref::<passport_paas::Error>())
        .expect("the token request's error is the source");
    assert_eq!(reason.kind(), ErrorKind::Api);
    let source_text = reason.to_string();
    assert!(!source_text.contains("wrong-secret-value"), "{source_text}");
    insta::assert_snapshot!(format!("{error}: {reason}"));
}

#[test]
fn client_credentials_are_checked_and_redacted() {
    let error = Client::builder()
        .client_credentials("", "x")
        .build()
        .unwrap_err();
    assert!(error.is_config());
    let client = Client::builder()
        .client_credentials(TEST_CLIENT_ID, TEST_CLIENT_SECRET)
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains(TEST_CLIENT_SECRET));
    let insecure = Client::builder()
        .base_url("http://api.example.com")
        .client_credentials(TEST_CLIENT_ID, TEST_CLIENT_SECRET)
        .build();
    assert!(
        insecure.is_err(),
        "client secrets never travel over plain http to a remote host"
    );
}

/// `Client::issue_token` issues a new token with the client's own credentials — the request
/// the cache makes — and leaves the cached one in use; a bearer client has no credentials.
#[tokio::test]
async fn issue_token_uses_the_clients_credentials_and_keeps_its_cache() {
    let mock = mock().await;
    let client = credentials_client(&mock);
    client.list_tokens().call().await.unwrap();
    let issued = client.issue_token().await.unwrap();
    assert_eq!(mock.stats().token_requests(), 2);
    let token = issued.access_token.expose_secret().to_owned();
    assert!(token.starts_with("mock-access-"), "{token}");
    assert!(!format!("{issued:?}").contains(&token));
    let body = mock
        .requests()
        .into_iter()
        .rfind(|r| r.method == "POST")
        .expect("the token request")
        .body;
    assert!(
        body.contains(TEST_CLIENT_ID) && body.contains("client_credentials"),
        "{body}"
    );
    client.list_tokens().call().await.unwrap();
    let last = mock
        .requests()
        .last()
        .unwrap()
        .header("authorization")
        .unwrap()
        .to_owned();
    assert_ne!(
        last,
        format!("Bearer {token}"),
        "the cached token stays in use"
    );

    let error = support::client(&mock).issue_token().await.unwrap_err();
    assert!(error.is_config(), "{error}");
}
