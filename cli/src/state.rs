//! The embedded mock's memory between runs: a JSON state file (the mock's own export),
//! locked while a run uses it and replaced atomically, so that separate `paas` invocations
//! see one another's writes and concurrent ones never lose them.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use passport_paas::printable;
use serde_json::Value;

use crate::failure::Failure;

/// How long a run waits for another one to release the state.
const LOCK_WAIT: Duration = Duration::from_secs(20);
/// A lock older than this was left by a run that died.
const STALE_LOCK: Duration = Duration::from_secs(120);

/// The default state file: `$XDG_CACHE_HOME/paas/mock-state.json`, else under
/// `~/.cache` (or `%LOCALAPPDATA%`).
pub fn default_path() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    let cache = var("XDG_CACHE_HOME")
        .or_else(|| var("HOME").map(|home| home.join(".cache")))
        .or_else(|| var("LOCALAPPDATA"))?;
    Some(cache.join("paas").join("mock-state.json"))
}

/// The state file, shown in messages.
pub fn shown(path: &Path) -> String {
    printable(&path.display().to_string())
}

/// A state file held for one run; the lock goes when it is dropped.
pub struct StateFile {
    path: PathBuf,
    lock: PathBuf,
}

impl StateFile {
    /// Takes the state file's lock, waiting for another run to finish with it.
    pub fn lock(path: &Path) -> Result<Self, Failure> {
        let unusable = |error: std::io::Error| {
            Failure::local(format!(
                "cannot use the mock state file {}: {}",
                shown(path),
                error.kind()
            ))
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(unusable)?;
        }
        let lock = sibling(path, "lock");
        let started = Instant::now();
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&lock) {
                Ok(mut file) => {
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(Self {
                        path: path.to_owned(),
                        lock,
                    });
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    if is_stale(&lock) {
                        let _ = fs::remove_file(&lock);
                        continue;
                    }
                    if started.elapsed() > LOCK_WAIT {
                        return Err(Failure::local(format!(
                            "the mock state file {} is locked by another paas run (remove {} if none is running)",
                            shown(path),
                            shown(&lock)
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(error) => return Err(unusable(error)),
            }
        }
    }

    /// The saved state, if there is one.
    pub fn load(&self) -> Result<Option<Value>, Failure> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(Failure::local(format!(
                    "cannot read the mock state file {}: {}",
                    shown(&self.path),
                    error.kind()
                )));
            }
        };
        serde_json::from_str(&text).map(Some).map_err(|error| {
            Failure::local(format!(
                "the mock state file {} is not JSON ({error}); `paas mock reset` clears it",
                shown(&self.path)
            ))
        })
    }

    /// Replaces the saved state (write to a temporary file, then rename).
    pub fn save(&self, state: &Value) -> Result<(), Failure> {
        let temporary = sibling(&self.path, &format!("{}.tmp", std::process::id()));
        let written = serde_json::to_vec(state)
            .map_err(std::io::Error::other)
            .and_then(|bytes| fs::write(&temporary, bytes))
            .and_then(|()| fs::rename(&temporary, &self.path));
        written.map_err(|error| {
            let _ = fs::remove_file(&temporary);
            Failure::local(format!(
                "cannot save the mock state file {}: {}",
                shown(&self.path),
                error.kind()
            ))
        })
    }
}

impl Drop for StateFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.lock);
    }
}

/// Forgets the saved state; whether there was one.
pub fn reset(path: &Path) -> Result<bool, Failure> {
    let held = StateFile::lock(path)?;
    match fs::remove_file(&held.path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(Failure::local(format!(
            "cannot remove the mock state file {}: {}",
            shown(path),
            error.kind()
        ))),
    }
}

/// `state.json` → `state.json.<suffix>`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the run that took `lock` is gone: its process no longer exists (where `/proc`
/// tells), or the lock is older than any run.
fn is_stale(lock: &Path) -> bool {
    let owner = fs::read_to_string(lock)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok());
    let proc = Path::new("/proc");
    if let Some(pid) = owner
        && proc.join("self").exists()
        && !proc.join(pid.to_string()).exists()
    {
        return true;
    }
    fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|modified| SystemTime::now().duration_since(modified).ok())
        .is_some_and(|age| age > STALE_LOCK)
}
