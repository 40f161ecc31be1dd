//! What a run may do to its output folder and how it ends: a folder that holds files newsmill
//! did not write is refused (unless `--force`), and `--max-rejects` decides when rejects make the
//! exit code 3.

use std::path::Path;

use newsmill_core::{Error, Result};

use crate::commit::STAGING;
use crate::lock::LOCK_FILE;

/// Refuses an output folder that exists, is not empty and holds nothing of newsmill's (no
/// `manifest.json`, lock file or staging folder): a run would replace files in it that are the
/// user's. `force` allows it.
pub fn check_output(out: &Path, force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    let entries = match std::fs::read_dir(out) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory || out.is_file() => {
            return Err(Error::Config(vec![format!(
                "-o {}: is a file, not a folder",
                out.display()
            )]))
        }
        Err(e) => return Err(Error::io(out, e)),
    };
    let mut foreign = Vec::new();
    for e in entries {
        let name = e.map_err(|err| Error::io(out, err))?.file_name();
        let name = name.to_string_lossy().into_owned();
        if name == "manifest.json" || name == LOCK_FILE || name == STAGING {
            return Ok(());
        }
        foreign.push(name);
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
    Err(Error::Config(vec![format!(
        "-o {}: the folder is not empty and was not written by newsmill (it holds {}{}); \
         choose an empty or new folder, or add --force to write newsmill's tables into it \
         (files with the names of its tables would be replaced)",
        out.display(),
        shown.join(", "),
        if foreign.len() > 5 {
            format!(" and {} more", foreign.len() - 5)
        } else {
            String::new()
        }
    )]))
}

/// `--max-rejects`: how many rejects a run may have and still exit 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MaxRejects {
    /// At most this many.
    Count(u64),
    /// At most this percentage of the records read (documents + rejects).
    Percent(f64),
}

impl std::str::FromStr for MaxRejects {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let bad = || format!("`{s}` is not a number of rejects (`10`) or a percentage (`0.5%`)");
        match s.trim().strip_suffix('%') {
            Some(p) => match p.trim().parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) => Ok(MaxRejects::Percent(p)),
                _ => Err(bad()),
            },
            None => s.trim().parse().map(MaxRejects::Count).map_err(|_| bad()),
        }
    }
}

impl MaxRejects {
    /// Whether `rejects` among `documents + rejects` records stay within the limit.
    pub fn allows(self, rejects: u64, documents: u64) -> bool {
        match self {
            MaxRejects::Count(n) => rejects <= n,
            MaxRejects::Percent(p) => {
                let read = rejects + documents;
                read == 0 || rejects as f64 * 100.0 <= p * read as f64
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_rejects_parses_counts_and_percentages() {
        // (argument, rejects, documents, allowed; None: not a valid argument)
        let cases: &[(&str, u64, u64, Option<bool>)] = &[
            ("0", 0, 10, Some(true)),
            ("0", 1, 10, Some(false)),
            ("10", 10, 0, Some(true)),
            ("10", 11, 1000, Some(false)),
            ("1%", 1, 99, Some(true)),
            ("1%", 2, 98, Some(false)),
            ("0.5 %", 5, 995, Some(true)),
            ("100%", 7, 0, Some(true)),
            ("0%", 0, 0, Some(true)),
            ("101%", 0, 0, None),
            ("-1", 0, 0, None),
            ("ten", 0, 0, None),
            ("%", 0, 0, None),
        ];
        for &(arg, rejects, docs, want) in cases {
            let got = arg
                .parse::<MaxRejects>()
                .ok()
                .map(|m| m.allows(rejects, docs));
            assert_eq!(got, want, "{arg} with {rejects} of {}", rejects + docs);
        }
    }

    #[test]
    fn foreign_output_folders_are_refused_unless_forced() {
        let tmp = tempfile::tempdir().unwrap();
        // (entries in the folder, refused without --force)
        let cases: &[(&[&str], bool)] = &[
            (&[], false),
            (&["notes.txt", "countries.parquet"], true),
            (&["manifest.json", "countries.parquet"], false),
            (&[LOCK_FILE], false),
            (&[STAGING, "x"], false),
            (&[".hidden"], true),
        ];
        for (i, (entries, refused)) in cases.iter().enumerate() {
            let out = tmp.path().join(format!("out{i}"));
            std::fs::create_dir(&out).unwrap();
            for e in *entries {
                std::fs::write(out.join(e), "user data").unwrap();
            }
            let got = check_output(&out, false);
            assert_eq!(got.is_err(), *refused, "{entries:?}");
            if let Err(e) = got {
                assert!(e.to_string().contains("--force"), "{e}");
            }
            assert!(check_output(&out, true).is_ok());
        }
        assert!(check_output(&tmp.path().join("missing"), false).is_ok());
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(check_output(&file, false).is_err());
    }
}
