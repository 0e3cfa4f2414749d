//! `cargo xtask mock` stopped by a signal leaves no `paas-mock` behind: xtask becomes the mock
//! (`exec`), so the `kill` a script or CI sends reaches the server itself.
#![cfg(target_os = "linux")]

use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The processes whose command line runs `paas-mock` on `port`.
fn mocks_on(port: u16) -> Vec<u32> {
    let port = port.to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let Ok(raw) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
                return false;
            };
            let args: Vec<String> = raw
                .split(|&b| b == 0)
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect();
            args.first().is_some_and(|a| a.ends_with("paas-mock"))
                && args.windows(2).any(|w| w[0] == "--port" && w[1] == port)
        })
        .collect()
}

#[test]
fn killing_xtask_mock_stops_the_mock() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut xtask = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["mock", "--port", &port.to_string()])
        // The token travels in the environment, as the help says it should.
        .env("PAAS_TOKEN", "mock-signal-test-token")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("xtask starts");
    // Building the mock may take a while on a cold cache; serving takes milliseconds after.
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "the mock never listened"
        );
        if let Some(status) = xtask.try_wait().expect("xtask state") {
            panic!("xtask ended before serving: {status}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        mocks_on(port),
        [xtask.id()],
        "xtask became the mock: one process, xtask's own"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &xtask.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    xtask.wait().expect("xtask ends");
    let stopped = Instant::now();
    while !mocks_on(port).is_empty() || TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            stopped.elapsed() < Duration::from_secs(10),
            "a paas-mock still runs on port {port}: {:?}",
            mocks_on(port)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
