//! Another team's program: one typed call through the packaged client against the packaged
//! embedded mock, on loopback.

use passport_paas::prelude::*;
use passport_paas_mock::{MockConfig, MockServer};

#[tokio::main]
async fn main() -> Result<(), passport_paas::Error> {
    let mut config = MockConfig::default();
    config.tokens.push("consumer-token".into());
    let mock = MockServer::start(config)
        .await
        .expect("the mock starts on loopback");
    let client = Client::builder()
        .base_url(mock.url())
        .bearer_token("consumer-token")
        .build()?;
    let page = client.list_tokens().call().await?;
    println!("consumer: {} tokens on page 1", page.tokens.len());
    assert!(!page.tokens.is_empty(), "the mock serves the spec's example");
    Ok(())
}
