//! All-or-nothing output: a run writes every file into a staging folder inside the output
//! (`OUT/.newsmill-staging/`), then commits.
//!
//! The commit point is the journal `COMMIT.json` (written aside, synced, renamed into the staging
//! folder): the list of moves and removals that turn the old output into the new one. Applying it
//! is idempotent, so a run killed at any moment leaves either the previous output (no journal: the
//! next run throws the staging folder away) or a journal the next run finishes applying before it
//! does anything else. Readers never see a half-written file: every move is a rename.

use std::path::{Path, PathBuf};

use newsmill_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// The staging folder's name in an output folder.
pub const STAGING: &str = ".newsmill-staging";
const JOURNAL: &str = "COMMIT.json";

/// One step of a commit; paths are relative (`from` to the staging folder, the others to the
/// output folder).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Move a staged file or folder into place, replacing what is there.
    Put { from: String, to: String },
    /// Remove a file or folder of the output.
    Remove { path: String },
}

/// What [`recover`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Nothing left over.
    Clean,
    /// A run was killed before its commit point: its staged files were removed.
    Discarded,
    /// A run was killed while applying its commit: the commit was finished.
    Finished,
}

/// A run's staging folder and the steps of its commit.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    ops: Vec<Op>,
}

fn io_err(p: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(p, e)
}

fn remove_any(p: &Path) -> Result<()> {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(p).map_err(io_err(p)),
        Ok(_) => std::fs::remove_file(p).map_err(io_err(p)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(p, e)),
    }
}

/// Whether `out` holds a commit that a killed run left half applied (its tables may be a mix
/// of two runs until [`recover`] finishes it).
pub fn unfinished(out: &Path) -> bool {
    out.join(STAGING).join(JOURNAL).exists()
}

/// Finishes or discards what a killed run left in `out`. Call it holding the output's lock.
pub fn recover(out: &Path) -> Result<Recovery> {
    let dir = out.join(STAGING);
    if !dir.exists() {
        return Ok(Recovery::Clean);
    }
    let journal = dir.join(JOURNAL);
    if journal.exists() {
        let text = std::fs::read_to_string(&journal).map_err(io_err(&journal))?;
        let ops: Vec<Op> = serde_json::from_str(&text).map_err(|e| Error::Format {
            context: journal.display().to_string(),
            message: e.to_string(),
        })?;
        apply(out, &dir, &ops)?;
        remove_any(&dir)?;
        Ok(Recovery::Finished)
    } else {
        remove_any(&dir)?;
        Ok(Recovery::Discarded)
    }
}

/// Applies the steps in order; each one can be applied again after a crash.
fn apply(out: &Path, staging: &Path, ops: &[Op]) -> Result<()> {
    for (i, op) in ops.iter().enumerate() {
        crash_point(&format!("apply-{i}"));
        match op {
            Op::Put { from, to } => {
                let (from, to) = (staging.join(from), out.join(to));
                let old = to.with_file_name(format!(
                    ".{}.old",
                    to.file_name().and_then(|n| n.to_str()).unwrap_or("x")
                ));
                if from.exists() {
                    if let Some(parent) = to.parent() {
                        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
                    }
                    if from.is_dir() && to.exists() {
                        // A folder cannot be renamed over another: move the old one aside first.
                        remove_any(&old)?;
                        std::fs::rename(&to, &old).map_err(io_err(&to))?;
                    }
                    if to.is_dir() {
                        remove_any(&to)?;
                    }
                    std::fs::rename(&from, &to).map_err(io_err(&to))?;
                }
                remove_any(&old)?;
            }
            Op::Remove { path } => remove_any(&out.join(path))?,
        }
    }
    Ok(())
}

/// For the crash tests: `NEWSMILL_CRASH_AT=<point>` kills the process (as `kill -9` would) when
/// it reaches that point of a commit (`journal`, `apply-N`).
fn crash_point(name: &str) {
    if std::env::var("NEWSMILL_CRASH_AT").is_ok_and(|v| v == name) {
        std::process::abort();
    }
}

impl Staging {
    /// Recovers `out` (see [`recover`]) and starts an empty staging folder in it.
    pub fn begin(out: &Path) -> Result<(Staging, Recovery)> {
        std::fs::create_dir_all(out).map_err(io_err(out))?;
        let recovery = recover(out)?;
        let dir = out.join(STAGING);
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        Ok((
            Staging {
                out: out.to_path_buf(),
                dir,
                ops: Vec::new(),
            },
            recovery,
        ))
    }

    /// Where the run writes its files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Adds a step.
    pub fn push(&mut self, op: Op) {
        self.ops.push(op);
    }

    /// Replaces the table `name` of the output by what the staging folder holds of it: one file
    /// `<name>.parquet` or a folder `<name>/` of part files (the other layout goes).
    pub fn replace_table(&mut self, name: &str) {
        let file = format!("{name}.parquet");
        if self.dir.join(&file).exists() {
            self.push(Op::Put {
                from: file.clone(),
                to: file,
            });
            self.push(Op::Remove {
                path: name.to_string(),
            });
        } else if self.dir.join(name).is_dir() {
            self.push(Op::Put {
                from: name.to_string(),
                to: name.to_string(),
            });
            self.push(Op::Remove { path: file });
        }
    }

    /// Gives up: removes the staging folder and leaves the output as it was.
    pub fn abandon(self) -> Result<()> {
        remove_any(&self.dir)
    }

    /// The commit: writes the journal (the commit point), applies it and removes the staging
    /// folder.
    pub fn commit(self) -> Result<()> {
        let journal = self.dir.join(JOURNAL);
        let tmp = self.dir.join(format!("{JOURNAL}.tmp"));
        let text =
            serde_json::to_string_pretty(&self.ops).map_err(|e| Error::Internal(e.to_string()))?;
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp).map_err(io_err(&tmp))?;
            f.write_all(text.as_bytes()).map_err(io_err(&tmp))?;
            f.sync_all().map_err(io_err(&tmp))?;
        }
        crash_point("journal");
        std::fs::rename(&tmp, &journal).map_err(io_err(&journal))?;
        if let Ok(d) = std::fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        apply(&self.out, &self.dir, &self.ops)?;
        crash_point("cleanup");
        remove_any(&self.dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &Path, s: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    }

    fn read(p: &Path) -> Option<String> {
        std::fs::read_to_string(p).ok()
    }

    /// A staging folder that replaces `a.parquet` by a folder `a/`, adds a part to `b/` and
    /// removes `c.parquet`.
    fn staged(out: &Path) -> Staging {
        write(&out.join("a.parquet"), "old a");
        write(&out.join("b/part-00000.parquet"), "old b0");
        write(&out.join("c.parquet"), "old c");
        let (mut s, r) = Staging::begin(out).unwrap();
        assert_eq!(r, Recovery::Clean);
        write(&s.dir().join("a/part-00000.parquet"), "new a0");
        write(&s.dir().join("b/part-00001.parquet"), "new b1");
        s.replace_table("a");
        s.push(Op::Put {
            from: "b/part-00001.parquet".into(),
            to: "b/part-00001.parquet".into(),
        });
        s.push(Op::Remove {
            path: "c.parquet".into(),
        });
        s
    }

    fn assert_new(out: &Path) {
        assert_eq!(
            read(&out.join("a/part-00000.parquet")).as_deref(),
            Some("new a0")
        );
        assert!(!out.join("a.parquet").exists());
        assert_eq!(
            read(&out.join("b/part-00000.parquet")).as_deref(),
            Some("old b0")
        );
        assert_eq!(
            read(&out.join("b/part-00001.parquet")).as_deref(),
            Some("new b1")
        );
        assert!(!out.join("c.parquet").exists());
        assert!(!out.join(STAGING).exists());
    }

    #[test]
    fn commit_applies_every_step() {
        let tmp = tempfile::tempdir().unwrap();
        staged(tmp.path()).commit().unwrap();
        assert_new(tmp.path());
    }

    #[test]
    fn a_run_killed_before_its_journal_is_discarded() {
        let tmp = tempfile::tempdir().unwrap();
        drop(staged(tmp.path()));
        assert_eq!(recover(tmp.path()).unwrap(), Recovery::Discarded);
        assert_eq!(
            read(&tmp.path().join("a.parquet")).as_deref(),
            Some("old a")
        );
        assert_eq!(
            read(&tmp.path().join("c.parquet")).as_deref(),
            Some("old c")
        );
        assert!(!tmp.path().join("b/part-00001.parquet").exists());
        assert!(!tmp.path().join(STAGING).exists());
    }

    #[test]
    fn a_commit_cut_after_any_step_is_finished_by_recovery() {
        // Apply the first k steps by hand, as a run killed after k steps would have, then recover.
        let n = {
            let tmp = tempfile::tempdir().unwrap();
            staged(tmp.path()).ops.len()
        };
        for k in 0..=n {
            let tmp = tempfile::tempdir().unwrap();
            let s = staged(tmp.path());
            let text = serde_json::to_string(&s.ops).unwrap();
            std::fs::write(s.dir().join(JOURNAL), text).unwrap();
            apply(tmp.path(), s.dir(), &s.ops[..k]).unwrap();
            // Half of a folder swap: the old folder moved aside, the new one not yet in place.
            if k == 0 {
                std::fs::rename(tmp.path().join("b"), tmp.path().join(".b.old")).unwrap();
                std::fs::rename(tmp.path().join(".b.old"), tmp.path().join("b")).unwrap();
            }
            assert_eq!(recover(tmp.path()).unwrap(), Recovery::Finished, "k = {k}");
            assert_new(tmp.path());
        }
    }
}
