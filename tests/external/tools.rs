//! The tools from outside Cargo that some tests need, where each is found,
//! and what a test does when one is missing: it is ignored with the reason
//! (`test browser::… ... ignored (Chromium is not at /usr/bin/chromium …)`),
//! or, under `CI=true` (or `MIERUKA_REQUIRE_TOOLS=1`), it fails.
//!
//! `scripts/install-test-tools` installs them all.

use std::path::{Path, PathBuf};
use std::process::Command;

use libtest_mimic::{Completion, Trial};

/// A tool, or a set of tools installed by one step.
#[derive(Clone, Copy, Debug)]
pub enum Tool {
    /// Debian's Chromium: `/usr/bin/chromium`, or `CHROMIUM=path`.
    Chromium,
    /// node with playwright-core and axe-core in tests/browser/node_modules.
    BrowserModules,
    /// Lighthouse in tests/browser/node_modules.
    Lighthouse,
    /// A python3 that imports openpyxl (target/ci-venv's, or the PATH's).
    Openpyxl,
    /// frictionless and check-jsonschema (target/ci-venv's, or the PATH's).
    DataValidators,
}

const INSTALL: &str = "install with scripts/install-test-tools";

impl Tool {
    /// Why the tool cannot be used, or `None` when it is there.
    pub fn missing(self) -> Option<String> {
        match self {
            Tool::Chromium => {
                let path = chromium();
                (!path.is_file()).then(|| format!("Chromium is not at {}", path.display()))
            }
            Tool::BrowserModules => {
                if !runs("node", &["--version"]) {
                    Some("node is not installed".into())
                } else if !browser_scripts()
                    .join("node_modules/playwright-core")
                    .is_dir()
                    || !browser_scripts().join("node_modules/axe-core").is_dir()
                {
                    Some("tests/browser/node_modules has no playwright-core or axe-core".into())
                } else {
                    None
                }
            }
            Tool::Lighthouse => (!browser_scripts().join("node_modules/lighthouse").is_dir())
                .then(|| "tests/browser/node_modules has no lighthouse".into()),
            Tool::Openpyxl => python()
                .is_none()
                .then(|| "no python3 with openpyxl (target/ci-venv or PATH)".into()),
            Tool::DataValidators => {
                let missing: Vec<&str> = ["frictionless", "check-jsonschema"]
                    .into_iter()
                    .filter(|name| venv_or_path(name).is_none())
                    .collect();
                (!missing.is_empty()).then(|| {
                    format!(
                        "{} not installed (target/ci-venv or PATH)",
                        missing.join(" and ")
                    )
                })
            }
        }
    }
}

/// Whether a missing tool fails its test rather than leaving it ignored.
pub fn required() -> bool {
    let set =
        |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    set("CI") || set("MIERUKA_REQUIRE_TOOLS") || set("MIERUKA_REQUIRE_BROWSER")
}

/// One test of this binary: its name, the tools it needs and its body
/// (which panics when the test fails).
pub struct Test {
    pub name: &'static str,
    pub needs: &'static [Tool],
    pub run: fn(),
}

/// `test!(function, [Tool, …])`: a [`Test`] named after its function.
#[macro_export]
macro_rules! test {
    ($f:ident, [$($tool:ident),*]) => {
        $crate::tools::Test {
            name: stringify!($f),
            needs: &[$($crate::tools::Tool::$tool),*],
            run: $f,
        }
    };
}

/// The test as libtest-mimic runs it: ignored with the reason when a tool
/// is missing (failed under [`required`]), else run.
pub fn trial(module: &str, test: &Test) -> Trial {
    let (needs, run) = (test.needs, test.run);
    Trial::ignorable_test(format!("{module}::{}", test.name), move || {
        let missing: Vec<String> = needs.iter().filter_map(|tool| tool.missing()).collect();
        if missing.is_empty() {
            run();
            return Ok(Completion::Completed);
        }
        let why = format!("{}; {INSTALL}", missing.join("; "));
        if required() {
            return Err(format!("a tool this test needs is missing under CI: {why}").into());
        }
        Ok(Completion::ignored_with(why))
    })
}

/// Chromium's path: `CHROMIUM`, or Debian's `/usr/bin/chromium`.
pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// The folder of the browser scripts and their node modules.
pub fn browser_scripts() -> PathBuf {
    crate::common::repo().join("tests/browser")
}

/// A python3 that imports openpyxl: target/ci-venv's, else the PATH's.
pub fn python() -> Option<PathBuf> {
    [venv("python3"), Some(PathBuf::from("python3"))]
        .into_iter()
        .flatten()
        .find(|python| runs(python, &["-c", "import openpyxl"]))
}

/// A program of target/ci-venv (made by scripts/install-test-tools), else
/// of the PATH.
pub fn venv_or_path(name: &str) -> Option<PathBuf> {
    venv(name).or_else(|| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
    })
}

fn venv(name: &str) -> Option<PathBuf> {
    let path = crate::common::repo().join("target/ci-venv/bin").join(name);
    path.is_file().then_some(path)
}

fn runs(program: impl AsRef<Path>, args: &[&str]) -> bool {
    Command::new(program.as_ref())
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success())
}
