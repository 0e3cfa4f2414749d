//! Written into the planted copy as `tests/planted_use.rs`: the planted widgets called through
//! the regenerated client and served by the mock.

mod support;
use futures::TryStreamExt;
use passport_paas::prelude::*;
use passport_paas_mock::Fault;

#[tokio::test]
async fn the_new_operations_are_callable_and_served() {
    let mock = support::mock().await;
    let client = support::client(&mock);
    let page = client.list_widgets().page_params_page_size(1u32).call().await.unwrap();
    assert_eq!(page.widgets.len(), 1);
    let widgets: Vec<types::Widget> = client.list_widgets().page_params_page_size(1u32).items().try_collect().await.unwrap();
    let widget = client.get_widget().widget_id(widgets[0].widget_id).call().await.unwrap();
    assert_eq!(widget.color, Some(types::WidgetColor::Red));
    // A success that is not JSON comes back as its bytes.
    let label = client.get_widget_label().widget_id(widgets[0].widget_id).call().await.unwrap();
    let text: Vec<u8> = label.into_inner().map_ok(|chunk| chunk.to_vec()).try_concat().await.unwrap();
    assert_eq!(String::from_utf8(text).unwrap(), "Widget first");
    let tokens = client.list_tokens().planted_flag("on").call().await.unwrap();
    assert!(!tokens.tokens.is_empty());
    assert!(mock.requests().last().unwrap().query.as_deref().unwrap().contains("planted_flag=on"));
    // A value the spec does not list is kept.
    mock.push_fault(Fault::json(200, r#"{"widget_id":"0d1f3c4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f","color":"PURPLE","count":"9007199254740993"}"#));
    let odd = client.get_widget().widget_id(widgets[0].widget_id).call().await.unwrap();
    assert_eq!(odd.color, Some(types::WidgetColor::Unknown("PURPLE".into())));
    assert_eq!(odd.count.map(|c| c.get()), Some(9_007_199_254_740_993));
    // The mock checks auth and the enum of the new resource.
    let unauthenticated = reqwest::get(format!("{}/v1/widgets", mock.url())).await.unwrap();
    assert_eq!(unauthenticated.status().as_u16(), 401);
    let http = reqwest::Client::new();
    let bad = http.get(format!("{}/v1/widgets?order_params.order_direction=SIDEWAYS", mock.url()))
        .bearer_auth(support::TEST_TOKEN).send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 400);
}
