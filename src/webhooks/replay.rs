//! Replay and duplicate detection within the tolerance window, in bounded memory.
//!
//! A *replay* is the same signed delivery again — same id, same timestamp, so the same
//! signature — which only someone who captured it can send: refused. A *duplicate* is the same
//! id with a fresh timestamp and signature, which is what the provider's Retry mode sends after
//! a delivery it thinks failed: accepted and marked, so the handler can skip work it already
//! did. Entries older than the tolerance are forgotten (such a delivery is stale anyway); past
//! `max_tracked_ids` entries the oldest go first.

use std::collections::{HashMap, VecDeque};

/// What the guard knew about a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Never seen within the window.
    New,
    /// The id was seen with another timestamp: a redelivery.
    Duplicate,
    /// This very id and timestamp were seen: a replay.
    Replay,
}

/// Delivery ids seen within the window.
#[derive(Debug, Default)]
pub(crate) struct ReplayGuard {
    /// id → timestamps seen for it.
    seen: HashMap<String, Vec<i64>>,
    /// (timestamp, id) in arrival order, for expiry and eviction.
    order: VecDeque<(i64, String)>,
}

/// Timestamps remembered per id (a provider retries 12 times; more is someone else).
const PER_ID: usize = 32;

impl ReplayGuard {
    /// Records `id` at `timestamp` and says what it was; forgets what is older than
    /// `oldest` and keeps at most `capacity` entries.
    pub(crate) fn record(
        &mut self,
        id: &str,
        timestamp: i64,
        oldest: i64,
        capacity: usize,
    ) -> Seen {
        self.expire(oldest);
        let seen = match self.seen.get(id) {
            Some(stamps) if stamps.contains(&timestamp) => return Seen::Replay,
            Some(_) => Seen::Duplicate,
            None => Seen::New,
        };
        let stamps = self.seen.entry(id.to_owned()).or_default();
        if stamps.len() < PER_ID {
            stamps.push(timestamp);
            self.order.push_back((timestamp, id.to_owned()));
        }
        while self.order.len() > capacity.max(1) {
            self.evict_front();
        }
        seen
    }

    fn expire(&mut self, oldest: i64) {
        while self.order.front().is_some_and(|(stamp, _)| *stamp < oldest) {
            self.evict_front();
        }
        // Arrival order is not timestamp order; a late old entry is dropped when reached.
    }

    fn evict_front(&mut self) {
        let Some((stamp, id)) = self.order.pop_front() else {
            return;
        };
        if let Some(stamps) = self.seen.get_mut(&id) {
            stamps.retain(|s| *s != stamp);
            if stamps.is_empty() {
                self.seen.remove(&id);
            }
        }
    }

    /// Entries held (for tests of the bound).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_duplicate_and_bounds() {
        let mut guard = ReplayGuard::default();
        assert_eq!(guard.record("a", 100, 0, 10), Seen::New);
        assert_eq!(guard.record("a", 100, 0, 10), Seen::Replay);
        assert_eq!(guard.record("a", 101, 0, 10), Seen::Duplicate);
        assert_eq!(guard.record("b", 101, 0, 10), Seen::New);
        // Expired entries are forgotten.
        assert_eq!(guard.record("c", 500, 200, 10), Seen::New);
        assert_eq!(guard.record("a", 100, 200, 10), Seen::New);
        // The capacity holds, however many ids arrive.
        for i in 0..1000 {
            guard.record(&format!("id{i}"), 600, 200, 10);
        }
        assert_eq!(guard.len(), 10);
    }
}
