//! Open enums: one per string enum of the spec, kept forward-compatible.
//!
//! Each becomes a `crate::compat::open_enum!` invocation: documented values get a variant, any
//! other value a server sends is kept in `Unknown(String)`. Variant names drop the prefix all
//! values share (`GRANT_FLOW_CLIENT_CREDENTIALS` → `ClientCredentials`) or, failing that, the
//! type's own name (`ORDER_DIRECTION_ENUM_UNSPECIFIED` → `EnumUnspecified`).

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::model::{Case, sanitize, sanitize_field};
use super::prepare::OpenEnum;

/// The Rust type name of an enum component.
pub fn type_name(component: &str) -> String {
    sanitize(component, Case::Pascal)
}

/// The formatted `enums` module body.
pub fn emit(enums: &[OpenEnum]) -> String {
    let items: Vec<TokenStream> = enums.iter().map(one).collect();
    let file: syn::File = syn::parse2(quote! { #(#items)* }).expect("open enums parse");
    prettyplease::unparse(&file)
}

fn one(open: &OpenEnum) -> TokenStream {
    let name = format_ident!("{}", type_name(&open.name));
    let doc = open
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` values.", open.name));
    let variants = variant_names(&open.name, &open.values);
    let docs = open.values.iter().map(|v| format!("`{v}`"));
    let idents = variants.iter().map(|v| format_ident!("{}", v));
    let wires = open.values.iter();
    quote! {
        crate::compat::open_enum! {
            #[doc = #doc]
            #name { #( #[doc = #docs] #idents = #wires, )* }
        }
    }
}

/// Variant names for `values`, unique and never `Unknown`.
pub fn variant_names(type_name: &str, values: &[String]) -> Vec<String> {
    let prefix = common_prefix(values).or_else(|| {
        let own = format!("{}_", type_name.to_shouty_snake_case());
        values
            .iter()
            .any(|v| v.starts_with(&own) && v.len() > own.len())
            .then_some(own)
    });
    let mut names: Vec<String> = Vec::new();
    for value in values {
        let stripped = prefix
            .as_deref()
            .and_then(|p| value.strip_prefix(p))
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
            .unwrap_or(value);
        let mut name = sanitize_field(stripped, Case::Pascal);
        if name == "Unknown" || name.ends_with('_') {
            name = format!("{}Value", name.trim_end_matches('_'));
        }
        let base = name.clone();
        let mut counter = 2;
        while names.contains(&name) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        names.push(name);
    }
    names
}

/// The longest `_`-ending prefix every value (two or more) shares, if every value keeps a
/// letter after it.
fn common_prefix(values: &[String]) -> Option<String> {
    if values.len() < 2 {
        return None;
    }
    let first = &values[0];
    let mut cut = 0;
    for (index, _) in first.match_indices('_') {
        let candidate = &first[..=index];
        if values.iter().all(|v| {
            v.starts_with(candidate)
                && v[candidate.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
        }) {
            cut = index + 1;
        } else {
            break;
        }
    }
    (cut > 0).then(|| first[..cut].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(type_name: &str, values: &[&str]) -> Vec<String> {
        let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        variant_names(type_name, &values)
    }

    #[test]
    fn variants_drop_shared_prefixes() {
        assert_eq!(
            names(
                "GrantFlow",
                &[
                    "GRANT_FLOW_CLIENT_CREDENTIALS",
                    "GRANT_FLOW_PASSWORD",
                    "GRANT_FLOW_LOGIN"
                ]
            ),
            ["ClientCredentials", "Password", "Login"]
        );
        assert_eq!(
            names(
                "OrderDirection",
                &["ORDER_DIRECTION_ENUM_UNSPECIFIED", "ASC", "DESC"]
            ),
            ["EnumUnspecified", "Asc", "Desc"]
        );
        assert_eq!(names("Currency", &["COP"]), ["Cop"]);
        assert_eq!(
            names("Purpose", &["00", "02", "PURCHASE"]),
            ["X00", "X02", "Purchase"]
        );
        assert_eq!(
            names("X", &["a-b", "a_b", "UNKNOWN"]),
            ["AB", "AB2", "UnknownValue"]
        );
    }
}
