//! The documented flows from `paas`, across separate invocations, against the embedded mock
//! with a state file of the test's own: writes with `--mock`, reads with no environment at
//! all, ids chained with `--field`.

use std::path::Path;

use serde_json::Value;

use crate::common::{Run, paas_with_state, scratch};

/// Runs a step that must succeed; returns its stdout trimmed.
async fn step(args: &[&str], state: &Path) -> String {
    let run: Run = paas_with_state(args, state, "").await;
    assert_eq!(run.code, 0, "paas {}: {}", args.join(" "), run.stderr);
    assert!(run.stderr.contains("embedded mock"), "{}", run.stderr);
    run.stdout.trim().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_payment_flow_runs_from_paas() {
    let dir = scratch();
    let state = dir.path().join("mock-state.json");
    let customer = link_merchant(&state).await;
    // A read needs no --mock: it sees what the write left in the state file.
    let account = step(
        &[
            "accounts",
            "list",
            "--customer-id",
            &customer,
            "--field",
            "id",
        ],
        &state,
    )
    .await;
    assert_eq!(
        account.lines().count(),
        1,
        "one account per linked merchant: {account}"
    );
    let resolution = register_and_resolve(&state, &customer, &account).await;
    let id = initiate(&state, &account, &resolution).await;
    confirm_once_only(&state, &id).await;
    list_and_show(&state, &account, &id).await;
}

/// `paas customers link-merchant`, every field a flag; the customer id.
async fn link_merchant(state: &Path) -> String {
    step(
        &[
            "customers",
            "link-merchant",
            "--mock",
            "--type",
            "BUSINESS",
            "--business-name",
            "Tienda",
            "--email",
            "t@example.com",
            "--mobile-phone-number",
            "573956158117",
            "--identification-type",
            "NIT",
            "--identification-number",
            "903978023",
            "--address-line-1",
            "Calle 1",
            "--address-city",
            "Bogota",
            "--address-state",
            "DC",
            "--address-post-code",
            "110111",
            "--address-country",
            "CO",
            "--merchant-category-code",
            "0412",
            "--field",
            "id",
        ],
        state,
    )
    .await
}

/// Registers a phone key on the account and resolves it; the resolution id.
async fn register_and_resolve(state: &Path, customer: &str, account: &str) -> String {
    let key = ["--key-type", "phone", "--key-value", "3001234567"];
    let mut create = vec![
        "keys",
        "create",
        "--mock",
        "--account-id",
        account,
        "--field",
        "key.key_type",
    ];
    create.extend(key);
    assert_eq!(step(&create, state).await, "PHONE");
    let mut resolve = vec![
        "keys",
        "resolve",
        "--mock",
        "--customer-id",
        customer,
        "--field",
        "id",
    ];
    resolve.extend(key);
    step(&resolve, state).await
}

/// Initiates a payment to the resolution: pending, the amount as sent; its id.
async fn initiate(state: &Path, account: &str, resolution: &str) -> String {
    let initiated = step(
        &[
            "payments",
            "initiate-breb",
            "--mock",
            "--account-id",
            account,
            "--resolution-id",
            resolution,
            "--amount-value",
            "100000.50",
            "--amount-currency",
            "COP",
            "-o",
            "json",
        ],
        state,
    )
    .await;
    let payment: Value = serde_json::from_str(&initiated).expect("JSON");
    assert_eq!(
        (&payment["status"], &payment["amount"]["value"]),
        (&Value::from("PENDING"), &Value::from("100000.50"))
    );
    payment["id"].as_str().expect("a payment id").to_owned()
}

/// Confirming settles the payment; confirming it again is refused (exit 1).
async fn confirm_once_only(state: &Path, id: &str) {
    let confirm = ["payments", "confirm-breb", "--mock", "--id", id];
    let mut settled = confirm.to_vec();
    settled.extend(["--field", "status"]);
    assert_eq!(step(&settled, state).await, "SETTLED");
    let again = paas_with_state(&confirm, state, "").await;
    assert_eq!(
        again.code, 1,
        "confirming twice is refused: {}",
        again.stderr
    );
}

/// The account's list holds the settled payment; `get` shows it as a table.
async fn list_and_show(state: &Path, account: &str, id: &str) {
    let listed = step(
        &["payments", "list", "--account-id", account, "-o", "ndjson"],
        state,
    )
    .await;
    let listed: Vec<Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0]["id"].as_str(), listed[0]["status"].as_str()),
        (Some(id), Some("SETTLED"))
    );
    let table = step(&["payments", "get", id, "-o", "table"], state).await;
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("status") && l.ends_with("SETTLED")),
        "{table}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_qr_code_is_created_listed_read_and_deleted_from_paas() {
    let dir = scratch();
    let state = dir.path().join("mock-state.json");
    let count = [
        "qr-codes",
        "list",
        "--field",
        "pagination_info.total_elements",
    ];
    let before = step(&count, &state).await;
    let keys = step(&["keys", "list", "--field", "id"], &state).await;
    let customers = step(&["customers", "list", "--field", "id"], &state).await;
    let (Some(key), Some(customer)) = (keys.lines().next(), customers.lines().next()) else {
        panic!("the spec's examples hold a key and a customer: {keys} / {customers}");
    };
    let qr = step(
        &[
            "qr-codes",
            "create",
            "--mock",
            "--key-id",
            key,
            "--customer-id",
            customer,
            "--type",
            "STATIC",
            "--channel",
            "POS",
            "--additional-info-transaction-purpose",
            "00",
            "--field",
            "id",
        ],
        &state,
    )
    .await;
    let total = step(
        &[
            "qr-codes",
            "list",
            "--qr-code-id",
            &qr,
            "--field",
            "pagination_info.total_elements",
        ],
        &state,
    )
    .await;
    assert_eq!(total, "1");
    assert_eq!(
        step(&["qr-codes", "get", &qr, "--field", "id"], &state).await,
        qr
    );
    let unconfirmed = paas_with_state(&["qr-codes", "delete", &qr, "--mock"], &state, "").await;
    assert_eq!(
        unconfirmed.code, 2,
        "a delete needs --yes off a terminal: {}",
        unconfirmed.stderr
    );
    let unasked = paas_with_state(&["qr-codes", "delete", &qr, "--yes"], &state, "").await;
    assert_eq!(
        unasked.code, 2,
        "a delete needs --mock on the embedded mock: {}",
        unasked.stderr
    );
    step(&["qr-codes", "delete", &qr, "--mock", "--yes"], &state).await;
    let gone = paas_with_state(&["qr-codes", "get", &qr], &state, "").await;
    assert_eq!(gone.code, 1, "{}", gone.stderr);
    assert!(gone.error_line().contains("404"), "{}", gone.stderr);
    // `paas mock reset` forgets everything: the spec's examples are back, the QR code is not.
    let reset = paas_with_state(&["mock", "reset"], &state, "").await;
    assert_eq!(reset.code, 0, "{}", reset.stderr);
    assert!(!state.exists());
    assert_eq!(step(&count, &state).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_runs_lose_no_write_and_a_dead_runs_lock_is_taken_over() {
    let dir = scratch();
    let state = dir.path().join("mock-state.json");
    let account = step(&["accounts", "list", "--field", "id"], &state).await;
    let account = account
        .lines()
        .next()
        .expect("an example account")
        .to_owned();
    let creates = (0..4).map(|n| {
        let value = format!("300123456{n}");
        let state = state.clone();
        let account = account.clone();
        async move {
            let args = [
                "keys",
                "create",
                "--mock",
                "--account-id",
                &account,
                "--key-type",
                "PHONE",
                "--key-value",
                &value,
                "--field",
                "id",
            ];
            paas_with_state(&args, &state, "").await
        }
    });
    for run in futures::future::join_all(creates).await {
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let values = step(
        &[
            "keys",
            "list",
            "--page-size",
            "100",
            "--field",
            "key.key_value",
        ],
        &state,
    )
    .await;
    for n in 0..4 {
        assert!(values.contains(&format!("300123456{n}")), "{values}");
    }
    // A lock file left behind by a run that died holds no OS lock: the next run goes on.
    std::fs::write(dir.path().join("mock-state.json.lock"), "4194303").expect("a lock");
    let started = std::time::Instant::now();
    step(&["keys", "list"], &state).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
