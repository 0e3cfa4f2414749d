//! `paas webhooks listen` and `trigger` as processes against the embedded mock: an inbound
//! payment's event, authorization request and outcome arrive verified and are printed as
//! ndjson; a forged delivery is refused; the secret is never printed; trigger without a
//! listener is a local error.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{is_unsafe, paas_in, scratch};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn listen(cache: &std::path::Path, args: &[&str]) -> std::process::Child {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("paas"));
    for (name, _) in std::env::vars() {
        if name.starts_with("PAAS_") {
            command.env_remove(name);
        }
    }
    command
        .env("XDG_CACHE_HOME", cache)
        .env("HOME", cache)
        .env("PAAS_WEBHOOK_SECRET", SECRET)
        .args(["webhooks", "listen"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("paas starts")
}

/// The listener's URL, from its first stderr line; the rest of stderr, read on a thread.
fn address(child: &mut std::process::Child) -> (String, std::thread::JoinHandle<String>) {
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_owned();
    let rest = std::thread::spawn(move || {
        let mut text = first;
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    (url, rest)
}

fn wait(child: &mut std::process::Child) -> i32 {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("listen did not stop after --count deliveries");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn listen_and_trigger_close_the_loop_on_one_machine() {
    let cache = scratch();
    let mut child = listen(cache.path(), &["--count", "3", "-o", "ndjson"]);
    let (url, stderr) = address(&mut child);

    // A forged delivery is refused with the verifier's status and never counted.
    let forged = forged_delivery(&url);
    assert_eq!(forged, 401);

    let trigger = paas_in(
        &[
            "webhooks".into(),
            "trigger".into(),
            "payment.inbound.received".into(),
        ],
        &[],
        "",
        cache.path(),
    );
    assert_eq!(trigger.code, 0, "{trigger:?}");
    assert_eq!(
        trigger.stdout.matches("→ 200").count() + trigger.stdout.matches("\"status\": 200").count(),
        3,
        "{}",
        trigger.stdout
    );

    assert_eq!(wait(&mut child), 0);
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    let stderr = stderr.join().unwrap();
    records_hold_the_flow(&stdout);
    assert!(
        stderr.contains("refused a delivery to /paymentEvent"),
        "{stderr}"
    );
    for text in [&stdout, &stderr, &trigger.stdout, &trigger.stderr] {
        assert!(
            !text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            "the secret was printed: {text}"
        );
        assert!(!text.chars().any(is_unsafe), "{text:?}");
    }
    // The listener unregistered itself: trigger now has nowhere to send.
    let orphan = paas_in(
        &[
            "webhooks".into(),
            "trigger".into(),
            "payment.settled".into(),
        ],
        &[],
        "",
        cache.path(),
    );
    assert_eq!(orphan.code, 2, "{orphan:?}");
    assert!(
        orphan.error_line().contains("no `paas webhooks listen`"),
        "{orphan:?}"
    );
}

/// A delivery with a made-up signature, sent to the listener; the status it answered.
fn forged_delivery(url: &str) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::new()
            .post(format!("{url}/paymentEvent"))
            .header("webhook-id", "msg_forged")
            .header("webhook-timestamp", chrono_now().to_string())
            .header(
                "webhook-signature",
                "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            )
            .body(r#"{"event":"payment.settled"}"#)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
}

/// The listener's ndjson: the inbound payment's event, its authorization (accepted), the
/// settlement, each valid against its callback schema.
fn records_hold_the_flow(stdout: &str) {
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("ndjson"))
        .collect();
    let callbacks: Vec<&str> = records
        .iter()
        .map(|r| r["callback"].as_str().unwrap())
        .collect();
    assert_eq!(
        callbacks,
        [
            "paymentEvent",
            "inboundPaymentAuthorization",
            "paymentEvent"
        ],
        "{stdout}"
    );
    assert_eq!(records[0]["payload"]["event"], "payment.inbound.received");
    assert_eq!(records[1]["answer"]["body"]["accept"], true);
    assert_eq!(records[2]["payload"]["event"], "payment.settled");
    assert_eq!(records[2]["payload"]["payment"]["status"], "SETTLED");
    assert!(
        records
            .iter()
            .all(|r| r["schema_violations"] == serde_json::json!([])),
        "{stdout}"
    );
}

fn chrono_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn a_payment_initiated_from_paas_reaches_the_listener() {
    let cache = scratch();
    let mut child = listen(cache.path(), &["--count", "1", "-o", "json"]);
    let (_url, stderr) = address(&mut child);
    let first = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let run = paas_in(&args, &[], "", cache.path());
        assert_eq!(run.code, 0, "{run:?}");
        run.stdout.lines().next().unwrap_or_default().to_owned()
    };
    let account = first(&["accounts", "list", "--field", "id"]);
    let recipient = first(&["recipients", "list", "--field", "id"]);
    let payment = first(&[
        "payments",
        "initiate-ach",
        "--mock",
        "--account-id",
        &account,
        "--recipient-id",
        &recipient,
        "--amount-value",
        "10",
        "--amount-currency",
        "COP",
        "--description",
        "x",
        "--field",
        "id",
    ]);
    assert_eq!(wait(&mut child), 0, "{}", stderr.join().unwrap());
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    let record: Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(record["payload"]["event"], "payment.outbound.initiated");
    assert_eq!(record["payload"]["payment"]["id"], payment.as_str());
}
