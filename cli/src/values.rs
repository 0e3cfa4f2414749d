//! Command-line text typed per schema: integers become JSON numbers, booleans booleans, enum
//! short forms their wire values, JSON text JSON; strings stay strings.
//!
//! Enums stay open: a value the spec does not list passes through as given, so a new server
//! value never needs a new `paas`.

use std::ffi::OsStr;

use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use serde_json::Value;

pub use passport_paas_spec::surface::Kind;

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
