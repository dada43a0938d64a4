//! Commentary and page Markdown: any text renders without a panic into HTML
//! that cannot run script.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Content files are UTF-8 (anything else is refused when read).
    if let Ok(text) = std::str::from_utf8(data) {
        mieruka_fuzz::harness::markdown(text);
    }
});
