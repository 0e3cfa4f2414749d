//! How a flag's text becomes JSON, from the schema of what it sets: the kinds of values
//! `paas` accepts, their placeholders and value lists in help, and the typing of text.
//!
//! Enums stay open: a value the spec does not list passes through as given, so a new server
//! value never needs a new `paas`.

use serde_json::{Number, Value};

use super::naming::short_forms;

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
            Kind::Text => super::naming::words(name).join("_").to_uppercase(),
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

impl Kind {
    /// A short name of the kind for reports: `string`, `integer`, `number`, `boolean`,
    /// `enum(A|B)`, `json`.
    pub fn describe(&self) -> String {
        match self {
            Kind::Text => "string".into(),
            Kind::Integer => "integer".into(),
            Kind::Number => "number".into(),
            Kind::Boolean => "boolean".into(),
            Kind::Json => "json".into(),
            Kind::Choice(values) => {
                let wire: Vec<&str> = values.iter().map(|(wire, _)| wire.as_str()).collect();
                format!("enum({})", wire.join("|"))
            }
        }
    }
}
