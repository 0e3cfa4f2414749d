//! Generated-code review: the formatted client progenitor writes for the spec, snapshotted, so
//! every spec change shows up in a pull request as a diff of the code users will call.

#[test]
fn generated_client_snapshot() {
    let spec = xtask::workspace_root().join(xtask::codegen::SPEC_PATH);
    let code = xtask::generate::generated_code(&spec).expect("the real spec generates");
    insta::assert_snapshot!(code);
}

#[test]
fn generate_writes_the_code_the_build_uses() {
    let spec = xtask::workspace_root().join(xtask::codegen::SPEC_PATH);
    let out = std::env::temp_dir().join(format!("xtask-generate-{}", std::process::id()));
    let path = xtask::generate::run(&spec, &out).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, xtask::generate::generated_code(&spec).unwrap());
    assert!(written.contains("pub fn list_tokens(&self)"));
    assert!(out.join("constraints.rs").exists());
    std::fs::remove_dir_all(out).unwrap();
}
