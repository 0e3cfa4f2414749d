//! How an answer refuses: with the first status the operation documents among those that
//! fit, and a message that names the collection as a word.

use passport_paas_spec::Status;

use crate::plan::Plan;
use crate::reply::{Answer, error};

/// The first of `preferred` the operation documents, else `fallback`.
pub(crate) fn documented(plan: &Plan, preferred: &[u16], fallback: u16) -> u16 {
    preferred
        .iter()
        .copied()
        .find(|code| plan.documented.contains(&Status::Code(*code)))
        .unwrap_or(fallback)
}

/// The documented 404 (else a 400) with `message`.
pub(crate) fn not_found(plan: &Plan, message: String) -> Answer {
    error(documented(plan, &[404], 400), 5, message)
}

/// A collection's name as a word in a message (`QrCode` → `qr code`).
pub(crate) fn noun(collection: &str) -> String {
    heck::ToSnakeCase::to_snake_case(collection).replace('_', " ")
}
