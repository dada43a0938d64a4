//! The published site remembers its records: `data/editions/manifest.json`
//! lists every edition record the output folder published, with its
//! digest. A build into the same folder must publish each of them again,
//! unchanged (as the current version or as one a replacement superseded);
//! one that would drop or alter a record is refused before anything is
//! written, and the folder keeps the site as it was.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::routes;
use crate::base::text::{Lang, year_label};
use crate::model::{Digest, FinishedPlan, Manifest, Plan};

/// Refuses a build whose records do not include every record the output
/// folder published. A folder without a manifest (new, or built before
/// the manifest existed, or not built by mieruka) holds no promise.
pub fn guard(output: &Path, plan: &Plan, finished: &[FinishedPlan]) -> Result<(), Diagnostics> {
    let path = output.join(routes::EDITION_MANIFEST);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let source: Arc<str> = text.into();
    let manifest: Manifest = match serde_json::from_str(&source) {
        Ok(m) => m,
        Err(e) => {
            return Err(Diagnostic::error(format!(
                "the list of published editions cannot be read ({e}), so this build cannot tell whether it keeps them"
            ))
            .ja(format!(
                "公表した版の一覧を読めません（{e}）。このまま作成すると、公表した版を残せるか確かめられません"
            ))
            .in_file(&path)
            .help("put back the output folder as it was published (from the web server or a backup)")
            .ja_help("出力フォルダーを公開したときの状態に戻してください（公開サーバーかバックアップから）")
            .into());
        }
    };
    let mut now = BTreeSet::new();
    let mut where_now: Vec<(i32, u32, &Path, &Digest)> = Vec::new();
    for p in std::iter::once(plan).chain(finished.iter().map(|f| &f.plan)) {
        for e in &p.editions {
            for v in e.versions() {
                now.insert(v.digest.written());
                where_now.push((v.year, v.version, &v.path, &v.digest));
            }
        }
    }
    let mut diags = Diagnostics::default();
    for entry in &manifest.editions {
        if now.contains(&entry.digest) {
            continue;
        }
        let span = source
            .find(&entry.digest)
            .map_or(0..0, |at| at..at + entry.digest.len());
        let (en, ja) = (
            year_label(entry.year, Lang::EN),
            year_label(entry.year, Lang::JA),
        );
        let v = entry.version;
        let published = output.join(&entry.record);
        let same = where_now
            .iter()
            .find(|(y, version, _, _)| *y == entry.year && *version == v);
        let (why, why_ja, file): (String, String, Option<PathBuf>) = match same {
            Some((_, _, file, digest)) => (
                format!(
                    "{} holds a different record (sha256:{}…): the one published was sha256:{}",
                    file.display(),
                    digest.short(),
                    entry.digest.trim_start_matches("sha256:")
                ),
                format!(
                    "{} の記録（sha256:{}…）が、公表した記録（{}）と違います",
                    file.display(),
                    digest.short(),
                    entry.digest
                ),
                Some(file.to_path_buf()),
            ),
            None => (
                "its record is no longer in the content".to_string(),
                "その記録が内容（content）にありません".to_string(),
                None,
            ),
        };
        let mut d = Diagnostic::error(format!(
            "this folder published the {en} edition (version {v}, {}), and this build would {} it: {why}",
            entry.date,
            if same.is_some() { "change" } else { "drop" }
        ))
        .ja(format!(
            "このフォルダーには{ja}版（第{v}版、{}）を公表しています。このまま作成すると、その版が{}。{why_ja}",
            entry.date,
            if same.is_some() { "変わってしまいます" } else { "消えてしまいます" }
        ))
        .in_file(&path)
        .at(&source, span)
        .field("digest")
        .help(format!(
            "nothing was written. Put the record back in the content's editions/ folder: {} is the record as published (add back its line digest = \"{}\" after the top-level keys), or restore it from a backup. `mieruka issue --replace` is the one way to change a record",
            published.display(),
            entry.digest
        ))
        .ja_help(format!(
            "何も書き込んでいません。内容の editions/ フォルダーに記録を戻してください。{} が公表した記録です（最初の設定の行の後に digest = \"{}\" の行を加えてください）。バックアップから戻すこともできます。記録を変えるときは mieruka issue --replace で置き換えるのが唯一の方法です",
            published.display(),
            entry.digest
        ));
        if let Some(file) = file {
            d = d.help(format!(
                "nothing was written. {} must be the record as published: restore it from {} (with its digest line) or from a backup. `mieruka issue --replace` is the one way to change a record",
                file.display(),
                published.display()
            ))
            .ja_help(format!(
                "何も書き込んでいません。{} は公表した記録のままでなければなりません。{} から（digest の行を加えて）か、バックアップから戻してください。記録を変えるときは mieruka issue --replace で置き換えるのが唯一の方法です",
                file.display(),
                published.display()
            ));
        }
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(())
}
