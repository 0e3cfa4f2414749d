//! Auto-pagination against the mock: every token once, in order, in one snapshot; prefetch
//! keeps order and bounds concurrency; contradictions end the walk with a typed error.

mod support;

use std::collections::HashSet;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use passport_paas::prelude::*;
use passport_paas_mock::{Fault, MockConfig, MockServer};
use serde_json::json;
use support::{client, mock_with};

async fn generated(count: usize, latency: Duration) -> MockServer {
    mock_with(MockConfig {
        generated: vec![("Token".into(), count)],
        latency,
        ..MockConfig::default()
    })
    .await
}

fn query_value(query: &str, name: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn every_token_once_in_order_within_one_snapshot() {
    let mock = generated(95, Duration::ZERO).await;
    let client = client(&mock);
    let tokens: Vec<types::Token> = client
        .list_tokens()
        .page_params_page_size(10u32)
        .items_with(PageOptions { prefetch: 1 })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tokens.len(), 95);
    let ids: HashSet<_> = tokens.iter().map(|t| t.token_id).collect();
    assert_eq!(ids.len(), 95, "no duplicates");
    let created: Vec<_> = tokens
        .iter()
        .map(|t| t.created_at.as_ref().unwrap().instant())
        .collect();
    assert!(
        created.windows(2).all(|w| w[0] <= w[1]),
        "in the server's order"
    );
    // The mock refuses later pages without page 1's timestamp; every later page carried it.
    let requests = mock.requests();
    assert_eq!(requests.len(), 10);
    let first = requests[0].query.clone().unwrap();
    assert_eq!(
        query_value(&first, "page_params.first_request_timestamp.seconds"),
        None
    );
    let seconds: HashSet<_> = requests[1..]
        .iter()
        .map(|r| {
            query_value(
                r.query.as_ref().unwrap(),
                "page_params.first_request_timestamp.seconds",
            )
            .unwrap()
        })
        .collect();
    assert_eq!(seconds.len(), 1, "one snapshot for the whole walk");
}

#[tokio::test]
async fn prefetch_keeps_order_and_bounds_concurrency() {
    let mock = generated(200, Duration::from_millis(15)).await;
    let client = client(&mock);
    let sequential: Vec<types::Token> = client
        .list_tokens()
        .page_params_page_size(10u32)
        .items_with(PageOptions { prefetch: 1 })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(mock.stats().max_in_flight(), 1);
    let prefetched: Vec<types::Token> = client
        .list_tokens()
        .page_params_page_size(10u32)
        .items_with(PageOptions { prefetch: 4 })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(prefetched, sequential, "same tokens, same order");
    let max = mock.stats().max_in_flight();
    assert!((2..=4).contains(&max), "observed {max} concurrent requests");
    let pages: Vec<i64> = client
        .list_tokens()
        .page_params_page_size(10u32)
        .pages_with(PageOptions { prefetch: 8 })
        .map_ok(|page| page.pagination_info.current_page.get())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages, (1..=20).collect::<Vec<_>>());
}

#[tokio::test]
async fn zero_results_is_one_empty_page() {
    let mock = generated(30, Duration::ZERO).await;
    let pages: Vec<types::TokenList> = client(&mock)
        .list_tokens()
        .account_id("nobody")
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].tokens.is_empty());
    assert_eq!(pages[0].pagination_info.total_pages.get(), 0);
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn filters_and_ordering_apply_to_every_page() {
    let mock = generated(120, Duration::ZERO).await;
    let everything: Vec<types::Token> = client(&mock)
        .list_tokens()
        .page_params_page_size(50u32)
        .items()
        .try_collect()
        .await
        .unwrap();
    let expected = everything
        .iter()
        .filter(|t| t.grant_flow == Some(passport_paas::types::GrantFlow::Password))
        .count();
    assert!(
        expected > 7,
        "the generated data holds several pages of matches"
    );
    let tokens: Vec<types::Token> = client(&mock)
        .list_tokens()
        .grant_flow(passport_paas::types::GrantFlow::Password)
        .order_params_order_direction(passport_paas::types::OrderDirection::Desc)
        .page_params_page_size(7u32)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tokens.len(), expected);
    assert!(
        tokens
            .iter()
            .all(|t| t.grant_flow == Some(passport_paas::types::GrantFlow::Password))
    );
    let created: Vec<_> = tokens
        .iter()
        .map(|t| t.created_at.as_ref().unwrap().instant())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "descending");
    assert!(mock.requests().iter().skip(3).all(|r| {
        r.query
            .as_ref()
            .unwrap()
            .contains("grant_flow=GRANT_FLOW_PASSWORD")
    }));
}

#[tokio::test]
async fn a_retried_page_does_not_restart_the_walk() {
    let mock = generated(30, Duration::ZERO).await;
    let client = client(&mock);
    let mut pages = client
        .list_tokens()
        .page_params_page_size(10u32)
        .pages_with(PageOptions { prefetch: 1 });
    let first = pages.next().await.unwrap().unwrap();
    mock.push_fault(Fault::json(503, r#"{"code":14,"message":"unavailable"}"#));
    let rest: Vec<types::TokenList> = pages.try_collect().await.unwrap();
    assert_eq!(
        first.tokens.len() + rest.iter().map(|p| p.tokens.len()).sum::<usize>(),
        30
    );
    let numbers: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| query_value(r.query.as_ref().unwrap(), "page_params.page_number").unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["1", "2", "2", "3"],
        "page 2 retried, page 1 never again"
    );
}

/// Serves page 1 normally, then `page_two(page 1)` as page 2; returns the walk's outcome.
async fn walk_with_page_two(
    page_two: impl FnOnce(&types::TokenList) -> serde_json::Value,
) -> Result<Vec<types::TokenList>, Error> {
    let mock = generated(30, Duration::ZERO).await;
    let client = client(&mock);
    let mut pages = client
        .list_tokens()
        .page_params_page_size(10u32)
        .pages_with(PageOptions { prefetch: 1 });
    let first = pages.next().await.unwrap()?;
    mock.push_fault(Fault::json(200, page_two(&first).to_string()));
    let mut all = vec![first];
    while let Some(page) = pages.next().await {
        all.push(page?);
    }
    Ok(all)
}

fn page(
    first: &types::TokenList,
    number: i64,
    tokens: serde_json::Value,
    total_pages: i64,
) -> serde_json::Value {
    let info = &first.pagination_info;
    json!({
        "pagination_info": {
            "total_elements": info.total_elements.get(),
            "total_pages": total_pages,
            "current_page": number,
            "first_request_timestamp": info.first_request_timestamp.as_str(),
        },
        "tokens": tokens,
    })
}

#[tokio::test]
async fn contradictions_end_the_walk_with_a_typed_error() {
    let mut out = String::new();
    let fewer_pages = walk_with_page_two(|first| {
        let tokens = serde_json::to_value(&first.tokens).unwrap();
        page(first, 2, tokens, 2)
    })
    .await;
    let empty_early = walk_with_page_two(|first| page(first, 2, json!([]), 3)).await;
    let duplicate =
        walk_with_page_two(|first| page(first, 2, serde_json::to_value(&first.tokens).unwrap(), 3))
            .await;
    let wrong_page =
        walk_with_page_two(|first| page(first, 1, serde_json::to_value(&first.tokens).unwrap(), 3))
            .await;
    let other_snapshot = walk_with_page_two(|first| {
        let mut value = page(first, 2, serde_json::to_value(&first.tokens).unwrap(), 3);
        value["pagination_info"]["first_request_timestamp"] = json!("2030-01-01T00:00:00Z");
        value
    })
    .await;
    for (name, outcome) in [
        ("fewer pages later", fewer_pages),
        ("empty page early", empty_early),
        ("duplicate tokens", duplicate),
        ("wrong page number", wrong_page),
        ("another snapshot", other_snapshot),
    ] {
        let error = outcome.expect_err(name);
        assert!(
            error.kind() == ErrorKind::InconsistentPagination,
            "{name}: {error:?}"
        );
        out.push_str(&format!("{name}: {error}\n"));
    }
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn self_contradicting_first_pages_are_errors() {
    let cases = [
        json!({"pagination_info":{"total_elements":5,"total_pages":0,"current_page":1,"first_request_timestamp":"2025-01-01T00:00:00Z"},"tokens":[]}),
        json!({"pagination_info":{"total_elements":50,"total_pages":2,"current_page":1,"first_request_timestamp":"2025-01-01T00:00:00Z"},"tokens":[{"token_id":"3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90"}]}),
        json!({"pagination_info":{"total_elements":1,"total_pages":1,"current_page":2,"first_request_timestamp":"2025-01-01T00:00:00Z"},"tokens":[{"token_id":"3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90"}]}),
        json!({"pagination_info":{"total_elements":0,"total_pages":0,"current_page":1,"first_request_timestamp":"2025-01-01T00:00:00Z"},"tokens":[{"token_id":"3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90"}]}),
    ];
    let mock = generated(0, Duration::ZERO).await;
    let client = client(&mock);
    let mut out = String::new();
    for body in cases {
        mock.push_fault(Fault::json(200, body.to_string()));
        let result: Result<Vec<types::TokenList>, Error> =
            client.list_tokens().pages().try_collect().await;
        let error = result.unwrap_err();
        assert!(
            error.kind() == ErrorKind::InconsistentPagination,
            "{error:?}"
        );
        out.push_str(&format!("{error}\n"));
    }
    assert_eq!(mock.requests().len(), 4, "one request each, no loop");
    insta::assert_snapshot!(out);
}

#[tokio::test]
async fn a_token_repeated_two_pages_later_ends_the_walk() {
    let mock = generated(30, Duration::ZERO).await;
    let client = client(&mock);
    let mut pages = client
        .list_tokens()
        .page_params_page_size(10u32)
        .pages_with(PageOptions { prefetch: 1 });
    let first = pages.next().await.unwrap().unwrap();
    let second = pages.next().await.unwrap().unwrap();
    assert_eq!(second.pagination_info.current_page.get(), 2);
    // Page 3 repeats page 1: an offset bug that shows up only two pages later.
    let repeated = page(&first, 3, serde_json::to_value(&first.tokens).unwrap(), 3);
    mock.push_fault(Fault::json(200, repeated.to_string()));
    let error = pages.next().await.unwrap().unwrap_err();
    assert!(
        error.kind() == ErrorKind::InconsistentPagination
            && error.to_string().contains("appears twice (page 3)"),
        "{error}"
    );
    assert!(pages.next().await.is_none(), "the walk is over");
}

#[tokio::test]
async fn totals_near_the_integer_limits_are_errors_not_panics() {
    for (elements, pages) in [
        (i64::MAX, i64::MAX),
        (i64::MAX, 2),
        (i64::MIN, 1),
        (1, i64::MIN),
        (3, i64::from(u32::MAX) + 1),
    ] {
        let mock = generated(0, Duration::ZERO).await;
        let body = json!({"pagination_info":{"total_elements":elements,"total_pages":pages,"current_page":1,"first_request_timestamp":"2025-01-01T00:00:00Z"},"tokens":[{"token_id":"3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90"}]});
        mock.push_fault(Fault::json(200, body.to_string()));
        let outcome: Result<Vec<types::Token>, Error> =
            client(&mock).list_tokens().items().try_collect().await;
        let error = outcome.expect_err("totals that contradict the page");
        assert!(
            error.kind() == ErrorKind::InconsistentPagination,
            "{elements}/{pages}: {error}"
        );
    }
}
