//! Text from a server, made safe to show: secrets replaced, control characters escaped.
//!
//! Redaction works on *decoded* text: a JSON body is parsed and every string (and key) is
//! redacted, so a secret the server wrote with JSON escapes (`\u0061bc`, `a\/b`) is caught
//! too; other bodies are redacted as text. [`printable`] escapes every character that could
//! steer a terminal (C0 and C1 controls, DEL, bidirectional overrides), so server text always
//! prints as one inert line.

use serde_json::Value;

/// The marker that replaces a secret.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// Secrets shorter than this are not searched for: replacing every `a` would garble the text
/// without protecting anything.
const SHORTEST_SECRET: usize = 4;

/// The secrets a client holds at one moment, borrowed.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Secrets<'a>(pub &'a [&'a str]);

impl Secrets<'_> {
    fn each(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .copied()
            .filter(|secret| secret.len() >= SHORTEST_SECRET)
    }

    /// Whether `text` holds any of the secrets.
    pub(crate) fn found_in(&self, text: &str) -> bool {
        self.each().any(|secret| text.contains(secret))
    }

    /// Whether `bytes`, read as text (invalid UTF-8 replaced by U+FFFD), may hold a secret,
    /// without decoding them: a secret is valid UTF-8, so it is in the decoded text exactly
    /// when its bytes are in `bytes` — unless it holds U+FFFD itself, which the decoding can
    /// produce (then the answer is yes, and the caller decodes).
    pub(crate) fn maybe_in_bytes(&self, bytes: &[u8]) -> bool {
        self.each().any(|secret| {
            // U+FFFD is `EF BF BD`: no `EF` byte, no U+FFFD (and no character search).
            secret.bytes().any(|b| b == 0xef) || holds(bytes, secret.as_bytes())
        })
    }

    /// `text` with every secret replaced.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in self.each() {
            if out.contains(secret) {
                out = out.replace(secret, REDACTED);
            }
        }
        out
    }

    /// Redacts every string and key of a JSON value in place; whether anything changed.
    pub(crate) fn redact_json(&self, value: &mut Value) -> bool {
        match value {
            Value::String(text) if self.found_in(text) => {
                *text = self.redact(text);
                true
            }
            Value::Array(items) => items
                .iter_mut()
                .fold(false, |changed, item| self.redact_json(item) | changed),
            Value::Object(object) => {
                let mut changed = false;
                if object.keys().any(|key| self.found_in(key)) {
                    let members = std::mem::take(object);
                    for (key, member) in members {
                        object.insert(self.redact(&key), member);
                    }
                    changed = true;
                }
                object.values_mut().fold(changed, |changed, member| {
                    self.redact_json(member) | changed
                })
            }
            _ => false,
        }
    }

    /// A body with every secret replaced: decoded as JSON when it is JSON (and re-encoded only
    /// when something was found), as text otherwise. `None` when nothing was found.
    pub(crate) fn redact_body(&self, body: &[u8]) -> Option<Vec<u8>> {
        if self.0.is_empty() || body.is_empty() {
            return None;
        }
        // Without a backslash, JSON text holds its strings as written: a secret is either
        // there verbatim or not at all, and the body need not be decoded to know.
        let escaped = memchr::memchr(b'\\', body).is_some();
        if !escaped && !self.maybe_in_bytes(body) {
            return None;
        }
        if let Ok(mut value) = serde_json::from_slice::<Value>(body) {
            return self
                .redact_json(&mut value)
                .then(|| serde_json::to_vec(&value).unwrap_or_default());
        }
        let text = String::from_utf8_lossy(body);
        self.found_in(&text)
            .then(|| self.redact(&text).into_bytes())
    }
}

/// Whether `needle` occurs in `haystack`; a shorter haystack is answered without building a
/// searcher for the needle.
fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && memchr::memmem::find(haystack, needle).is_some()
}

/// Whether a character must not reach a terminal as is.
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every character that could steer a terminal escaped (`\n`, `\u{1b}`, …).
pub fn printable(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// JSON text with the characters `serde_json` leaves raw but a terminal would act on (DEL, C1
/// controls, bidirectional overrides) written as `\uXXXX` escapes: still the same JSON.
pub fn json_for_terminal(json: &str) -> String {
    if !json.chars().any(is_unsafe) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if is_unsafe(c) {
            // Outside strings JSON only has `\n` etc. as whitespace, which serde writes itself.
            if matches!(c, '\n' | '\r' | '\t') {
                out.push(c);
            } else {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A short excerpt of a body: at most `chars` characters, secrets replaced, printable.
pub(crate) fn snippet(body: &[u8], secrets: Secrets<'_>, chars: usize) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = secrets.redact(text.trim());
    if text.is_empty() {
        return None;
    }
    let mut out: String = text.chars().take(chars).collect();
    let cut = text.chars().count() > chars;
    out = printable(&out);
    if cut {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escaped_secrets_are_found_after_decoding() {
        let secrets = ["abc/def-secret"];
        let secrets = Secrets(&secrets);
        let body = br#"{"message":"token \u0061bc\/def-secret refused","abc/def-secret":1}"#;
        let redacted = secrets.redact_body(body).expect("found");
        let value: Value = serde_json::from_slice(&redacted).unwrap();
        assert_eq!(
            value,
            json!({"message": "token [REDACTED] refused", "[REDACTED]": 1})
        );
        assert!(secrets.redact_body(br#"{"message":"fine"}"#).is_none());
        // Invalid UTF-8 around a secret does not hide it.
        assert_eq!(
            secrets.redact_body(b"\xe2abc/def-secret\xff").unwrap(),
            "\u{fffd}[REDACTED]\u{fffd}".as_bytes()
        );
        assert_eq!(
            secrets.redact_body(b"<p>abc/def-secret</p>").unwrap(),
            b"<p>[REDACTED]</p>"
        );
    }

    #[test]
    fn a_byte_search_finds_what_the_decoded_text_holds() {
        let plain = ["tok_abcdef"];
        let plain = Secrets(&plain);
        assert!(plain.maybe_in_bytes(b"x tok_abcdef y"));
        assert!(plain.maybe_in_bytes(b"\xc3tok_abcdef\x80"));
        assert!(!plain.maybe_in_bytes(b"tok_abcde f"));
        // A secret holding U+FFFD may come from decoding invalid bytes: always decoded.
        let odd = ["ab\u{fffd}cd"];
        let odd = Secrets(&odd);
        assert!(odd.maybe_in_bytes(b"ab\xffcd"));
        assert_eq!(odd.redact_body(b"ab\xffcd").unwrap(), b"[REDACTED]");
        // Short secrets are not searched for, as with text.
        assert!(!Secrets(&["ab"]).maybe_in_bytes(b"ab"));
    }

    #[test]
    fn control_characters_never_pass() {
        assert_eq!(printable("a\nb\x1b[2Jc\u{7}"), "a\\nb\\u{1b}[2Jc\\u{7}");
        assert_eq!(printable("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(printable("ñandú 中"), "ñandú 中");
        assert_eq!(json_for_terminal("\"a\u{9b}b\""), "\"a\\u009bb\"");
        let back: String = serde_json::from_str(&json_for_terminal("\"a\u{9b}b\"")).unwrap();
        assert_eq!(back, "a\u{9b}b");
    }
}
