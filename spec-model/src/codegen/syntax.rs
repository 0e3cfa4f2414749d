//! What progenitor generated, read back from its syntax tree.
//!
//! The wiring names generated types exactly as progenitor wrote them: each builder's output and
//! error types (from `send`), each setter's value type (from its `TryInto<T>` bound), and each
//! generated struct's fields with their wire names (from `#[serde(rename)]`). Reading them
//! rather than predicting them keeps the wiring right whatever typify decides to call a type.

use std::collections::BTreeMap;

use syn::{GenericArgument, ImplItem, Item, PathArguments, Type, WherePredicate};

/// One generated request builder.
#[derive(Debug, Clone)]
pub struct Builder {
    /// `T` of `Result<ResponseValue<T>, Error<E>>`.
    pub output: Type,
    /// `E` of the same.
    pub error: Type,
    /// Setter name → the type its value converts into.
    pub setters: BTreeMap<String, Type>,
}

/// One generated struct.
#[derive(Debug, Clone, Default)]
pub struct Struct {
    /// (wire name, Rust field, type), in order.
    pub fields: Vec<(String, String, Type)>,
}

/// The shapes of the generated code the wiring refers to.
#[derive(Debug, Default)]
pub struct Shapes {
    /// Builder type name → builder.
    pub builders: BTreeMap<String, Builder>,
    /// Type name (in `types`) → struct.
    pub structs: BTreeMap<String, Struct>,
    /// Every type name `types` defines (structs, enums, aliases).
    pub types: std::collections::BTreeSet<String>,
    /// Client method name → builder type name.
    pub methods: BTreeMap<String, String>,
}

impl Shapes {
    /// Reads the shapes out of the generated file.
    pub fn read(file: &syn::File) -> Self {
        let mut shapes = Self::default();
        for item in &file.items {
            match item {
                Item::Mod(module) if module.ident == "builder" => {
                    for item in module.content.iter().flat_map(|(_, items)| items) {
                        if let Item::Impl(block) = item
                            && let Some(name) = type_name(&block.self_ty)
                            && let Some(builder) = read_builder(block)
                        {
                            shapes.builders.insert(name, builder);
                        }
                    }
                }
                Item::Mod(module) if module.ident == "types" => {
                    for item in module.content.iter().flat_map(|(_, items)| items) {
                        match item {
                            Item::Struct(object) => {
                                shapes.types.insert(object.ident.to_string());
                                shapes
                                    .structs
                                    .insert(object.ident.to_string(), read_struct(object));
                            }
                            Item::Enum(choice) => {
                                shapes.types.insert(choice.ident.to_string());
                            }
                            Item::Type(alias) => {
                                shapes.types.insert(alias.ident.to_string());
                            }
                            _ => {}
                        }
                    }
                }
                Item::Impl(block) if type_name(&block.self_ty).as_deref() == Some("Client") => {
                    for item in &block.items {
                        if let ImplItem::Fn(method) = item
                            && let syn::ReturnType::Type(_, output) = &method.sig.output
                            && let Some(builder) = type_name(output)
                        {
                            shapes.methods.insert(method.sig.ident.to_string(), builder);
                        }
                    }
                }
                _ => {}
            }
        }
        shapes
    }
}

/// The last segment's name of a path type (`builder::ListTokens<'_>` → `ListTokens`).
fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The type arguments of a path type's last segment.
fn arguments(ty: &Type) -> Vec<Type> {
    let Type::Path(path) = ty else {
        return Vec::new();
    };
    let Some(last) = path.path.segments.last() else {
        return Vec::new();
    };
    match &last.arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn read_builder(block: &syn::ItemImpl) -> Option<Builder> {
    let mut send = None;
    let mut setters = BTreeMap::new();
    for item in &block.items {
        let ImplItem::Fn(method) = item else {
            continue;
        };
        let name = method.sig.ident.to_string();
        if name == "send" {
            if let syn::ReturnType::Type(_, ty) = &method.sig.output {
                let parts = arguments(ty);
                if let [response, error] = parts.as_slice() {
                    let output = arguments(response).into_iter().next()?;
                    let error = arguments(error).into_iter().next()?;
                    send = Some((output, error));
                }
            }
            continue;
        }
        if let Some(target) = try_into_bound(method) {
            setters.insert(name, target);
        }
    }
    let (output, error) = send?;
    Some(Builder {
        output,
        error,
        setters,
    })
}

/// `T` of a `where V: TryInto<T>` bound on a setter's own type parameter.
fn try_into_bound(method: &syn::ImplItemFn) -> Option<Type> {
    let parameter = method.sig.generics.type_params().next()?.ident.clone();
    let clause = method.sig.generics.where_clause.as_ref()?;
    clause.predicates.iter().find_map(|predicate| {
        let WherePredicate::Type(bound) = predicate else {
            return None;
        };
        if type_name(&bound.bounded_ty).as_deref() != Some(&parameter.to_string()) {
            return None;
        }
        bound.bounds.iter().find_map(|b| {
            let syn::TypeParamBound::Trait(t) = b else {
                return None;
            };
            let last = t.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            match &last.arguments {
                PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
                    GenericArgument::Type(ty) => Some(ty.clone()),
                    _ => None,
                }),
                _ => None,
            }
        })
    })
}

fn read_struct(object: &syn::ItemStruct) -> Struct {
    let mut fields = Vec::new();
    if let syn::Fields::Named(named) = &object.fields {
        for field in &named.named {
            let Some(ident) = &field.ident else {
                continue;
            };
            let rust = ident.to_string();
            let wire = serde_rename(&field.attrs).unwrap_or_else(|| rust.clone());
            fields.push((wire, rust, field.ty.clone()));
        }
    }
    Struct { fields }
}

/// The `rename = "…"` of a field's `#[serde(…)]` attributes.
fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _ = meta.parse_nested_meta(|_| Ok(()));
            }
            Ok(())
        });
    }
    found
}

/// The last segment of a path type, with its type arguments.
pub(super) fn last_segment(ty: &Type) -> Option<(String, Vec<Type>)> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let arguments = match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((last.ident.to_string(), arguments))
}
