//! A path parameter's value never changes which endpoint is called: `.`, `..`, an empty value
//! or one holding `\` is refused before sending (the URL would collapse onto another path),
//! and `%2e%2e` in any case travels percent-encoded to the operation's own path. Through the
//! typed builders and the dynamic call, against a loopback mock that records what arrived.

mod support;

use passport_paas::dynamic::{Input, call};
use passport_paas::prelude::*;
use support::{client, mock};

/// Values that, sent as they are, would name another path.
const MOVING: [&str; 6] = [".", "..", "", "..\\..", "a\\b", "..\\x"];

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let mock = mock().await;
    let client = client(&mock);
    for value in MOVING {
        let deleted = client
            .delete_recipient()
            .recipient_id(value)
            .call()
            .await
            .unwrap_err();
        assert!(deleted.is_invalid_parameter(), "{value:?}: {deleted:?}");
        assert_eq!(deleted.side(), passport_paas::Side::Local);
        assert!(deleted.to_string().contains("recipient_id"), "{deleted}");
        let activated = client
            .activate_key()
            .key_id(value)
            .call()
            .await
            .unwrap_err();
        assert!(activated.is_invalid_parameter(), "{value:?}: {activated:?}");
        let input = Input::new().with_parameter("recipient_id", value);
        let dynamic = call(&client, "deleteRecipient", &input).await;
        assert!(
            dynamic.result.unwrap_err().is_invalid_parameter(),
            "{value:?}"
        );
    }
    assert!(
        mock.requests().is_empty(),
        "nothing was sent: {:?}",
        mock.requests()
    );
}

#[tokio::test]
async fn the_dynamic_call_refuses_a_backslash_that_would_name_another_id() {
    let mock = mock().await;
    let client = client(&mock);
    // `.\x` parses as `./x`, then `x`: the same path, another recipient.
    let input = Input::new().with_parameter("recipient_id", ".\\x");
    let error = call(&client, "deleteRecipient", &input)
        .await
        .result
        .unwrap_err();
    assert!(error.is_invalid_parameter(), "{error:?}");
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn encoded_dots_travel_encoded_to_the_operations_own_path() {
    let mock = mock().await;
    let client = client(&mock);
    for value in ["%2e%2e", "%2E%2e", "%2e", ".hidden", "..x", "a.b"] {
        let _ = client.delete_recipient().recipient_id(value).call().await;
        let request = mock.requests().pop().expect("the request was sent");
        assert_eq!(request.method, "DELETE");
        let id = request
            .path
            .strip_prefix("/v1/recipients/")
            .unwrap_or_else(|| panic!("{value:?} went to {}", request.path));
        assert!(!id.is_empty() && !id.contains('/'), "{}", request.path);
        assert_eq!(id, value.replace('%', "%25"), "{value:?}");
    }
}
