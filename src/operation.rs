//! The operation table the build derives from the spec, and the checks it drives.
//!
//! One row per operation: method, path, whether it needs credentials, whether it pages, and
//! every parameter with its location and the bounds the spec gives (integer ranges, string
//! lengths). The `pre` hook checks every outgoing request against its row, so an out-of-range
//! value is an invalid-parameter error ([`Error::is_invalid_parameter`](crate::Error::is_invalid_parameter)) before anything is
//! sent, and a bound edited in the spec is enforced on the next build.

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// One parameter of an operation.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    /// The wire name.
    pub name: &'static str,
    /// The generated builder setter.
    pub rust_name: &'static str,
    /// Where it travels.
    pub location: Location,
    /// Whether the spec requires it.
    pub required: bool,
    /// Smallest integer allowed.
    pub minimum: Option<i64>,
    /// Largest integer allowed.
    pub maximum: Option<i64>,
    /// Fewest characters allowed.
    pub min_length: Option<u64>,
    /// Most characters allowed.
    pub max_length: Option<u64>,
}

/// One operation of the spec.
#[derive(Clone, Copy, Debug)]
pub struct OperationSpec {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// The generated method (`list_tokens`).
    pub rust_name: &'static str,
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// The path template.
    pub path: &'static str,
    /// The spec's tags.
    pub tags: &'static [&'static str],
    /// The spec's summary.
    pub summary: Option<&'static str>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Whether calls carry credentials (`security` is not empty).
    pub needs_credentials: bool,
    /// Whether it follows the pagination convention ([`Paginate`](crate::Paginate) walks it).
    pub paginated: bool,
    /// Whether its success body holds a secret (`format: password`), such as an issued token.
    pub returns_secret: bool,
    /// Its parameters.
    pub parameters: &'static [ParamSpec],
}

/// Every operation of the spec, in document order.
pub fn operations() -> &'static [OperationSpec] {
    crate::generated::wiring::OPERATIONS
}

/// The operation with this `operationId`.
pub fn find(id: &str) -> Option<&'static OperationSpec> {
    operations().iter().find(|o| o.id == id)
}

/// The operation progenitor names `rust_name` (what the hooks see).
pub(crate) fn by_rust_name(rust_name: &str) -> Option<&'static OperationSpec> {
    operations().iter().find(|o| o.rust_name == rust_name)
}

/// The longest URL the client sends; servers commonly refuse longer ones (414), so a longer
/// one is a local input problem, reported before sending.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// A parameter that breaks its spec bound: (wire name, reason).
pub(crate) type Violation = (String, String);

impl ParamSpec {
    /// Checks one value as it travels on the wire.
    pub(crate) fn check(&self, value: &str) -> Result<(), String> {
        let characters = value.chars().count() as u64;
        if let Some(max) = self.max_length.filter(|&max| characters > max) {
            return Err(format!(
                "{characters} characters, more than the {max} allowed"
            ));
        }
        if let Some(min) = self.min_length.filter(|&min| characters < min) {
            return Err(format!(
                "{characters} characters, fewer than the {min} required"
            ));
        }
        if self.minimum.is_none() && self.maximum.is_none() {
            return Ok(());
        }
        let Ok(number) = value.parse::<i64>() else {
            return Err(format!(
                "{:?} is not an integer",
                crate::redact::printable(value)
            ));
        };
        if let Some(minimum) = self.minimum.filter(|&minimum| number < minimum) {
            return Err(format!("{number} is below the minimum {minimum}"));
        }
        if let Some(maximum) = self.maximum.filter(|&maximum| number > maximum) {
            return Err(format!("{number} is above the maximum {maximum}"));
        }
        Ok(())
    }
}

/// Checks an outgoing request against its operation's row (`None`: an operation the table
/// does not hold, of which only the URL length is checked). `base_path` is the path of the
/// client's base URL (empty for a host root).
pub(crate) fn check_request(
    operation: Option<&OperationSpec>,
    base_path: &str,
    request: &reqwest::Request,
) -> Result<(), Violation> {
    let length = request.url().as_str().len();
    if length > MAX_URL_BYTES {
        return Err((
            "request".into(),
            format!("the url is {length} bytes long, over the {MAX_URL_BYTES} the client sends"),
        ));
    }
    let Some(operation) = operation else {
        return Ok(());
    };
    check_path(operation, base_path, request.url().path())?;
    let fail = |parameter: &ParamSpec, reason: String| Err((parameter.name.to_owned(), reason));
    for (name, value) in crate::query::pairs(request.url().query().unwrap_or_default()) {
        if let Some(parameter) = operation
            .parameters
            .iter()
            .find(|p| p.location == Location::Query && p.name == name)
            && let Err(reason) = parameter.check(&value)
        {
            return fail(parameter, reason);
        }
    }
    for parameter in operation
        .parameters
        .iter()
        .filter(|p| p.location == Location::Header)
    {
        if let Some(value) = request.headers().get(parameter.name)
            && let Err(reason) = parameter.check(&String::from_utf8_lossy(value.as_bytes()))
        {
            return fail(parameter, reason);
        }
    }
    Ok(())
}

/// Whether a path segment, as sent, would be read as "this directory" or "the parent":
/// `.`, `..`, or the same written with `%2e` in any case.
fn is_dot_segment(segment: &str) -> bool {
    // The longest is `%2e%2e`; a longer segment is no dot segment (and costs no allocation).
    if segment.len() > "%2e%2e".len() {
        return false;
    }
    let lower = segment.to_ascii_lowercase().replace("%2e", ".");
    lower == "." || lower == ".."
}

/// The violation of a path value that would move the request off its operation's path.
fn moving_path(operation: &OperationSpec, name: &str) -> Violation {
    (
        name.to_owned(),
        format!(
            "a path value that is empty, `.`, `..` or holds `\\` would send the request to \
             another endpoint than {} {}; nothing was sent",
            operation.method, operation.path
        ),
    )
}

/// Checks a path parameter's value before it is set (the dynamic call, so `paas`): empty,
/// a dot segment, or holding `\` (which URL parsing reads as `/`). The typed builders are
/// covered by the check of the final URL in the `pre` hook, which sees the path after
/// parsing; a value like `.\x` collapses onto another id of the same path there, so the
/// dynamic call refuses it from the value itself.
pub(crate) fn check_path_value(
    operation: &OperationSpec,
    name: &str,
    value: &str,
) -> Result<(), Violation> {
    // A `%` is sent encoded (`%25`): only the literal dots are dot segments here.
    if value.is_empty() || value == "." || value == ".." || value.contains('\\') {
        return Err(moving_path(operation, name));
    }
    Ok(())
}

/// Checks that the URL about to be sent still names the operation's own path template: the
/// same literal segments, and every parameter segment a non-empty value that is no dot
/// segment. The URL parser collapses `.` and `..` (and reads `\` as `/`) before the hooks see
/// the request, so a value that moved the request elsewhere shows here as a path that no longer
/// matches — `DELETE /v1/recipients/` for an id of `.`, `PATCH /v1/activate` for `..`.
fn check_path(operation: &OperationSpec, base_path: &str, path: &str) -> Result<(), Violation> {
    let refuse = |name: Option<&str>| {
        let mut path_parameters = operation
            .parameters
            .iter()
            .filter(|p| p.location == Location::Path);
        let only = match (path_parameters.next(), path_parameters.next()) {
            (Some(only), None) => Some(only.name),
            _ => None,
        };
        let name = name.or(only).unwrap_or("path");
        Err(moving_path(operation, name))
    };
    let base = base_path.trim_end_matches('/');
    let Some(rest) = path.strip_prefix(base) else {
        return refuse(None);
    };
    // One pass over both: the segments pair up, and both end together.
    let segments = |path| crate::query::pieces(path, b'/');
    let (mut sent, mut expected) = (segments(rest), segments(operation.path));
    loop {
        let (sent, expected) = match (sent.next(), expected.next()) {
            (None, None) => return Ok(()),
            (Some(sent), Some(expected)) => (sent, expected),
            _ => return refuse(None),
        };
        match expected
            .strip_prefix('{')
            .and_then(|name| name.strip_suffix('}'))
        {
            Some(name) if sent.is_empty() || is_dot_segment(sent) => return refuse(Some(name)),
            Some(_) => {}
            None if sent != expected => return refuse(None),
            None => {}
        }
    }
}

/// Separates the parameter name from the reason in `InvalidRequest` messages the hook makes.
pub(crate) const SEPARATOR: char = '\u{1f}';

/// Splits an `InvalidRequest` message into (wire parameter name, reason).
///
/// Two sources: the `pre` hook (`name<US>reason`), and the generated builders, whose messages
/// read ``conversion to `T` for rust_name failed`` when a value does not fit the parameter's
/// type (`0` for a page size that must be at least 1), or ``rust_name was not initialized``
/// when a required one is missing.
pub(crate) fn split_invalid_request(message: &str) -> Violation {
    if let Some((name, reason)) = message.split_once(SEPARATOR) {
        return (name.to_owned(), reason.to_owned());
    }
    let wire = |rust_name: &str| {
        operations()
            .iter()
            .flat_map(|o| o.parameters)
            .find(|p| p.rust_name == rust_name)
    };
    if let Some(rust_name) = message
        .rsplit_once(" for ")
        .and_then(|(_, rest)| rest.strip_suffix(" failed"))
    {
        let parameter = wire(rust_name);
        let reason = match parameter {
            Some(ParamSpec {
                minimum: Some(min),
                maximum: Some(max),
                ..
            }) => format!("must be an integer from {min} to {max}"),
            Some(ParamSpec {
                minimum: Some(min), ..
            }) => format!("must be an integer of at least {min}"),
            _ => "the value does not fit the parameter's type".to_owned(),
        };
        let name = parameter.map_or(rust_name, |p| p.name).to_owned();
        return (name, reason);
    }
    if let Some(rust_name) = message.strip_suffix(" was not initialized") {
        let name = wire(rust_name).map_or(rust_name, |p| p.name).to_owned();
        return (name, "is required".to_owned());
    }
    ("request".to_owned(), crate::redact::printable(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: &str) -> reqwest::Request {
        let url = format!("https://example.test/v1/iam/oauth/tokens?{query}");
        reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap())
    }

    #[test]
    fn the_table_holds_the_documented_ranges() {
        let list = find("listTokens").expect("listTokens is in the table");
        assert!(list.paginated && list.needs_credentials);
        let seconds = list
            .parameters
            .iter()
            .find(|p| p.name == "page_params.first_request_timestamp.seconds")
            .expect("seconds is a parameter");
        assert_eq!(
            (seconds.minimum, seconds.maximum),
            (Some(-62135596800), Some(253402300799))
        );
        assert!(!find("createToken").unwrap().needs_credentials);
        assert!(find("createToken").unwrap().returns_secret);
    }

    #[test]
    fn out_of_range_values_name_the_parameter() {
        let nanos = "page_params.first_request_timestamp.nanos";
        assert!(
            check_request(
                by_rust_name("list_tokens"),
                "",
                &request(&format!("{nanos}=999999999"))
            )
            .is_ok()
        );
        let error = check_request(
            by_rust_name("list_tokens"),
            "",
            &request(&format!("{nanos}=1000000000")),
        )
        .unwrap_err();
        assert_eq!(
            error,
            (
                nanos.into(),
                "1000000000 is above the maximum 999999999".into()
            )
        );
        assert!(check_request(by_rust_name("other"), "", &request(&format!("{nanos}=-1"))).is_ok());
        let long = "a".repeat(MAX_URL_BYTES);
        assert_eq!(
            check_request(
                by_rust_name("list_tokens"),
                "",
                &request(&format!("role={long}"))
            )
            .unwrap_err()
            .0,
            "request"
        );
    }

    #[test]
    fn a_path_that_no_longer_matches_its_template_is_refused() {
        let delete = by_rust_name("delete_recipient").expect("deleteRecipient");
        let activate = find("activateKey").expect("activateKey");
        let key = "/v1/keys/3f1c2a9e/activate";
        assert!(check_path(activate, "", key).is_ok());
        assert!(check_path(activate, "/base", &format!("/base{key}")).is_ok());
        for path in [
            "/v1/activate",
            "/v1/keys//activate",
            "/v1/keys/a/b/activate",
        ] {
            let (name, reason) = check_path(activate, "", path).unwrap_err();
            assert_eq!(name, "key_id", "{path}");
            assert!(
                reason.contains("PATCH /v1/keys/{key_id}/activate"),
                "{reason}"
            );
        }
        for segment in ["%2e%2E", ".", "..", "%2E", ""] {
            let path = format!("/v1/recipients/{segment}");
            assert!(check_path(delete, "", &path).is_err(), "{path}");
        }
        assert!(check_path(delete, "", "/v1/recipients/%252e%252e").is_ok());
        assert!(check_path(delete, "/base", "/other/v1/recipients/x").is_err());
    }

    #[test]
    fn builder_messages_map_to_wire_names() {
        let (name, reason) = split_invalid_request(
            "conversion to `:: std :: num :: NonZeroU32` for page_params_page_size failed",
        );
        assert_eq!(name, "page_params.page_size");
        assert!(reason.contains("at least 1"), "{reason}");
        assert_eq!(
            split_invalid_request("token_id was not initialized"),
            ("token_id".into(), "is required".into())
        );
    }
}
