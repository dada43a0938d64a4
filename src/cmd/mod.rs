//! The commands beside the build, one module each: the preview ([`serve`])
//! with its edit form ([`editor`]), the annual workbook ([`import`]),
//! `issue` ([`issue`]), `new plan` ([`new_plan`]) and `new initiative`
//! ([`scaffold`]).

pub mod editor;
pub mod import;
pub mod issue;
pub mod new_plan;
pub mod scaffold;
pub mod serve;
