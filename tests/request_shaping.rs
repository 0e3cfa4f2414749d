//! Request shaping: what the generated client puts on the wire for `GET /v1/iam/oauth/tokens`,
//! snapshotted as the mock received it (method, path, exact query string, headers).

mod support;

use passport_paas::prelude::*;
use passport_paas::types::{GrantFlow, OrderDirection};
use support::{client, last_wire, mock};

#[tokio::test]
async fn no_parameters() {
    let mock = mock().await;
    client(&mock).list_tokens().call().await.unwrap();
    insta::assert_snapshot!(last_wire(&mock));
}

#[tokio::test]
async fn every_parameter_set() {
    let mock = mock().await;
    let client = client(&mock);
    // Page 1 hands out the snapshot timestamp the later page must send back.
    let first = client
        .list_tokens()
        .page_params_page_size(1u32)
        .call()
        .await
        .unwrap();
    let snapshot = &first.pagination_info.first_request_timestamp;
    let result = client
        .list_tokens()
        .page_params_page_size(1u32)
        .page_params_page_number(2u32)
        .page_params_first_request_timestamp_seconds(snapshot.seconds())
        .page_params_first_request_timestamp_nanos(snapshot.nanos())
        .order_params_order_key("created_at")
        .order_params_order_direction(OrderDirection::Desc)
        .account_id("acc_01J9ZK3M4N5P6Q7R8S9T0V1W2X")
        .user_id("usr_01JA0B1C2D3E4F5G6H7J8K9M0N")
        .grant_flow(GrantFlow::Password)
        .role("operator")
        .accept_language("es")
        .call()
        .await;
    assert!(result.is_ok(), "{result:?}");
    let wire = last_wire(&mock)
        .replace(&snapshot.seconds().to_string(), "[SECONDS]")
        .replace(&format!("nanos={}", snapshot.nanos()), "nanos=[NANOS]");
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn each_grant_flow_value() {
    let mock = mock().await;
    let client = client(&mock);
    let mut lines = Vec::new();
    for flow in GrantFlow::KNOWN
        .iter()
        .cloned()
        .chain([GrantFlow::Unknown("GRANT_FLOW_FUTURE".into())])
    {
        let _ = client.list_tokens().grant_flow(flow).call().await;
        lines.push(last_wire(&mock).lines().next().unwrap().to_owned());
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[tokio::test]
async fn each_order_direction_value() {
    let mock = mock().await;
    let client = client(&mock);
    let mut lines = Vec::new();
    for direction in OrderDirection::KNOWN {
        client
            .list_tokens()
            .order_params_order_direction(direction.clone())
            .call()
            .await
            .unwrap();
        lines.push(last_wire(&mock).lines().next().unwrap().to_owned());
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[tokio::test]
async fn filter_values_needing_percent_encoding() {
    let mock = mock().await;
    client(&mock)
        .list_tokens()
        .account_id("acc 1&role=admin")
        .user_id("usuario=ñandú/ü?#")
        .role("read+write %20")
        .order_params_order_key("created_at")
        .call()
        .await
        .unwrap();
    let wire = last_wire(&mock);
    // The server decoded exactly what was set: nothing was split or lost.
    let query = mock.requests().last().unwrap().query.clone().unwrap();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    assert!(
        pairs.contains(&("account_id".into(), "acc 1&role=admin".into())),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("user_id".into(), "usuario=ñandú/ü?#".into())),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("role".into(), "read+write %20".into())),
        "{pairs:?}"
    );
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn accept_language_default_per_call_and_unset() {
    let mock = mock().await;
    client(&mock).list_tokens().call().await.unwrap();
    let unset = last_wire(&mock);
    let with_default = support::builder(&mock)
        .accept_language("es")
        .build()
        .unwrap();
    with_default.list_tokens().call().await.unwrap();
    let default = last_wire(&mock);
    with_default
        .list_tokens()
        .accept_language("en")
        .call()
        .await
        .unwrap();
    let per_call = last_wire(&mock);
    assert!(!unset.contains("accept-language"));
    insta::assert_snapshot!(format!(
        "-- unset --\n{unset}\n\n-- client default es --\n{default}\n\n-- per call en over default es --\n{per_call}"
    ));
}

#[tokio::test]
async fn out_of_range_parameters_are_rejected_before_sending() {
    let mock = mock().await;
    let client = client(&mock);
    let errors = [
        client
            .list_tokens()
            .page_params_page_size(0u32)
            .call()
            .await
            .unwrap_err(),
        client
            .list_tokens()
            .page_params_page_number(0u32)
            .call()
            .await
            .unwrap_err(),
        client
            .list_tokens()
            .page_params_first_request_timestamp_nanos(-1)
            .call()
            .await
            .unwrap_err(),
        client
            .list_tokens()
            .page_params_first_request_timestamp_nanos(1_000_000_000)
            .call()
            .await
            .unwrap_err(),
        client
            .list_tokens()
            .page_params_first_request_timestamp_seconds(-62_135_596_801i64)
            .call()
            .await
            .unwrap_err(),
        client
            .list_tokens()
            .page_params_first_request_timestamp_seconds(253_402_300_800i64)
            .call()
            .await
            .unwrap_err(),
    ];
    assert!(errors.iter().all(Error::is_invalid_parameter));
    assert!(mock.requests().is_empty(), "nothing may be sent");
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(text.join("\n"));
}
