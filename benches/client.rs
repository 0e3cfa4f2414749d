//! Benchmarks, each a ratio measured in one run (see BENCHMARKS.md):
//! - `list_call`: one list call through the client vs a hand-written reqwest + serde_json call,
//!   the two interleaved so that both see the same mock and machine (`benches/list_call_ratio.rs`
//!   measures the same pair as one ratio, block by block);
//! - `parse_1000`: parsing a 1,000-token page vs serde_json into plain structs;
//! - `walk_100k`: 100,000 tokens over 1,000 pages at 10 ms latency through the generic walker,
//!   prefetch 8 vs sequential.
//!
//! The client's peak heap is measured by `benches/walk_memory.rs`, one size per process.
//! The mock runs on its own runtime and thread.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures::TryStreamExt;
use pair::{Pair, Side, plain};
use passport_paas::prelude::*;
use passport_paas_mock::MockConfig;
use support::{client, start_mock};

#[path = "support/pair.rs"]
mod pair;
mod support;

fn list_call(c: &mut Criterion) {
    let (url, _guard) = start_mock(MockConfig::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pair = Pair::new(&url);
    let mut group = c.benchmark_group("list_call");
    for (name, timed) in [
        ("passport_paas", Side::Ours),
        ("reqwest_serde_json", Side::HandWritten),
    ] {
        group.bench_function(name, |b| {
            b.to_async(&runtime).iter_custom(|iterations| {
                let pair = &pair;
                async move { pair.time_both(iterations).await[timed as usize] }
            })
        });
    }
    group.finish();
}

fn parse_1000(c: &mut Criterion) {
    let spec = passport_paas_spec::Spec::parse(passport_paas::SPEC_YAML).unwrap();
    let mut generator = passport_paas_spec::instances::Generator::new(
        spec.root(),
        7,
        passport_paas_spec::instances::Deviations::default(),
    )
    .complete();
    let token = serde_json::json!({ "$ref": "#/components/schemas/Token" });
    let tokens: Vec<serde_json::Value> = (0..1000).map(|_| generator.instance(&token)).collect();
    let body = serde_json::to_vec(&serde_json::json!({
        "pagination_info": {"total_elements": 1000, "total_pages": 1, "current_page": 1, "first_request_timestamp": "2025-10-09T18:02:18.706Z"},
        "tokens": tokens,
    }))
    .unwrap();
    let mut group = c.benchmark_group("parse_1000");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("passport_paas", |b| {
        b.iter(|| serde_json::from_slice::<types::TokenList>(&body).unwrap())
    });
    group.bench_function("plain_structs", |b| {
        b.iter(|| serde_json::from_slice::<plain::TokenList>(&body).unwrap())
    });
    group.finish();
}

fn walk(c: &mut Criterion) {
    let (url, _guard) = start_mock(MockConfig {
        generated: vec![("Token".into(), 100_000)],
        latency: Duration::from_millis(10),
        ..MockConfig::default()
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = client(&url);
    let mut group = c.benchmark_group("walk_100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(1));
    for prefetch in [1usize, 8] {
        group.bench_with_input(
            BenchmarkId::new("prefetch", prefetch),
            &prefetch,
            |b, &prefetch| {
                b.to_async(&runtime).iter(|| async {
                    let count = client
                        .list_tokens()
                        .page_params_page_size(100u32)
                        .items_with(PageOptions { prefetch })
                        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                        .await
                        .unwrap();
                    assert_eq!(count, 100_000);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, list_call, parse_1000, walk);
criterion_main!(benches);
