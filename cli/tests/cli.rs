//! `paas` end to end, as a process, against loopback mocks: every flag reaches the wire with
//! the right name and encoding, outputs are snapshotted, exit codes are checked, and secrets
//! stay out of every stream.

use std::collections::HashSet;

use assert_cmd::Command;
use passport_paas_mock::{MockConfig, MockServer};

const TOKEN: &str = "cli-test-token-0001";
const CLIENT: (&str, &str) = ("cli-client", "cli-client-secret-0001");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn mock(config: MockConfig) -> MockServer {
    let config = MockConfig {
        tokens: vec![TOKEN.into()],
        client_credentials: vec![(CLIENT.0.into(), CLIENT.1.into())],
        ..config
    };
    MockServer::start(config).await.unwrap()
}

/// Runs `paas` with `args` and the given PAAS_* variables (all others removed).
async fn paas(args: &[&str], env: &[(&str, &str)]) -> Run {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let mut command = Command::cargo_bin("paas").unwrap();
        for name in [
            "PAAS_BASE_URL",
            "PAAS_TOKEN",
            "PAAS_CLIENT_ID",
            "PAAS_CLIENT_SECRET",
            "PAAS_ACCEPT_LANGUAGE",
        ] {
            command.env_remove(name);
        }
        command.envs(env).args(args).write_stdin("");
        let output = command.output().unwrap();
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        for secret in [TOKEN, CLIENT.1] {
            assert!(
                !run.stderr.contains(secret),
                "a secret reached stderr: {}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        run
    })
    .await
    .unwrap()
}

fn bearer(mock: &MockServer) -> [(&'static str, String); 2] {
    [
        ("PAAS_BASE_URL", mock.url()),
        ("PAAS_TOKEN", TOKEN.to_string()),
    ]
}

fn env_ref<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_list_flag_reaches_the_wire() {
    let mock = mock(MockConfig {
        generated_tokens: Some(40),
        require_snapshot: false,
        ..MockConfig::default()
    })
    .await;
    let env = bearer(&mock);
    let args = [
        "tokens",
        "list",
        "--page-size",
        "5",
        "--page",
        "2",
        "--order-key",
        "created_at",
        "--order-direction",
        "desc",
        "--account-id",
        "acc 0001&x=1",
        "--user-id",
        "usr_ñ",
        "--grant-flow",
        "login",
        "--role",
        "admin",
        "--accept-language",
        "es",
        "-o",
        "json",
    ];
    let run = paas(&args, &env_ref(&env)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let request = mock.requests().pop().unwrap();
    let line = format!(
        "{} {}?{}\naccept-language: {}",
        request.method,
        request.path,
        request.query.clone().unwrap(),
        request.header("accept-language").unwrap()
    );
    insta::assert_snapshot!(line);
}

#[tokio::test(flavor = "multi_thread")]
async fn grant_flow_names_and_unknown_values() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let mut lines = Vec::new();
    for flow in [
        "client-credentials",
        "password",
        "entity-setup",
        "login",
        "GRANT_FLOW_LOGIN",
        "GRANT_FLOW_FROM_THE_FUTURE",
    ] {
        let run = paas(&["tokens", "list", "--grant-flow", flow], &env_ref(&env)).await;
        let query = mock.requests().pop().unwrap().query.unwrap();
        lines.push(format!("{flow} -> {query} (exit {})", run.code));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn all_pages_as_ndjson_print_every_token_once() {
    let mock = mock(MockConfig {
        generated_tokens: Some(57),
        ..MockConfig::default()
    })
    .await;
    let env = bearer(&mock);
    let run = paas(
        &[
            "tokens",
            "list",
            "--all",
            "--page-size",
            "10",
            "--output",
            "ndjson",
        ],
        &env_ref(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<String> = run
        .stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["token_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 57);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 57);
    assert_eq!(mock.requests().len(), 6, "6 pages of 10");
}

#[tokio::test(flavor = "multi_thread")]
async fn outputs_table_json_and_get() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let env = env_ref(&env);
    let table = paas(&["tokens", "list", "-o", "table"], &env).await;
    let get = paas(
        &[
            "tokens",
            "get",
            "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "-o",
            "json",
        ],
        &env,
    )
    .await;
    let get_table = paas(
        &[
            "tokens",
            "get",
            "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "-o",
            "table",
        ],
        &env,
    )
    .await;
    let snapshot_line = table.stdout.lines().last().unwrap().to_owned();
    let table = table
        .stdout
        .replace(snapshot_line.rsplit(' ').next().unwrap(), "[SNAPSHOT]");
    insta::assert_snapshot!(format!(
        "{table}\n-- get json --\n{}\n-- get table --\n{}",
        get.stdout, get_table.stdout
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn revoke_needs_confirmation_and_then_revokes() {
    let mock = mock(MockConfig::default()).await;
    let env = bearer(&mock);
    let env = env_ref(&env);
    let id = "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90";
    let refused = paas(&["tokens", "revoke", id], &env).await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        mock.requests().is_empty(),
        "nothing sent without confirmation"
    );
    let revoked = paas(&["tokens", "revoke", id, "--yes", "-o", "json"], &env).await;
    assert_eq!(revoked.code, 0, "{}", revoked.stderr);
    let again = paas(&["tokens", "revoke", id, "--yes"], &env).await;
    assert_eq!(again.code, 1);
    let request = &mock.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.body.as_str()),
        ("DELETE", format!("{{\"token_id\":\"{id}\"}}").as_str())
    );
    insta::assert_snapshot!(format!("{}{}", revoked.stdout, again.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_codes_and_error_lines() {
    let mock = mock(MockConfig::default()).await;
    let wrong_token = paas(
        &["tokens", "list"],
        &[
            ("PAAS_BASE_URL", &mock.url()),
            ("PAAS_TOKEN", "wrong-token"),
        ],
    )
    .await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let unreachable = paas(
        &["tokens", "list"],
        &[("PAAS_BASE_URL", &closed), ("PAAS_TOKEN", TOKEN)],
    )
    .await;
    let bad_usage = paas(&["tokens", "list", "--page", "0"], &[]).await;
    let bad_id = paas(&["tokens", "get", "not-a-uuid"], &[]).await;
    let half_credentials = paas(&["tokens", "list"], &[("PAAS_CLIENT_ID", "x")]).await;
    assert_eq!(wrong_token.code, 1);
    assert_eq!(unreachable.code, 3);
    assert_eq!(bad_usage.code, 2);
    assert_eq!(bad_id.code, 2);
    assert_eq!(half_credentials.code, 2);
    for run in [&wrong_token, &unreachable, &half_credentials] {
        assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    }
    let unreachable_line = unreachable.stderr.replace(&closed, "[URL]");
    insta::assert_snapshot!(format!(
        "{}{}{}",
        wrong_token.stderr, unreachable_line, half_credentials.stderr
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_token_redacts_unless_asked() {
    let mock = mock(MockConfig::default()).await;
    let env = [
        ("PAAS_BASE_URL", mock.url()),
        ("PAAS_CLIENT_ID", CLIENT.0.to_string()),
        ("PAAS_CLIENT_SECRET", CLIENT.1.to_string()),
    ];
    let env = env_ref(&env);
    let hidden = paas(&["auth", "token", "-o", "json"], &env).await;
    assert_eq!(hidden.code, 0, "{}", hidden.stderr);
    let value: serde_json::Value = serde_json::from_str(&hidden.stdout).unwrap();
    assert_eq!(value["access_token"], "[REDACTED]");
    assert!(!hidden.stdout.contains("mock-access-"));
    let shown = paas(&["auth", "token", "--show-secret", "-o", "table"], &env).await;
    assert!(
        shown.stdout.trim().starts_with("mock-access-"),
        "{}",
        shown.stdout
    );
    let listed = paas(&["tokens", "list", "-o", "ndjson"], &env).await;
    assert_eq!(
        listed.code, 0,
        "client credentials work for the list too: {}",
        listed.stderr
    );
    let no_credentials = paas(
        &["auth", "token"],
        &[("PAAS_BASE_URL", &mock.url()), ("PAAS_TOKEN", TOKEN)],
    )
    .await;
    assert_eq!(no_credentials.code, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_default_needs_no_environment() {
    let run = paas(&["tokens", "list", "-o", "ndjson"], &[]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("embedded mock"), "{}", run.stderr);
    // The spec's two example tokens, and the one the embedded mock issued to this session.
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    for id in [
        "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90",
        "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    ] {
        assert!(run.stdout.contains(id), "{}", run.stdout);
    }
    let issued = paas(&["auth", "token", "-o", "json"], &[]).await;
    assert_eq!(issued.code, 0, "{}", issued.stderr);
}
