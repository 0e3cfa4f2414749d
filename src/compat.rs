//! Forward-compatible types that replace spec schemas in the generated code.
//!
//! The build replaces every `integer`/`int64` schema of the spec with [`Int64`], every
//! `string`/`date-time` with [`Timestamp`], and every string enum with an open enum declared
//! by this file's `open_enum!` (see `spec-model/src/codegen/prepare.rs`). They follow
//! protobuf's JSON mapping, which the service's gateway speaks: unknown enum names are kept
//! rather than rejected, 64-bit integers arrive as numbers or decimal strings, and timestamps
//! are parsed leniently.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// Declares a string enum that keeps values it does not know in an `Unknown` variant.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+ }
    ) => {
        $(#[$meta])*
        ///
        /// Forward-compatible: a value the spec does not list arrives as `Unknown`, and the
        /// enum is `#[non_exhaustive]`, so a value added to the spec is not a breaking change.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the client does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every value the spec documents, in spec order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value's wire name.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(value) => value,
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": [$($wire),+] })
            }
        }
    };
}

pub(crate) use open_enum;

/// A 64-bit integer that arrives as a JSON number or a decimal string.
///
/// Protobuf's JSON mapping sends `int64` as a string; the docs show numbers. Both parse; a
/// fraction, an exponent or a value outside `i64` is an error, never a rounded value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Int64(pub i64);

impl Int64 {
    /// The value.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for Int64 {
    fn from(value: i64) -> Self {
        Self(value)
    }
}

macro_rules! widen_into_int64 {
    ($($small:ty),+) => {$(
        impl From<$small> for Int64 {
            fn from(value: $small) -> Self {
                Self(i64::from(value))
            }
        }
    )+};
}

widen_into_int64!(i8, i16, i32, u8, u16, u32);

impl TryFrom<u64> for Int64 {
    type Error = std::num::TryFromIntError;
    fn try_from(value: u64) -> Result<Self, Self::Error> {
        i64::try_from(value).map(Self)
    }
}

impl From<Int64> for i64 {
    fn from(value: Int64) -> Self {
        value.0
    }
}

impl fmt::Display for Int64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Int64 {
    type Err = std::num::ParseIntError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        value.parse().map(Self)
    }
}

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Int64Visitor)
    }
}

struct Int64Visitor;

impl de::Visitor<'_> for Int64Visitor {
    type Value = Int64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 64-bit integer as a JSON number or a decimal string")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Int64, E> {
        Ok(Int64(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Int64, E> {
        i64::try_from(value)
            .map(Int64)
            .map_err(|_| E::custom(format_args!("integer {value} is out of range for int64")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Int64, E> {
        Err(E::custom(format_args!(
            "expected an integer, found {value}"
        )))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Int64, E> {
        value.parse().map(Int64).map_err(|_| {
            E::custom(format_args!(
                "string {value:?} is not a 64-bit decimal integer"
            ))
        })
    }
}

impl JsonSchema for Int64 {
    fn schema_name() -> Cow<'static, str> {
        "Int64".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "format": "int64" })
    }
}

/// An instant read leniently from the wire, keeping the text it was read from.
///
/// Accepts RFC 3339 (`2025-10-09T18:02:18.706Z`, any fraction length, any offset) and the
/// zone-less form the docs also show (`2023-03-29T02:12:15`), which is read as UTC.
/// Serializes back to the original text, so a value round-trips unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    instant: DateTime<Utc>,
    text: String,
}

impl Timestamp {
    /// The instant, in UTC.
    pub fn instant(&self) -> DateTime<Utc> {
        self.instant
    }

    /// The text the value was read from.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whole seconds since the Unix epoch, as the `…first_request_timestamp.seconds` parameter takes.
    pub fn seconds(&self) -> i64 {
        self.instant.timestamp()
    }

    /// Nanosecond fraction (0…999,999,999), as the `…first_request_timestamp.nanos` parameter takes.
    pub fn nanos(&self) -> i32 {
        // `timestamp_subsec_nanos` is below 2e9 (leap seconds); clamp to the documented range.
        self.instant.timestamp_subsec_nanos().min(999_999_999) as i32
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(instant: DateTime<Utc>) -> Self {
        let text = instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        Self { instant, text }
    }
}

/// The text is not a timestamp in any accepted form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not an RFC 3339 timestamp")]
pub struct TimestampError {
    text: String,
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let instant = DateTime::parse_from_rfc3339(trimmed)
            .map(|instant| instant.with_timezone(&Utc))
            .or_else(|_| {
                NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f")
                    .map(|naive| naive.and_utc())
            })
            .map_err(|_| TimestampError {
                text: crate::redact::printable(&text.chars().take(64).collect::<String>()),
            })?;
        Ok(Self {
            instant,
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date-time" })
    }
}
