//! Fuzzes response parsing: any status, content type and body must give a value or a typed
//! error, never a panic. Run: `cargo fuzz run parse_response` (from the repository root).
#![no_main]

use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 4] =
    [Some("application/json"), Some("text/html"), None, Some("application/problem+json; charset=utf-8")];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let status = [200, 400, 401, 403, 404, 500, 502, 204][usize::from(selector & 7)];
    let content_type = CONTENT_TYPES[usize::from(selector >> 3) & 3];
    match passport_paas::parse_list_response(status, content_type, body) {
        Ok(page) => assert_eq!(status, 200),
        Err(error) => {
            let text = error.to_string();
            assert!(!text.is_empty());
            let _ = error.is_retryable();
        }
    }
});
