//! Security, reduced to what a tool acts on: whether a call sends credentials, and which
//! schemes it may use.

use serde_json::{Map, Value};

/// Whether a call carries credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `security: []` (or none declared anywhere): sent without credentials.
    None,
    /// One of the requirements is `{}`: credentials are optional.
    Optional,
    /// The named schemes.
    Required(Vec<String>),
}

/// The [`Auth`] of a `security` list (the operation's, or the document's when it has none).
pub(super) fn auth(security: Option<&Value>) -> Auth {
    let Some(requirements) = security.and_then(Value::as_array) else {
        return Auth::None;
    };
    if requirements.is_empty() {
        return Auth::None;
    }
    if requirements
        .iter()
        .any(|r| r.as_object().is_some_and(Map::is_empty))
    {
        return Auth::Optional;
    }
    let mut schemes: Vec<String> = requirements
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|r| r.keys().cloned())
        .collect();
    schemes.dedup();
    Auth::Required(schemes)
}
