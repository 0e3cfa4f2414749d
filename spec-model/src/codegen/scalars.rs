//! Open enums of integers, numbers and booleans: the non-string enums of the spec.
//!
//! typify would generate these as newtypes with a schemars 0.8 `JsonSchema` impl
//! (`gen: &mut ::schemars::gen::SchemaGenerator`), which neither edition 2024 nor schemars 1
//! compiles, and which rejects any value the spec does not list. `prepare` names every such
//! enum, like the string ones, and this module generates its replacement: documented values get
//! a variant, any other value a server sends is kept in `Unknown(…)`, serde reads and writes the
//! bare JSON value, and the `JsonSchema` impl says what the spec says (type, format, values).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::prepare::{EnumKind, OpenEnum};

/// The Rust type an enum's values are read as.
fn value_type(kind: EnumKind) -> TokenStream {
    match kind {
        EnumKind::Integer => quote!(i64),
        EnumKind::Number => quote!(f64),
        EnumKind::Boolean | EnumKind::String => quote!(bool),
    }
}

/// Variant names for the JSON texts of `values`: `V0`, `Minus1`, `V1p5`, `True`, unique.
pub fn variant_names(values: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for value in values {
        let base = match value.as_str() {
            "true" => "True".to_owned(),
            "false" => "False".to_owned(),
            text => {
                let (sign, digits) = match text.strip_prefix('-') {
                    Some(rest) => ("Minus", rest),
                    None => ("V", text),
                };
                let digits: String = digits
                    .chars()
                    .map(|c| match c {
                        '.' => 'p',
                        '+' => 'P',
                        c if c.is_ascii_alphanumeric() => c,
                        _ => '_',
                    })
                    .collect();
                format!("{sign}{digits}")
            }
        };
        let mut name = base.clone();
        let mut counter = 2;
        while names.contains(&name) {
            name = format!("{base}_{counter}");
            counter += 1;
        }
        names.push(name);
    }
    names
}

/// The value as a Rust literal of the enum's value type (`None` when it is not one).
fn literal(kind: EnumKind, value: &Value) -> Option<TokenStream> {
    match kind {
        EnumKind::Integer => {
            let number = value.as_i64()?;
            let literal = Literal::u64_unsuffixed(number.unsigned_abs());
            Some(if number < 0 {
                quote!(-#literal)
            } else {
                quote!(#literal)
            })
        }
        EnumKind::Number => {
            let number = value.as_f64().filter(|n| n.is_finite())?;
            let literal = Literal::f64_unsuffixed(number.abs());
            Some(if number < 0.0 {
                quote!(-#literal)
            } else {
                quote!(#literal)
            })
        }
        EnumKind::Boolean => value.as_bool().map(|b| quote!(#b)),
        EnumKind::String => None,
    }
}

/// The value as it appears in the `JsonSchema`: exactly the spec's JSON (`1` stays `1` in a
/// number enum, where a Rust `f64` literal would print `1.0`).
fn schema_value(value: &Value) -> Option<TokenStream> {
    if let Some(integer) = value.as_i64() {
        let literal = Literal::u64_unsuffixed(integer.unsigned_abs());
        return Some(if integer < 0 {
            quote!(-#literal)
        } else {
            quote!(#literal)
        });
    }
    literal(EnumKind::Number, value).or_else(|| literal(EnumKind::Boolean, value))
}

/// What the tokens of one open enum are made of.
struct Parts {
    kind: EnumKind,
    /// The type name.
    name: syn::Ident,
    /// One variant per documented value.
    idents: Vec<syn::Ident>,
    /// Each documented value as a Rust literal of the value type.
    wires: Vec<TokenStream>,
    /// Each documented value as the `JsonSchema` shows it.
    schema_values: Vec<TokenStream>,
    /// The Rust type the values are read as.
    value: TokenStream,
}

/// The tokens of one non-string open enum (`None` when a value does not fit its type).
pub fn one(open: &OpenEnum) -> Option<TokenStream> {
    let parts = parts(open)?;
    let definition = definition(open, &parts);
    let conversions = conversions(&parts);
    let serde = serde_impls(&parts);
    let schema = schema_impl(open, &parts);
    Some(quote! {
        #definition
        #conversions
        #serde
        #schema
    })
}

/// The enum's parts, or `None` when a value does not parse or fit its type.
fn parts(open: &OpenEnum) -> Option<Parts> {
    let kind = open.kind;
    let parsed: Vec<Value> = open
        .values
        .iter()
        .map(|text| serde_json::from_str(text).ok())
        .collect::<Option<_>>()?;
    let wires: Vec<TokenStream> = parsed
        .iter()
        .map(|v| literal(kind, v))
        .collect::<Option<_>>()?;
    let schema_values: Vec<TokenStream> = parsed.iter().map(schema_value).collect::<Option<_>>()?;
    Some(Parts {
        kind,
        name: format_ident!("{}", super::kinds::type_name(&open.name)),
        idents: variant_names(&open.values)
            .iter()
            .map(|v| format_ident!("{}", v))
            .collect(),
        wires,
        schema_values,
        value: value_type(kind),
    })
}

/// The enum itself and its inherent methods (`KNOWN`, `value`, `is_known`).
fn definition(open: &OpenEnum, parts: &Parts) -> TokenStream {
    let Parts {
        name,
        idents,
        wires,
        value,
        ..
    } = parts;
    let doc = open
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` values.", open.name));
    let docs = open.values.iter().map(|v| format!("`{v}`"));
    let derives = match parts.kind {
        EnumKind::Number => quote!(#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]),
        _ => quote!(#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]),
    };
    quote! {
        #[doc = #doc]
        ///
        /// Forward-compatible: a value the spec does not list arrives as `Unknown`, and the
        /// enum is `#[non_exhaustive]`, so a value added to the spec is not a breaking change.
        #derives
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #docs] #idents, )*
            /// A value this version of the client does not know, kept as sent.
            Unknown(#value),
        }

        impl #name {
            /// Every value the spec documents, in spec order.
            pub const KNOWN: &'static [#name] = &[#(#name::#idents),*];

            /// The value as sent on the wire.
            pub fn value(&self) -> #value {
                match self {
                    #( #name::#idents => #wires, )*
                    #name::Unknown(value) => *value,
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, #name::Unknown(_))
            }
        }
    }
}

/// `From` both ways between the enum and its value type, `FromStr` and `Display`.
fn conversions(parts: &Parts) -> TokenStream {
    let Parts {
        name,
        idents,
        wires,
        value,
        ..
    } = parts;
    let from_value = match parts.kind {
        // Floats cannot be patterns: compare each documented value.
        EnumKind::Number => quote! {
            #( if value == #wires { return #name::#idents; } )*
            #name::Unknown(value)
        },
        _ => quote! {
            match value {
                #( #wires => #name::#idents, )*
                other => #name::Unknown(other),
            }
        },
    };
    let parse_error = match parts.kind {
        EnumKind::Integer => quote!(::std::num::ParseIntError),
        EnumKind::Number => quote!(::std::num::ParseFloatError),
        _ => quote!(::std::str::ParseBoolError),
    };
    quote! {
        impl ::std::convert::From<#value> for #name {
            fn from(value: #value) -> Self {
                #from_value
            }
        }

        impl ::std::convert::From<#name> for #value {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = #parse_error;
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                text.parse::<#value>().map(Self::from)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }
    }
}

/// serde reads and writes the bare JSON value.
fn serde_impls(parts: &Parts) -> TokenStream {
    let Parts { name, value, .. } = parts;
    let read = match parts.kind {
        // An integer reads like `compat::Int64`: a JSON number or a decimal string.
        EnumKind::Integer => quote! {
            <crate::compat::Int64 as ::serde::Deserialize>::deserialize(deserializer)
                .map(|value| Self::from(value.get()))
        },
        _ => quote! {
            <#value as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
        },
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #read
            }
        }
    }
}

/// The `JsonSchema` impl: the spec's type, format and values.
fn schema_impl(open: &OpenEnum, parts: &Parts) -> TokenStream {
    let Parts {
        name,
        schema_values,
        ..
    } = parts;
    let kind_name = parts.kind.json_type();
    let format = open
        .format
        .as_deref()
        .map(|f| quote!("format": #f,))
        .unwrap_or_default();
    quote! {
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!(#name).into()
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": #kind_name, #format "enum": [#(#schema_values),*] })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn variant_names_are_identifiers_and_unique() {
        assert_eq!(
            variant_names(&strings(&["0", "1", "-1", "1.5", "-2.25", "1e3"])),
            ["V0", "V1", "Minus1", "V1p5", "Minus2p25", "V1e3"]
        );
        assert_eq!(
            variant_names(&strings(&["true", "false"])),
            ["True", "False"]
        );
    }

    #[test]
    fn a_value_that_does_not_fit_its_type_is_not_generated() {
        let open = |kind, values: &[&str]| OpenEnum {
            name: "Level".into(),
            description: None,
            values: strings(values),
            kind,
            format: None,
        };
        assert!(one(&open(EnumKind::Integer, &["0", "1"])).is_some());
        assert!(one(&open(EnumKind::Integer, &["0", "1.5"])).is_none());
        assert!(one(&open(EnumKind::Integer, &["18446744073709551615"])).is_none());
        assert!(one(&open(EnumKind::Number, &["1", "-0.5"])).is_some());
        assert!(one(&open(EnumKind::Boolean, &["true", "1"])).is_none());
    }

    #[test]
    fn the_schema_keeps_the_spec_values_and_format() {
        let open = OpenEnum {
            name: "Level".into(),
            description: Some("levels (inferred)".into()),
            values: strings(&["-1", "2"]),
            kind: EnumKind::Integer,
            format: Some("int32".into()),
        };
        let code = one(&open).expect("generated").to_string();
        assert!(code.contains("\"format\" : \"int32\""), "{code}");
        assert!(code.contains("Unknown (i64)"), "{code}");
        assert!(code.contains("- 1 => Level :: Minus1"), "{code}");
        assert!(code.contains("crate :: compat :: Int64"), "{code}");
    }
}
