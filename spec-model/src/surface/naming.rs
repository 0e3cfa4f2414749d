//! Names people type, derived from the spec's names: groups from tags, commands from
//! operationIds, flags from parameter wire names, short forms of enum values.
//!
//! Every rule here is about words, never about a particular operation: `listTokens` in the
//! tag `tokens` is `list` because the tag's words are dropped from the id's words.

/// Splits an identifier into lower-case words: `initiateBrebPayment` → `initiate breb
/// payment`, `page_params.page_size` → `page params page size`, `QRCode` → `qr code`.
pub fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = index.checked_sub(1).map(|i| chars[i]);
        let next = chars.get(index + 1).copied();
        let boundary = c.is_uppercase()
            && previous.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `words` joined with `-`.
pub fn kebab(text: &str) -> String {
    words(text).join("-")
}

/// A word and its singular (`tokens` → `token`, `entities` → `entity`).
fn forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    if let Some(stem) = word.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    } else if let Some(stem) = word.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        forms.push(stem.to_owned());
    }
    forms
}

/// The command name of an operation in its group: the id's words without the tag's words,
/// kebab-cased (`createBrebRecipient` in `recipients` → `create-breb`). `None` when nothing
/// is left.
pub fn command_name(operation_id: &str, tag: &str) -> Option<String> {
    let dropped: Vec<String> = words(tag).iter().flat_map(|w| forms(w)).collect();
    let kept: Vec<String> = words(operation_id)
        .into_iter()
        .filter(|word| !dropped.contains(word))
        .collect();
    (!kept.is_empty()).then(|| kept.join("-"))
}

/// The flag of a parameter: its wire name without a leading `*_params.` group, kebab-cased
/// (`page_params.page_size` → `page-size`).
pub fn flag_name(wire: &str) -> String {
    match wire.split_once('.') {
        Some((group, rest)) if group.ends_with("_params") && !rest.is_empty() => kebab(rest),
        _ => kebab(wire),
    }
}

/// Short forms of enum values that share a prefix up to an underscore: for
/// `GRANT_FLOW_CLIENT_CREDENTIALS` and `GRANT_FLOW_LOGIN`, `client-credentials` and `login`.
/// Values without such a prefix get their kebab-cased lower-case form (`DESC` → `desc`).
/// A short form two values would share is left out.
pub fn short_forms(values: &[String]) -> Vec<Option<String>> {
    let prefix = common_prefix(values);
    let shorts: Vec<String> = values
        .iter()
        .map(|value| value[prefix.len()..].to_lowercase().replace('_', "-"))
        .collect();
    shorts
        .iter()
        .zip(values)
        .map(|(short, value)| {
            let unique = shorts.iter().filter(|other| *other == short).count() == 1;
            (unique && !short.is_empty() && short != value).then(|| short.clone())
        })
        .collect()
}

/// The longest prefix ending in `_` that every value (of two or more) starts with.
fn common_prefix(values: &[String]) -> String {
    let [first, rest @ ..] = values else {
        return String::new();
    };
    if rest.is_empty() {
        return String::new();
    }
    let mut prefix = first.as_str();
    for value in rest {
        while !value.starts_with(prefix) {
            prefix = &prefix[..prefix.len() - prefix.chars().last().map_or(1, char::len_utf8)];
        }
    }
    match prefix.rfind('_') {
        // A value that is only the prefix would have an empty short form.
        Some(end) if values.iter().all(|v| v.len() > end + 1) => prefix[..=end].to_owned(),
        _ => String::new(),
    }
}

/// The first sentence-ish line of a description: its first paragraph, on one line.
pub fn first_paragraph(text: &str) -> String {
    text.split("\n\n")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_drop_the_tag_words() {
        let cases = [
            ("listTokens", "tokens", Some("list")),
            ("getToken", "tokens", Some("get")),
            ("initiateBrebPayment", "payments", Some("initiate-breb")),
            ("createQrCode", "qr-codes", Some("create")),
            ("listQrCodes", "qr-codes", Some("list")),
            ("createCustomerLegacy", "customers", Some("create-legacy")),
            ("tokens", "tokens", None),
        ];
        for (id, tag, expected) in cases {
            assert_eq!(command_name(id, tag).as_deref(), expected, "{id}");
        }
        assert_eq!(words("HTTPServerError2x"), ["http", "server", "error2x"]);
    }

    #[test]
    fn flags_and_short_forms() {
        assert_eq!(flag_name("page_params.page_size"), "page-size");
        assert_eq!(
            flag_name("page_params.first_request_timestamp.seconds"),
            "first-request-timestamp-seconds"
        );
        assert_eq!(flag_name("Accept-Language"), "accept-language");
        assert_eq!(flag_name("customer_id"), "customer-id");
        let values: Vec<String> = ["GRANT_FLOW_CLIENT_CREDENTIALS", "GRANT_FLOW_LOGIN"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            short_forms(&values),
            [Some("client-credentials".into()), Some("login".into())]
        );
        let values: Vec<String> = ["ASC", "DESC"].map(String::from).to_vec();
        assert_eq!(
            short_forms(&values),
            [Some("asc".into()), Some("desc".into())]
        );
        let values: Vec<String> = ["A_B", "A_B_C"].map(String::from).to_vec();
        assert_eq!(short_forms(&values), [Some("b".into()), Some("b-c".into())]);
    }
}
