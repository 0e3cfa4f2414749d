//! `impl Paginated` for each list operation that follows the pagination convention: how the
//! walker sets the page and snapshot, reads the page info, and takes the items and their ids
//! out of the generated page type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Type;

use super::super::model::{Case, Operation, Pagination, sanitize};
use super::syntax::{Builder, Shapes, last_segment};

/// How a page's items are reached: moved out, borrowed, and the item type.
struct Items {
    /// `page.items` (or `page.items.unwrap_or_default()`).
    owned: TokenStream,
    /// `&page.items` (or `page.items.as_deref().unwrap_or_default()`).
    borrowed: TokenStream,
    /// The item type, as the wiring module names it.
    item_type: Type,
}

/// `impl Paginated` for a list operation, or `None` when it does not page.
pub(super) fn paginated(
    operation: &Operation,
    builder: &Builder,
    shapes: &Shapes,
    ty: &syn::Ident,
) -> Result<Option<TokenStream>, String> {
    let Some(pagination) = &operation.pagination else {
        return Ok(None);
    };
    let missing = |what: &str| format!("{}: the generated code has no {what}", operation.id);
    let (page_type, _) = last_segment(&builder.output).ok_or_else(|| missing("page type"))?;
    let page = shapes
        .structs
        .get(&page_type)
        .ok_or_else(|| missing("page struct"))?;
    let field = |wire: &str| page.fields.iter().find(|(w, _, _)| w == wire);
    let (_, info_field, _) =
        field(&pagination.info_property).ok_or_else(|| missing("pagination field"))?;
    let (_, items_field, items_type) =
        field(&pagination.items_property).ok_or_else(|| missing("items field"))?;
    let info_field = format_ident!("{}", info_field);
    let Items {
        owned,
        borrowed,
        item_type,
    } = items(items_field, items_type, shapes, &missing)?;
    let item_id = item_id(pagination, &item_type, shapes);
    let page_setter = format_ident!("{}", sanitize(&pagination.page_number, Case::Snake));
    let snapshot = snapshot(pagination);
    let names = page_fields(pagination);
    Ok(Some(quote! {
        impl<'a> crate::pagination::Paginated<'a> for builder::#ty<'a> {
            type Item = #item_type;
            fn with_page(self, page: u32) -> Self {
                self.#page_setter(page)
            }
            fn with_snapshot(self, seconds: i64, nanos: i32) -> Option<Self> {
                #snapshot
            }
            fn page_info(
                page: &Self::Output,
            ) -> ::std::result::Result<crate::pagination::PageInfo, crate::Error> {
                crate::pagination::PageInfo::read(&page.#info_field, &#names)
            }
            fn page_items(page: &Self::Output) -> &[Self::Item] {
                #borrowed
            }
            fn into_page_items(page: Self::Output) -> Vec<Self::Item> {
                #owned
            }
            fn item_id(item: &Self::Item) -> Option<String> {
                #item_id
            }
        }
    }))
}

/// How to reach the items of the page field `items_field`, of type `Vec<T>` or
/// `Option<Vec<T>>`.
fn items(
    items_field: &str,
    items_type: &Type,
    shapes: &Shapes,
    missing: &dyn Fn(&str) -> String,
) -> Result<Items, String> {
    let items_field = format_ident!("{}", items_field);
    let (outer, arguments) = last_segment(items_type).ok_or_else(|| missing("items type"))?;
    let (owned, borrowed, vec_type) = match (outer.as_str(), arguments.first()) {
        ("Vec", _) => (
            quote! { page.#items_field },
            quote! { &page.#items_field },
            items_type.clone(),
        ),
        ("Option", Some(inner)) => (
            quote! { page.#items_field.unwrap_or_default() },
            quote! { page.#items_field.as_deref().unwrap_or_default() },
            inner.clone(),
        ),
        _ => return Err(missing("list of items")),
    };
    let item_type = last_segment(&vec_type)
        .and_then(|(_, args)| args.into_iter().next())
        .ok_or_else(|| missing("item type"))?;
    Ok(Items {
        owned,
        borrowed,
        item_type: qualified(item_type, shapes),
    })
}

/// The item type as the wiring module names it: field types inside `types` name their
/// siblings unqualified, so a bare generated struct becomes `types::Name`.
fn qualified(item_type: Type, shapes: &Shapes) -> Type {
    let item_name = last_segment(&item_type).map(|(name, _)| name);
    match (&item_type, &item_name) {
        (Type::Path(path), Some(name))
            if path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1
                && shapes.structs.contains_key(name) =>
        {
            let ident = format_ident!("{}", name);
            syn::parse_quote!(types::#ident)
        }
        _ => item_type,
    }
}

/// The body of `item_id`: the item's id field as text, or `None` when the list names none
/// (or the generated item has no such field).
fn item_id(pagination: &Pagination, item_type: &Type, shapes: &Shapes) -> TokenStream {
    pagination
        .item_id
        .as_ref()
        .and_then(|wire| {
            let (name, _) = last_segment(item_type)?;
            let (_, rust, _) = shapes
                .structs
                .get(&name)?
                .fields
                .iter()
                .find(|(w, _, _)| w == wire)?;
            Some(format_ident!("{}", rust))
        })
        .map_or_else(
            || quote! { None },
            |field| quote! { crate::pagination::id_text(&item.#field) },
        )
}

/// The body of `with_snapshot`: both snapshot setters, or `None` when the list takes none.
fn snapshot(pagination: &Pagination) -> TokenStream {
    match &pagination.snapshot {
        Some((seconds, nanos)) => {
            let seconds = format_ident!("{}", sanitize(seconds, Case::Snake));
            let nanos = format_ident!("{}", sanitize(nanos, Case::Snake));
            quote! { Some(self.#seconds(seconds).#nanos(nanos)) }
        }
        None => quote! { { let _ = (seconds, nanos); None } },
    }
}

/// The wire names of a list's pagination state, as the walker's `PageFields`.
fn page_fields(pagination: &Pagination) -> TokenStream {
    let optional = |name: &Option<String>| match name {
        Some(name) => quote! { Some(#name) },
        None => quote! { None },
    };
    let state = &pagination.info_property;
    let total_pages = &pagination.info.total_pages;
    let current_page = &pagination.info.current_page;
    let total_elements = optional(&pagination.info.total_elements);
    let snapshot = optional(&pagination.info.snapshot);
    quote! {
        crate::pagination::PageFields {
            state: #state,
            total_pages: #total_pages,
            current_page: #current_page,
            total_elements: #total_elements,
            snapshot: #snapshot,
        }
    }
}
