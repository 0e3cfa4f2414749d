//! Live counters the tests read: requests in flight (and the most at once) and token
//! requests answered.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Live counters the tests read.
#[derive(Debug, Default)]
pub struct Stats {
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    token_requests: AtomicUsize,
}

impl Stats {
    /// The most requests that were being answered at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// How many token (client-credentials) requests were answered.
    pub fn token_requests(&self) -> usize {
        self.token_requests.load(Ordering::SeqCst)
    }
}

pub(crate) fn enter(stats: &Stats) -> InFlight<'_> {
    let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
    InFlight(stats)
}

/// Counts a request in flight until dropped.
pub(crate) struct InFlight<'a>(&'a Stats);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

pub(crate) fn count_token_request(stats: &Stats) {
    stats.token_requests.fetch_add(1, Ordering::SeqCst);
}
