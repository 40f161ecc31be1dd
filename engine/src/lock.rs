//! One run at a time per output folder: an advisory lock on `OUT/.newsmill.lock`.
//!
//! The operating system releases the lock when its process ends, however it ends (even
//! `kill -9`), so a lock is never stale; the file only says who holds it, for the message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use newsmill_core::{Error, Result};

/// The lock file's name in an output folder.
pub const LOCK_FILE: &str = ".newsmill.lock";

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
}

/// Another run holds the output folder.
#[derive(Debug, thiserror::Error)]
#[error(
    "{path}: another newsmill run is writing this output ({holder}); wait for it, or pass --wait"
)]
pub struct Locked {
    pub path: PathBuf,
    pub holder: String,
}

impl OutputLock {
    /// Locks `dir` (created if missing). With `wait`, blocks until the holder is done; without,
    /// fails at once naming the holder.
    pub fn acquire(dir: &Path, wait: bool) -> Result<std::result::Result<OutputLock, Locked>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                if !wait {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim().to_string();
                    return Ok(Err(Locked {
                        path,
                        holder: if holder.is_empty() {
                            "holder unknown".into()
                        } else {
                            holder
                        },
                    }));
                }
                file.lock().map_err(|e| Error::io(&path, e))?;
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        let me = format!(
            "pid {} on {}, since {}",
            std::process::id(),
            std::fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|h| h.trim().to_string())
                .unwrap_or_default(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        file.set_len(0)
            .and_then(|_| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(me.as_bytes()))
            .map_err(|e| Error::io(&path, e))?;
        Ok(Ok(OutputLock { file }))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_naming_the_holder_and_the_first_release_frees_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = OutputLock::acquire(&out, false).unwrap().unwrap();
        assert!(out.join(LOCK_FILE).exists());
        let second = OutputLock::acquire(&out, false).unwrap().unwrap_err();
        assert!(
            second
                .holder
                .contains(&format!("pid {}", std::process::id())),
            "{}",
            second.holder
        );
        assert!(second.to_string().contains("--wait"));
        drop(first);
        let third = OutputLock::acquire(&out, false).unwrap();
        assert!(third.is_ok());
    }

    #[test]
    fn wait_blocks_until_the_holder_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        let first = OutputLock::acquire(&out, false).unwrap().unwrap();
        let t = std::thread::spawn({
            let out = out.clone();
            move || OutputLock::acquire(&out, true).unwrap().is_ok()
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!t.is_finished(), "the waiter waits");
        drop(first);
        assert!(t.join().unwrap());
    }
}
