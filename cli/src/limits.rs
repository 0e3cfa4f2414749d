//! Every input `paas` reads from outside has a size bound, and going past it is a local-input
//! failure (exit 2) that names the limit — never a read without end.
//!
//! | input | limit |
//! |---|---|
//! | `--body FILE` / `--body -` (stdin, a FIFO, `/dev/zero`) | [`MAX_BODY_BYTES`] |
//! | the embedded mock's state file | [`MAX_STATE_BYTES`] |
//! | each `PAAS_*` environment variable | [`MAX_ENV_BYTES`], and UTF-8 |
//!
//! A stream is read at most one byte past its limit, so an endless one stops at once.

use std::ffi::OsStr;
use std::io::Read;

use crate::failure::Failure;

/// The largest request body `--body` reads: 8 MiB.
pub const MAX_BODY_BYTES: u64 = 8 << 20;
/// The largest mock state file read: 8 MiB.
pub const MAX_STATE_BYTES: u64 = 8 << 20;
/// The longest value of a `PAAS_*` environment variable: 64 KiB.
pub const MAX_ENV_BYTES: usize = 64 << 10;

/// The environment variables `paas` reads.
pub const VARIABLES: [&str; 9] = [
    "PAAS_BASE_URL",
    "PAAS_TOKEN",
    "PAAS_CLIENT_ID",
    "PAAS_CLIENT_SECRET",
    "PAAS_ACCEPT_LANGUAGE",
    "PAAS_MOCK_STATE",
    "PAAS_TIMEOUT",
    "PAAS_RETRIES",
    "XDG_CACHE_HOME",
];

/// Why a bounded read failed.
#[derive(Debug)]
pub enum ReadError {
    /// The input is larger than the limit (bytes).
    TooLarge(u64),
    /// Reading failed.
    Io(std::io::Error),
}

/// Reads all of `reader`, up to `limit` bytes.
pub fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Checks one environment variable's value: UTF-8, and at most [`MAX_ENV_BYTES`].
pub fn check_variable(name: &str, value: &OsStr) -> Result<(), Failure> {
    if value.len() > MAX_ENV_BYTES {
        return Err(Failure::local(format!(
            "{name} is {} bytes long, over the limit of {MAX_ENV_BYTES} bytes",
            value.len()
        )));
    }
    if value.to_str().is_none() {
        return Err(Failure::local(format!("{name} is not valid UTF-8")));
    }
    Ok(())
}

/// Checks every variable `paas` reads, before anything else looks at them.
pub fn check_environment() -> Result<(), Failure> {
    for name in VARIABLES {
        if let Some(value) = std::env::var_os(name) {
            check_variable(name, &value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_one_byte_past_the_limit() {
        assert_eq!(read_bounded(&b"abc"[..], 3).unwrap(), b"abc");
        let endless = std::io::repeat(0);
        assert!(matches!(
            read_bounded(endless, 1024),
            Err(ReadError::TooLarge(1024))
        ));
        let long = "x".repeat(MAX_ENV_BYTES + 1);
        let error = check_variable("PAAS_TOKEN", OsStr::new(&long)).unwrap_err();
        assert!(error.message.contains("65536"), "{}", error.message);
        assert!(check_variable("PAAS_TOKEN", OsStr::new("fine")).is_ok());
    }
}
