//! Any reply — status, content type, body — decoded as each component schema's Rust type,
//! taken from the spec's table (`dynamic::components()`, so a schema added to the spec is
//! fuzzed with no edit here): a value or a typed, printable error, never a panic; a value
//! that decodes serializes, and what it serializes to decodes again to the same value.
//! `cargo fuzz run --features libfuzzer reply`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas::dynamic::components;
use passport_paas::parse_response;
use passport_paas_fuzz::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&[reply, schema], body)) = data.split_first_chunk::<2>() else {
        return;
    };
    let status = [200, 200, 201, 204, 400, 404, 500, 299][usize::from(reply & 7)];
    let content_type = [
        "application/json",
        "application/problem+json; charset=utf-8",
        "text/html",
        "",
    ][usize::from(reply >> 3) & 3];
    let headers = [("content-type", content_type)];
    let value = match parse_response::<Value>(status, &headers, body) {
        Ok(value) => value,
        Err(error) => {
            let line = error.to_string();
            assert!(!line.chars().any(char::is_control), "{line:?}");
            return;
        }
    };
    let all = components();
    let component = &all[usize::from(schema) % all.len()];
    match (component.round_trip)(&value) {
        Ok(written) => {
            let again = (component.round_trip)(&written).unwrap_or_else(|error| {
                panic!("{}: {written} does not decode: {error}", component.name)
            });
            assert_eq!(again, written, "{}", component.name);
        }
        Err(reason) => assert!(!reason.chars().any(char::is_control), "{reason:?}"),
    }
});
