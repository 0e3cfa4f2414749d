//! Retry policy: which outcomes are retried, how long to wait between attempts, `Retry-After`.
//!
//! The attempt loop itself runs in `hooks.rs` (`ClientHooks::exec`); this file only decides.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How failed attempts are retried.
///
/// Retried: connection errors, timeouts, a body that broke off, and the statuses 408, 429, 500,
/// 502, 503 and 504. Never retried: any other status (400, 401, 403, 404, …). Non-idempotent
/// requests (`POST`) are retried only when the connection failed before anything was sent.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled after each further one.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before attempt `next_attempt` (2 for the first retry): exponential backoff with
    /// full jitter, or the server's `Retry-After` (capped) when it gave one.
    pub(crate) fn delay(&self, next_attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_after);
        }
        let exponent = next_attempt.saturating_sub(2).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        // Full jitter over [ceiling/2, ceiling]: spreads clients out, keeps a floor.
        let half = ceiling / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// Whether a response status is worth another attempt.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// Whether a transport error is worth another attempt, and whether it happened before the
/// request could have reached the server (which makes even a `POST` safe to retry).
pub(crate) fn classify_transport(error: &reqwest::Error) -> (bool, bool) {
    let before_send = error.is_connect();
    // A body that broke off while being read surfaces as a body or decode error.
    let retryable = before_send
        || error.is_timeout()
        || error.is_body()
        || error.is_decode()
        || error.is_request();
    (retryable, before_send)
}

/// The `Retry-After` header as a duration: delta-seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let when = SystemTime::from(date);
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after(&headers("7")), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(Duration::ZERO)
        );
        let future = chrono::Utc::now() + chrono::Duration::seconds(120);
        let wait = retry_after(&headers(&future.to_rfc2822())).unwrap();
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let policy = RetryPolicy::default();
        for attempt in 2..40 {
            let delay = policy.delay(attempt, None);
            assert!(delay <= policy.max_backoff, "attempt {attempt}: {delay:?}");
        }
        let second = policy.delay(2, None);
        assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200));
        let fourth = policy.delay(4, None);
        assert!(fourth >= Duration::from_millis(400) && fourth <= Duration::from_millis(800));
        assert_eq!(
            policy.delay(2, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            policy.delay(2, Some(Duration::from_secs(3600))),
            policy.max_retry_after
        );
    }

    #[test]
    fn only_transient_statuses_are_retryable() {
        for code in [408, 429, 500, 502, 503, 504] {
            assert!(
                is_retryable_status(StatusCode::from_u16(code).unwrap()),
                "{code}"
            );
        }
        for code in [200, 400, 401, 403, 404, 409, 501] {
            assert!(
                !is_retryable_status(StatusCode::from_u16(code).unwrap()),
                "{code}"
            );
        }
    }
}
