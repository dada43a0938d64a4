//! The integration tests: one binary, one module per area, sharing the
//! fixture helpers of [`common`]. Each test runs the real `mieruka` binary
//! (or the library) on a fixture copied into a temporary folder.

mod common;
#[path = "../../fuzz/src/harness.rs"]
mod harness;
#[path = "../../fuzz/src/html_safety.rs"]
mod html_safety;

mod addresses;
mod bad_input;
mod build;
mod cli;
mod editions;
mod editor;
mod guide;
mod hostile;
mod import;
mod invalid;
mod languages;
mod layers;
mod navigation;
mod open_data;
mod paging;
mod palette;
mod plan_revisions;
mod plan_shapes;
mod plans;
mod real_content;
mod record;
mod review;
mod revisions;
mod robustness;
mod scaffold;
mod scales;
mod serve;
mod shapes;
mod snapshots;
