//! Generated-code review: the formatted client progenitor writes for the spec, snapshotted, so
//! every spec change shows up in a pull request as a diff of the code users will call.

#[test]
fn generated_client_snapshot() {
    let generated = xtask::generate::generated(&xtask::project_spec()).expect("the spec generates");
    insta::assert_snapshot!(generated.client);
}

#[test]
fn generate_writes_client_enums_and_wiring() {
    let spec = xtask::project_spec();
    let out = std::env::temp_dir().join(format!("xtask-generate-{}", std::process::id()));
    let written = xtask::generate::run(&spec, &out).unwrap();
    assert_eq!(written.len(), 3);
    let client = std::fs::read_to_string(out.join("client.rs")).unwrap();
    assert_eq!(client, xtask::generate::generated(&spec).unwrap().client);
    assert!(client.contains("pub fn list_tokens(&self)"));
    assert!(
        std::fs::read_to_string(out.join("wiring.rs"))
            .unwrap()
            .contains("list_tokens")
    );
    std::fs::remove_dir_all(out).unwrap();
}
