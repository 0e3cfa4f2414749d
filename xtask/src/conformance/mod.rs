//! `cargo xtask conformance`: client, spec and server checked against each other on inputs
//! nobody wrote by hand, reproducible from `--seed`.
//!
//! Default target: the embedded mock (`passport-paas-mock`). With `--base-url`, a real
//! deployment: read-only operations only unless `--allow-writes`.

mod instances;
mod models;
mod requests;

use serde::Serialize;

use passport_paas::{Call, Client};
use passport_paas_mock::{MockConfig, MockServer};

/// What to check and against what.
#[derive(Clone, Debug)]
pub struct Options {
    /// The spec's text (YAML).
    pub spec: String,
    /// A deployment to check; `None` checks the embedded mock.
    pub base_url: Option<String>,
    /// The bearer token for `base_url`.
    pub token: Option<String>,
    /// Request cases to send; round-trip bodies per model are a tenth of it.
    pub cases: usize,
    /// Seed of every generated input.
    pub seed: u64,
    /// Allow operations that change state on a real deployment.
    pub allow_writes: bool,
}

/// Passes, failures and the smallest failing example of one check.
#[derive(Debug, Default, Serialize)]
pub struct Tally {
    /// The check's id.
    pub check: &'static str,
    /// Inputs that passed.
    pub passed: usize,
    /// Inputs that failed.
    pub failed: usize,
    /// The smallest failing input and what was wrong with it.
    pub smallest_failure: Option<Failure>,
}

/// One failing input.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The input.
    pub input: String,
    /// What went wrong.
    pub problem: String,
}

impl Tally {
    fn new(check: &'static str) -> Self {
        Self {
            check,
            ..Self::default()
        }
    }

    pub(crate) fn pass(&mut self) {
        self.passed += 1;
    }

    pub(crate) fn fail(&mut self, input: String, problem: String) {
        self.failed += 1;
        let smaller = self
            .smallest_failure
            .as_ref()
            .is_none_or(|f| input.len() < f.input.len());
        if smaller {
            self.smallest_failure = Some(Failure { input, problem });
        }
    }
}

/// Every check's tally.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The seed that reproduces the run.
    pub seed: u64,
    /// What was checked.
    pub target: String,
    /// One tally per check.
    pub checks: Vec<Tally>,
}

impl Report {
    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.failed == 0)
    }

    /// One line per check, then the smallest failures.
    pub fn render_human(&self) -> String {
        let mut out = format!("conformance against {} (seed {})\n", self.target, self.seed);
        for check in &self.checks {
            let verdict = if check.failed == 0 { "ok" } else { "FAILED" };
            out.push_str(&format!(
                "  {:<22} {verdict:<6} {} passed, {} failed\n",
                check.check, check.passed, check.failed
            ));
            if let Some(failure) = &check.smallest_failure {
                out.push_str(&format!(
                    "      smallest failing input: {}\n      problem: {}\n",
                    failure.input, failure.problem
                ));
            }
        }
        out
    }
}

/// Runs every check.
pub async fn run(options: Options) -> Result<Report, String> {
    let yaml: serde_norway::Value = serde_norway::from_str(&options.spec)
        .map_err(|e| format!("the spec is not valid yaml: {e}"))?;
    let spec = crate::spec::yaml_to_json(yaml);
    let (client, _mock, target) = connect(&options).await?;
    let mut checks = Vec::new();

    let mut tally = Tally::new("responses-conform");
    let cases = requests::cases(&spec, options.cases, options.seed);
    requests::check(&client, &spec, &cases, &mut tally).await;
    checks.push(tally);

    if options.base_url.is_none() || options.allow_writes {
        let mut tally = Tally::new("revoke-lifecycle");
        revoke_lifecycle(&client, &mut tally).await;
        checks.push(tally);
    }

    let mut tally = Tally::new("round-trip");
    models::check_round_trip(&spec, (options.cases / 10).max(5), options.seed, &mut tally);
    checks.push(tally);

    let mut tally = Tally::new("types-match-spec");
    models::check_types(&spec, &mut tally);
    checks.push(tally);

    let mut tally = Tally::new("examples-valid");
    models::check_examples(&spec, &mut tally);
    checks.push(tally);

    Ok(Report {
        seed: options.seed,
        target,
        checks,
    })
}

/// The token the embedded mock accepts.
const MOCK_TOKEN: &str = "conformance-token";

async fn connect(options: &Options) -> Result<(Client, Option<MockServer>, String), String> {
    let builder = Client::builder();
    match &options.base_url {
        Some(url) => {
            let mut builder = builder.base_url(url);
            if let Some(token) = &options.token {
                builder = builder.bearer_token(token.clone());
            }
            let client = builder.build().map_err(|e| e.to_string())?;
            Ok((client, None, url.clone()))
        }
        None => {
            let config = MockConfig {
                tokens: vec![MOCK_TOKEN.into()],
                generated_tokens: Some(200),
                seed: options.seed,
                require_snapshot: false,
                ..MockConfig::default()
            };
            let mock = MockServer::start(config)
                .await
                .map_err(|e| format!("cannot start the mock: {e}"))?;
            let client = builder
                .base_url(mock.url())
                .bearer_token(MOCK_TOKEN)
                .build()
                .map_err(|e| e.to_string())?;
            let target = format!("the embedded mock ({})", mock.url());
            Ok((client, Some(mock), target))
        }
    }
}

/// Get, revoke, revoke again (409), get again (404), for one listed token.
async fn revoke_lifecycle(client: &Client, tally: &mut Tally) {
    let Ok(page) = client
        .list_tokens()
        .page_params_page_size(1u32)
        .call()
        .await
    else {
        tally.fail("list one token".into(), "the list call failed".into());
        return;
    };
    let Some(token) = page.tokens.first() else {
        tally.pass();
        return;
    };
    let id = token.token_id;
    let body = || passport_paas::types::RevokeTokenRequest { token_id: id };
    let outcomes = [
        (
            "get",
            client.get_token().token_id(id).call().await.map(|_| ()),
        ),
        (
            "revoke",
            client.revoke_token().token_id(id).body(body()).call().await,
        ),
    ];
    for (step, outcome) in outcomes {
        match outcome {
            Ok(()) => tally.pass(),
            Err(error) => tally.fail(format!("{step} {id}"), error.to_string()),
        }
    }
    match client.revoke_token().token_id(id).body(body()).call().await {
        Err(error) if error.is_conflict() => tally.pass(),
        other => tally.fail(
            format!("revoke {id} again"),
            format!("expected 409, got {other:?}"),
        ),
    }
    match client.get_token().token_id(id).call().await {
        Err(error) if error.is_not_found() => tally.pass(),
        other => tally.fail(
            format!("get revoked {id}"),
            format!("expected 404, got {other:?}"),
        ),
    }
}

/// The report as JSON.
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}
