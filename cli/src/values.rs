//! Command-line text typed per schema: integers become JSON numbers, booleans booleans, enum
//! short forms their wire values, JSON text JSON; strings stay strings.
//!
//! Enums stay open: a value the spec does not list passes through as given, so a new server
//! value never needs a new `paas`.

use std::ffi::OsStr;

use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use serde_json::{Number, Value};

use crate::naming::short_forms;

/// How a value given as text becomes JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A string, as given.
    Text,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A string enum: wire values with their short forms.
    Choice(Vec<(String, Option<String>)>),
    /// Anything else: JSON text, or a string when it is not JSON.
    Json,
}

impl Kind {
    /// The kind of an effective (resolved) schema.
    pub fn of(schema: &Value) -> Kind {
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let values: Vec<String> = values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            if !values.is_empty() {
                let shorts = short_forms(&values);
                return Kind::Choice(values.into_iter().zip(shorts).collect());
            }
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => Kind::Text,
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            _ => Kind::Json,
        }
    }

    /// Whether a body property of this kind gets a flag of its own.
    pub fn is_simple(&self) -> bool {
        !matches!(self, Kind::Json)
    }

    /// The placeholder in help (`<INTEGER>`, …), from the kind.
    pub fn value_name(&self, name: &str) -> String {
        match self {
            Kind::Integer => "INTEGER".into(),
            Kind::Number => "NUMBER".into(),
            Kind::Boolean => "true|false".into(),
            Kind::Json => "JSON".into(),
            Kind::Choice(_) => "VALUE".into(),
            Kind::Text => crate::naming::words(name).join("_").to_uppercase(),
        }
    }

    /// What help says about the accepted values, if anything.
    pub fn values_help(&self) -> Option<String> {
        let Kind::Choice(values) = self else {
            return None;
        };
        let listed: Vec<String> = values
            .iter()
            .map(|(wire, short)| match short {
                Some(short) => format!("{wire} ({short})"),
                None => wire.clone(),
            })
            .collect();
        Some(format!(
            "Values: {}; any other value is sent as given.",
            listed.join(", ")
        ))
    }

    /// Types `text`.
    pub fn parse(&self, text: &str) -> Result<Value, String> {
        match self {
            Kind::Text => Ok(Value::String(text.to_owned())),
            Kind::Integer => text
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| text.trim().parse::<u64>().map(Value::from))
                .map_err(|_| "not an integer".to_owned()),
            Kind::Number => text
                .trim()
                .parse::<Number>()
                .map(Value::Number)
                .map_err(|_| "not a number".to_owned()),
            Kind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err("not true or false".to_owned()),
            },
            Kind::Choice(values) => {
                if text.trim().is_empty() {
                    return Err("empty".to_owned());
                }
                let short = text.to_lowercase().replace('_', "-");
                let wire = values.iter().find_map(|(wire, form)| {
                    (wire.eq_ignore_ascii_case(text) || form.as_deref() == Some(&short))
                        .then(|| wire.clone())
                });
                Ok(Value::String(wire.unwrap_or_else(|| text.to_owned())))
            }
            Kind::Json => {
                Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned())))
            }
        }
    }
}

/// The clap parser of one flag: text in, typed JSON out.
#[derive(Clone, Debug)]
pub struct Typed(pub Kind);

impl TypedValueParser for Typed {
    type Value = Value;

    fn parse_ref(
        &self,
        _command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Value, clap::Error> {
        let name = arg
            .and_then(|arg| arg.get_long().map(|long| format!("--{long}")))
            .or_else(|| arg.map(|arg| format!("<{}>", arg.get_id())))
            .unwrap_or_else(|| "a value".into());
        let Some(text) = value.to_str() else {
            return Err(clap::Error::raw(
                ErrorKind::InvalidUtf8,
                format!("invalid value for {name}: not UTF-8\n"),
            ));
        };
        self.0.parse(text).map_err(|reason| {
            clap::Error::raw(
                ErrorKind::ValueValidation,
                format!(
                    "invalid value {:?} for {name}: {reason}\n",
                    passport_paas::printable(text)
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_typed_per_schema() {
        let choice = Kind::of(
            &json!({"type": "string", "enum": ["GRANT_FLOW_LOGIN", "GRANT_FLOW_CLIENT_CREDENTIALS"]}),
        );
        assert_eq!(
            choice.parse("client-credentials").unwrap(),
            json!("GRANT_FLOW_CLIENT_CREDENTIALS")
        );
        assert_eq!(
            choice.parse("grant_flow_login").unwrap(),
            json!("GRANT_FLOW_LOGIN")
        );
        assert_eq!(
            choice.parse("GRANT_FLOW_NEW").unwrap(),
            json!("GRANT_FLOW_NEW")
        );
        assert!(choice.parse(" ").is_err());
        assert_eq!(
            Kind::of(&json!({"type": "integer"})).parse("12").unwrap(),
            json!(12)
        );
        assert!(Kind::of(&json!({"type": "integer"})).parse("1.5").is_err());
        assert_eq!(
            Kind::of(&json!({"type": "string"})).parse("0012").unwrap(),
            json!("0012")
        );
        assert_eq!(
            Kind::of(&json!({"type": "boolean"})).parse("TRUE").unwrap(),
            json!(true)
        );
        assert_eq!(
            Kind::of(&json!({"type": "number"})).parse("2.5").unwrap(),
            json!(2.5)
        );
        assert_eq!(Kind::Json.parse("{\"a\":1}").unwrap(), json!({"a": 1}));
        assert_eq!(Kind::Json.parse("plain").unwrap(), json!("plain"));
    }
}
