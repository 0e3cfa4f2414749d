//! The token endpoint's answer and the lifetime arithmetic it feeds: no panic, no overflow,
//! the access token never in an error line. `cargo fuzz run --features libfuzzer token_response`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas::{fuzzing, parse_response, types};
use passport_paas_fuzz::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parse_response::<types::IssuedToken>(200, &[("content-type", "application/json")], data) {
        Ok(issued) => {
            let wait = fuzzing::token_refresh(issued.expires_in.map(|v| v.get()));
            assert!(wait <= std::time::Duration::from_secs(24 * 60 * 60));
            let shown = format!("{issued:?}");
            if issued.access_token.expose_secret().len() >= 4 {
                assert!(
                    !shown.contains(issued.access_token.expose_secret()),
                    "{shown}"
                );
            }
        }
        Err(error) => {
            let line = error.to_string();
            assert!(!line.chars().any(char::is_control), "{line:?}");
        }
    }
    if data.len() >= 8 {
        let seconds = i64::from_le_bytes(data[..8].try_into().expect("eight bytes"));
        fuzzing::token_refresh(Some(seconds));
    }
});
