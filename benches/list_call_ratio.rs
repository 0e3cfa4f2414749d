//! `list_call` as one ratio: the client's list call against the same call hand-written with
//! reqwest and serde_json (`support/pair.rs`), measured together, block by block.
//!
//! criterion's `list_call` group times each side in a window of its own, one after the other;
//! on a shared or virtual machine the round trip through the mock drifts from one ten-second
//! window to the next by more than the few per cent being measured. Here both sides run in
//! every round (alternating which goes first), and each block of rounds gives one ratio of
//! the time the two sides spent in it, so a drift slower than a block cancels out. The report
//! is the median block ratio with its quartiles:
//!
//! ```sh
//! cargo bench --bench list_call_ratio -- --blocks 41 --rounds 200
//! ```
//!
//! `--only ours` or `--only hand-written` runs the calls of one side alone (no ratio), so that
//! a profiler run around it (`valgrind --tool=callgrind`, `perf stat`) counts that side's work:
//! the difference of two runs with different `--rounds` is the cost of that many calls, with
//! the start-up and the warm-up cancelled out.

use std::time::Duration;

use passport_paas_mock::MockConfig;
use support::start_mock;

#[path = "support/pair.rs"]
mod pair;
mod support;

/// How many blocks and rounds per block, from `--blocks N` and `--rounds N`.
struct Plan {
    warm_up_rounds: u64,
    blocks: usize,
    rounds: u64,
    /// Only this side's calls, for a profiler.
    only: Option<pair::Side>,
}

impl Plan {
    fn from_args() -> Self {
        let args: Vec<String> = std::env::args().collect();
        let only = args.iter().position(|arg| arg == "--only").map(|at| {
            match args.get(at + 1).map(String::as_str) {
                Some("ours") => pair::Side::Ours,
                Some("hand-written") => pair::Side::HandWritten,
                _ => panic!("--only takes `ours` or `hand-written`"),
            }
        });
        let value = |flag: &str, default: u64| {
            args.iter()
                .position(|arg| arg == flag)
                .and_then(|at| args.get(at + 1))
                .map(|text| {
                    text.parse()
                        .unwrap_or_else(|_| panic!("{flag} takes a number"))
                })
                .unwrap_or(default)
        };
        Self {
            warm_up_rounds: value("--warm-up-rounds", 1000),
            blocks: usize::try_from(value("--blocks", 41))
                .ok()
                .filter(|&blocks| blocks > 0)
                .expect("--blocks takes a number from 1"),
            rounds: value("--rounds", 200),
            only,
        }
    }
}

fn main() {
    let plan = Plan::from_args();
    let (url, _guard) = start_mock(MockConfig::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pair = pair::Pair::new(&url);
    if let Some(side) = plan.only {
        let calls = plan.rounds * plan.blocks as u64;
        let spent = runtime.block_on(async {
            pair.time_one(side, plan.warm_up_rounds).await;
            pair.time_one(side, calls).await
        });
        let name = match side {
            pair::Side::Ours => "passport_paas",
            pair::Side::HandWritten => "reqwest_serde_json",
        };
        println!(
            "list_call_ratio --only: {calls} calls of {name}, {:.1} µs each",
            spent.as_secs_f64() * 1e6 / calls as f64
        );
        return;
    }
    let (ratios, totals) = runtime.block_on(async {
        pair.time_both(plan.warm_up_rounds).await;
        let mut ratios = Vec::with_capacity(plan.blocks);
        let mut totals = [Duration::ZERO; 2];
        for _ in 0..plan.blocks {
            let [ours, hand_written] = pair.time_both(plan.rounds).await;
            ratios.push(ours.as_secs_f64() / hand_written.as_secs_f64());
            totals[0] += ours;
            totals[1] += hand_written;
        }
        (ratios, totals)
    });
    report(&plan, ratios, totals);
}

fn report(plan: &Plan, mut ratios: Vec<f64>, totals: [Duration; 2]) {
    ratios.sort_by(f64::total_cmp);
    let at = |fraction: f64| ratios[((ratios.len() - 1) as f64 * fraction).round() as usize];
    let calls = plan.rounds * plan.blocks as u64;
    let mean_micros = |total: Duration| total.as_secs_f64() * 1e6 / calls as f64;
    println!(
        "list_call_ratio: {} blocks of {} rounds (each round one call of each side)",
        plan.blocks, plan.rounds
    );
    println!(
        "  mean per call: passport_paas {:.1} µs, reqwest_serde_json {:.1} µs",
        mean_micros(totals[0]),
        mean_micros(totals[1])
    );
    println!(
        "  block ratio passport_paas / reqwest_serde_json: median {:.3}×, quartiles {:.3}–{:.3}×, range {:.3}–{:.3}×",
        at(0.5),
        at(0.25),
        at(0.75),
        at(0.0),
        at(1.0)
    );
}
