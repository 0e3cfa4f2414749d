//! Entry points for the fuzz targets (`fuzz/`): each runs one thing the client parses or
//! computes from server input, through the same code a call uses. Not an API.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

use crate::pagination::Walk;
use crate::{Error, builder, types};

/// The wait a `Retry-After` value asks for, and the retry decision for a status with it.
pub fn retry_after(value: &[u8], status: u16, attempt: u32) -> Option<Duration> {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(value) {
        headers.insert(RETRY_AFTER, value);
    }
    let status = reqwest::StatusCode::from_u16(status).ok()?;
    let method = reqwest::Method::GET;
    let verdict = crate::retry::judge(
        &crate::RetryPolicy::default(),
        crate::retry::Attempt {
            number: attempt,
            method: &method,
            status: Some(status),
            headers: Some(&headers),
            transport: None,
        },
    );
    if let Some(delay) = verdict.delay {
        assert!(
            delay <= Duration::from_secs(30),
            "a delay beyond the cap: {delay:?}"
        );
    }
    crate::retry::retry_after(&headers)
}

/// When a token with this `expires_in` would be refreshed (never overflows, never panics).
pub fn token_refresh(expires_in: Option<i64>) -> Duration {
    let now = Instant::now();
    crate::token_cache::refresh_at(now, expires_in).saturating_duration_since(now)
}

/// Walks a sequence of token-list pages (JSON bodies) through the walker's checks; the
/// number of pages accepted before the first error, and that error.
pub fn walk_pages(pages: &[&[u8]]) -> (usize, Option<Error>) {
    let mut walk = None;
    for (index, body) in pages.iter().enumerate() {
        let page = match crate::parse_response::<types::TokenList>(
            200,
            &[("content-type", "application/json")],
            body,
        ) {
            Ok(page) => page,
            Err(error) => return (index, Some(error)),
        };
        let outcome = match walk.as_mut() {
            None => Walk::<builder::ListTokens<'static>>::start(page).map(|(w, _)| {
                walk = Some(w);
            }),
            Some(state) => state.check(page).map(|_| ()),
        };
        if let Err(error) = outcome {
            return (index, Some(error));
        }
    }
    (pages.len(), None)
}
