//! Snapshots derived from the spec: for every operation in the operation table, the request
//! the client sends with every parameter set (values from the spec's examples, else drawn from
//! the schemas) and the parsed result of every documented response that has an example.
//!
//! One test per operation, named by its `operationId` and generated from the operation table
//! (a `libtest-mimic` harness), so one `cargo test` run records every changed and new snapshot
//! and a failure names its operation. Nothing here names an operation: a parameter or an
//! operation added to the spec shows up as a changed or new snapshot in `cargo insta review`,
//! with no test edit.

mod support;

use libtest_mimic::{Arguments, Failed, Trial};
use passport_paas::dynamic::{Input, call};
use passport_paas_mock::Fault;
use passport_paas_spec::instances::{Deviations, Generator};
use passport_paas_spec::{Location, Operation, Spec, Status};
use serde_json::Value;

fn spec() -> Spec {
    Spec::parse(passport_paas::SPEC_YAML).expect("the shipped spec parses")
}

/// A stable seed per operation, so drawn values do not move when others are added.
fn seed(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every parameter set, and the body: examples first, else instances of the schemas.
fn full_input(spec: &Spec, operation: &Operation) -> Input {
    let mut generator = Generator::new(spec.root(), seed(&operation.id), Deviations::default());
    let mut input = Input::new();
    for parameter in &operation.parameters {
        let value = parameter
            .example
            .clone()
            .unwrap_or_else(|| generator.instance(&parameter.schema));
        // Path parameters travel as text whatever their type.
        let value = match (parameter.location, value) {
            (Location::Path, Value::Number(n)) => Value::String(n.to_string()),
            (_, value) => value,
        };
        input = input.with_parameter(parameter.name.clone(), value);
    }
    if let Some(body) = &operation.body {
        let value = body
            .examples
            .first()
            .map(|e| e.value.clone())
            .unwrap_or_else(|| {
                Generator::new(spec.root(), seed(&operation.id), Deviations::default())
                    .complete()
                    .instance(&body.schema)
            });
        input = input.with_body(value);
    }
    input
}

fn outcome(result: &Result<Value, passport_paas::Error>) -> String {
    match result {
        Ok(value) => format!(
            "ok: {}",
            serde_json::to_string_pretty(value).expect("json prints")
        ),
        Err(error) => format!("error ({:?}): {error}", error.side()),
    }
}

fn main() {
    let arguments = Arguments::from_args();
    let spec = spec();
    assert!(spec.api.operations.len() >= 36, "the whole documented API");
    let trials = spec
        .api
        .operations
        .iter()
        .map(|operation| {
            let id = operation.id.clone();
            Trial::test(id.clone(), move || run(&id))
        })
        .collect();
    libtest_mimic::run(&arguments, trials).exit();
}

/// One operation's snapshot, on a runtime and a mock of its own; a failed assertion (a
/// changed snapshot included) is this trial's failure, not the harness's.
fn run(id: &str) -> Result<(), Failed> {
    let outcome = std::panic::catch_unwind(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a test runtime");
        let text = runtime.block_on(snapshot_text(id));
        insta::assert_snapshot!(id.to_owned(), text);
    });
    outcome.map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "the test panicked".into());
        Failed::from(message)
    })
}

/// The request and every documented answer of one operation, as the snapshot shows them.
async fn snapshot_text(id: &str) -> String {
    let spec = spec();
    let operation = spec
        .api
        .operations
        .iter()
        .find(|operation| operation.id == id)
        .expect("the operation is in the table");
    let mock = support::mock().await;
    // No retries: each documented answer is parsed as it comes, a 500 included.
    let client = support::builder(&mock)
        .retry_policy(passport_paas::RetryPolicy::none())
        .build()
        .expect("the test client builds");
    let mut text = String::new();
    let input = full_input(&spec, operation);
    // The success example is answered first, so the request is shown even when the mock
    // would refuse the drawn values; then every other documented example.
    let mut answers: Vec<(u16, String, Option<Value>)> = Vec::new();
    for response in &operation.responses {
        let Status::Code(code) = response.status else {
            continue;
        };
        match response.content.as_ref().and_then(|c| c.examples.first()) {
            Some(example) => answers.push((
                code,
                example.name.clone().unwrap_or_else(|| "example".into()),
                Some(example.value.clone()),
            )),
            None if response.content.is_none() && response.status.is_success() => {
                answers.push((code, "no body".into(), None));
            }
            None => {}
        }
    }
    answers.sort_by_key(|(code, _, _)| !(200..300).contains(code));
    for (index, (status, name, body)) in answers.iter().enumerate() {
        match body {
            Some(body) => mock.push_fault(Fault::json(*status, body.to_string())),
            None => mock.push_fault(Fault::body(*status, "application/json", "")),
        }
        let before = mock.requests().len();
        let result = call(&client, &operation.id, &input).await.result;
        let requests = mock.requests();
        if index == 0 {
            text.push_str("# request\n");
            match requests.get(before) {
                Some(request) => text.push_str(&support::wire(request)),
                None => text.push_str("(not sent)"),
            }
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "# response {status} ({name})\n{}\n\n",
            outcome(&result)
        ));
    }
    text.trim_end().to_owned()
}
