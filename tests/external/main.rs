//! The integration tests that need tools from outside Cargo: Chromium and
//! the node modules of tests/browser, openpyxl, frictionless and
//! check-jsonschema. A harness of its own (libtest-mimic), because libtest
//! can only ignore a test when it is compiled: here a test whose tool is
//! missing shows as ignored with the reason when it runs, and under
//! `CI=true` it fails (see [`tools`]). `scripts/install-test-tools`
//! installs them all.
//!
//! Run one module with `cargo test --test external browser::`.

#[path = "../testsuite/common.rs"]
mod common;
mod tools;

mod browser;
mod data_package;
mod xlsx;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let modules: [(&str, &[tools::Test]); 3] = [
        ("browser", browser::TESTS),
        ("data_package", data_package::TESTS),
        ("xlsx", xlsx::TESTS),
    ];
    let trials = modules
        .iter()
        .flat_map(|(module, tests)| tests.iter().map(|test| tools::trial(module, test)))
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}
