//! The public items of a generated client, read as syntax: `Client` methods, the operation
//! builders' setters with their parameter types and whether they are required, the types
//! (structs, newtypes, enums, aliases), their fields and variants.
//!
//! The code is parsed with `syn`, never compiled, so a spec whose client does not build is
//! still read. Types are compared as normalised token strings.

use std::collections::BTreeMap;

use passport_paas_spec::codegen::Generated;
use quote::ToTokens;
use syn::{Fields, GenericParam, ImplItem, Item, Type, Visibility, WherePredicate};

/// The shape of an operation builder's [`ApiItem::Type`] (`builder::ListTokens`).
pub const BUILDER: &str = "builder";

/// One public item, keyed by its path in [`Api::items`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiItem {
    /// `Client::name`: the method's signature after `&self`.
    Method(String),
    /// `builder::Name::setter`: a setter's parameter type, and whether the call needs it.
    Setter {
        /// The type the value must convert into.
        ty: String,
        /// Whether `.send()` fails without it.
        required: bool,
    },
    /// A type and its shape (`struct`, `newtype(T)`, `enum`, `alias = T`).
    Type {
        /// The shape.
        shape: String,
        /// `#[non_exhaustive]`: new variants and fields do not break users.
        non_exhaustive: bool,
    },
    /// `Type.field`: a struct field's type.
    Field(String),
    /// `Type::Variant`: an enum variant and its payload (empty for a unit variant).
    Variant(String),
}

/// The public items of one generated client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Api {
    /// Items by path: `Client::list_tokens`, `builder::ListTokens::page_size`, `Token`,
    /// `Token.expires_in`, `GrantFlow::Login`.
    pub items: BTreeMap<String, ApiItem>,
}

/// A type as a normalised token string (`Option<crate::compat::Int64>` for
/// `::std::option::Option<crate::compat::Int64>`).
pub fn type_string(ty: &impl ToTokens) -> String {
    let text = ty.to_token_stream().to_string();
    let text = text
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& '", "&'");
    let mut text = text;
    for prefix in [
        "::std::option::",
        "::std::string::",
        "::std::vec::",
        "::std::collections::",
        "::std::num::",
        "::std::result::",
        "std::option::",
        "std::string::",
        "std::convert::",
        "::serde_json::",
        "super::",
        "types::",
    ] {
        text = text.replace(prefix, "");
    }
    text
}

/// The type as a reader names it: every path cut to its last segment
/// (`Option<crate::compat::Int64>` → `Option<Int64>`).
pub fn short(ty: &str) -> String {
    let mut out = String::with_capacity(ty.len());
    let mut word = String::new();
    for c in ty.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
            continue;
        }
        out.push_str(word.rsplit("::").next().unwrap_or_default());
        word.clear();
        out.push(c);
    }
    out.push_str(word.rsplit("::").next().unwrap_or_default());
    out
}

impl Api {
    /// Reads the client, its open enums and its wiring; an error when one does not parse.
    pub fn read(generated: &Generated) -> Result<Api, String> {
        let mut api = Api::default();
        for (name, code) in [
            ("client", &generated.client),
            ("enums", &generated.enums),
            ("wiring", &generated.wiring),
        ] {
            let file: syn::File = syn::parse_str(code)
                .map_err(|error| format!("the generated {name} does not parse: {error}"))?;
            api.top_level(&file.items);
        }
        Ok(api)
    }

    fn top_level(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Impl(block) if block.trait_.is_none() => self.inherent(block),
                Item::Mod(module) => {
                    let name = module.ident.to_string();
                    let Some((_, content)) = &module.content else {
                        continue;
                    };
                    if name == "types" {
                        self.types(content);
                    }
                }
                Item::Macro(mac) => self.open_enum(mac),
                _ => {}
            }
        }
        // Builders need their struct fields (required-ness) and their impls together.
        for item in items {
            if let Item::Mod(module) = item
                && module.ident == "builder"
                && let Some((_, content)) = &module.content
            {
                self.builders(content);
            }
        }
    }

    /// `impl Client` (or `impl crate::Client`): its public methods.
    fn inherent(&mut self, block: &syn::ItemImpl) {
        let Type::Path(path) = block.self_ty.as_ref() else {
            return;
        };
        if path
            .path
            .segments
            .last()
            .is_none_or(|s| s.ident != "Client")
        {
            return;
        }
        for item in &block.items {
            let ImplItem::Fn(method) = item else { continue };
            if !matches!(method.vis, Visibility::Public(_)) {
                continue;
            }
            let inputs: Vec<String> = method
                .sig
                .inputs
                .iter()
                .filter(|input| matches!(input, syn::FnArg::Typed(_)))
                .map(type_string)
                .collect();
            let output = type_string(&method.sig.output);
            let signature = format!("({}) {output}", inputs.join(", "));
            let key = format!("Client::{}", method.sig.ident);
            self.items
                .insert(key, ApiItem::Method(signature.trim().to_owned()));
        }
    }

    /// `mod types`: structs, newtypes, enums and aliases (not its `builder` module).
    fn types(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Struct(item) if matches!(item.vis, Visibility::Public(_)) => {
                    let name = item.ident.to_string();
                    let non_exhaustive = non_exhaustive(&item.attrs);
                    let shape = match &item.fields {
                        Fields::Unnamed(fields) => {
                            let inner: Vec<String> =
                                fields.unnamed.iter().map(|f| type_string(&f.ty)).collect();
                            format!("newtype({})", inner.join(", "))
                        }
                        _ => "struct".to_owned(),
                    };
                    if let Fields::Named(fields) = &item.fields {
                        for field in &fields.named {
                            if !matches!(field.vis, Visibility::Public(_)) {
                                continue;
                            }
                            let Some(ident) = &field.ident else { continue };
                            let key = format!("{name}.{ident}");
                            self.items
                                .insert(key, ApiItem::Field(type_string(&field.ty)));
                        }
                    }
                    let ty = ApiItem::Type {
                        shape,
                        non_exhaustive,
                    };
                    self.items.insert(name, ty);
                }
                Item::Enum(item) if matches!(item.vis, Visibility::Public(_)) => {
                    let name = item.ident.to_string();
                    for variant in &item.variants {
                        let payload = match &variant.fields {
                            Fields::Unit => String::new(),
                            fields => type_string(fields),
                        };
                        let key = format!("{name}::{}", variant.ident);
                        self.items.insert(key, ApiItem::Variant(payload));
                    }
                    let ty = ApiItem::Type {
                        shape: "enum".to_owned(),
                        non_exhaustive: non_exhaustive(&item.attrs),
                    };
                    self.items.insert(name, ty);
                }
                Item::Type(item) if matches!(item.vis, Visibility::Public(_)) => {
                    let ty = ApiItem::Type {
                        shape: format!("alias = {}", type_string(&item.ty)),
                        non_exhaustive: false,
                    };
                    self.items.insert(item.ident.to_string(), ty);
                }
                _ => {}
            }
        }
    }

    /// `crate::compat::open_enum! { Name { Variant = "wire", … } }`: an open enum, which the
    /// macro makes `#[non_exhaustive]` with an `Unknown` variant.
    fn open_enum(&mut self, mac: &syn::ItemMacro) {
        if mac
            .mac
            .path
            .segments
            .last()
            .is_none_or(|s| s.ident != "open_enum")
        {
            return;
        }
        let tokens = mac.mac.tokens.clone();
        let mut name = None;
        let mut body = None;
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(ident) if name.is_none() => {
                    name = Some(ident.to_string())
                }
                proc_macro2::TokenTree::Group(group)
                    if name.is_some() && group.delimiter() == proc_macro2::Delimiter::Brace =>
                {
                    body = Some(group.stream());
                }
                _ => {}
            }
        }
        let (Some(name), Some(body)) = (name, body) else {
            return;
        };
        let mut expecting = true;
        for token in body {
            match token {
                proc_macro2::TokenTree::Ident(ident) if expecting => {
                    let key = format!("{name}::{ident}");
                    self.items.insert(key, ApiItem::Variant(String::new()));
                    expecting = false;
                }
                proc_macro2::TokenTree::Punct(punct) if punct.as_char() == ',' => expecting = true,
                _ => {}
            }
        }
        let ty = ApiItem::Type {
            shape: "enum".to_owned(),
            non_exhaustive: true,
        };
        self.items.insert(name, ty);
    }

    /// `mod builder`: each operation builder's setters, typed by their `TryInto` bound and
    /// required when the builder's field holds no `Option`.
    fn builders(&mut self, items: &[Item]) {
        let mut required: BTreeMap<(String, String), bool> = BTreeMap::new();
        for item in items {
            let Item::Struct(item) = item else { continue };
            let Fields::Named(fields) = &item.fields else {
                continue;
            };
            for field in &fields.named {
                let Some(ident) = &field.ident else { continue };
                let ty = type_string(&field.ty);
                let optional = ty.starts_with("Result<Option<") || ty.starts_with("Option<");
                required.insert((item.ident.to_string(), ident.to_string()), !optional);
            }
        }
        for item in items {
            let Item::Impl(block) = item else { continue };
            if block.trait_.is_some() {
                continue;
            }
            let Type::Path(path) = block.self_ty.as_ref() else {
                continue;
            };
            let Some(builder) = path.path.segments.last().map(|s| s.ident.to_string()) else {
                continue;
            };
            let anchor = ApiItem::Type {
                shape: BUILDER.to_owned(),
                non_exhaustive: false,
            };
            self.items.insert(format!("builder::{builder}"), anchor);
            for item in &block.items {
                let ImplItem::Fn(method) = item else { continue };
                let name = method.sig.ident.to_string();
                if !matches!(method.vis, Visibility::Public(_)) || ["new", "send"].contains(&&*name)
                {
                    continue;
                }
                let needed = required
                    .get(&(builder.clone(), name.clone()))
                    .copied()
                    .unwrap_or(false);
                let setter = ApiItem::Setter {
                    ty: setter_type(method),
                    required: needed,
                };
                self.items
                    .insert(format!("builder::{builder}::{name}"), setter);
            }
        }
    }
}

/// What a setter takes: the target of its `V: TryInto<T>` bound, else its generic bounds
/// and parameters as written.
fn setter_type(method: &syn::ImplItemFn) -> String {
    let mut bounds: Vec<String> = Vec::new();
    for param in &method.sig.generics.params {
        if let GenericParam::Type(param) = param {
            bounds.extend(param.bounds.iter().map(type_string));
        }
    }
    if let Some(clause) = &method.sig.generics.where_clause {
        for predicate in &clause.predicates {
            if let WherePredicate::Type(predicate) = predicate {
                bounds.extend(predicate.bounds.iter().map(type_string));
            }
        }
    }
    for bound in &bounds {
        if let Some(target) = bound
            .strip_prefix("TryInto<")
            .and_then(|rest| rest.strip_suffix('>'))
        {
            return target.trim().to_owned();
        }
    }
    let inputs: Vec<String> = method
        .sig
        .inputs
        .iter()
        .filter(|input| matches!(input, syn::FnArg::Typed(_)))
        .map(type_string)
        .collect();
    if bounds.is_empty() {
        inputs.join(", ")
    } else {
        format!("{} where {}", inputs.join(", "), bounds.join(" + "))
    }
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}
