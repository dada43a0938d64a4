//! The edition records as issued, under `data/editions/`: for each edition
//! `YEAR.toml` (its current version) and `YEAR.vN.toml` (every version, at
//! an address that never changes), each byte for byte the record's
//! canonical content, so that `sha256sum` (Windows: `certutil -hashfile
//! FILE SHA256`) of the downloaded file gives the digest its page shows;
//! and `manifest.json`, the list of every record the site published with
//! its digest, which the next build into the same folder holds itself to
//! (`site::manifest`).

use crate::base::output::OutputFile;
use crate::base::routes;
use crate::model::{MANIFEST_FORMAT, Manifest, ManifestEntry, Plan};

/// `data/editions/YEAR.vN.toml`: one version's record.
pub fn version_path(year: i32, version: u32) -> String {
    format!("{}/{year}.v{version}.toml", routes::EDITION_RECORDS)
}

/// `data/editions/YEAR.toml`: the current version's record.
pub fn current_path(year: i32) -> String {
    format!("{}/{year}.toml", routes::EDITION_RECORDS)
}

/// The record files of one plan, to be put under `prefix`.
pub fn files(plan: &Plan) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for e in &plan.editions {
        out.push(OutputFile {
            path: current_path(e.year),
            bytes: e.canonical.as_bytes().to_vec(),
        });
        for v in e.versions() {
            out.push(OutputFile {
                path: version_path(v.year, v.version),
                bytes: v.canonical.as_bytes().to_vec(),
            });
        }
    }
    out
}

/// The manifest of every plan's records: `plans` are (id, prefix, plan).
pub fn manifest(plans: &[(&str, &str, &Plan)]) -> Option<OutputFile> {
    let mut editions = Vec::new();
    for (id, prefix, plan) in plans {
        for e in &plan.editions {
            for v in e.versions() {
                editions.push(ManifestEntry {
                    plan: id.to_string(),
                    year: v.year,
                    version: v.version,
                    date: v.date.iso(),
                    digest: v.digest.written(),
                    record: format!("{prefix}{}", version_path(v.year, v.version)),
                    superseded: v.version != e.version,
                });
            }
        }
    }
    if editions.is_empty() {
        return None;
    }
    editions.sort_by_key(|e| (e.year, e.version));
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        editions,
    };
    let mut bytes = serde_json::to_vec_pretty(&manifest).ok()?;
    bytes.push(b'\n');
    Some(OutputFile {
        path: routes::EDITION_MANIFEST.to_string(),
        bytes,
    })
}
