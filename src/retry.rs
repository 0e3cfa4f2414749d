//! Retry policy: which outcomes are retried, how long to wait between attempts, `Retry-After`.
//!
//! The attempt loop itself runs in `hooks.rs` (`ClientHooks::exec`); this file only decides.
//!
//! - 429 and 503 say the server did not process the request: retried for every method, the
//!   token request included.
//! - 408, 500, 502, 504, timeouts and broken bodies may follow a request the server processed:
//!   retried only for idempotent methods (not `POST`, not `PATCH`). Such an attempt is
//!   *ambiguous*; a `DELETE` that then finds the resource gone (404/409) succeeded.
//! - A connection that failed before anything was sent is retried for every method.
//! - Waits use exponential backoff with full jitter (uniform between zero and the ceiling), or
//!   the server's `Retry-After` (seconds or any of the three HTTP-date forms). A `Retry-After`
//!   longer than the policy allows is not cut short: the call ends with the server's wait in
//!   the error instead of retrying early.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How failed attempts are retried.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// Backoff ceiling before the second attempt; doubled after each further one.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling.
    pub max_backoff: Duration,
    /// The longest `Retry-After` waited for; a longer one ends the call.
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

    /// The backoff ceiling before attempt `next_attempt` (2 for the first retry).
    pub fn ceiling(&self, next_attempt: u32) -> Duration {
        let exponent = next_attempt.saturating_sub(2).min(30);
        self.initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff)
    }

    /// A backoff before attempt `next_attempt`: full jitter, uniform in `[0, ceiling]`.
    pub fn backoff(&self, next_attempt: u32) -> Duration {
        self.ceiling(next_attempt).mul_f64(fastrand::f64())
    }
}

/// What one attempt produced.
pub(crate) struct Attempt<'a> {
    pub number: u32,
    pub method: &'a Method,
    pub status: Option<StatusCode>,
    pub headers: Option<&'a HeaderMap>,
    pub transport: Option<&'a reqwest::Error>,
}

/// What to do after an attempt.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Verdict {
    /// Retry after this wait; `None`: this outcome is final.
    pub delay: Option<Duration>,
    /// The attempt may have been processed by the server.
    pub ambiguous: bool,
    /// The server asked for a wait longer than the policy allows.
    pub refused_wait: Option<Duration>,
}

fn is_idempotent(method: &Method) -> bool {
    !matches!(*method, Method::POST | Method::PATCH)
}

/// Decides whether and when to retry.
pub(crate) fn judge(policy: &RetryPolicy, attempt: Attempt<'_>) -> Verdict {
    let idempotent = is_idempotent(attempt.method);
    let next = attempt.number.saturating_add(1);
    if let Some(status) = attempt.status {
        let (retry, ambiguous) = match status.as_u16() {
            429 | 503 => (true, false),
            408 | 500 | 502 | 504 => (idempotent, true),
            _ => (false, false),
        };
        if !retry {
            return Verdict::default();
        }
        let asked = attempt.headers.and_then(retry_after);
        return match asked {
            Some(wait) if wait > policy.max_retry_after => Verdict {
                delay: None,
                ambiguous,
                refused_wait: Some(wait),
            },
            Some(wait) => Verdict {
                delay: Some(wait),
                ambiguous,
                refused_wait: None,
            },
            None => Verdict {
                delay: Some(policy.backoff(next)),
                ambiguous,
                refused_wait: None,
            },
        };
    }
    let Some(error) = attempt.transport else {
        return Verdict::default();
    };
    if error.is_builder() {
        return Verdict::default();
    }
    let before_send = error.is_connect();
    let transient =
        error.is_timeout() || error.is_body() || error.is_decode() || error.is_request();
    if before_send || (idempotent && transient) {
        Verdict {
            delay: Some(policy.backoff(next)),
            ambiguous: !before_send,
            refused_wait: None,
        }
    } else {
        Verdict::default()
    }
}

/// Whether a response status is worth another attempt (for an idempotent request).
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The `Retry-After` header as a duration: delta-seconds or an HTTP date (IMF-fixdate,
/// RFC 850 or asctime). A date in the past is zero; an unreadable value is ignored.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is still "a very long wait".
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let when = httpdate::parse_http_date(value).ok()?;
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
    fn retry_after_reads_seconds_and_all_three_date_forms() {
        assert_eq!(retry_after(&headers("7")), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after(&headers("99999999999999999999999")),
            Some(Duration::from_secs(u64::MAX))
        );
        for past in [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2015",
        ] {
            assert_eq!(retry_after(&headers(past)), Some(Duration::ZERO), "{past}");
        }
        let future = SystemTime::now() + Duration::from_secs(120);
        let wait = retry_after(&headers(&httpdate::fmt_http_date(future))).unwrap();
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&headers("-5")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn backoff_is_full_jitter_under_a_growing_capped_ceiling() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.ceiling(2), Duration::from_millis(200));
        assert_eq!(policy.ceiling(4), Duration::from_millis(800));
        assert_eq!(policy.ceiling(40), policy.max_backoff);
        let draws: Vec<Duration> = (0..200).map(|_| policy.backoff(4)).collect();
        assert!(draws.iter().all(|d| *d <= Duration::from_millis(800)));
        // Full jitter reaches below half the ceiling; equal jitter never would.
        assert!(draws.iter().any(|d| *d < Duration::from_millis(400)));
    }

    fn verdict(method: Method, status: u16, retry_after: Option<&str>) -> Verdict {
        let map = retry_after.map(headers).unwrap_or_default();
        judge(
            &RetryPolicy::default(),
            Attempt {
                number: 1,
                method: &method,
                status: Some(StatusCode::from_u16(status).unwrap()),
                headers: Some(&map),
                transport: None,
            },
        )
    }

    #[test]
    fn what_is_retried_and_what_waits_too_long() {
        assert!(verdict(Method::POST, 429, None).delay.is_some());
        assert!(verdict(Method::POST, 503, None).delay.is_some());
        assert!(verdict(Method::POST, 502, None).delay.is_none());
        let delete = verdict(Method::DELETE, 502, None);
        assert!(delete.delay.is_some() && delete.ambiguous);
        for code in [400, 401, 403, 404, 409, 501] {
            assert!(verdict(Method::GET, code, None).delay.is_none(), "{code}");
        }
        assert_eq!(
            verdict(Method::GET, 429, Some("3")).delay,
            Some(Duration::from_secs(3))
        );
        let refused = verdict(Method::GET, 429, Some("3600"));
        assert_eq!(refused.delay, None);
        assert_eq!(refused.refused_wait, Some(Duration::from_secs(3600)));
    }
}
