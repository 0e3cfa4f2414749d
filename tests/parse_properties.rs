//! Property tests of response parsing: whatever the server sends, the result is a value or a
//! typed error — never a panic, never a silently wrong value.

use passport_paas::{parse_response, types};

fn parse_list_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<types::TokenList, passport_paas::Error> {
    let headers: Vec<(&str, &str)> = content_type
        .map(|c| ("content-type", c))
        .into_iter()
        .collect();
    parse_response(status, &headers, body)
}
use proptest::prelude::*;

fn page() -> &'static str {
    include_str!("fixtures/edge_tokens.json").trim_end()
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(Some("application/json")),
        Just(Some("text/html")),
        Just(None),
        Just(Some("application/vnd.api+json"))
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(status in 100u16..600, ct in content_type(), body in proptest::collection::vec(any::<u8>(), 0..256)) {
        let outcome = parse_list_response(status, ct, &body);
        if outcome.is_ok() {
            prop_assert_eq!(status, 200);
        }
    }

    #[test]
    fn truncated_pages_are_errors(cut in 0usize..page().len()) {
        let body = &page().as_bytes()[..cut];
        let error = parse_list_response(200, Some("application/json"), body).unwrap_err();
        prop_assert!(error.is_decode(), "{error:?}");
        prop_assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    }

    #[test]
    fn a_corrupted_byte_never_yields_a_different_total(position in 0usize..page().len(), byte in any::<u8>()) {
        let mut body = page().as_bytes().to_vec();
        body[position] = byte;
        if let Ok(page) = parse_list_response(200, Some("application/json"), &body) {
            // Either the corruption hit something irrelevant, or the totals read are the ones sent.
            // Skipped fields are not checked byte by byte; only compare what a strict reader sees.
            let Ok(sent) = serde_json::from_slice::<serde_json::Value>(&body) else { return Ok(()) };
            let total = &sent["pagination_info"]["total_elements"];
            let total = total.as_i64().or_else(|| total.as_str().and_then(|s| s.parse().ok()));
            prop_assert_eq!(Some(page.pagination_info.total_elements.get()), total);
        }
    }

    #[test]
    fn int64_strings_round_trip(value in any::<i64>()) {
        let body = format!(r#"{{"pagination_info":{{"total_elements":"{value}","total_pages":{value},"current_page":1,"first_request_timestamp":"2025-01-01T00:00:00Z"}},"tokens":[]}}"#);
        let page = parse_list_response(200, Some("application/json"), body.as_bytes()).unwrap();
        prop_assert_eq!(page.pagination_info.total_elements.get(), value);
        prop_assert_eq!(page.pagination_info.total_pages.get(), value);
    }
}
