#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

/// The client progenitor generates from `openapi/passport-paas.yaml` at build time.
/// Private: users reach it through the re-exports below, never by path.
mod generated {
    #![allow(missing_docs, clippy::all, unused, unreachable_pub, rustdoc::all)]
    include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
}

mod auth;
mod call;
mod client;
pub mod compat;
mod error;
mod hooks;
mod pagination;
pub mod retry;
mod token_cache;
mod validate;

pub use auth::{Credentials, Secret};
pub use call::{Call, parse_list_response};
pub use client::{Client, ClientBuilder, PRODUCTION_URL, SANDBOX_URL, USER_AGENT};
pub use error::Error;
pub use generated::{builder, types};
pub use hooks::HookState;
pub use pagination::{DEFAULT_PREFETCH, ListTokensExt, PageOptions};
pub use retry::RetryPolicy;

/// The generated client type, for operations the hand-written layer does not wrap.
pub type GeneratedClient = generated::Client;

/// The names most programs need: `use passport_paas::prelude::*;`.
pub mod prelude {
    pub use crate::{Call, Client, Error, ListTokensExt, PageOptions, types};
}
