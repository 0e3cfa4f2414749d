//! A Bre-B payment end to end, with the typed client: link a merchant, list its accounts,
//! register a Bre-B key, resolve it, initiate a payment to it, confirm the payment and list
//! the account's payments.
//!
//! `cargo run --example breb_payment` runs against the embedded spec-driven mock (no
//! credentials, no network). With `PAAS_BASE_URL` and `PAAS_TOKEN` set, it runs against that
//! server instead — in a sandbox only: it creates a customer and moves money.

use std::process::ExitCode;

use futures::TryStreamExt;
use passport_paas::prelude::*;
use passport_paas::printable;
use passport_paas_mock::{MockConfig, MockServer};

/// What can stop the example: a call's error, or its own reason.
type Failure = Box<dyn std::error::Error + Send + Sync>;

/// The token the embedded mock accepts; it only ever travels over loopback.
const DEMO_TOKEN: &str = "demo-token-for-the-embedded-mock";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let mut line = format!("error: {error}");
            let mut cause = error.source();
            while let Some(reason) = cause {
                line.push_str(&format!(": {reason}"));
                cause = reason.source();
            }
            eprintln!("{line}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Failure> {
    let (client, _mock) = connect().await?;
    let customer = link_merchant(&client).await?;
    let accounts: Vec<types::Account> = client
        .list_accounts()
        .customer_id(customer.id.clone())
        .items()
        .try_collect()
        .await?;
    let account = accounts
        .first()
        .ok_or_else(|| Failure::from("the merchant has no account"))?;
    println!("its account {}", printable(&account.id));
    let resolution_id = register_and_resolve(&client, &customer, account).await?;
    pay(&client, account, resolution_id).await?;
    list_payments(&client, account).await
}

/// Links a merchant (a business customer); the mock opens its account.
async fn link_merchant(client: &Client) -> Result<types::Customer, Failure> {
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
                .address(
                    types::CustomerAddress::builder()
                        .line_1(Some("Calle 10 # 5-20".to_owned()))
                        .city(Some("Bogotá".to_owned()))
                        .state(Some("Cundinamarca".to_owned()))
                        .post_code(Some("110111".to_owned()))
                        .country(Some("CO".to_owned())),
                ),
        )
        .call()
        .await?;
    println!("linked merchant {}", printable(&customer.id));
    Ok(customer)
}

/// Registers a phone key on the account and resolves it; the resolution's id.
async fn register_and_resolve(
    client: &Client,
    customer: &types::Customer,
    account: &types::Account,
) -> Result<String, Failure> {
    let key = types::KeyReference::builder()
        .key_type(types::KeyType::Phone)
        .key_value("3001234567");
    let created = client
        .create_key()
        .body(
            types::CreateKeyRequest::builder()
                .account_id(account.id.clone())
                .key(key.clone()),
        )
        .call()
        .await?;
    println!("registered Bre-B key {}", printable(&created.id));
    let resolution = client
        .resolve_key()
        .body(
            types::ResolveKeyRequest::builder()
                .customer_id(customer.id.clone())
                .key(key),
        )
        .call()
        .await?;
    let resolution_id = resolution
        .id
        .clone()
        .ok_or_else(|| Failure::from("the resolution carries no id"))?;
    println!("resolved the key: resolution {}", printable(&resolution_id));
    Ok(resolution_id)
}

/// Initiates a payment to the resolved key and confirms it.
async fn pay(
    client: &Client,
    account: &types::Account,
    resolution_id: String,
) -> Result<(), Failure> {
    // Money is a decimal string end to end: it never passes through a float.
    let payment = client
        .initiate_breb_payment()
        .body(
            types::InitiateBrebPaymentRequest::builder()
                .account_id(account.id.clone())
                .resolution_id(resolution_id)
                .amount(
                    types::Money::builder()
                        .value("150000.50")
                        .currency(types::Currency::Cop),
                ),
        )
        .call()
        .await?;
    println!(
        "initiated payment {} ({})",
        printable(&payment.id),
        status(&payment)
    );
    let confirmed = client
        .confirm_breb_payment()
        .body(types::ConfirmBrebPaymentRequest::builder().id(payment.id.clone()))
        .call()
        .await?;
    println!(
        "confirmed payment {} ({})",
        printable(&confirmed.id),
        status(&confirmed)
    );
    Ok(())
}

/// Every payment of the account, every page.
async fn list_payments(client: &Client, account: &types::Account) -> Result<(), Failure> {
    let payments: Vec<types::Payment> = client
        .list_payments()
        .account_id(account.id.clone())
        .items()
        .try_collect()
        .await?;
    for payment in &payments {
        let amount = payment
            .amount
            .as_ref()
            .map(|m| printable(&format!("{} {}", m.value.as_str(), m.currency)))
            .unwrap_or_default();
        let id = printable(&payment.id);
        println!("payment {id}  {amount}  {}", status(payment));
    }
    Ok(())
}

/// A payment's status as the API spells it (an unknown one as sent, made printable).
fn status(payment: &types::Payment) -> String {
    payment
        .status
        .as_ref()
        .map_or_else(|| "-".to_owned(), |s| printable(s.as_str()))
}

/// A client for `PAAS_BASE_URL` and `PAAS_TOKEN`, or for an embedded mock when they are unset.
async fn connect() -> Result<(Client, Option<MockServer>), Failure> {
    let base_url = std::env::var("PAAS_BASE_URL")
        .ok()
        .filter(|v| !v.is_empty());
    let token = std::env::var("PAAS_TOKEN").ok().filter(|v| !v.is_empty());
    if let Some(url) = base_url {
        let mut builder = Client::builder().base_url(url);
        if let Some(token) = token {
            builder = builder.bearer_token(token);
        }
        return Ok((builder.build()?, None));
    }
    let mock = MockServer::start(MockConfig {
        tokens: vec![DEMO_TOKEN.into()],
        ..MockConfig::default()
    })
    .await
    .map_err(|error| Failure::from(format!("cannot start the embedded mock: {error}")))?;
    eprintln!(
        "PAAS_BASE_URL is not set: using the embedded mock at {}",
        mock.url()
    );
    let client = Client::builder()
        .base_url(mock.url())
        .bearer_token(DEMO_TOKEN)
        .build()?;
    Ok((client, Some(mock)))
}
