//! `xtask diff` on two arbitrary documents: raw text split in two, two OpenAPI-shaped
//! documents, or one such document against a mutation of itself. A report or an `unreadable`
//! error for one side — never a panic or a hang; no control character of either document
//! reaches the text or markdown report. `cargo fuzz run --features libfuzzer diff`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas_fuzz::fuzz_target;
use xtask::diff::{Sides, diff, render_human, render_json, render_markdown};

fn clean(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() && c != '\n')
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let middle = rest.len() / 2;
    let (first, second) = rest.split_at(middle);
    let (old, new) = match mode % 3 {
        0 => (
            String::from_utf8_lossy(first).into_owned(),
            String::from_utf8_lossy(second).into_owned(),
        ),
        1 => (
            passport_paas_fuzz::document(first),
            passport_paas_fuzz::document(second),
        ),
        _ => {
            // The same choices with a few of them changed: documents that differ a little.
            let mut changed = rest.to_vec();
            for (index, byte) in second.iter().take(4).enumerate() {
                if !changed.is_empty() {
                    let at = (usize::from(*byte) * 7 + index) % changed.len();
                    changed[at] = changed[at].wrapping_add(*byte | 1);
                }
            }
            (
                passport_paas_fuzz::document(rest),
                passport_paas_fuzz::document(&changed),
            )
        }
    };
    let sides = Sides {
        old: ("old.yaml", &old),
        new: ("new.yaml", &new),
    };
    match diff(&sides) {
        Ok(report) => {
            assert!(clean(&render_human(&report)));
            assert!(clean(&render_markdown(&report, "")));
            let _ = render_json(&report);
        }
        Err(error) => {
            assert!(error.starts_with("unreadable: "), "{error}");
            assert!(clean(&error), "{error:?}");
        }
    }
});
