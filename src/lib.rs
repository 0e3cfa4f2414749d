#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

/// The client progenitor generates from `openapi/passport-paas.yaml` at build time, with the
/// open enums and per-operation wiring the build derives from the same spec. Private: users
/// reach it through the re-exports below, never by path.
mod generated {
    #![allow(missing_docs, clippy::all, unused, unreachable_pub, rustdoc::all)]
    include!(concat!(env!("OUT_DIR"), "/codegen.rs"));

    /// The spec's string enums, each keeping values it does not know.
    pub mod enums {
        include!(concat!(env!("OUT_DIR"), "/enums.rs"));
    }

    /// Per-operation tables and impls (generated; see `spec-model/src/codegen/wiring.rs`).
    pub(crate) mod wiring {
        #![allow(clippy::all)]
        use super::*;
        include!(concat!(env!("OUT_DIR"), "/wiring.rs"));
    }
}

mod attempts;
mod auth;
mod buffered;
mod call;
mod client;
pub mod compat;
pub mod dynamic;
mod error;
mod error_body;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod hooks;
pub mod operation;
mod pagination;
mod query;
mod record;
mod redact;
pub mod retry;
mod secret;
mod settings;
mod tls;
mod token_cache;
mod transport_error;
pub mod webhooks;

pub use auth::Credentials;
#[doc(hidden)]
pub use call::parse_response;
pub use call::{Call, Exchange, Request};
pub use client::{Client, ClientBuilder, PRODUCTION_URL, SANDBOX_URL, USER_AGENT};
pub use error::{Error, ErrorKind, Side};
pub use error_body::ErrorBody;
pub use generated::builder;
#[doc(hidden)]
pub use pagination::id_text;
pub use pagination::{DEFAULT_PREFETCH, PageInfo, PageOptions, Paginate, Paginated};
pub use redact::{json_for_terminal, printable};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use settings::HookState;

/// The spec the client was generated from, as shipped in the crate.
pub const SPEC_YAML: &str = include_str!("../openapi/passport-paas.yaml");

/// The types of the spec's schemas: generated structs, and open enums that keep unknown values.
pub mod types {
    pub use crate::generated::enums::*;
    pub use crate::generated::types::*;
}

/// The generated client type, for code that wants progenitor's own interface.
pub type GeneratedClient = generated::Client;

/// The names most programs need: `use passport_paas::prelude::*;`.
pub mod prelude {
    pub use crate::{Call, Client, Error, ErrorKind, PageOptions, Paginate, types};
}
