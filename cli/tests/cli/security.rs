//! Security of `paas` as a process: the token endpoint's unusable answers print no secret, a
//! path value never reaches another endpoint, a token the server issued that no header can
//! carry is the server's fault, and every input is bounded (`--body /dev/zero`, endless stdin,
//! oversized environment variables).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use passport_paas_mock::{Fault, MockConfig};
use serde_json::json;

use crate::common::{CLIENT, TOKEN, bearer, mock, paas};

/// The token a hostile answer carries.
const LEAKED: &str = "LEAKED-access-token-cli-77aa";

fn credentials(mock: &passport_paas_mock::MockServer) -> Vec<(String, String)> {
    vec![
        ("PAAS_BASE_URL".into(), mock.url()),
        ("PAAS_CLIENT_ID".into(), CLIENT.0.into()),
        ("PAAS_CLIENT_SECRET".into(), CLIENT.1.into()),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn unusable_token_answers_print_no_secret() {
    let mock = mock(MockConfig::default()).await;
    let env = credentials(&mock);
    let echo = json!({"client_id": CLIENT.0, "client_secret": CLIENT.1,
        "grant_type": "client_credentials"})
    .to_string();
    let answers = [
        Fault::json(200, json!({"access_token": 5, "echo": echo}).to_string()),
        Fault::json(
            200,
            json!({"access_token": LEAKED, "expires_in": LEAKED}).to_string(),
        ),
        Fault::json(200, echo.clone()),
        Fault::json(200, format!("{{\"access_token\":\"{LEAKED}\"")),
        Fault::body(200, "text/plain", format!("{echo} {LEAKED}")),
    ];
    for (index, answer) in answers.into_iter().enumerate() {
        for command in [&["auth", "token"][..], &["tokens", "list"][..]] {
            mock.push_fault(answer.clone());
            let mut args = command.to_vec();
            args.extend(["--retries", "0"]);
            let run = paas(&args, &env).await;
            assert_eq!(run.code, 1, "{index} {command:?}: {}", run.stderr);
            let line = run.error_line();
            assert!(line.starts_with("error: server side: "), "{line}");
            assert!(!run.stderr.contains(LEAKED), "{index}: {}", run.stderr);
            assert!(!run.stdout.contains(LEAKED), "{index}: {}", run.stdout);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_the_server_issued_that_no_header_can_carry_is_the_servers_fault() {
    let mock = mock(MockConfig::default()).await;
    let env = credentials(&mock);
    mock.push_fault(Fault::json(
        200,
        json!({"access_token": format!("{LEAKED}\r\nX-Injected: 1")}).to_string(),
    ));
    let run = paas(&["tokens", "list", "--retries", "0"], &env).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = run.error_line();
    assert!(line.starts_with("error: server side: "), "{line}");
    assert!(line.contains("header"), "{line}");
    assert!(!line.contains(LEAKED), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn path_values_never_reach_another_endpoint() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    for args in [
        vec!["recipients", "delete", ".", "--yes"],
        vec!["recipients", "delete", "..", "--yes"],
        vec!["recipients", "delete", "", "--yes"],
        vec!["keys", "activate", ".."],
        vec!["keys", "activate", "..\\.."],
        vec!["keys", "activate", ".\\x"],
    ] {
        let run = paas(&args, &env).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        let line = run.error_line();
        assert!(line.contains("another endpoint"), "{line}");
    }
    assert!(mock.requests().is_empty(), "{:?}", mock.requests());
    // Written percent-encoded, the dots are an id like any other, sent to the operation's path.
    let run = paas(&["recipients", "delete", "%2e%2E", "--yes"], &env).await;
    assert_eq!(
        run.code, 1,
        "the mock has no such recipient: {}",
        run.stderr
    );
    let sent = mock.requests().pop().expect("sent");
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/v1/recipients/%252e%252E")
    );
    assert!(!sent.path.is_empty() && sent.header("authorization").is_some());
    let _ = TOKEN;
}

/// `paas` with `args`, the mock's environment, and an endless standard input.
fn run_with_endless_stdin(args: &[&str], env: &[(String, String)]) -> (i32, String, Duration) {
    let cache = crate::common::scratch();
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("paas"));
    command
        .args(args)
        .env("XDG_CACHE_HOME", cache.path())
        .env("HOME", cache.path())
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("paas runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 16];
        // Until paas stops reading (a broken pipe): a stream that never ends.
        while stdin.write_all(&chunk).is_ok() {}
    });
    let output = child.wait_with_output().expect("paas ends");
    let elapsed = started.elapsed();
    writer.join().expect("the writer ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr, elapsed)
}

#[tokio::test(flavor = "multi_thread")]
async fn endless_and_oversized_inputs_stop_at_their_limit() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let args = ["keys", "create", "--body", "/dev/zero"];
    let started = Instant::now();
    let zero = paas(&args, &env).await;
    assert_eq!(zero.code, 2, "{}", zero.stderr);
    assert!(
        zero.error_line()
            .contains("larger than the limit of 8388608 bytes"),
        "{}",
        zero.stderr
    );
    // A generous bound that catches an unbounded read, not a timing measurement.
    assert!(started.elapsed() < Duration::from_secs(20));
    let env_stdin = env.clone();
    let (code, stderr, elapsed) = tokio::task::spawn_blocking(move || {
        run_with_endless_stdin(&["keys", "create", "--body", "-"], &env_stdin)
    })
    .await
    .expect("the run ends");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("stdin is larger than the limit"),
        "{stderr}"
    );
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
    let mut huge = env.clone();
    huge.push(("PAAS_ACCEPT_LANGUAGE".into(), "x".repeat(100_000)));
    let run = paas(&["tokens", "list"], &huge).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.error_line()
            .contains("PAAS_ACCEPT_LANGUAGE is 100000 bytes long"),
        "{}",
        run.stderr
    );
    assert!(mock.requests().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_says_secrets_go_in_the_environment() {
    let help = paas(&["--help"], &[]).await;
    assert!(
        help.stdout
            .contains("PAAS_TOKEN: a flag's value is visible"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("`ps`"), "{}", help.stdout);
}
