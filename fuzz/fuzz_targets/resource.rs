//! Single resources (customer, account, key, recipient, payment, QR code, resolution): a value
//! or a typed, printable error, never a panic; a parsed value serializes. `cargo fuzz run resource`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas::{parse_response, types};
use passport_paas_fuzz::fuzz_target;

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(body: &[u8]) {
    match parse_response::<T>(200, &[("content-type", "application/json")], body) {
        Ok(value) => {
            serde_json::to_vec(&value).expect("a parsed value serializes");
        }
        Err(error) => {
            let line = error.to_string();
            assert!(!line.chars().any(char::is_control), "{line:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 8 {
        0 => check::<types::Customer>(body),
        1 => check::<types::Account>(body),
        2 => check::<types::Key>(body),
        3 => check::<types::Recipient>(body),
        4 => check::<types::Payment>(body),
        5 => check::<types::QrCode>(body),
        6 => check::<types::Resolution>(body),
        _ => check::<types::Token>(body),
    }
});
