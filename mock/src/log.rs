//! What the mock received, kept for the tests that ask, within a fixed budget.
//!
//! The log is a ring: it holds the most recent [`MockConfig::request_log`](crate::MockConfig)
//! requests (none when that is 0, as `paas-mock` and `paas`'s embedded mock run it), and each
//! request's body only up to [`LOGGED_BODY_BYTES`]. However many requests arrive, and however
//! large their bodies, the log never holds more than that.

use std::collections::VecDeque;

/// One request as the mock received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method.
    pub method: String,
    /// The path, as sent.
    pub path: String,
    /// The raw query string, exactly as sent.
    pub query: Option<String>,
    /// Every header, lower-case names, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body, as text.
    pub body: String,
}

impl RecordedRequest {
    /// The request as it arrived: method, path, raw query, headers and the body as text.
    pub(crate) fn received(parts: &axum::http::request::Parts, body: &[u8]) -> Self {
        Self {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The most bytes of a request body the log keeps (the rest is cut, on a character boundary).
pub const LOGGED_BODY_BYTES: usize = 16 * 1024;

/// The most recent requests, at most `capacity` of them.
#[derive(Debug)]
pub(crate) struct RequestLog {
    capacity: usize,
    entries: VecDeque<RecordedRequest>,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: VecDeque::new(),
        }
    }

    /// Records one request, forgetting the oldest when the log is full.
    pub(crate) fn push(&mut self, mut request: RecordedRequest) {
        if self.capacity == 0 {
            return;
        }
        if request.body.len() > LOGGED_BODY_BYTES {
            let mut end = LOGGED_BODY_BYTES;
            while !request.body.is_char_boundary(end) {
                end -= 1;
            }
            request.body.truncate(end);
            request.body.shrink_to_fit();
        }
        while self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(request);
    }

    /// The requests held, oldest first.
    pub(crate) fn entries(&self) -> Vec<RecordedRequest> {
        self.entries.iter().cloned().collect()
    }

    /// How many requests are held.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// How much the mock holds, for checking that it stays bounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Requests in the log.
    pub logged_requests: usize,
    /// Bytes of request bodies in the log.
    pub logged_body_bytes: usize,
    /// Snapshot instants remembered for pagination.
    pub snapshots: usize,
    /// Access tokens issued and remembered.
    pub issued_tokens: usize,
}

impl RequestLog {
    /// The bytes of bodies held.
    pub(crate) fn body_bytes(&self) -> usize {
        self.entries.iter().map(|r| r.body.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: String) -> RecordedRequest {
        RecordedRequest {
            method: "POST".into(),
            path: "/".into(),
            query: None,
            headers: Vec::new(),
            body,
        }
    }

    #[test]
    fn the_log_keeps_the_newest_and_cuts_bodies() {
        let mut log = RequestLog::new(3);
        for index in 0..10 {
            log.push(request(format!("{index}{}", "é".repeat(LOGGED_BODY_BYTES))));
        }
        assert_eq!(log.len(), 3);
        let kept = log.entries();
        assert!(kept[0].body.starts_with('7') && kept[2].body.starts_with('9'));
        assert!(kept.iter().all(|r| r.body.len() <= LOGGED_BODY_BYTES));
        let mut off = RequestLog::new(0);
        off.push(request("x".into()));
        assert_eq!(off.len(), 0);
    }
}
