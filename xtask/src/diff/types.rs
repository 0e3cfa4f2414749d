//! Type and format changes judged by direction, as oasdiff judges them (its
//! `checker/check_types.go`).
//!
//! Requests are contravariant: a request type may widen (`integer` → `number`, a type
//! constraint dropped), never narrow. Responses are covariant: a response type may narrow
//! (`number` → `integer`), never widen. Where values are not typed on the wire (parameters,
//! headers, non-JSON bodies such as XML) any value also reads as a string, so a change *to*
//! `string` in that direction keeps working. Formats follow the same lattice: `int32` within
//! `int64`, `float` within `double`, `date` within `date-time`; dropping a format widens.

use serde_json::Value;

/// The schema's `type`, as a set (OpenAPI 3.1 arrays too), without `null`.
pub(crate) fn types(schema: &Value) -> Vec<&str> {
    let mut found: Vec<&str> = match schema.get("type") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    found.retain(|t| *t != "null");
    found.sort_unstable();
    found.dedup();
    found
}

fn format(schema: &Value) -> Option<&str> {
    schema.get("format").and_then(Value::as_str)
}

/// Every value of type `sub` is a value of `sup`.
fn subtype(sub: &str, sup: &str) -> bool {
    sub == sup || (sub == "integer" && sup == "number")
}

/// `sub` is non-empty and each of its types is within one of `sup`'s.
fn covered(sub: &[&str], sup: &[&str]) -> bool {
    !sub.is_empty() && sub.iter().all(|t| sup.iter().any(|s| subtype(t, s)))
}

/// Whether the values of `from` still read as `to` (oasdiff's `isTypeContained`).
fn contained(to: &[&str], from: &[&str], strong: bool) -> bool {
    if to.len() == 1 && from.len() == 1 && subtype(from[0], to[0]) {
        return true;
    }
    !strong && (to.is_empty() || to == ["string"])
}

/// Whether a value of format `from` is a value of format `to`, for type `ty`.
fn format_contained(ty: &[&str], to: Option<&str>, from: Option<&str>) -> bool {
    let Some(to) = to else {
        return true;
    };
    let from = from.unwrap_or("");
    match ty {
        ["number"] => to == "double" && from == "float",
        ["integer"] => matches!(
            (to, from),
            ("int64", "int32") | ("bigint", "int32") | ("bigint", "int64")
        ),
        ["string"] => to == "date-time" && (from == "date" || from == "time"),
        _ => false,
    }
}

fn minus<'v>(a: &[&'v str], b: &[&str]) -> Vec<&'v str> {
    a.iter().copied().filter(|t| !b.contains(t)).collect()
}

/// Whether changing the type/format from `was` to `is` breaks existing users. `strong`: the
/// value is typed on the wire (a JSON body).
pub(crate) fn breaks(was: &Value, is: &Value, request: bool, strong: bool) -> bool {
    let (t0, t1) = (types(was), types(is));
    let (f0, f1) = (format(was), format(is));
    let type_changed = t0 != t1;
    let format_changed = f0 != f1;
    // The frame: requests are judged toward the new type, responses toward the old one.
    let (from, to, from_format, to_format) = if request {
        (&t0, &t1, f0, f1)
    } else {
        (&t1, &t0, f1, f0)
    };
    // A widening request type (or narrowing response type) drops the type axis.
    let safe_set = type_changed && covered(from, to);
    if type_changed && !safe_set && to.is_empty() {
        return false;
    }
    let type_breaks =
        type_changed && !safe_set && !contained(&minus(to, from), &minus(from, to), strong);
    let format_breaks = format_changed && !format_contained(to, to_format, from_format);
    type_breaks || format_breaks
}

/// `type-generalized` (more values), `type-specialized` (fewer) or `type-changed`.
pub(crate) fn type_kind(was: &Value, is: &Value) -> (&'static str, &'static str) {
    let (t0, t1) = (types(was), types(is));
    if t1.is_empty() || covered(&t0, &t1) {
        ("type-generalized", "generalized")
    } else if t0.is_empty() || covered(&t1, &t0) {
        ("type-specialized", "specialized")
    } else {
        ("type-changed", "changed")
    }
}

/// Whether a body of `media_type` types its values (JSON); elsewhere a value is text.
pub(crate) fn strongly_typed(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(ty: &str) -> Value {
        json!({ "type": ty })
    }

    #[test]
    fn numbers_by_direction() {
        let (int, num) = (t("integer"), t("number"));
        assert!(!breaks(&num, &int, false, true), "response specialised");
        assert!(breaks(&int, &num, false, true), "response generalised");
        assert!(breaks(&num, &int, true, true), "request specialised");
        assert!(!breaks(&int, &num, true, true), "request generalised");
        assert_eq!(type_kind(&num, &int).0, "type-specialized");
        assert_eq!(type_kind(&int, &num).0, "type-generalized");
    }

    #[test]
    fn text_locations_read_anything_as_a_string() {
        let (int, string) = (t("integer"), t("string"));
        assert!(
            !breaks(&string, &int, false, false),
            "header string → integer"
        );
        assert!(
            breaks(&int, &string, false, false),
            "header integer → string"
        );
        assert!(breaks(&string, &int, false, true), "JSON string → integer");
        assert!(
            !breaks(&int, &string, true, false),
            "query integer → string"
        );
        assert!(breaks(&string, &int, true, false), "query string → integer");
        assert!(!breaks(&json!({"type":"object"}), &json!({}), true, true));
    }

    #[test]
    fn formats_by_direction() {
        let f = |ty: &str, f: &str| json!({ "type": ty, "format": f });
        let (i32, i64) = (f("integer", "int32"), f("integer", "int64"));
        assert!(!breaks(&i32, &i64, true, true) && breaks(&i64, &i32, true, true));
        assert!(breaks(&i32, &i64, false, true) && !breaks(&i64, &i32, false, true));
        assert!(
            !breaks(&i32, &t("integer"), true, true),
            "request format dropped"
        );
        assert!(
            breaks(&i32, &t("integer"), false, true),
            "response format dropped"
        );
        assert!(
            strongly_typed("application/problem+json")
                && strongly_typed("application/json; charset=utf-8")
        );
        assert!(!strongly_typed("application/xml"));
    }
}
