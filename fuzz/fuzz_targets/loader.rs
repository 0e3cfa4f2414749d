//! The loader with its source map: any text (or an OpenAPI-shaped document with anchors,
//! aliases and merge keys) is a document or a located error — never a panic, an unbounded
//! allocation or a stack overflow; every pointer of a loaded document locates at a real
//! line and column (the operation table on top is the `resolver` target's). `cargo fuzz run
//! --features libfuzzer loader`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas_fuzz::fuzz_target;
use passport_paas_spec::{Document, escape};
use serde_json::Value;

/// Every pointer of `value` (at most `budget` of them).
fn pointers(value: &Value, at: String, out: &mut Vec<String>, budget: usize) {
    if out.len() >= budget {
        return;
    }
    out.push(at.clone());
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                pointers(member, format!("{at}/{}", escape(key)), out, budget);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{index}"), out, budget);
            }
        }
        _ => {}
    }
}

/// Lines as YAML counts them: `\r\n`, a lone `\r` and `\n` each end one.
fn yaml_lines(text: &str) -> usize {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .count()
        .max(1)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut text = match mode % 3 {
        0 => String::from_utf8_lossy(rest).into_owned(),
        _ => passport_paas_fuzz::document(rest),
    };
    if mode & 0x80 != 0 {
        text = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    }
    match Document::parse(&text) {
        Ok(document) => {
            let mut all = Vec::new();
            pointers(&document.root, String::new(), &mut all, 2_000);
            let lines = yaml_lines(&text);
            for pointer in all {
                let at = document.locate(&pointer);
                assert!(at.line >= 1 && at.line <= lines + 1, "{pointer}: {at:?}");
                assert!(at.column >= 1, "{pointer}: {at:?}");
            }
            for issue in &document.issues {
                assert!(issue.position.line >= 1);
            }
        }
        Err(error) => {
            assert!(!error.message.is_empty());
            if let Some(at) = error.position {
                assert!(at.line >= 1 && at.column >= 1, "{error}");
            }
        }
    }
});
