//! The embedded mock's memory between runs: a JSON state file (the mock's own export), checked
//! rather than trusted, locked while a run uses it and replaced atomically.
//!
//! - **Lock**: an OS lock (`fs4`, `flock`/`LockFileEx`) on a sibling `….lock` file. It dies
//!   with the process that holds it, so there is no staleness guess and no run ever removes
//!   a lock another run holds; a run waits up to [`LOCK_WAIT`] for it.
//! - **Write**: a fresh temporary file with an unpredictable name in the same directory
//!   (`tempfile`, created exclusively, mode 0600), synced, then renamed over the state file.
//!   The directory is created 0700. Nothing is written through a name another user could
//!   have planted.
//! - **Read**: the state file (and the lock file) must be a regular file, not a symbolic
//!   link; at most [`MAX_STATE_BYTES`](crate::limits::MAX_STATE_BYTES) are read; anything that
//!   does not parse or restore is [`corrupt`]: "state file corrupt: run `paas mock reset`",
//!   exit 2.
//! - **Size**: the list snapshots the mock hands out are not kept (a later page's timestamp
//!   names its own instant), so a read-only command leaves the file as it was.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fs4::fs_std::FileExt;
use passport_paas::printable;
use serde_json::Value;

use crate::failure::Failure;
use crate::limits::{MAX_STATE_BYTES, ReadError, read_bounded};

/// How long a run waits for another one to release the state.
pub const LOCK_WAIT: Duration = Duration::from_secs(20);

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

/// The failure for a state file that cannot be used as it is.
pub fn corrupt(path: &Path, reason: &str) -> Failure {
    Failure::local(format!(
        "state file corrupt: run `paas mock reset` ({}: {})",
        shown(path),
        printable(reason)
    ))
}

/// A state file held for one run; the OS lock goes when it is dropped (or the run dies).
pub struct StateFile {
    path: PathBuf,
    _lock: File,
}

/// Fails unless `path` is absent or a regular file (a symbolic link is refused, not followed).
fn refuse_links(path: &Path) -> Result<bool, Failure> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Failure::local(format!(
            "the mock state file {} is a symbolic link: refusing to follow it",
            shown(path)
        ))),
        Ok(meta) if !meta.is_file() => Err(corrupt(path, "not a regular file")),
        Ok(_) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(unusable(path, &error)),
    }
}

fn unusable(path: &Path, error: &std::io::Error) -> Failure {
    Failure::local(format!(
        "cannot use the mock state file {}: {}",
        shown(path),
        error.kind()
    ))
}

/// Creates the state directory, 0700 where permissions exist.
fn create_dir(parent: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(parent)
}

/// Whether the open handle is the very file `path` names (no link swapped in meanwhile).
fn same_file(file: &File, path: &Path) -> std::io::Result<bool> {
    let opened = file.metadata()?;
    let named = fs::symlink_metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(!named.file_type().is_symlink()
            && opened.dev() == named.dev()
            && opened.ino() == named.ino())
    }
    #[cfg(not(unix))]
    Ok(!named.file_type().is_symlink() && opened.is_file())
}

impl StateFile {
    /// Takes the state file's lock, waiting up to [`LOCK_WAIT`] for another run to finish.
    pub fn lock(path: &Path) -> Result<Self, Failure> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            create_dir(parent).map_err(|error| unusable(path, &error))?;
        }
        let lock_path = sibling(path, "lock");
        refuse_links(&lock_path)?;
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|error| unusable(path, &error))?;
        if !same_file(&lock, &lock_path).map_err(|error| unusable(path, &error))? {
            return Err(Failure::local(format!(
                "the lock file {} changed while it was opened: refusing it",
                shown(&lock_path)
            )));
        }
        let started = Instant::now();
        loop {
            match lock.try_lock_exclusive() {
                Ok(true) => break,
                Ok(false) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Ok(false) => {
                    return Err(Failure::local(format!(
                        "the mock state file {} is in use by another paas run (waited {}s)",
                        shown(path),
                        LOCK_WAIT.as_secs()
                    )));
                }
                Err(error) => return Err(unusable(path, &error)),
            }
        }
        Ok(Self {
            path: path.to_owned(),
            _lock: lock,
        })
    }

    /// The saved state, if there is one: a JSON object, read within the size bound.
    pub fn load(&self) -> Result<Option<Value>, Failure> {
        if !refuse_links(&self.path)? {
            return Ok(None);
        }
        let file = File::open(&self.path).map_err(|error| unusable(&self.path, &error))?;
        if !same_file(&file, &self.path).map_err(|error| unusable(&self.path, &error))? {
            return Err(corrupt(&self.path, "the file changed while it was opened"));
        }
        let bytes = read_bounded(file, MAX_STATE_BYTES).map_err(|error| match error {
            ReadError::TooLarge(limit) => corrupt(
                &self.path,
                &format!("larger than the limit of {limit} bytes"),
            ),
            ReadError::Io(error) => unusable(&self.path, &error),
        })?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|error| corrupt(&self.path, &format!("not JSON: {error}")))?;
        if !value.is_object() {
            return Err(corrupt(&self.path, "not a JSON object"));
        }
        Ok(Some(value))
    }

    /// Replaces the saved state: a new 0600 file with a random name beside it, then a rename.
    pub fn save(&self, state: &Value) -> Result<(), Failure> {
        let failed = |error: std::io::Error| {
            Failure::local(format!(
                "cannot save the mock state file {}: {}",
                shown(&self.path),
                error.kind()
            ))
        };
        let parent = match self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(parent) => parent.to_owned(),
            None => PathBuf::from("."),
        };
        let bytes = serde_json::to_vec(&kept(state)).map_err(std::io::Error::other);
        let mut temporary = tempfile::Builder::new()
            .prefix(".mock-state.")
            .suffix(".tmp")
            .tempfile_in(&parent)
            .map_err(failed)?;
        temporary
            .write_all(&bytes.map_err(failed)?)
            .and_then(|()| temporary.as_file().sync_all())
            .map_err(failed)?;
        temporary
            .persist(&self.path)
            .map_err(|error| failed(error.error))?;
        Ok(())
    }
}

/// What of the mock's state is worth keeping between runs: all of it but the list snapshots.
pub fn kept(state: &Value) -> Value {
    let mut kept = state.clone();
    if let Some(object) = kept.as_object_mut() {
        object.remove("snapshots");
    }
    kept
}

/// Forgets the saved state; whether there was one.
pub fn reset(path: &Path) -> Result<bool, Failure> {
    let held = StateFile::lock(path)?;
    // A link is removed, never followed.
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
