//! Scalars as the YAML 1.2 core schema reads them: quoted ones are strings, plain ones are
//! null, booleans, numbers (an integer beyond 64 bits becomes the nearest float) or strings.

use serde_json::{Number, Value};
use yaml_rust2::parser::Tag;
use yaml_rust2::scanner::TScalarStyle;

/// Resolves one scalar: quoted ones are strings, plain ones follow the YAML 1.2 core schema.
pub(crate) fn scalar(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag
        && tag.handle == "tag:yaml.org,2002:"
    {
        return match tag.suffix.as_str() {
            "str" | "binary" | "timestamp" => Value::String(text.to_owned()),
            "null" => Value::Null,
            "bool" => core_bool(text).map_or_else(|| Value::String(text.to_owned()), Value::Bool),
            "int" | "float" => number(text).unwrap_or_else(|| Value::String(text.to_owned())),
            _ => plain(text),
        };
    }
    if style != TScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    plain(text)
}

fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    if let Some(flag) = core_bool(text) {
        return Value::Bool(flag);
    }
    number(text).unwrap_or_else(|| Value::String(text.to_owned()))
}

fn core_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A YAML 1.2 core-schema number, or `None` when the text is not one.
fn number(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits(unsigned) {
        if let Ok(value) = text.parse::<i64>() {
            return Some(Value::Number(value.into()));
        }
        if let Ok(value) = text.trim_start_matches('+').parse::<u64>() {
            return Some(Value::Number(value.into()));
        }
        // Beyond 64 bits: still a number, kept as the nearest float.
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16)
            .ok()
            .map(|v| Value::Number(v.into()));
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return u64::from_str_radix(octal, 8)
            .ok()
            .map(|v| Value::Number(v.into()));
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN" => {
            // Not representable in JSON: keep the text.
            return Some(Value::String(text.to_owned()));
        }
        _ => {}
    }
    let float_like = bytes.iter().any(u8::is_ascii_digit)
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && !unsigned.starts_with(['e', 'E']);
    if float_like {
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number);
    }
    None
}
