//! Error answers: any status from 300 to 599, any headers' worth of content type and any body
//! give one printable `Error::Api`-side line, never a panic. `cargo fuzz run --features libfuzzer error_body`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas::{Side, parse_response};
use passport_paas_fuzz::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&[high, low], body)) = data.split_first_chunk::<2>() else {
        return;
    };
    let status = 300 + u16::from_be_bytes([high, low]) % 300;
    let content_type = if body.first().is_some_and(|b| b & 1 == 0) {
        "application/json"
    } else {
        "text/plain"
    };
    let Err(error) =
        parse_response::<serde_json::Value>(status, &[("content-type", content_type)], body)
    else {
        panic!("status {status} parsed as a success");
    };
    assert_eq!(error.side(), Side::Server);
    let line = error.to_string();
    assert!(!line.chars().any(char::is_control), "{line:?}");
    if let Some(body) = error.body() {
        let _ = (body.message(), body.code());
    }
});
