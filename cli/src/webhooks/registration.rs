//! `listen`'s registration: the address and secret a running `paas webhooks listen` leaves
//! beside the embedded mock's state file (0600, never through a link, as the state file), so
//! that `trigger` and any `paas … --mock` run send their events to it. A leaf: it knows the
//! state file's path, not how a run finds it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::failure::Failure;
use crate::state::StateFile;

/// The registration file beside the state file `state`.
pub(crate) fn beside(state: PathBuf) -> PathBuf {
    let mut name = state.into_os_string();
    name.push(".webhooks");
    PathBuf::from(name)
}

/// Writes the registration (0600, never through a link; see `state.rs`).
pub(super) fn register(path: &Path, url: &str, secret: &str) -> Result<(), Failure> {
    let held = StateFile::lock(path)?;
    held.save(&serde_json::json!({ "url": url, "secret": secret }))
}

/// The registered listener: (url, secret).
pub(super) fn registered(path: &Path) -> Result<Option<(String, String)>, Failure> {
    let held = StateFile::lock(path)?;
    let Some(value) = held.load()? else {
        return Ok(None);
    };
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    Ok(text("url").zip(text("secret")))
}

/// Where the embedded mock of any `paas` run sends its events: the running `listen`, if one
/// registered (delivery mode Once: a run never waits through a retry schedule).
pub(crate) fn embedded(state: Option<PathBuf>) -> Option<passport_paas_mock::WebhookConfig> {
    let path = beside(state?);
    if !path.is_file() {
        return None;
    }
    let (url, secret) = registered(&path).ok()??;
    Some(passport_paas_mock::WebhookConfig {
        retry: false,
        ..passport_paas_mock::WebhookConfig::new(url, secret)
    })
}

/// Forgets the registration.
pub(super) fn unregister(path: &Path) {
    let _ = std::fs::remove_file(path);
}
