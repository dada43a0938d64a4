//! initiative.toml (optionally followed by "\n%%%\n" and Markdown commentary):
//! any text is either rejected with a diagnostic or published as a site whose
//! every page and chart is free of script, without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        mieruka_fuzz::harness::initiative_toml(text);
    }
});
