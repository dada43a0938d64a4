//! The base every layer uses: languages and how years and figures are
//! written ([`text`]), messages ([`diagnostic`]), reading content files
//! ([`source`]), the site's addresses ([`routes`]), the hand-over of rendered
//! files ([`output`]) and the one Markdown renderer ([`markdown`]).

pub mod diagnostic;
pub mod markdown;
pub mod output;
pub mod routes;
pub mod source;
pub mod text;
