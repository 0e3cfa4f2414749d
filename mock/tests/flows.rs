//! The documented flows, end to end over HTTP against the mock, with the spec's own request
//! examples: link a merchant → list its accounts → create a Bre-B key → resolve it → initiate a
//! payment → confirm it → list payments; and a QR code's create → list → get → delete.

use passport_paas_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

const TOKEN: &str = "flow-token";

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

async fn start() -> (MockServer, Api) {
    let mock = MockServer::start(MockConfig {
        tokens: vec![TOKEN.into()],
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let api = Api {
        http: plain_http(),
        base: mock.url(),
    };
    (mock, api)
}

#[tokio::test]
async fn the_payment_flow_holds_together() {
    let (_mock, api) = start().await;
    let (customer_id, account_id) = link_merchant(&api).await;
    let resolution_id = register_and_resolve(&api, &customer_id, &account_id).await;
    let payment_id = pay(&api, &account_id, &resolution_id).await;
    listed_settled(&api, &account_id, &payment_id).await;
}

/// A linked merchant has one account: (customer id, account id).
async fn link_merchant(api: &Api) -> (String, String) {
    let (status, customer) = api
        .call(
            "POST",
            "/v1/customers/business/link",
            Some(json!({"type": "BUSINESS", "business_name": "Tienda", "email": "t@example.com",
                "mobile_phone_number": "573956158117", "identification_type": "NIT",
                "identification_number": "903978023",
                "address": {"line_1": "Calle 1", "city": "Bogota", "state": "DC", "post_code": "110111", "country": "CO"},
                "merchant_category_code": "0412"})),
        )
        .await;
    assert_eq!(status, 200, "{customer}");
    let customer_id = customer["id"].as_str().unwrap().to_owned();
    assert_eq!(customer["business_name"], "Tienda");

    let (status, accounts) = api
        .call(
            "GET",
            &format!("/v1/accounts?customer_id={customer_id}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{accounts}");
    let listed = accounts["accounts"].as_array().expect("an accounts array");
    assert_eq!(listed.len(), 1, "{accounts}");
    let account_id = listed[0]["id"].as_str().unwrap().to_owned();

    (customer_id, account_id)
}

/// A key registered on an existing account resolves; an unknown account or key does not.
async fn register_and_resolve(api: &Api, customer_id: &str, account_id: &str) -> String {
    let key = json!({"key_type": "PHONE", "key_value": "3001234567"});
    let (status, created) = api
        .call(
            "POST",
            "/v1/keys",
            Some(json!({"account_id": account_id, "key": key})),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["key"], key);

    // An unknown account is refused (with the documented 4xx); an unregistered key does not
    // resolve.
    let (status, _) = api
        .call(
            "POST",
            "/v1/keys",
            Some(json!({"account_id": "nope", "key": key})),
        )
        .await;
    assert!((400..500).contains(&status), "{status}");
    let (status, _) = api
        .call(
            "POST",
            "/v1/resolve-key",
            Some(
                json!({"customer_id": customer_id, "key": {"key_type": "PHONE", "key_value": "1"}}),
            ),
        )
        .await;
    assert_eq!(status, 404);

    let (status, resolution) = api
        .call(
            "POST",
            "/v1/resolve-key",
            Some(json!({"customer_id": customer_id, "key": key})),
        )
        .await;
    assert_eq!(status, 200, "{resolution}");
    let resolution_id = resolution["id"].as_str().unwrap().to_owned();
    assert_eq!(resolution["resolution_id"], resolution["id"]);

    resolution_id
}

/// A payment starts pending and is confirmed once: its id.
async fn pay(api: &Api, account_id: &str, resolution_id: &str) -> String {
    let (status, payment) = api
        .call(
            "POST",
            "/v1/payments/breb",
            Some(
                json!({"account_id": account_id, "resolution_id": resolution_id,
                "amount": {"value": "100000.50", "currency": "COP"}}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{payment}");
    assert_eq!(payment["status"], "PENDING");
    assert_eq!(payment["amount"]["value"], "100000.50");
    let payment_id = payment["id"].as_str().unwrap().to_owned();

    let (status, confirmed) = api
        .call(
            "POST",
            "/v1/payments/breb/confirm",
            Some(json!({"id": payment_id})),
        )
        .await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(confirmed["status"], "SETTLED");
    assert_eq!(confirmed["id"], payment_id.as_str());
    let (status, _) = api
        .call(
            "POST",
            "/v1/payments/breb/confirm",
            Some(json!({"id": payment_id})),
        )
        .await;
    assert!((400..500).contains(&status), "confirming twice: {status}");

    payment_id
}

/// The account's payments list the settled payment, and it reads back by id.
async fn listed_settled(api: &Api, account_id: &str, payment_id: &str) {
    let (status, payments) = api
        .call(
            "GET",
            &format!("/v1/payments?account_id={account_id}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{payments}");
    let listed = payments["payments"].as_array().expect("a payments array");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["status"], "SETTLED");
    let (status, fetched) = api
        .call("GET", &format!("/v1/payments/{payment_id}"), None)
        .await;
    assert_eq!((status, &fetched["status"]), (200, &json!("SETTLED")));
}

#[tokio::test]
async fn a_qr_code_lives_and_dies() {
    let (_mock, api) = start().await;
    let (_, keys) = api.call("GET", "/v1/keys", None).await;
    let key_id = keys["keys"][0]["id"]
        .as_str()
        .expect("an example key")
        .to_owned();
    let (_, customers) = api.call("GET", "/v1/customers", None).await;
    let customer_id = customers["customers"][0]["id"]
        .as_str()
        .expect("an example customer")
        .to_owned();
    let (status, qr) = api
        .call(
            "POST",
            "/v1/qrcodes",
            Some(json!({"key_id": key_id, "customer_id": customer_id, "type": "STATIC", "channel": "POS",
                "additional_info": {"transaction_purpose": "00"}})),
        )
        .await;
    assert_eq!(status, 200, "{qr}");
    let id = qr["id"].as_str().unwrap().to_owned();
    let (status, listed) = api
        .call("GET", &format!("/v1/qrcodes?qr_code_id={id}"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(listed["pagination_info"]["total_elements"], 1, "{listed}");
    assert_eq!(
        api.call("GET", &format!("/v1/qrcodes/{id}"), None).await.0,
        200
    );
    assert_eq!(
        api.call("DELETE", &format!("/v1/qrcodes/{id}"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        api.call("GET", &format!("/v1/qrcodes/{id}"), None).await.0,
        404
    );
    assert_eq!(
        api.call("DELETE", &format!("/v1/qrcodes/{id}"), None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn requests_are_checked_against_the_spec() {
    let (_mock, api) = start().await;
    let (status, body) = api
        .call("GET", "/v1/payments?direction=SIDEWAYS", None)
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("direction"),
        "{body}"
    );
    assert_eq!(api.call("GET", "/v1/payments?nope=1", None).await.0, 400);
    assert_eq!(
        api.call("POST", "/v1/keys", Some(json!({"key": 1})))
            .await
            .0,
        400
    );
    let unauthenticated = plain_http()
        .get(format!("{}/v1/keys", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status().as_u16(), 401);
    assert_eq!(api.call("PUT", "/v1/keys", None).await.0, 405);
    assert_eq!(api.call("GET", "/v1/nothing", None).await.0, 404);
}

/// A plain reqwest client for loopback; the workspace's reqwest has rustls without a
/// provider, so ring's is installed first (what `passport_paas::Client` does too).
fn plain_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
