//! Benchmarks, each a ratio measured in one run (see BENCHMARKS.md):
//! - `list_call`: one list call through the client vs a hand-written reqwest + serde_json call,
//!   the two interleaved so that both see the same mock and machine;
//! - `parse_1000`: parsing a 1,000-token page vs serde_json into plain structs;
//! - `walk_100k`: 100,000 tokens over 1,000 pages at 10 ms latency through the generic walker,
//!   prefetch 8 vs sequential.
//!
//! The client's peak heap is measured by `benches/walk_memory.rs`, one size per process.
//! The mock runs on its own runtime and thread.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures::TryStreamExt;
use passport_paas::prelude::*;
use passport_paas_mock::MockConfig;
use support::{TOKEN, client, start_mock};

mod support;

fn list_call(c: &mut Criterion) {
    let (url, _guard) = start_mock(MockConfig::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pair = Pair {
        client: client(&url),
        http: reqwest::Client::new(),
        endpoint: format!(
            "{url}/v1/iam/oauth/tokens?page_params.page_size=10&grant_flow=GRANT_FLOW_PASSWORD"
        ),
    };
    let mut group = c.benchmark_group("list_call");
    for (name, timed) in [
        ("passport_paas", Side::Ours),
        ("reqwest_serde_json", Side::HandWritten),
    ] {
        group.bench_function(name, |b| {
            b.to_async(&runtime)
                .iter_custom(|iterations| pair.time(iterations, timed))
        });
    }
    group.finish();
}

/// Which of the two calls `list_call` compares.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    /// Through the client: hooks, retries, checks and redaction on.
    Ours,
    /// reqwest and serde_json into plain structs, as a user would write it.
    HandWritten,
}

/// Both calls against one mock. Each of the group's functions makes the same calls in the same
/// order — the two alternating, one of each per iteration — and times only its own, so that
/// neither pays for running second (the mock's state, the allocator, the machine's clock).
struct Pair {
    client: passport_paas::Client,
    http: reqwest::Client,
    endpoint: String,
}

impl Pair {
    /// Runs `iterations` pairs of calls and returns the time spent in `timed`'s.
    async fn time(&self, iterations: u64, timed: Side) -> Duration {
        let mut spent = Duration::ZERO;
        for iteration in 0..iterations {
            let order = if iteration % 2 == 0 {
                [Side::Ours, Side::HandWritten]
            } else {
                [Side::HandWritten, Side::Ours]
            };
            for side in order {
                let started = Instant::now();
                self.run(side).await;
                if side == timed {
                    spent += started.elapsed();
                }
            }
        }
        spent
    }

    async fn run(&self, side: Side) {
        match side {
            Side::Ours => self.ours().await,
            Side::HandWritten => self.hand_written().await,
        }
    }

    async fn ours(&self) {
        let page = self
            .client
            .list_tokens()
            .page_params_page_size(10u32)
            .grant_flow(passport_paas::types::GrantFlow::Password)
            .call()
            .await
            .unwrap();
        black_box(page);
    }

    async fn hand_written(&self) {
        let response = self
            .http
            .get(&self.endpoint)
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        let bytes = response.bytes().await.unwrap();
        black_box(serde_json::from_slice::<plain::TokenList>(&bytes).unwrap());
    }
}

mod plain {
    //! The hand-written structs a user would write, with the same field types.
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct TokenList {
        pub pagination_info: PaginationInfo,
        pub tokens: Vec<Token>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct PaginationInfo {
        pub total_elements: i64,
        pub total_pages: i64,
        pub current_page: i64,
        pub first_request_timestamp: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Token {
        pub token_id: uuid::Uuid,
        pub created_at: Option<chrono::DateTime<chrono::Utc>>,
        pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
        pub expires_in: Option<i64>,
        #[serde(default)]
        pub scopes: Vec<String>,
        #[serde(default)]
        pub roles: Vec<String>,
        pub account_id: Option<String>,
        pub user_id: Option<String>,
        pub grant_flow: Option<String>,
    }
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
