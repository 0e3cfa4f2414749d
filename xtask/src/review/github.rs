//! A review as GitHub Actions workflow commands ([`crate::github`]): an `::error` per
//! introduced lint error, a `::warning` per introduced lint warning; the spec diff's own
//! annotations (`xtask diff --format github`); a `::warning` per breaking change of the
//! generated client or of `paas` and per failed generation; a `::notice` per touched snapshot.
//!
//! Spec changes and findings point at their line; the generated client's and `paas`'s
//! changes have no line of their own and point at the top of the changed spec.

use super::Review;
use crate::github::{Annotation, Level, render_all, repo_path};
use crate::spec::Severity;

/// The path of a file label (`HEAD:openapi/x.yaml`, `origin/main:openapi/x.yaml` →
/// `openapi/x.yaml`); a Windows path (`C:\…`) is a path, not a label.
fn path_of(label: &str) -> String {
    let path = match label.split_once(':') {
        Some((revision, path)) if !(revision.len() == 1 && path.starts_with('\\')) => path,
        _ => label,
    };
    repo_path(path)
}

fn at(level: Level, file: &str, line: usize, title: String, message: String) -> Annotation {
    Annotation {
        level,
        file: path_of(file),
        line,
        col: 1,
        title,
        message,
    }
}

/// Every annotation of the review, one per line.
pub fn render_github(review: &Review) -> String {
    let mut out = Vec::new();
    for finding in &review.lint.introduced {
        let level = match finding.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let mut annotation = at(
            level,
            &finding.file,
            finding.line,
            format!("new lint finding: {}", finding.rule),
            finding.message.clone(),
        );
        annotation.col = finding.column;
        out.push(annotation);
    }
    // The spec diff's own annotations: `::error` when a layer breaks, `::notice` otherwise.
    out.extend(crate::diff::github_annotations(&review.diff));
    for failure in &review.rust.generation_failed {
        let title = "generated client: generation failed".to_owned();
        out.push(at(Level::Warning, &review.new, 1, title, failure.clone()));
    }
    for change in review.rust.breaking() {
        let title = format!("generated client: {} {} breaks", change.item, change.change);
        out.push(at(
            Level::Warning,
            &review.new,
            1,
            title,
            change.message.clone(),
        ));
    }
    for change in review.surface.iter().filter(|c| c.breaking) {
        let title = format!("paas: {}", change.kind);
        let message = format!("{}: {}", change.command, change.message);
        out.push(at(Level::Warning, &review.new, 1, title, message));
    }
    if let Some(Ok(snapshots)) = &review.snapshots {
        for snapshot in snapshots {
            let line = snapshot.request.as_ref().or(snapshot.first_change.as_ref());
            let title = format!("snapshot {}", snapshot.status);
            let message = line.cloned().unwrap_or_else(|| snapshot.status.to_owned());
            out.push(at(Level::Notice, &snapshot.path, 1, title, message));
        }
    }
    render_all(&out)
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn a_label_names_its_path_whatever_the_revision() {
        for label in [
            "HEAD:openapi/x.yaml",
            "origin/main:openapi/x.yaml",
            "v1.2:openapi/x.yaml",
        ] {
            assert_eq!(path_of(label), "openapi/x.yaml", "{label}");
        }
        assert_eq!(path_of("openapi/x.yaml"), "openapi/x.yaml");
    }
}
