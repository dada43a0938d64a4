//! Shared code of the fuzz targets (see docs/fuzzing.md).

pub mod harness;
pub mod html_safety;
