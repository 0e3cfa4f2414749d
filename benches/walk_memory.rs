//! The client's peak heap while walking every page of a token listing, ONE size per process:
//! `cargo bench --bench walk_memory -- 10000`, then `-- 100000` (see BENCHMARKS.md).
//!
//! So that the figure cannot be shaped by order or set-up, each run starts its own mock with
//! exactly that many tokens (on another thread, whose allocations are not counted), warms up
//! (one full walk: connections, TLS-free loopback, lazy statics), then counts only the
//! allocations the benchmark's thread makes during a second full walk.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::TryStreamExt;
use passport_paas::prelude::*;
use passport_paas_mock::MockConfig;
use support::{client, start_mock};

mod support;

/// Counts live heap bytes allocated on threads that opted in, and their peak.
struct CountingAllocator;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
thread_local!(static COUNTED: Cell<bool> = const { Cell::new(false) });

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTED.try_with(Cell::get).unwrap_or(false) {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTED.try_with(Cell::get).unwrap_or(false) {
            let _ = LIVE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |live| {
                Some(live.saturating_sub(layout.size()))
            });
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn main() {
    let total: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(10_000);
    let (url, stop) = start_mock(MockConfig {
        generated: vec![("Token".into(), total)],
        ..MockConfig::default()
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = client(&url);
    let walk = || async {
        client
            .list_tokens()
            .page_params_page_size(100u32)
            .items_with(PageOptions { prefetch: 8 })
            .try_fold(0usize, |n, _token| async move { Ok(n + 1) })
            .await
            .unwrap()
    };
    assert_eq!(runtime.block_on(walk()), total, "warm-up walk");
    COUNTED.with(|c| c.set(true));
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    let walked = runtime.block_on(walk());
    COUNTED.with(|c| c.set(false));
    assert_eq!(walked, total);
    println!(
        "walk_memory: {total} tokens, client peak heap {} KiB",
        PEAK.load(Ordering::Relaxed) / 1024
    );
    drop(stop);
}
