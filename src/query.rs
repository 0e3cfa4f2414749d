//! The name–value pairs of an outgoing query string, as `application/x-www-form-urlencoded`
//! reads them ([`url::Url::query_pairs`]), decoded only where there is something to decode.
//!
//! The `pre` hook reads every outgoing query back to check it against the operation table.
//! Most pairs a client sends (`page_params.page_size=10`) hold no `%` and no `+`, and for
//! those the decoded text is the text itself: they are handed out borrowed, and only the rest
//! go through `form_urlencoded`. [`pieces`] is the byte-scan split those checks use for the
//! path's segments and a header's parameters too.

use std::borrow::Cow;

/// The decoded `(name, value)` pairs of `query` (the part after `?`), in order, the same pairs
/// `form_urlencoded::parse` gives: empty pieces between `&`s are skipped, and a piece
/// without `=` is a name with an empty value.
pub(crate) fn pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    pieces(query, b'&')
        .filter(|piece| !piece.is_empty())
        .map(decoded)
}

/// `text` split at every `separator` (an ASCII byte, so every piece is a `str`), by a plain
/// byte scan: on the few dozen bytes of a path or a query, cheaper than the searcher that
/// `str::split` sets up for each piece.
pub(crate) fn pieces(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    debug_assert!(separator.is_ascii());
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.bytes().position(|b| b == separator) {
            Some(at) => {
                rest = Some(&current[at + 1..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

fn decoded(piece: &str) -> (Cow<'_, str>, Cow<'_, str>) {
    if piece.bytes().any(|b| b == b'%' || b == b'+') {
        return url::form_urlencoded::parse(piece.as_bytes())
            .next()
            .unwrap_or_default();
    }
    match piece.bytes().position(|b| b == b'=') {
        Some(at) => (Cow::Borrowed(&piece[..at]), Cow::Borrowed(&piece[at + 1..])),
        None => (Cow::Borrowed(piece), Cow::Borrowed("")),
    }
}

#[cfg(test)]
mod tests {
    use super::pairs;

    /// Every pair, as `form_urlencoded` (what `Url::query_pairs` uses) decodes it.
    fn reference(query: &str) -> Vec<(String, String)> {
        url::form_urlencoded::parse(query.as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect()
    }

    fn ours(query: &str) -> Vec<(String, String)> {
        pairs(query)
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect()
    }

    #[test]
    fn the_pairs_are_the_ones_form_urlencoded_reads() {
        for query in [
            "",
            "a=1",
            "page_params.page_size=10&grant_flow=GRANT_FLOW_PASSWORD",
            "a=1&&b=2&",
            "&&",
            "flag",
            "flag&a=",
            "=value",
            "a=b=c",
            "a+b=c+d",
            "na%6De=%31%30",
            "a=%zz&b=%",
            "a=%E2%82%AC&b=%FF",
            "q=caf\u{e9}",
            "a=1&a=2",
        ] {
            assert_eq!(ours(query), reference(query), "{query:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_query_gives_the_pairs_form_urlencoded_gives(query in "[a&=%+2Ee.\u{e9}]{0,24}") {
            proptest::prop_assert_eq!(ours(&query), reference(&query));
        }

        #[test]
        fn any_text_gives_the_pieces_str_split_gives(text in "[a/;\u{e9}\u{1f600}]{0,16}") {
            proptest::prop_assert_eq!(
                super::pieces(&text, b'/').collect::<Vec<_>>(),
                text.split('/').collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn pieces_are_the_ones_str_split_gives() {
        for text in [
            "",
            "/",
            "//",
            "/v1/iam/oauth/tokens",
            "a",
            "a/",
            "/a",
            "caf\u{e9}/\u{1f600}/x",
        ] {
            assert_eq!(
                super::pieces(text, b'/').collect::<Vec<_>>(),
                text.split('/').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn plain_pairs_are_borrowed_not_copied() {
        let (name, value) = pairs("page_params.page_size=10").next().unwrap();
        assert!(matches!(name, std::borrow::Cow::Borrowed(_)));
        assert!(matches!(value, std::borrow::Cow::Borrowed(_)));
    }
}
