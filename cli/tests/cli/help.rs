//! `paas --help` and `paas <group> --help`: every group, and every operation of each group
//! with its summary, derived from the spec.

use passport_paas_cli::catalog::Catalog;

use crate::common::paas;

#[tokio::test(flavor = "multi_thread")]
async fn each_group_lists_all_its_operations() {
    let catalog = Catalog::load().expect("the spec");
    let root = paas(&["--help"], &[]).await;
    assert_eq!(root.code, 0, "{}", root.stderr);
    insta::assert_snapshot!("paas", root.stdout);
    for group in &catalog.groups {
        assert!(
            root.stdout.contains(&format!("  {} ", group.name)),
            "{}",
            group.name
        );
        let help = paas(&[&group.name, "--help"], &[]).await;
        assert_eq!(help.code, 0, "{}", help.stderr);
        for command in &group.commands {
            let operation = catalog.operation(command);
            let line = help
                .stdout
                .lines()
                .find(|line| line.trim_start().starts_with(&format!("{} ", command.name)))
                .unwrap_or_else(|| {
                    panic!("{} lists {}: {}", group.name, command.name, help.stdout)
                });
            let summary = operation.summary.as_deref().unwrap_or_default();
            assert!(
                line.contains(summary.split_whitespace().next().unwrap_or_default()),
                "{line}"
            );
            if operation.deprecated {
                assert!(line.contains("[deprecated]"), "{line}");
            }
        }
        insta::assert_snapshot!(group.name.clone(), help.stdout);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operation_help_shows_flags_values_and_descriptions() {
    let help = paas(&["tokens", "list", "--help"], &[]).await;
    assert_eq!(help.code, 0, "{}", help.stderr);
    for flag in [
        "--page-size",
        "--page-number",
        "--order-direction",
        "--grant-flow",
        "--all",
        "--prefetch",
        "--field",
    ] {
        assert!(help.stdout.contains(flag), "{flag}: {}", help.stdout);
    }
    assert!(
        help.stdout.contains("client-credentials"),
        "{}",
        help.stdout
    );
    insta::assert_snapshot!("tokens_list", help.stdout);
    let missing = paas(&["tokens"], &[]).await;
    assert_eq!(missing.code, 2);
    assert!(missing.stdout.contains("list"), "{}", missing.stdout);
    missing.error_line();
}

/// The spec's provenance markers ("(documented)", "(inferred)", "CONFLICT", "GAP") are for its
/// maintainers: no help text shows them, for any group, operation or flag.
#[tokio::test(flavor = "multi_thread")]
async fn help_texts_carry_no_maintainer_markers() {
    use passport_paas_spec::prose::has_markers;
    let catalog = Catalog::load().expect("the spec");
    let root = paas(&["--help"], &[]).await;
    assert!(!has_markers(&root.stdout), "{}", root.stdout);
    for group in &catalog.groups {
        let help = paas(&[&group.name, "--help"], &[]).await;
        assert!(!has_markers(&help.stdout), "{}", help.stdout);
        for command in &group.commands {
            let help = paas(&[&group.name, &command.name, "--help"], &[]).await;
            assert_eq!(help.code, 0, "{}", help.stderr);
            assert!(
                !has_markers(&help.stdout),
                "{} {}: {}",
                group.name,
                command.name,
                help.stdout
            );
        }
    }
}
