//! The generated Rust API delta: the public items of the client generated from each side,
//! added, removed and changed, each saying whether it breaks code that compiles today.
//!
//! Both sides are generated in-process by the spec model (`codegen::generate`) and read by
//! [`super::rust_api`]; nothing is compiled, so a side whose generation fails is reported as
//! such and the rest of the review goes on.

use passport_paas_spec::{Spec, codegen};
use serde::Serialize;

use super::rust_api::{Api, ApiItem, BUILDER, short};

/// One change of a public item.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RustChange {
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// What kind of item: `method`, `setter`, `type`, `field`, `variant`.
    pub item: &'static str,
    /// Its path: `Client::list_tokens`, `ListTokens::page_size`, `Token.expires_in`.
    pub path: String,
    /// What changed, in Rust terms: `Token.expires_in: Option<Int64> → Option<String>`.
    pub message: String,
    /// Whether code that compiles against the base stops compiling.
    pub breaking: bool,
}

/// The Rust section of a review.
#[derive(Clone, Debug, Serialize)]
pub struct RustDelta {
    /// Why a side could not be generated or read (`old: …`, `new: …`); no changes then.
    pub generation_failed: Vec<String>,
    /// Changes, breaking ones first, then by path.
    pub changes: Vec<RustChange>,
}

impl RustDelta {
    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &RustChange> {
        self.changes.iter().filter(|c| c.breaking)
    }
}

/// The public API generated from a spec text.
pub fn api_of(text: &str) -> Result<Api, String> {
    let spec = Spec::parse(text).map_err(|error| format!("unreadable: {error}"))?;
    let generated = codegen::generate(&spec)?;
    Api::read(&generated)
}

/// Generates both sides and compares their public items.
pub fn delta(old: &str, new: &str) -> RustDelta {
    let (old, new) = (api_of(old), api_of(new));
    let mut failed = Vec::new();
    if let Err(error) = &old {
        failed.push(format!("old: {error}"));
    }
    if let Err(error) = &new {
        failed.push(format!("new: {error}"));
    }
    let changes = match (old, new) {
        (Ok(old), Ok(new)) => compare(&old, &new),
        _ => Vec::new(),
    };
    RustDelta {
        generation_failed: failed,
        changes,
    }
}

fn kind(item: &ApiItem) -> &'static str {
    match item {
        ApiItem::Method(_) => "method",
        ApiItem::Setter { .. } => "setter",
        ApiItem::Type { .. } => "type",
        ApiItem::Field(_) => "field",
        ApiItem::Variant(_) => "variant",
    }
}

/// The type that owns a member: `Token` of `Token.x`, `GrantFlow` of `GrantFlow::A`,
/// `builder::ListTokens` of `builder::ListTokens::page_size`; `None` for a type.
fn owner(path: &str) -> Option<&str> {
    let dot = path.rfind('.');
    let colons = path.rfind("::");
    match (dot, colons) {
        (Some(d), Some(c)) if d > c => Some(&path[..d]),
        (_, Some(c)) => Some(&path[..c]).filter(|o| *o != "builder"),
        (Some(d), None) => Some(&path[..d]),
        (None, None) => None,
    }
}

/// Whether the type that owns `path` is `#[non_exhaustive]` in `api`.
fn owner_open(api: &Api, path: &str) -> bool {
    matches!(
        owner(path).and_then(|o| api.items.get(o)),
        Some(ApiItem::Type {
            non_exhaustive: true,
            ..
        })
    )
}

/// Whether the type that owns `path` exists in `api` (a member of a new type is part of
/// that addition, a member of a removed type part of that removal).
fn owner_in(api: &Api, path: &str) -> bool {
    match owner(path) {
        Some("Client") | None => true,
        Some(owner) => api.items.contains_key(owner),
    }
}

/// An operation builder's own entry: it only anchors its setters.
fn hidden(item: &ApiItem) -> bool {
    matches!(item, ApiItem::Type { shape, .. } if shape == BUILDER)
}

fn added(new: &Api, path: &str, item: &ApiItem) -> RustChange {
    let (message, breaking) = match item {
        ApiItem::Method(_) => (format!("new method `{path}()`"), false),
        ApiItem::Setter { ty, required } if *required => (
            format!("new required builder input `{path}({})`", short(ty)),
            true,
        ),
        ApiItem::Setter { ty, .. } => (format!("new setter `{path}({})`", short(ty)), false),
        ApiItem::Type { shape, .. } => (format!("new type `{path}` ({shape})"), false),
        ApiItem::Field(ty) => {
            let open = owner_open(new, path);
            let note = if open {
                ""
            } else {
                ": struct literals must name it"
            };
            (format!("new field `{path}: {}`{note}", short(ty)), !open)
        }
        ApiItem::Variant(_) => {
            let open = owner_open(new, path);
            let note = if open {
                " (the enum is #[non_exhaustive])"
            } else {
                ": exhaustive matches must handle it"
            };
            (format!("new variant `{path}`{note}"), !open)
        }
    };
    RustChange {
        change: "added",
        item: kind(item),
        path: path.to_owned(),
        message,
        breaking,
    }
}

fn changed(path: &str, was: &ApiItem, is: &ApiItem) -> RustChange {
    let (message, breaking) = match (was, is) {
        (ApiItem::Field(a), ApiItem::Field(b)) => {
            let optional_gone = a.starts_with("Option<") && !b.starts_with("Option<");
            let note = if optional_gone {
                " (no longer Option)"
            } else {
                ""
            };
            (format!("{path}: {} → {}{note}", short(a), short(b)), true)
        }
        (
            ApiItem::Setter {
                ty: a,
                required: ra,
            },
            ApiItem::Setter {
                ty: b,
                required: rb,
            },
        ) => {
            let mut parts = Vec::new();
            if a != b {
                parts.push(format!("takes {} → {}", short(a), short(b)));
            }
            if ra != rb {
                parts.push(if *rb { "now required" } else { "now optional" }.to_owned());
            }
            (format!("`{path}()` {}", parts.join(", ")), a != b || *rb)
        }
        (ApiItem::Method(a), ApiItem::Method(b)) => {
            (format!("`{path}` {} → {}", short(a), short(b)), true)
        }
        (ApiItem::Variant(a), ApiItem::Variant(b)) => (
            format!("`{path}` payload {} → {}", short(a), short(b)),
            true,
        ),
        (
            ApiItem::Type {
                shape: a,
                non_exhaustive: na,
            },
            ApiItem::Type {
                shape: b,
                non_exhaustive: nb,
            },
        ) => {
            let open = |n: &bool| if *n { " #[non_exhaustive]" } else { "" };
            let message = format!(
                "`{path}` {}{} → {}{}",
                short(a),
                open(na),
                short(b),
                open(nb)
            );
            (message, a != b || (*nb && !*na))
        }
        _ => (format!("`{path}` is now a {}", kind(is)), true),
    };
    RustChange {
        change: "changed",
        item: kind(is),
        path: path.to_owned(),
        message,
        breaking,
    }
}

fn removed(path: &str, item: &ApiItem) -> RustChange {
    RustChange {
        change: "removed",
        item: kind(item),
        path: path.to_owned(),
        message: format!("{} `{path}` is gone", kind(item)),
        breaking: true,
    }
}

/// Every added, removed and changed item; breaking ones first.
pub fn compare(old: &Api, new: &Api) -> Vec<RustChange> {
    let mut changes = Vec::new();
    for (path, was) in &old.items {
        if hidden(was) {
            continue;
        }
        match new.items.get(path) {
            // A member of a removed type is part of that removal.
            None if owner_in(new, path) => changes.push(removed(path, was)),
            None => {}
            Some(is) if is != was => changes.push(changed(path, was, is)),
            Some(_) => {}
        }
    }
    for (path, is) in &new.items {
        // A member of a new type is part of that addition.
        if !hidden(is) && !old.items.contains_key(path) && owner_in(old, path) {
            changes.push(added(new, path, is));
        }
    }
    changes.sort_by(|a, b| (!a.breaking, &a.path).cmp(&(!b.breaking, &b.path)));
    changes
}
