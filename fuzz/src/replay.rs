//! The fuzz targets as plain programs: each file named on the command line, or each file in a
//! named directory, runs through the target once, in name order. A panic is the target's
//! verdict and ends the process, after the file's name has been printed.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The longest input replayed: the runs in BENCHMARKS.md use `-max_len` 4,096 or less, and a
/// seed or crash input past 1 MiB is not one of theirs.
pub const MAX_INPUT_BYTES: u64 = 1 << 20;

/// Runs `target` on every input the command line names; exit 2 when one cannot be read.
pub fn main(target: impl Fn(&[u8])) -> ExitCode {
    let named: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if named.is_empty() {
        eprintln!("usage: TARGET FILE|DIRECTORY...  (replays each input through the target)");
        return ExitCode::from(2);
    }
    match inputs(&named) {
        Ok(files) => {
            for file in &files {
                match read(file) {
                    Ok(data) => {
                        eprintln!("replaying {}", file.display());
                        target(&data);
                    }
                    Err(error) => {
                        eprintln!("error: {}: {error}", file.display());
                        return ExitCode::from(2);
                    }
                }
            }
            eprintln!("replayed {} inputs", files.len());
            ExitCode::SUCCESS
        }
        Err((path, error)) => {
            eprintln!("error: {}: {error}", path.display());
            ExitCode::from(2)
        }
    }
}

/// The files `named` stands for: files as given, directories as their files in name order.
pub fn inputs(named: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut files = Vec::new();
    for path in named {
        let failed = |error| (path.clone(), error);
        if fs::metadata(path).map_err(failed)?.is_dir() {
            let mut inside = Vec::new();
            for entry in fs::read_dir(path).map_err(failed)? {
                let entry = entry.map_err(failed)?;
                if entry.file_type().map_err(failed)?.is_file() {
                    inside.push(entry.path());
                }
            }
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// The bytes of `file`, refused past [`MAX_INPUT_BYTES`].
pub fn read(file: &Path) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    fs::File::open(file)?
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut data)?;
    if data.len() as u64 > MAX_INPUT_BYTES {
        return Err(std::io::Error::other(format!(
            "longer than {MAX_INPUT_BYTES} bytes"
        )));
    }
    Ok(data)
}
