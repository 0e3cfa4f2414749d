//! Sequences of pages through the walker's consistency checks: totals near the integer limits,
//! repeated ids, wrong page numbers, other snapshots; never a panic, and a walk that accepts
//! pages only accepts consistent ones. `cargo fuzz run --features libfuzzer pagination`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas::fuzzing;
use passport_paas_fuzz::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Pages separated by a 0xff byte (never part of valid UTF-8 JSON).
    let pages: Vec<&[u8]> = data.split(|b| *b == 0xff).take(16).collect();
    let (accepted, error) = fuzzing::walk_pages(&pages);
    assert!(accepted <= pages.len());
    if let Some(error) = error {
        let line = error.to_string();
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
});
