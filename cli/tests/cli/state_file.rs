//! The embedded mock's state file is checked, not trusted: a symbolic link is refused and
//! never written through, the file is 0600 and replaced with no temporary left behind, a
//! corrupt one is "state file corrupt: run `paas mock reset`" (exit 2), reads leave it as it
//! was, and the lock is the OS's: held, it makes the next run wait; released, it lets it on.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::common::{Run, paas_with_state, scratch};

/// A write: issuing a token from the embedded mock stores it in the state file.
async fn write(state: &Path) -> Run {
    paas_with_state(&["auth", "token", "--mock"], state, "").await
}

fn assert_corrupt(run: &Run) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.error_line()
            .starts_with("error: local input: state file corrupt: run `paas mock reset`"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_state_file_is_private_replaced_whole_and_left_alone_by_reads() {
    let dir = scratch();
    let state = dir.path().join("paas").join("mock-state.json");
    let run = write(&state).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&state).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the state holds issued tokens");
        let parent = fs::metadata(state.parent().unwrap()).unwrap();
        assert_eq!(parent.permissions().mode() & 0o777, 0o700);
    }
    let mut names: Vec<String> = fs::read_dir(state.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["mock-state.json", "mock-state.json.lock"],
        "no temporary left"
    );
    let saved = fs::read(&state).unwrap();
    for args in [
        &["tokens", "list"][..],
        &["tokens", "list", "--all"][..],
        &["keys", "list", "--page-size", "1"][..],
    ] {
        let read = paas_with_state(args, &state, "").await;
        assert_eq!(read.code, 0, "{}", read.stderr);
    }
    assert_eq!(
        fs::read(&state).unwrap(),
        saved,
        "reads do not rewrite the state"
    );
    let value: serde_json::Value = serde_json::from_slice(&saved).unwrap();
    assert!(
        value.get("snapshots").is_none(),
        "list snapshots are not kept"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_symbolic_link_is_refused_never_followed() {
    let dir = scratch();
    let victim = dir.path().join("someone-elses-file");
    fs::write(&victim, "keep me").unwrap();
    let state = dir.path().join("mock-state.json");
    std::os::unix::fs::symlink(&victim, &state).unwrap();
    for run in [
        write(&state).await,
        paas_with_state(&["tokens", "list"], &state, "").await,
    ] {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.error_line().contains("symbolic link"), "{}", run.stderr);
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    // Reset removes the link itself, not what it points to.
    let reset = paas_with_state(&["mock", "reset"], &state, "").await;
    assert_eq!(reset.code, 0, "{}", reset.stderr);
    assert!(fs::symlink_metadata(&state).is_err());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    // A lock file planted as a link is refused too.
    let locked = dir.path().join("other.json");
    std::os::unix::fs::symlink(&victim, dir.path().join("other.json.lock")).unwrap();
    let run = write(&locked).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_or_hostile_state_file_is_a_local_error_and_reset_clears_it() {
    let dir = scratch();
    let state = dir.path().join("mock-state.json");
    let restorable = {
        let run = write(&state).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        fs::read_to_string(&state).unwrap()
    };
    let mut bad_item: serde_json::Value = serde_json::from_str(&restorable).unwrap();
    if let Some((_, items)) = bad_item["collections"]
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .next()
    {
        *items = serde_json::json!([{"value": 7, "deleted": "yes"}]);
    }
    let contents: Vec<Vec<u8>> = vec![
        b"not json".to_vec(),
        b"[]".to_vec(),
        b"{\"version\": 1}".to_vec(),
        b"{\"version\": 99, \"rng\": 1, \"collections\": {}}".to_vec(),
        restorable.as_bytes()[..restorable.len() / 2].to_vec(),
        bad_item.to_string().into_bytes(),
        "[".repeat(100_000).into_bytes(),
        vec![b' '; 9 << 20],
    ];
    for content in contents {
        fs::write(&state, &content).unwrap();
        assert_corrupt(&paas_with_state(&["tokens", "list"], &state, "").await);
        assert_corrupt(&write(&state).await);
    }
    let reset = paas_with_state(&["mock", "reset"], &state, "").await;
    assert_eq!(reset.code, 0, "{}", reset.stderr);
    let after = paas_with_state(&["tokens", "list"], &state, "").await;
    assert_eq!(after.code, 0, "{}", after.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lock_is_an_os_lock_waited_for_and_released_with_its_holder() {
    use fs4::fs_std::FileExt;
    let dir = scratch();
    let state = dir.path().join("mock-state.json");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join("mock-state.json.lock"))
        .unwrap();
    lock.lock_exclusive().unwrap();
    let waiting = tokio::spawn({
        let state = state.clone();
        async move { write(&state).await }
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        !waiting.is_finished(),
        "the run waits while the lock is held"
    );
    drop(lock);
    let run = waiting.await.unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        dir.path().join("mock-state.json.lock").exists(),
        "never removed"
    );
}
