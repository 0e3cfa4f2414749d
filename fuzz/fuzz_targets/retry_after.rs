//! `Retry-After` values and retry decisions: delta-seconds of any length, the three HTTP-date
//! forms, garbage; never a panic, never a wait beyond the cap. `cargo fuzz run --features libfuzzer retry_after`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas::fuzzing;
use passport_paas_fuzz::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&[selector, attempt], value)) = data.split_first_chunk::<2>() else {
        return;
    };
    let status = [408, 429, 500, 502, 503, 504, 400, 200][usize::from(selector & 7)];
    fuzzing::retry_after(value, status, u32::from(attempt));
});
