//! Receiving events: a verified, typed webhook receiver fed by the embedded mock.
//!
//! `cargo run --example webhooks` (no environment needed) starts a receiver on loopback
//! (`webhooks::receiver`, feature `webhooks-receiver`), points the embedded mock's webhook
//! settings at it (as the dashboard's *Platform > Webhooks* would), and runs a Bre-B payment:
//! link a merchant → register and resolve a key → initiate → confirm. Each state change
//! arrives as a signed payment event, verified and parsed into the spec's generated types.
//! Then an inbound payment arrives: the mock asks the authorization callback, which accepts
//! amounts up to 1,000,000 COP within the deadline, and announces the outcome.

use std::sync::{Arc, Mutex};

use passport_paas::Secret;
use passport_paas::prelude::*;
use passport_paas::printable;
use passport_paas::webhooks::receiver::{Outcome, Receiver};
use passport_paas::webhooks::{Delivery, Event, Verifier};
use passport_paas_mock::{MockConfig, MockServer, WebhookConfig};

/// What can stop the example: a call's error, or its own reason.
type Failure = Box<dyn std::error::Error + Send + Sync>;

/// The token the embedded mock accepts; it only ever travels over loopback.
const DEMO_TOKEN: &str = "demo-token-for-the-embedded-mock";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(_) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            let mut line = format!("error: {error}");
            let mut cause = error.source();
            while let Some(reason) = cause {
                line.push_str(&format!(": {reason}"));
                cause = reason.source();
            }
            eprintln!("{line}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs the demo; returns the lines the receiver printed.
pub async fn run() -> Result<Vec<String>, Failure> {
    // A fresh Secret Token for this run, in the Standard Webhooks form (`whsec_<base64>`).
    let secret = format!("whsec_{}", demo_key());
    let printed: Arc<Mutex<Vec<String>>> = Arc::default();
    let receiver = receiver(Secret::new(secret.clone()), Arc::clone(&printed))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|error| Failure::from(format!("cannot listen on loopback: {error}")))?;
    let receiver_url = format!(
        "http://{}",
        listener
            .local_addr()
            .map_err(|e| Failure::from(e.to_string()))?
    );
    tokio::spawn(receiver.serve(listener));
    println!("receiver listening on {receiver_url}");

    let mock = MockServer::start(MockConfig {
        tokens: vec![DEMO_TOKEN.into()],
        webhooks: Some(WebhookConfig::new(receiver_url, secret)),
        ..MockConfig::default()
    })
    .await
    .map_err(|error| Failure::from(format!("cannot start the embedded mock: {error}")))?;
    let client = Client::builder()
        .base_url(mock.url())
        .bearer_token(DEMO_TOKEN)
        .build()?;

    let account_id = pay(&client).await?;
    mock.flush_webhooks().await;
    let inbound = mock.inbound_payment(Some(&account_id), "250000").await;
    println!(
        "inbound payment {} ended {}",
        printable(inbound["id"].as_str().unwrap_or("-")),
        printable(inbound["status"].as_str().unwrap_or("-"))
    );
    let lines = printed.lock().map(|l| l.clone()).unwrap_or_default();
    Ok(lines)
}

/// The receiver: prints every verified event; decides authorizations by amount.
fn receiver(secret: Secret, printed: Arc<Mutex<Vec<String>>>) -> Result<Receiver, Failure> {
    let verifier = Verifier::new(secret).map_err(|error| Failure::from(error.to_string()))?;
    let handler = move |delivery: Delivery<Event>| {
        let printed = Arc::clone(&printed);
        async move {
            let again = if delivery.duplicate {
                " (redelivery)"
            } else {
                ""
            };
            let (line, outcome) = match &delivery.payload {
                Event::PaymentEvent(event) => {
                    let name = event.event.as_ref().map_or("-".into(), |e| e.to_string());
                    let payment = event.payment.as_ref();
                    let status = payment
                        .and_then(|p| p.status.as_ref())
                        .map_or("-".into(), |s| s.to_string());
                    let key = payment
                        .and_then(|p| p.receiver.as_ref())
                        .and_then(|r| r.key.as_ref())
                        .map(|k| k.key_value.clone())
                        .unwrap_or_else(|| "-".into());
                    (
                        format!(
                            "event {name}: payment {} {status}, receiver key {key}",
                            payment.map_or("-", |p| p.id.as_str())
                        ),
                        Outcome::Ack,
                    )
                }
                Event::InboundPaymentAuthorization(payment) => {
                    let amount = payment.amount.as_ref().map_or("0", |m| m.value.as_str());
                    let accept = amount.parse::<f64>().is_ok_and(|v| v <= 1_000_000.0);
                    (
                        format!(
                            "authorization of payment {} for {amount}: accept={accept}",
                            payment.id
                        ),
                        Outcome::Decide(accept),
                    )
                }
                other => (
                    format!("callback {}", other.callback().name()),
                    Outcome::Ack,
                ),
            };
            let line = printable(&format!("[{}]{again} {line}", delivery.id));
            println!("{line}");
            if let Ok(mut lines) = printed.lock() {
                lines.push(line);
            }
            outcome
        }
    };
    Ok(Receiver::new(verifier, handler).fallback(false))
}

/// Link a merchant, register and resolve a key, initiate and confirm a payment to it.
async fn pay(client: &Client) -> Result<String, Failure> {
    let customer = client
        .link_merchant()
        .body(
            types::LinkMerchantRequest::builder()
                .type_(types::CustomerType::Business)
                .business_name("Tienda La Esquina")
                .email("pagos@example.com")
                .mobile_phone_number("573001234567")
                .identification_type(types::IdentificationType::Nit)
                .identification_number("900123456")
                .merchant_category_code("5411")
                .address(types::CustomerAddress::builder().city(Some("Bogotá".to_owned()))),
        )
        .call()
        .await?;
    let accounts = client
        .list_accounts()
        .customer_id(customer.id.clone())
        .call()
        .await?;
    let account = accounts
        .accounts
        .first()
        .ok_or_else(|| Failure::from("the merchant has no account"))?;
    let key = types::KeyReference::builder()
        .key_type(types::KeyType::Phone)
        .key_value("3001234567");
    client
        .create_key()
        .body(
            types::CreateKeyRequest::builder()
                .account_id(account.id.clone())
                .key(key.clone()),
        )
        .call()
        .await?;
    let resolution = client
        .resolve_key()
        .body(
            types::ResolveKeyRequest::builder()
                .customer_id(customer.id.clone())
                .key(key),
        )
        .call()
        .await?;
    let payment = client
        .initiate_breb_payment()
        .body(
            types::InitiateBrebPaymentRequest::builder()
                .account_id(account.id.clone())
                .resolution_id(resolution.id.unwrap_or_default())
                .amount(
                    types::Money::builder()
                        .value("150000.50")
                        .currency(types::Currency::Cop),
                ),
        )
        .call()
        .await?;
    client
        .confirm_breb_payment()
        .body(types::ConfirmBrebPaymentRequest::builder().id(payment.id.clone()))
        .call()
        .await?;
    Ok(account.id.clone())
}

/// 24 random bytes, base64: a demo secret that no one else knows.
fn demo_key() -> String {
    use base64::Engine as _;
    let bytes: Vec<u8> = (0..24).map(|_| fastrand::u8(..)).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
