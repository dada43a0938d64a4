//! Publishing: the site is written to a staging folder beside the output and
//! swapped in only once every file is written. A failed or killed build leaves
//! the previous output as it was; leftovers of an interrupted build are removed
//! (or, for the old site, put back) by the next one.
//!
//! The swap is one atomic exchange of the two folders where the system offers
//! it (Linux), so the output folder is at every moment either the whole old
//! site or the whole new one. Elsewhere the old output is renamed aside and the
//! staging folder renamed in its place; a build killed between the two renames
//! leaves no output folder but a complete `.NAME.retired-PID` beside it, which
//! [`recover`] (called first by every publish) renames back.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::base::diagnostic::Diagnostic;
use crate::base::output::OutputFile;

/// Name prefixes of the work folders kept beside the output folder.
const STAGING: &str = ".staging-";
const RETIRED: &str = ".retired-";

/// A new site being written beside the output folder. Files are put one by
/// one, from any thread, as they are rendered; [`Staging::commit`] swaps the
/// finished folder in. Dropped without a commit, the staging folder is removed
/// and the output is left as it was.
pub struct Staging {
    parent: PathBuf,
    name: String,
    output: PathBuf,
    dir: PathBuf,
    /// The site currently published, whose unchanged files are reused.
    previous: Option<PathBuf>,
    /// Folders already created inside the staging folder.
    folders: Mutex<BTreeSet<PathBuf>>,
    /// The first file that could not be written, and how many were not
    /// written after it: a full disk or a read-only folder stops every file
    /// for one cause, which is reported once ([`Staging::written`]).
    failure: Mutex<Option<(Diagnostic, usize)>>,
    committed: bool,
}

impl Staging {
    /// Checks that `output` may be replaced and creates the staging folder beside it.
    pub fn begin(output: &Path) -> Result<Staging, Diagnostic> {
        let (parent, name) = locate(output, true)?;
        let output = parent.join(&name);
        recover_in(&parent, &name);
        check_replaceable(&output)?;
        clean_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}{STAGING}{}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| {
            crate::base::source::io_error(&dir, "could not create the staging folder", &e)
        })?;
        Ok(Staging {
            previous: output.is_dir().then(|| output.clone()),
            parent,
            name,
            output,
            dir,
            folders: Mutex::default(),
            failure: Mutex::default(),
            committed: false,
        })
    }

    /// Writes one file of the new site. A file identical to the one already
    /// published is hard-linked instead of written again: nothing is copied, and
    /// its modification time stays, so an upload tool that compares dates sends
    /// only what changed.
    pub fn put(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        self.attempt(|| self.write(file))
    }

    fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let (path, old) = self.place(&file.path)?;
        if let Some(old) = old
            && unchanged(&old, &file.bytes)
            && fs::hard_link(&old, &path).is_ok()
        {
            return Ok(());
        }
        let mut f = create_new(&path, &file.path)?;
        f.write_all(&file.bytes)
            .map_err(|e| crate::base::source::io_error(&path, "could not write the file", &e))
    }

    /// Writes one large file of the new site piece by piece. As with
    /// [`Staging::put`], a result identical to the published file is replaced
    /// by a hard link to it, keeping its date.
    pub fn put_streamed(
        &self,
        rel: &str,
        write: &mut crate::base::output::StreamFn,
    ) -> Result<(), Diagnostic> {
        self.attempt(|| self.write_streamed(rel, write))
    }

    fn write_streamed(
        &self,
        rel: &str,
        write: &mut crate::base::output::StreamFn,
    ) -> Result<(), Diagnostic> {
        let (path, old) = self.place(rel)?;
        let error = |e: &std::io::Error| {
            crate::base::source::io_error(&path, "could not write the file", e)
        };
        let f = create_new(&path, rel)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut w).map_err(|e| error(&e))?;
        w.flush().map_err(|e| error(&e))?;
        drop(w);
        if let Some(old) = old
            && same_files(&old, &path)
        {
            // Keep the published file (and its date) rather than the new copy:
            // link it beside the copy, then rename the link over the copy. A
            // drive without hard links (FAT32, exFAT, some network shares)
            // keeps the new copy instead.
            let link = path.with_extension("link");
            if fs::hard_link(&old, &link).is_ok() && fs::rename(&link, &path).is_err() {
                let _ = fs::remove_file(&link);
            }
        }
        Ok(())
    }

    /// Writes one file unless an earlier one failed; a failure is kept for
    /// [`Staging::written`] rather than returned, so that one cause (a full
    /// disk, a read-only folder) makes one message, not one per file.
    fn attempt(&self, write: impl FnOnce() -> Result<(), Diagnostic>) -> Result<(), Diagnostic> {
        if let Some((_, skipped)) = lock(&self.failure).as_mut() {
            *skipped += 1;
            return Ok(());
        }
        if let Err(d) = write() {
            let mut failure = lock(&self.failure);
            match failure.as_mut() {
                Some((_, skipped)) => *skipped += 1,
                None => *failure = Some((d, 0)),
            }
        }
        Ok(())
    }

    /// Whether every file put so far was written: else the first problem,
    /// with the count of the files not written after it.
    pub fn written(&self) -> Result<(), Diagnostic> {
        match lock(&self.failure).take() {
            None => Ok(()),
            Some((d, 0)) => Err(d),
            Some((mut d, skipped)) => {
                d.message = format!(
                    "{} (and {skipped} more file{} of the site not written)",
                    d.message,
                    if skipped == 1 { "" } else { "s" }
                );
                d.message_ja = d.message_ja.take().map(|ja| {
                    format!("{ja}（ほかに {skipped} 個のファイルも書き込めませんでした）")
                });
                Err(d)
            }
        }
    }

    /// Creates the folder of `rel` in the staging folder and returns where to
    /// write it and, on a rebuild, where the published version is.
    fn place(&self, rel: &str) -> Result<(PathBuf, Option<PathBuf>), Diagnostic> {
        let safe = safe_relative(rel)?;
        let path = self.dir.join(safe);
        if let Some(folder) = path.parent()
            && !lock(&self.folders).contains(folder)
        {
            fs::create_dir_all(folder).map_err(|e| {
                crate::base::source::io_error(folder, "could not create the folder", &e)
            })?;
            lock(&self.folders).insert(folder.to_path_buf());
        }
        let old = self.previous.as_ref().map(|p| p.join(safe));
        Ok((path, old))
    }

    /// Puts the finished site in place of the output folder.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.written()?;
        self.committed = true;
        let result = swap(&self.dir, &self.output, &self.parent, &self.name);
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn not_a_folder(output: &Path) -> Diagnostic {
    Diagnostic::error("the output path exists and is not a folder")
        .ja("出力先がフォルダーではなくファイルです")
        .in_file(output)
        .help("choose another --output, or move the file away")
        .ja_help("別の --output を指定するか、そのファイルを移動してください")
}

/// Creates a file that must not exist yet. The staging folder starts empty,
/// so a file already there means two files of the site share a path (which
/// would silently keep the last); a hard-linked one is caught the same way.
fn create_new(path: &Path, rel: &str) -> Result<fs::File, Diagnostic> {
    fs::File::create_new(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(format!(
                "internal error: two files of the site would be written to `{rel}`"
            ))
            .help("please report this with the content that caused it")
        } else {
            crate::base::source::io_error(path, "could not write the file", &e)
        }
    })
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether the published file at `old` already holds exactly `bytes`.
fn unchanged(old: &Path, bytes: &[u8]) -> bool {
    published_equals(old, bytes.len() as u64, bytes)
}

/// Whether the published file at `old` holds the same bytes as the file just
/// written at `new`.
fn same_files(old: &Path, new: &Path) -> bool {
    match (fs::symlink_metadata(new), fs::File::open(new)) {
        (Ok(meta), Ok(file)) => published_equals(old, meta.len(), file),
        _ => false,
    }
}

/// Whether `old` is a regular file of `len` bytes equal to what `other`
/// reads, compared in pieces through buffers on the stack (a rebuild reads
/// every unchanged file once and allocates nothing for it).
fn published_equals(old: &Path, len: u64, mut other: impl std::io::Read) -> bool {
    use std::io::Read;
    if !fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == len) {
        return false;
    }
    let Ok(mut f) = fs::File::open(old) else {
        return false;
    };
    let mut ours = [0u8; 8192];
    let mut theirs = [0u8; 8192];
    loop {
        let n = match f.read(&mut ours) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            // Same length, so `other` is at its end too.
            return true;
        }
        if other.read_exact(&mut theirs[..n]).is_err() || ours[..n] != theirs[..n] {
            return false;
        }
    }
}

/// Writes `files` as the new content of `output` in one go.
pub fn publish(files: &[OutputFile], output: &Path) -> Result<(), Diagnostic> {
    let staging = Staging::begin(output)?;
    for file in files {
        staging.put(file)?;
    }
    staging.commit()
}

/// Puts back the old site when an earlier build was stopped between moving the
/// old output aside and moving the new one in (only possible where the swap is
/// not atomic). Harmless at any other time; errors are left to the next publish.
pub fn recover(output: &Path) {
    if let Ok((parent, name)) = locate(output, false) {
        recover_in(&parent, &name);
    }
}

/// The output's folder (with every `..` and link resolved, so that renames
/// never depend on the name being moved) and the output's own name.
fn locate(output: &Path, create: bool) -> Result<(PathBuf, String), Diagnostic> {
    let output = std::path::absolute(output)
        .map_err(|e| crate::base::source::io_error(output, "invalid output folder", &e))?;
    let name = match output.components().next_back() {
        Some(Component::Normal(n)) => n.to_string_lossy().into_owned(),
        _ => {
            return Err(Diagnostic::error("the output folder has no name")
                .ja("出力先のフォルダーに名前がありません")
                .in_file(&output)
                .help("name a folder of its own, e.g. --output public")
                .ja_help("専用のフォルダーを指定してください（例：--output public）"));
        }
    };
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
    if create {
        fs::create_dir_all(&parent).map_err(|e| {
            crate::base::source::io_error(&parent, "could not create the folder", &e)
        })?;
    }
    let parent = fs::canonicalize(&parent)
        .map_err(|e| crate::base::source::io_error(&parent, "could not open the folder", &e))?;
    Ok((parent, name))
}

fn recover_in(parent: &Path, name: &str) {
    let output = parent.join(name);
    if fs::symlink_metadata(&output).is_ok() {
        return;
    }
    let prefix = format!(".{name}{RETIRED}");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut retired: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    retired.sort();
    if let Some(old) = retired.first() {
        let _ = fs::rename(old, &output);
    }
}

/// The output folder is replaced as a whole: refuse when that would delete
/// anything but an earlier build of the site.
fn check_replaceable(output: &Path) -> Result<(), Diagnostic> {
    if fs::symlink_metadata(output).is_err() {
        return Ok(()); // not there yet
    }
    let shown = output.display();
    let refuse = |why: String, why_ja: String| {
        Err(Diagnostic::error(format!(
            "the output folder {shown} {why}; building replaces the whole folder"
        ))
        .ja(format!(
            "出力先フォルダー {shown} は{why_ja}。作成するとフォルダー全体が置き換わります"
        ))
        .in_file(output)
        .help("choose a new or empty folder for --output, e.g. --output public, or move that folder away yourself")
        .ja_help("--output には新しいフォルダーか空のフォルダーを指定するか（例：--output public）、そのフォルダーをご自身で移動してください"))
    };
    if !fs::metadata(output).is_ok_and(|m| m.is_dir()) {
        return Err(not_a_folder(output));
    }
    let real = fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf());
    if let Ok(cwd) = std::env::current_dir().and_then(fs::canonicalize)
        && cwd.starts_with(&real)
    {
        return refuse(
            format!("contains the current folder {}", cwd.display()),
            format!("作業中のフォルダー {} を含んでいます", cwd.display()),
        );
    }
    for holds_content in ["site.toml", "content/site.toml", "Cargo.toml", ".git"] {
        if output.join(holds_content).exists() {
            return refuse(
                format!("holds {holds_content}, which mieruka never writes"),
                format!("mieruka が作らない {holds_content} を含んでいます"),
            );
        }
    }
    let empty = fs::read_dir(output).is_ok_and(|mut d| d.next().is_none());
    if !empty && !output.join("index.html").is_file() {
        return refuse(
            "is not empty and is not a site built by mieruka (it has no index.html)".into(),
            "空ではなく、mieruka で作ったサイトでもありません（index.html がありません）".into(),
        );
    }
    Ok(())
}

/// Removes staging and retired folders of earlier builds (of this output only).
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}{STAGING}"), format!(".{name}{RETIRED}")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str()))
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A path made by the renderer must stay inside the output folder.
fn safe_relative(path: &str) -> Result<&Path, Diagnostic> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !path.contains('\\');
    if ok {
        Ok(p)
    } else {
        Err(Diagnostic::error(format!(
            "refusing to write `{path}`: it would land outside the output folder"
        )))
    }
}

/// Puts the staged site in place. Where the system can, the two folders trade
/// places in one step and the old site is then removed from the staging name.
/// Otherwise the old output is renamed aside, the staging folder renamed to the
/// output, and the old one removed; between the two renames the output name is
/// briefly absent (never half-written), and [`recover`] repairs a build killed
/// right then.
fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), Diagnostic> {
    if fs::symlink_metadata(output).is_err() {
        return fs::rename(staging, output).map_err(|e| {
            crate::base::source::io_error(output, "could not put the new site in place", &e)
        });
    }
    if !output.is_dir() {
        return Err(not_a_folder(output));
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the old site.
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    let retired = parent.join(format!(".{name}{RETIRED}{}", std::process::id()));
    fs::rename(output, &retired).map_err(|e| {
        crate::base::source::io_error(output, "could not move the old site aside", &e)
    })?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&retired, output);
        return Err(crate::base::source::io_error(
            output,
            "could not put the new site in place",
            &e,
        ));
    }
    let _ = fs::remove_dir_all(&retired);
    Ok(())
}

/// Swaps two directory entries atomically (Linux `renameat2(RENAME_EXCHANGE)`,
/// through rustix; not in std). Fails where the system or the file system
/// cannot, and the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One cause, one message: when the staging folder cannot take files
    /// (here it has been replaced by a file; a full disk or a read-only
    /// folder behaves the same), the first failure is reported once with the
    /// count of the others, and the published site stays as it was.
    #[test]
    fn a_failure_that_stops_every_file_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir(&output).unwrap();
        fs::write(output.join("index.html"), "old").unwrap();
        let staging = Staging::begin(&output).unwrap();
        fs::remove_dir_all(&staging.dir).unwrap();
        fs::write(&staging.dir, "not a folder").unwrap();
        for n in 0..5 {
            let file = OutputFile {
                path: format!("initiatives/{n}.html"),
                bytes: b"new".to_vec(),
            };
            assert!(staging.put(&file).is_ok());
        }
        let err = staging.commit().unwrap_err();
        let en = err.render();
        assert_eq!(en.matches("error:").count(), 1, "{en}");
        assert!(
            en.contains("(and 4 more files of the site not written)"),
            "{en}"
        );
        assert!(
            err.render_in(crate::base::text::Lang::JA)
                .contains("ほかに 4 個のファイルも書き込めませんでした"),
            "{}",
            err.render_in(crate::base::text::Lang::JA)
        );
        let _ = fs::remove_file(
            dir.path()
                .join(format!(".public{STAGING}{}", std::process::id())),
        );
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
    }

    #[test]
    fn paths_stay_inside() {
        assert!(safe_relative("en/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }

    fn file(p: &str, b: &str) -> OutputFile {
        OutputFile {
            path: p.into(),
            bytes: b.as_bytes().to_vec(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn two_files_for_one_path_are_refused_and_nothing_is_published() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&[file("index.html", "old")], &out).unwrap();
        // Fresh files, and an unchanged file that would be hard-linked.
        for twice in [
            vec![file("b.html", "1"), file("b.html", "2")],
            vec![file("index.html", "old"), file("index.html", "old")],
        ] {
            let err = publish(&twice, &out).unwrap_err();
            assert!(
                err.message.contains("two files of the site"),
                "{}",
                err.message
            );
            assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
            assert!(!out.join("b.html").exists());
        }
    }

    #[test]
    fn publish_replaces_and_cleans() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&[file("index.html", "1"), file("x/b.html", "2")], &out).unwrap();
        fs::create_dir(dir.path().join(".public.staging-1")).unwrap();
        publish(&[file("index.html", "3")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "3");
        assert!(!out.join("x/b.html").exists());
        assert_eq!(names(dir.path()), ["public"]);
    }

    #[test]
    fn a_build_killed_between_the_renames_is_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // What a build stopped between its two renames leaves behind.
        let retired = dir.path().join(".public.retired-4242");
        fs::create_dir_all(retired.join("en")).unwrap();
        fs::write(retired.join("index.html"), "old").unwrap();
        fs::write(retired.join("en/index.html"), "old en").unwrap();
        fs::create_dir_all(dir.path().join(".public.staging-4242/en")).unwrap();
        recover(&out);
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            "old en"
        );
        // The next publish removes the half-written staging folder.
        publish(&[file("index.html", "new")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(names(dir.path()), ["public"]);
        // Nothing to do when the output is there.
        recover(&out);
        assert_eq!(names(dir.path()), ["public"]);
    }

    #[test]
    fn only_an_earlier_build_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let site = [file("index.html", "1")];
        // An empty folder is fine.
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        publish(&site, &empty).unwrap();
        // A folder of other files, or one that holds content, is not replaced.
        for (folder, holds, with_index, why) in [
            ("docs", "report.docx", false, "no index.html"),
            ("project", "content/site.toml", true, "content/site.toml"),
            ("gh-pages", ".git/HEAD", true, ".git"),
        ] {
            let out = dir.path().join(folder);
            fs::create_dir_all(out.join(holds).parent().unwrap()).unwrap();
            fs::write(out.join(holds), "keep").unwrap();
            if with_index {
                fs::write(out.join("index.html"), "keep").unwrap();
            }
            let err = publish(&site, &out).unwrap_err();
            assert!(err.message.contains(why), "{}", err.message);
            assert_eq!(fs::read_to_string(out.join(holds)).unwrap(), "keep");
        }
        // A file is not a folder.
        let f = dir.path().join("file");
        fs::write(&f, "x").unwrap();
        let err = publish(&site, &f).unwrap_err();
        assert!(err.message.contains("not a folder"), "{}", err.message);
        assert_eq!(fs::read_to_string(&f).unwrap(), "x");
    }

    #[test]
    fn output_given_with_dot_dot_is_resolved() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        let out = dir.path().join("a/../public");
        publish(&[file("index.html", "1")], &out).unwrap();
        publish(&[file("index.html", "2")], &out).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("public/index.html")).unwrap(),
            "2"
        );
        assert_eq!(names(dir.path()), ["a", "public"]);
        assert!(publish(&[file("index.html", "1")], &dir.path().join("a/..")).is_err());
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn folders_trade_places_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "in a").unwrap();
        fs::write(b.join("y"), "in b").unwrap();
        match exchange(&a, &b) {
            Ok(()) => {
                assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "in a");
                assert_eq!(fs::read_to_string(a.join("y")).unwrap(), "in b");
            }
            // Some file systems cannot; publish then falls back to two renames.
            Err(e) => eprintln!("no atomic exchange on this file system: {e}"),
        }
        assert!(exchange(&a, &dir.path().join("missing")).is_err());
    }

    #[test]
    fn two_files_for_one_path_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let err = publish(&[file("index.html", "1"), file("index.html", "2")], &out).unwrap_err();
        assert!(err.message.contains("index.html"), "{}", err.message);
        assert!(!out.exists());
    }
}
