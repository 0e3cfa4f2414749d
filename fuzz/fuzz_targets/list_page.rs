//! Any status, content type and body for every paginated list's page type: a value or a typed,
//! printable error, never a panic. `cargo fuzz run list_page`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas::{parse_response, types};
use passport_paas_fuzz::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let status = [200, 400, 401, 404, 500, 502, 204, 299][usize::from(selector & 7)];
    let content_type = [
        "application/json",
        "text/html",
        "",
        "application/problem+json; charset=utf-8",
    ][usize::from(selector >> 3) & 3];
    let headers = [("content-type", content_type)];
    let text = match selector >> 5 {
        0 => parse_response::<types::TokenList>(status, &headers, body).map(|_| ()),
        1 => parse_response::<types::CustomerList>(status, &headers, body).map(|_| ()),
        2 => parse_response::<types::AccountList>(status, &headers, body).map(|_| ()),
        3 => parse_response::<types::KeyList>(status, &headers, body).map(|_| ()),
        4 => parse_response::<types::RecipientList>(status, &headers, body).map(|_| ()),
        5 => parse_response::<types::PaymentList>(status, &headers, body).map(|_| ()),
        _ => parse_response::<types::QrCodeList>(status, &headers, body).map(|_| ()),
    };
    if let Err(error) = text {
        let line = error.to_string();
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
});
