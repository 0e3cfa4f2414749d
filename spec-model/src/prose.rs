//! The spec's prose as its readers should see it.
//!
//! The spec's descriptions carry maintainers' provenance markers — `(documented)`,
//! `(inferred)`, `(documented CONFLICT; …)`, `(GAP; …)`, `Path CONFLICT (documented): …` — that
//! say how each statement is known. They stay in the spec (they are how it is reviewed), and
//! the tools that show descriptions to the people using the API (`paas` help texts, for one)
//! show [`reader_text`] instead: the same prose without them.
//!
//! The convention is the spec's, so it is spelled once, here: a parenthetical whose words
//! include a marker is dropped whole (with the space before it), and the marker words left in
//! running text (`CONFLICT`, `CONFLICTS`, `GAP`) are dropped. Everything else — line breaks,
//! paragraphs, code spans, parentheticals without a marker — is kept as written.

/// Words that mark a statement's provenance for the spec's maintainers.
const MARKERS: &[&str] = &["documented", "inferred", "GAP", "CONFLICT", "CONFLICTS"];

/// Words dropped from running text (outside parentheses) as well.
const RUNNING_MARKERS: &[&str] = &["GAP", "CONFLICT", "CONFLICTS"];

/// `text` without the maintainers' provenance markers (see the module doc).
pub fn reader_text(text: &str) -> String {
    let without_notes = drop_marked_parentheticals(text);
    let without_words = drop_running_markers(&without_notes);
    tidy(&without_words)
}

/// Whether `text` still holds a marker a reader should not see (a test's oracle).
pub fn has_markers(text: &str) -> bool {
    words(text).any(|word| MARKERS.contains(&word) && word != "documented" && word != "inferred")
        || text.contains("(documented")
        || text.contains("(inferred")
        || text.contains("documented)")
        || text.contains("inferred)")
}

/// The words of `text`: runs of ASCII letters.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
}

/// `text` without the parentheticals (nested ones included) whose words include a marker.
/// An unbalanced parenthesis is kept as it is.
fn drop_marked_parentheticals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let Some(len) = balanced_len(&rest[open..]) else {
            out.push_str(&rest[open..]);
            return out;
        };
        let group = &rest[open..open + len];
        if words(group).any(|word| MARKERS.contains(&word)) {
            drop_space_before_note(&mut out);
        } else {
            out.push_str(group);
        }
        rest = &rest[open + len..];
    }
    out.push_str(rest);
    out
}

/// The spaces before a dropped note, and the line break when the note starts a line (but
/// not a paragraph break).
fn drop_space_before_note(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', '\t']).len();
    out.truncate(trimmed);
    if out.ends_with('\n') && !out.ends_with("\n\n") {
        out.pop();
        let trimmed = out.trim_end_matches([' ', '\t']).len();
        out.truncate(trimmed);
    }
}

/// The byte length of the parenthetical `text` starts with, up to its matching `)`.
fn balanced_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// `text` without the marker words of running text, line by line; a marker's trailing
/// punctuation stays (`Path CONFLICT: …` reads `Path: …`).
fn drop_running_markers(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let indent = &line[..line.len() - line.trim_start().len()];
            let mut kept = String::from(indent);
            for token in line.split_whitespace() {
                let bare = token.trim_end_matches([':', ',', ';', '.']);
                if RUNNING_MARKERS.contains(&bare) {
                    kept.push_str(&token[bare.len()..]);
                    continue;
                }
                if kept.len() > indent.len() {
                    kept.push(' ');
                }
                kept.push_str(token);
            }
            kept
        })
        .collect();
    lines.join("\n")
}

/// Spaces left before punctuation by a dropped note, and doubled punctuation, removed.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '.' | ',' | ';' | ':') {
            while out.ends_with(' ') {
                out.pop();
            }
            // "the note (GAP); next" leaves "note; next"; "(CONFLICT).": one full stop.
            if out.ends_with(c) && c != '.' {
                continue;
            }
        }
        out.push(c);
    }
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_in_parentheses_go() {
        let cases = [
            (
                "Token Management (documented resource group).",
                "Token Management.",
            ),
            (
                "The tokens, a page at a time (documented).",
                "The tokens, a page at a time.",
            ),
            (
                "409 is returned\n(documented CONFLICT); 409 is the specific one.",
                "409 is returned; 409 is the specific one.",
            ),
            (
                "are not documented in what could be read (GAP; probably `POST /v1/accounts`,\nor similar).",
                "are not documented in what could be read.",
            ),
            (
                "The city (`Bogota`) (documented CONFLICT).",
                "The city (`Bogota`).",
            ),
            ("An id (inferred (from the list)).", "An id."),
            (
                "Sort by this key\n  (documented there), so `created_at` is\n  likely\n  (inferred).",
                "Sort by this key, so `created_at` is\n  likely.",
            ),
            ("First.\n\n(documented) Second.", "First.\n\n Second."),
        ];
        for (written, shown) in cases {
            assert_eq!(reader_text(written), shown, "{written}");
            assert!(!has_markers(shown), "{shown}");
        }
    }

    #[test]
    fn marker_words_in_running_text_go() {
        assert_eq!(
            reader_text("Path CONFLICT (documented): the overview says `/a`."),
            "Path: the overview says `/a`."
        );
        assert_eq!(
            reader_text("Body CONFLICT (documented): EN NEW uses `resolution_id`."),
            "Body: EN NEW uses `resolution_id`."
        );
        assert_eq!(reader_text("Names GAP."), "Names.");
    }

    #[test]
    fn everything_else_is_kept() {
        let text = "First paragraph (see below).\n\n  - a list item\n  - `f(x)` in code";
        assert_eq!(reader_text(text), text);
        assert_eq!(
            reader_text("Unbalanced (documented"),
            "Unbalanced (documented"
        );
        assert_eq!(reader_text(""), "");
        assert_eq!(
            reader_text("GAPS and CONFLICTED stay"),
            "GAPS and CONFLICTED stay"
        );
    }

    #[test]
    fn the_oracle_sees_what_is_left() {
        assert!(has_markers("a (documented) note"));
        assert!(has_markers("a CONFLICT"));
        assert!(!has_markers("documented fields are listed"));
    }
}
