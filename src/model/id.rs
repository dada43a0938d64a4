//! Names that become part of a file name or an address: folder names,
//! indicator ids, division keys, page slugs.

/// An identifier that becomes part of a file name must be safe everywhere:
/// lower-case ASCII letters, digits, `-` and `_`, not starting with `-` or `_`,
/// and not a name Windows reserves.
/// Why a name cannot be an id; shown after the name: "`x` must be …" / 「`x` は…」.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    Length,
    Characters,
    Start,
    Reserved,
}

impl IdProblem {
    /// The Japanese, to follow 「`name` は」.
    pub fn ja(self) -> &'static str {
        match self {
            IdProblem::Length => "1〜64文字にしてください",
            IdProblem::Characters => "小文字の英字 a–z、数字、「-」「_」だけにしてください",
            IdProblem::Start => "英字か数字で始めてください",
            IdProblem::Reserved => "Windows で使えない名前です",
        }
    }
}

impl std::fmt::Display for IdProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IdProblem::Length => "must be 1 to 64 characters long",
            IdProblem::Characters => "may contain only lower-case letters a–z, digits, `-` and `_`",
            IdProblem::Start => "must start with a letter or a digit",
            IdProblem::Reserved => "is a name reserved by Windows",
        })
    }
}

pub fn check_id(id: &str) -> Result<(), IdProblem> {
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    if id.is_empty() || id.len() > 64 {
        return Err(IdProblem::Length);
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err(IdProblem::Characters);
    }
    if id.starts_with(['-', '_']) {
        return Err(IdProblem::Start);
    }
    if RESERVED.contains(&id) {
        return Err(IdProblem::Reserved);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_id;

    #[test]
    fn ids_that_become_file_names() {
        assert!(check_id("01-online-applications").is_ok());
        for bad in [
            "", "..", "a/b", "a\\b", "Con", "con", "-x", "a b", "ａ", "a\u{0}",
        ] {
            assert!(check_id(bad).is_err(), "{bad:?}");
        }
    }
}
