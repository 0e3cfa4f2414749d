//! The Rust names progenitor and typify give to spec names, computed the same way.
//!
//! progenitor 0.15 turns an operationId into a method name (`listTokens` → `list_tokens`,
//! `key.get` → `key_get`) and a builder type (`ListTokens`), and a parameter's wire name into a
//! setter (`page_params.page_size` → `page_params_page_size`). Knowing those names lets the
//! build emit wiring for every operation and lets `xtask spec` accept every id progenitor
//! accepts, reporting only the ones that collide.

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// The case of a generated identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `list_tokens`: methods, setters, fields.
    Snake,
    /// `ListTokens`: types.
    Pascal,
}

/// progenitor's `sanitize`: the identifier it generates for `input`.
pub fn sanitize(input: &str, case: Case) -> String {
    sanitize_with(input, case, |case| match case {
        Case::Snake => "_".to_owned(),
        Case::Pascal => "_".to_owned(),
    })
}

/// typify's `sanitize` (struct fields and type names): like progenitor's, with an `x` prefix
/// instead of `_` for a name that cannot start an identifier.
pub fn sanitize_field(input: &str, case: Case) -> String {
    sanitize_with(input, case, |case| recase("x", case))
}

fn recase(input: &str, case: Case) -> String {
    match case {
        Case::Snake => input.to_snake_case(),
        Case::Pascal => input.to_pascal_case(),
    }
}

fn sanitize_with(input: &str, case: Case, prefix: impl Fn(Case) -> String) -> String {
    let out = match input {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => recase(
            &input
                .replace('\'', "")
                .replace(|c: char| !is_xid_continue(c), "-"),
            case,
        ),
    };
    let out = match out.chars().next() {
        None => recase("x", case),
        Some(c) if is_xid_start(c) => out,
        Some(_) => format!("{}{out}", prefix(case)),
    };
    if is_keyword(&out) {
        format!("{out}_")
    } else {
        out
    }
}

/// Words a generated identifier cannot be (typify's list).
fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_progenitor() {
        assert_eq!(sanitize("listTokens", Case::Snake), "list_tokens");
        assert_eq!(sanitize("listTokens", Case::Pascal), "ListTokens");
        assert_eq!(sanitize("key.get", Case::Snake), "key_get");
        assert_eq!(sanitize("keys/list", Case::Snake), "keys_list");
        assert_eq!(
            sanitize("page_params.page_size", Case::Snake),
            "page_params_page_size"
        );
        assert_eq!(sanitize("Accept-Language", Case::Snake), "accept_language");
        assert_eq!(sanitize("type", Case::Snake), "type_");
        assert_eq!(sanitize("1st", Case::Snake), "_1st");
        assert_eq!(sanitize_field("1st", Case::Snake), "x1st");
        assert_eq!(sanitize("", Case::Pascal), "X");
    }
}
