//! A review as JSON, in the stable shape `xtask/review.schema.json` documents
//! (`format_version` 1): every section is always present, and a section that could not be
//! computed says why instead of being left out.

use serde_json::{Value, json};

use super::Review;

/// The JSON shape's version; a change that removes or retypes a field raises it.
pub const FORMAT_VERSION: u64 = 1;

fn snapshots(review: &Review) -> Value {
    match &review.snapshots {
        None => json!({ "compared": false, "error": null, "changes": [] }),
        Some(Err(error)) => json!({ "compared": false, "error": error, "changes": [] }),
        Some(Ok(changes)) => json!({ "compared": true, "error": null, "changes": changes }),
    }
}

/// The review as pretty-printed JSON.
pub fn render_json(review: &Review) -> String {
    let diff = &review.diff;
    let value = json!({
        "format_version": FORMAT_VERSION,
        "old": review.old,
        "new": review.new,
        "verdict": review.verdict,
        "lint": {
            "profile": review.lint.profile,
            "introduced": review.lint.introduced,
            "fixed": review.lint.fixed,
        },
        "diff": {
            "wire_breaking": diff.wire_breaking().count(),
            "rust_breaking": diff.rust_breaking().count(),
            "compatible": diff.compatible().count(),
            "changes": diff.changes,
        },
        "rust": {
            "generation_failed": review.rust.generation_failed,
            "changes": review.rust.changes,
        },
        "surface": review.surface,
        "snapshots": snapshots(review),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
