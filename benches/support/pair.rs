//! The two calls `list_call` compares, against one mock: a list call through the client
//! (hooks, retries, checks and redaction on) and the same call hand-written with reqwest and
//! serde_json into plain structs, as a user would write it. Both benchmarks that compare them
//! (`client`'s criterion group and `list_call_ratio`) time them the same way, interleaved.

use std::hint::black_box;
use std::time::{Duration, Instant};

use passport_paas::prelude::*;

use crate::support::{TOKEN, client};

/// Which of the two calls.
#[derive(Clone, Copy, PartialEq)]
pub enum Side {
    /// Through the client.
    Ours,
    /// reqwest and serde_json into plain structs.
    HandWritten,
}

/// Both calls against one mock.
pub struct Pair {
    client: passport_paas::Client,
    http: reqwest::Client,
    endpoint: String,
}

impl Pair {
    /// Both calls against the mock at `url`.
    pub fn new(url: &str) -> Self {
        Self {
            client: client(url),
            http: reqwest::Client::new(),
            endpoint: format!(
                "{url}/v1/iam/oauth/tokens?page_params.page_size=10&grant_flow=GRANT_FLOW_PASSWORD"
            ),
        }
    }

    /// Runs `rounds` rounds of one call of each side, the order alternating from round to
    /// round so that neither side always runs second (the mock's state, the allocator, the
    /// machine's clock), and returns the time each side spent: `[ours, hand-written]`.
    pub async fn time_both(&self, rounds: u64) -> [Duration; 2] {
        let mut spent = [Duration::ZERO; 2];
        for round in 0..rounds {
            let order = if round % 2 == 0 {
                [Side::Ours, Side::HandWritten]
            } else {
                [Side::HandWritten, Side::Ours]
            };
            for side in order {
                let started = Instant::now();
                self.run(side).await;
                spent[side as usize] += started.elapsed();
            }
        }
        spent
    }

    /// Runs `rounds` calls of one side alone and returns the time they took: for a profiler
    /// (callgrind, `perf stat`), which then counts the work of that side only.
    #[allow(
        dead_code,
        reason = "`list_call_ratio --only` calls it; `client` shares this file"
    )]
    pub async fn time_one(&self, side: Side, rounds: u64) -> Duration {
        let started = Instant::now();
        for _ in 0..rounds {
            self.run(side).await;
        }
        started.elapsed()
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

pub mod plain {
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
