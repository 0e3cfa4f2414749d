//! The cargo-fuzz targets' shared parts: the structure-aware OpenAPI writer the spec-side
//! targets draw their documents from, and [`fuzz_target!`], which makes each target either a
//! libFuzzer fuzzer (feature `libfuzzer`, what `cargo fuzz` builds) or a plain program that
//! replays files through the same code (what the workspace builds, lints and tests).

#![deny(missing_docs)]

pub mod replay;
pub mod writer;

pub use writer::document;

/// Declares a fuzz target from a body over `data: &[u8]`, as libfuzzer-sys's macro does.
///
/// With the `libfuzzer` feature it is libfuzzer-sys's `fuzz_target!`; without it, the target
/// is a `main` that runs every file named on its command line (a directory stands for the
/// files in it) through the body: the seeds replayed by this crate's tests, or a crash input
/// replayed under a debugger. Each target starts with
/// `#![cfg_attr(feature = "libfuzzer", no_main)]`.
#[macro_export]
macro_rules! fuzz_target {
    (|$data:ident: &[u8]| $body:block) => {
        #[cfg(feature = "libfuzzer")]
        ::libfuzzer_sys::fuzz_target!(|$data: &[u8]| $body);

        #[cfg(not(feature = "libfuzzer"))]
        fn main() -> ::std::process::ExitCode {
            $crate::replay::main(|$data: &[u8]| $body)
        }
    };
}
