//! The mock's token data: the spec's own examples, or a deterministic generated set.
//!
//! Tokens are JSON objects shaped like the spec's `Token` schema, so what the mock answers is
//! exactly what the spec documents, field names and all.

use serde_json::{Value, json};

use crate::spec::Spec;

/// Tokens the mock lists, in creation order.
#[derive(Clone, Debug, Default)]
pub struct DataSet {
    /// Token objects.
    pub tokens: Vec<Value>,
}

const SCOPES: &[&str] = &[
    "iam.oauth.tokens.list.get",
    "iam.oauth.tokens.get",
    "iam.oauth.tokens.delete",
    "paas.core.accounts.get",
    "paas.core.breb_payments.post",
    "paas.core.webhooks.get",
];
const ROLES: &[&str] = &["admin", "operator", "auditor", "viewer"];
const GRANT_FLOWS: &[&str] = &[
    "GRANT_FLOW_CLIENT_CREDENTIALS",
    "GRANT_FLOW_PASSWORD",
    "GRANT_FLOW_ENTITY_SETUP",
    "GRANT_FLOW_LOGIN",
];

impl DataSet {
    /// The tokens of the list operation's success example.
    pub fn from_examples(spec: &Spec) -> Self {
        let tokens = spec
            .operations
            .iter()
            .find(|operation| operation.id == "listTokens")
            .and_then(|operation| operation.success_example.as_ref())
            .and_then(|example| example.get("tokens"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        Self { tokens }
    }

    /// `count` tokens drawn from `seed`: the same seed always gives the same tokens.
    pub fn generated(count: usize, seed: u64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed);
        let start = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z")
            .expect("a valid constant")
            .to_utc();
        let tokens = (0..count)
            .map(|index| {
                let created = start
                    + chrono::Duration::milliseconds(index as i64 * 60_000 + rng.i64(0..59_000));
                let lifetime = [3_600i64, 86_400, 604_800][rng.usize(0..3)];
                let expires = created + chrono::Duration::seconds(lifetime);
                let mut scopes: Vec<&str> = SCOPES.iter().copied().filter(|_| rng.bool()).collect();
                if scopes.is_empty() {
                    scopes.push(SCOPES[0]);
                }
                json!({
                    "token_id": uuid_from(&mut rng),
                    "created_at": created.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                    "expires_at": expires.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                    "expires_in": lifetime,
                    "scopes": scopes,
                    "roles": [ROLES[rng.usize(0..ROLES.len())]],
                    "account_id": format!("acc_{:04}", rng.usize(0..8)),
                    "user_id": format!("usr_{:04}", rng.usize(0..32)),
                    "grant_flow": GRANT_FLOWS[index % GRANT_FLOWS.len()],
                })
            })
            .collect();
        Self { tokens }
    }
}

/// A random (version 4 shaped) UUID from the seeded generator.
pub(crate) fn uuid_from(rng: &mut fastrand::Rng) -> String {
    let a = rng.u64(..);
    let b = rng.u64(..);
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        ["8", "9", "a", "b"][(b & 3) as usize],
        &hex[17..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_spec_shaped() {
        let first = DataSet::generated(50, 7);
        assert_eq!(first.tokens, DataSet::generated(50, 7).tokens);
        assert_ne!(first.tokens, DataSet::generated(50, 8).tokens);
        for token in &first.tokens {
            let id = token["token_id"].as_str().unwrap();
            assert_eq!(id.len(), 36, "{id}");
            assert_eq!(&id[14..15], "4");
        }
    }

    #[test]
    fn examples_come_from_the_spec() {
        let data = DataSet::from_examples(&Spec::embedded());
        assert_eq!(data.tokens.len(), 2);
    }
}
