//! `paas-mock --help` says how to pass its secrets: in the environment, not as flags, which
//! every user of the machine can read in `ps`.

#[test]
fn the_help_sends_secrets_to_the_environment() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_paas-mock"))
        .arg("--help")
        .output()
        .expect("paas-mock runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for variable in ["PAAS_TOKEN", "PAAS_CLIENT_SECRET"] {
        assert!(
            help.contains(&format!("Prefer the {variable} environment variable")),
            "{help}"
        );
    }
    assert!(help.matches("`ps`").count() >= 2, "{help}");
}
