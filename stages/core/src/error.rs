//! One error type for the library crates, grouped by who is at fault.

use std::path::PathBuf;

/// A newsmill error. The variant says whose fault it is, which decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's input cannot be used at all (a single bad record is a reject, not an error).
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    /// The configuration is wrong; every problem found, one per entry.
    #[error("invalid configuration:\n  - {}", .0.join("\n  - "))]
    Config(Vec<String>),
    /// A file does not hold the table that was expected, or a batch does not match its contract.
    #[error("{context}: expected table `{expected}`, found {found}")]
    Schema {
        context: String,
        expected: String,
        found: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An Arrow error.
    #[error("arrow: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
    /// A Parquet or Polars error, as text (those crates are not dependencies here).
    #[error("{context}: {message}")]
    Format { context: String, message: String },
    /// A bug in newsmill.
    #[error("internal error (please report): {0}")]
    Internal(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An unusable input file.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
