//! mieruka (見える化): a static site generator that publishes a city's plan and
//! its yearly progress as a bilingual (Japanese / English) website with an SVG
//! chart per indicator.
//!
//! The folders are the pipeline's layers, each using only the ones before it
//! (docs/architecture.md, held by a test):
//! [`base`] (text, messages, files, addresses) → [`model`] (the checked plan)
//! → [`check`] (site.toml and `content/` read, validated and reviewed into a
//! [`model::Plan`]) → [`render`] (pages, charts, open data) → [`site`] (links
//! checked, files staged and swapped into the output folder) → [`cmd`] (the
//! commands beside the build: preview, editor, import, issue, new plan).

pub mod base;
pub mod check;
pub mod cmd;
pub mod model;
pub mod render;
pub mod site;
