//! Running `paas` as a process against loopback mocks, with every output checked for
//! secrets, panics and raw control characters.

use std::path::{Path, PathBuf};

use passport_paas_mock::{MockConfig, MockServer};

/// The bearer token the test mocks accept.
pub const TOKEN: &str = "cli-test-token-0001-secret";
/// Client credentials the test mocks accept.
pub const CLIENT: (&str, &str) = ("cli-client", "cli-client-secret-0001");

/// What one run printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The error line, after checking it is the only line on stderr besides the embedded
    /// mock's note.
    pub fn error_line(&self) -> &str {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.starts_with("paas: "))
            .collect();
        assert_eq!(lines.len(), 1, "exactly one error line: {:?}", self.stderr);
        assert!(lines[0].starts_with("error: "), "{:?}", self.stderr);
        lines[0]
    }
}

/// A mock with the test credentials.
pub async fn mock(config: MockConfig) -> MockServer {
    MockServer::start(MockConfig {
        tokens: vec![TOKEN.into()],
        client_credentials: vec![(CLIENT.0.into(), CLIENT.1.into())],
        ..config
    })
    .await
    .expect("the mock starts")
}

/// `PAAS_BASE_URL` and `PAAS_TOKEN` for `mock`.
pub fn bearer(mock: &MockServer) -> Vec<(String, String)> {
    vec![
        ("PAAS_BASE_URL".into(), mock.url()),
        ("PAAS_TOKEN".into(), TOKEN.into()),
    ]
}

/// Whether a character would act on a terminal.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n'
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Runs `paas args` with exactly `env` among the PAAS_* variables, `stdin` as its input and
/// a cache dir of its own (so the embedded mock never touches the user's state).
pub fn paas_in(args: &[String], env: &[(String, String)], stdin: &str, cache: &Path) -> Run {
    let mut command = assert_cmd::Command::cargo_bin("paas").expect("the paas binary");
    for (name, _) in std::env::vars() {
        if name.starts_with("PAAS_") {
            command.env_remove(name);
        }
    }
    command
        .env("XDG_CACHE_HOME", cache)
        .env("HOME", cache)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .args(args)
        .write_stdin(stdin.to_owned())
        .timeout(std::time::Duration::from_secs(60));
    let output = command.output().expect("paas runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        for secret in [TOKEN, CLIENT.1, "demo-secret-for-the-embedded-mock"] {
            assert!(!text.contains(secret), "a secret reached {stream}: {text}");
        }
        assert!(!text.contains("panicked"), "{stream}: {text}");
        assert!(
            !text.chars().any(is_unsafe),
            "a control character reached {stream}: {text:?}"
        );
    }
    run
}

/// A scratch directory for one test.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Runs `paas` on a blocking thread (the mocks live on the test's runtime).
pub async fn paas(args: &[&str], env: &[(String, String)]) -> Run {
    paas_stdin(args, env, "").await
}

/// [`paas`] with standard input.
pub async fn paas_stdin(args: &[&str], env: &[(String, String)], stdin: &str) -> Run {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env = env.to_vec();
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || {
        let cache = scratch();
        paas_in(&args, &env, &stdin, cache.path())
    })
    .await
    .expect("the run finishes")
}

/// [`paas_in`] on a blocking thread, with a state file of the caller's.
pub async fn paas_with_state(args: &[&str], state: &Path, stdin: &str) -> Run {
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    args.push("--mock-state".into());
    args.push(state.display().to_string());
    let cache: PathBuf = state.parent().expect("a parent").to_owned();
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || paas_in(&args, &[], &stdin, &cache))
        .await
        .expect("the run finishes")
}
