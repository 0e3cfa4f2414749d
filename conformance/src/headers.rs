//! The response headers the spec documents, checked on every answer.
//!
//! A header the spec marks `required` must be there; a documented header that is there must
//! hold a value its schema allows, its text read as the schema's type (`"3"` is the integer
//! 3 for an integer header). A header the spec does not document is not judged: servers and
//! proxies add their own.

use passport_paas_spec::validate::{describe, validate};
use passport_paas_spec::{Response, Spec};
use serde_json::Value;

/// The problems with the documented headers of `response` (status `code`), as found through
/// `lookup` (a header's value by name, case-insensitive).
pub(crate) fn check(
    spec: &Spec,
    code: u16,
    response: &Response,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<(), String> {
    for (name, required, schema) in &response.headers {
        if name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let Some(text) = lookup(name) else {
            if *required {
                return Err(format!(
                    "the {code} answer lacks the required header {name}"
                ));
            }
            continue;
        };
        let value = typed(spec, schema, &text).ok_or_else(|| {
            format!(
                "the {code} header {name} is {:?}, not of its schema's type",
                text.escape_debug().to_string()
            )
        })?;
        validate(spec.root(), schema, &value).map_err(|violations| {
            format!(
                "the {code} header {name} does not match the spec: {}",
                describe(&violations)
            )
        })?;
    }
    Ok(())
}

/// Header text as the JSON value of its schema's type (`None` when it is not one).
fn typed(spec: &Spec, schema: &Value, text: &str) -> Option<Value> {
    let resolved = spec.resolver().schema(schema);
    let text = text.trim();
    match resolved.get("type").and_then(Value::as_str) {
        Some("integer") => text.parse::<i64>().ok().map(Value::from),
        Some("number") => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        Some("boolean") => text.parse::<bool>().ok().map(Value::Bool),
        Some("array") => Some(Value::Array(
            text.split(',')
                .map(|part| Value::String(part.trim().to_owned()))
                .collect(),
        )),
        _ => Some(Value::String(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLANTED: &str = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
      "paths": {"/things": {"get": {"operationId": "listThings", "responses": {"200": {
        "description": "ok",
        "headers": {
          "X-Total-Count": {"required": true, "schema": {"type": "integer", "minimum": 0}},
          "X-Cursor": {"schema": {"type": "string", "maxLength": 4}}
        }}}}}}}"#;

    fn judge(headers: &[(&str, &str)]) -> Result<(), String> {
        let spec = Spec::parse(PLANTED).expect("parses");
        let operation = spec.api.operation("listThings").expect("planted");
        let response = operation.response_for(200).expect("documented");
        check(&spec, 200, response, |name| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn documented_headers_are_judged_by_their_schema() {
        assert_eq!(judge(&[("x-total-count", "3")]), Ok(()));
        assert_eq!(judge(&[("X-Total-Count", "0"), ("x-cursor", "ab")]), Ok(()));
        let missing = judge(&[("x-cursor", "ab")]).unwrap_err();
        assert!(
            missing.contains("required header X-Total-Count"),
            "{missing}"
        );
        let negative = judge(&[("x-total-count", "-1")]).unwrap_err();
        assert!(negative.contains("does not match"), "{negative}");
        let text = judge(&[("x-total-count", "many\u{1b}")]).unwrap_err();
        assert!(text.contains("not of its schema's type") && !text.contains('\u{1b}'));
        let long = judge(&[("x-total-count", "1"), ("x-cursor", "abcdef")]).unwrap_err();
        assert!(long.contains("X-Cursor"), "{long}");
        assert_eq!(judge(&[("x-total-count", "1"), ("x-other", "?")]), Ok(()));
    }
}
