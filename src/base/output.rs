//! Where the built files go: a file of the finished site, and the sinks
//! that take files as they are rendered (the staging folder in a build,
//! memory in tests).

use crate::base::diagnostic::Diagnostic;

/// One file of the finished site, path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go: the staging folder in a build. Called from
/// several threads at once.
pub trait Sink: Sync {
    /// A finished file.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// A large file, written piece by piece by `write` so that it is never
    /// whole in memory (the open data of a big plan is tens of megabytes).
    fn put_streamed(&self, path: &str, write: &mut StreamFn) -> Result<(), Diagnostic>;
}

/// Writes a streamed file's bytes into the writer it is given.
pub type StreamFn<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'a;

/// A sink that keeps every file in memory (for tests and small tools).
#[derive(Default)]
pub struct MemorySink {
    pub files: std::sync::Mutex<Vec<OutputFile>>,
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    }

    fn put_streamed(&self, path: &str, write: &mut StreamFn) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Diagnostic::error(format!("writing {path}: {e}")))?;
        self.put(OutputFile {
            path: path.to_string(),
            bytes,
        })
    }
}
