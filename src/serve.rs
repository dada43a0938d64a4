//! `mieruka serve`: a local preview that rebuilds on change and reloads the browser.

use crate::config::BuildOptions;
use crate::diagnostic::Diagnostics;

/// Builds the site into a temporary folder, serves it on 127.0.0.1:`port`,
/// watches the content and theme folders and rebuilds on change. Blocks until
/// the process is stopped. `ready` is called once with the address served.
pub fn serve(options: &BuildOptions, port: u16, ready: &dyn Fn(&str)) -> Result<(), Diagnostics> {
    let _ = (options, port, ready);
    Err(crate::diagnostic::Diagnostic::error("serve is not available yet").into())
}
