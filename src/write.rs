//! Publishing: the site is written to a staging folder beside the output and
//! swapped in with renames only once every file is written. A failed or
//! killed build leaves the previous output as it was; leftovers of an
//! interrupted build are removed by the next one.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::render::OutputFile;

/// Name prefixes of the work folders kept beside the output folder.
const STAGING: &str = ".staging-";
const RETIRED: &str = ".retired-";

/// Writes `files` as the new content of `output`.
pub fn publish(files: &[OutputFile], output: &Path) -> Result<(), Diagnostic> {
    let output = absolute(output)?;
    let name = output
        .file_name()
        .ok_or_else(|| Diagnostic::error("the output folder has no name").in_file(&output))?
        .to_string_lossy()
        .into_owned();
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
    fs::create_dir_all(&parent)
        .map_err(|e| crate::source::io_error(&parent, "could not create the folder", &e))?;
    clean_leftovers(&parent, &name);

    let staging = parent.join(format!(".{name}{STAGING}{}", std::process::id()));
    let result = write_all(files, &staging).and_then(|()| swap(&staging, &output, &parent, &name));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn absolute(path: &Path) -> Result<PathBuf, Diagnostic> {
    std::path::absolute(path)
        .map_err(|e| crate::source::io_error(path, "invalid output folder", &e))
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

fn write_all(files: &[OutputFile], staging: &Path) -> Result<(), Diagnostic> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| {
            crate::source::io_error(staging, "could not clear the staging folder", &e)
        })?;
    }
    fs::create_dir_all(staging)
        .map_err(|e| crate::source::io_error(staging, "could not create the staging folder", &e))?;
    for file in files {
        let rel = safe_relative(&file.path)?;
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .map_err(|e| crate::source::io_error(dir, "could not create the folder", &e))?;
        }
        let mut f = fs::File::create(&path)
            .map_err(|e| crate::source::io_error(&path, "could not write the file", &e))?;
        f.write_all(&file.bytes)
            .map_err(|e| crate::source::io_error(&path, "could not write the file", &e))?;
    }
    Ok(())
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

/// Puts the staged site in place: the old output is renamed aside, the staging
/// folder renamed to the output, and then the old one removed. Between the two
/// renames the output name is briefly absent, never half-written.
fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), Diagnostic> {
    if output.exists() {
        if !output.is_dir() {
            return Err(
                Diagnostic::error("the output path exists and is not a folder")
                    .in_file(output)
                    .help("choose another --output, or move the file away"),
            );
        }
        let retired = parent.join(format!(".{name}{RETIRED}{}", std::process::id()));
        fs::rename(output, &retired).map_err(|e| {
            crate::source::io_error(output, "could not move the old site aside", &e)
        })?;
        if let Err(e) = fs::rename(staging, output) {
            let _ = fs::rename(&retired, output);
            return Err(crate::source::io_error(
                output,
                "could not put the new site in place",
                &e,
            ));
        }
        let _ = fs::remove_dir_all(&retired);
    } else {
        fs::rename(staging, output).map_err(|e| {
            crate::source::io_error(output, "could not put the new site in place", &e)
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        assert!(safe_relative("en/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn publish_replaces_and_cleans() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |p: &str, b: &str| OutputFile {
            path: p.into(),
            bytes: b.as_bytes().to_vec(),
        };
        publish(&[file("a.html", "1"), file("x/b.html", "2")], &out).unwrap();
        fs::create_dir(dir.path().join(".public.staging-1")).unwrap();
        publish(&[file("a.html", "3")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "3");
        assert!(!out.join("x/b.html").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }
}
