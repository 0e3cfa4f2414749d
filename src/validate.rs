//! Client-side parameter validation, driven by the spec.
//!
//! `build.rs` turns every integer query parameter's `minimum`/`maximum` into a table
//! ([`QUERY_CONSTRAINTS`]); the `pre` hook checks each outgoing query against it, so an
//! out-of-range value is an [`Error::InvalidParameter`](crate::Error::InvalidParameter) before
//! anything is sent, and a range edited in the spec is enforced on the next build.

/// One integer query parameter's allowed range.
#[derive(Debug)]
pub(crate) struct QueryConstraint {
    /// The operation, as progenitor names it (snake case).
    pub operation: &'static str,
    /// The parameter's wire name.
    pub name: &'static str,
    /// The generated builder method's name.
    pub rust_name: &'static str,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
}

include!(concat!(env!("OUT_DIR"), "/constraints.rs"));

/// Separates the parameter name from the reason in `InvalidRequest` messages the hook makes.
const SEPARATOR: char = '\u{1f}';

/// Checks every constrained parameter in `url`'s query; the error names the first bad one.
pub(crate) fn check_query(operation: &str, url: &reqwest::Url) -> Result<(), String> {
    for (name, value) in url.query_pairs() {
        let Some(rule) = QUERY_CONSTRAINTS
            .iter()
            .find(|rule| rule.operation == operation && rule.name == name)
        else {
            continue;
        };
        let fail = |reason: String| Err(format!("{}{SEPARATOR}{reason}", rule.name));
        let Ok(number) = value.parse::<i64>() else {
            return fail(format!("{value:?} is not an integer"));
        };
        if let Some(minimum) = rule.minimum.filter(|&minimum| number < minimum) {
            return fail(format!("{number} is below the minimum {minimum}"));
        }
        if let Some(maximum) = rule.maximum.filter(|&maximum| number > maximum) {
            return fail(format!("{number} is above the maximum {maximum}"));
        }
    }
    Ok(())
}

/// Splits an `InvalidRequest` message into (wire parameter name, reason).
///
/// Two sources: the `pre` hook (`name<US>reason`), and the generated builders, whose messages
/// read ``conversion to `T` for rust_name failed`` when a value does not fit the parameter's
/// type (for example `0` for a page size, which must be at least 1).
pub(crate) fn split_invalid_request(message: &str) -> (String, String) {
    if let Some((name, reason)) = message.split_once(SEPARATOR) {
        return (name.to_owned(), reason.to_owned());
    }
    let rust_name = message
        .rsplit_once(" for ")
        .and_then(|(_, rest)| rest.strip_suffix(" failed"));
    match rust_name {
        Some(rust_name) => {
            let rule = QUERY_CONSTRAINTS
                .iter()
                .find(|rule| rule.rust_name == rust_name);
            let name = rule.map_or(rust_name, |rule| rule.name).to_owned();
            let reason = match rule {
                Some(QueryConstraint {
                    minimum: Some(min),
                    maximum: Some(max),
                    ..
                }) => {
                    format!("must be an integer from {min} to {max}")
                }
                Some(QueryConstraint {
                    minimum: Some(min), ..
                }) => {
                    format!("must be an integer of at least {min}")
                }
                _ => "value does not fit the parameter's type".to_owned(),
            };
            (name, reason)
        }
        None => ("request".to_owned(), message.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(query: &str) -> reqwest::Url {
        reqwest::Url::parse(&format!("https://example.test/v1/iam/oauth/tokens?{query}")).unwrap()
    }

    #[test]
    fn the_table_holds_the_documented_ranges() {
        let seconds = QUERY_CONSTRAINTS
            .iter()
            .find(|rule| rule.name == "page_params.first_request_timestamp.seconds")
            .expect("seconds is constrained");
        assert_eq!(
            (seconds.minimum, seconds.maximum),
            (Some(-62135596800), Some(253402300799))
        );
        assert_eq!(
            seconds.rust_name,
            "page_params_first_request_timestamp_seconds"
        );
    }

    #[test]
    fn out_of_range_values_name_the_parameter() {
        assert!(
            check_query(
                "list_tokens",
                &url("page_params.first_request_timestamp.nanos=999999999")
            )
            .is_ok()
        );
        let error = check_query(
            "list_tokens",
            &url("page_params.first_request_timestamp.nanos=1000000000"),
        )
        .unwrap_err();
        assert_eq!(
            split_invalid_request(&error),
            (
                "page_params.first_request_timestamp.nanos".into(),
                "1000000000 is above the maximum 999999999".into()
            )
        );
        assert!(
            check_query(
                "list_tokens",
                &url("page_params.first_request_timestamp.seconds=-62135596801")
            )
            .is_err()
        );
        assert!(
            check_query(
                "other_operation",
                &url("page_params.first_request_timestamp.nanos=-1")
            )
            .is_ok()
        );
    }

    #[test]
    fn builder_conversion_messages_map_to_wire_names() {
        let (name, reason) = split_invalid_request(
            "conversion to `:: std :: num :: NonZeroU32` for page_params_page_size failed",
        );
        assert_eq!(name, "page_params.page_size");
        assert!(reason.contains("at least 1"), "{reason}");
    }
}
