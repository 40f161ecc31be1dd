//! `newsmill._native`: the engine for Python. The pure-Python package `newsmill` (python/newsmill)
//! wraps these functions with docstrings, DataFrames and progress bars; users call that.
//!
//! Long calls run on a thread of their own while the calling thread, GIL released, waits for
//! them in short slices: between slices it checks for Ctrl-C (which asks the work to stop and
//! raises `KeyboardInterrupt`) and reports progress to an optional Python callable.

mod stream;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use arrow::array::RecordBatch;
use newsmill_core::{tables, Error};
use newsmill_engine::{runner, Config};
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use stream::ArrowStream;

/// How often a waiting call checks for Ctrl-C and reports progress (short enough to feel
/// immediate, long enough to cost nothing).
const POLL: Duration = Duration::from_millis(100);

/// The payload of the unwinding that stops a cancelled run (not a panic: no message is printed).
struct Cancelled;

/// What a call's work thread and the waiting Python thread share.
#[derive(Default)]
struct Shared {
    docs: AtomicU64,
    bytes: AtomicU64,
    cancel: AtomicBool,
}

/// The engine's progress, counted for the waiting thread; stops the run when cancelled.
struct Watch(Arc<Shared>);

impl newsmill_engine::Progress for Watch {
    fn advance(&self, docs: u64, bytes: u64) {
        self.0.docs.fetch_add(docs, Ordering::Relaxed);
        self.0.bytes.fetch_add(bytes, Ordering::Relaxed);
        if self.0.cancel.load(Ordering::Relaxed) {
            // Leaves the run as a killed process would: its staging folder is discarded by the
            // next run on the same output, the lock is released on unwinding.
            std::panic::resume_unwind(Box::new(Cancelled));
        }
    }
    fn finish(&self) {}
}

/// Turns an engine error into the Python exception of its kind (classes of `newsmill.errors`),
/// with the command line's message.
fn py_err(py: Python<'_>, e: Error) -> PyErr {
    let (class, problems) = match &e {
        Error::Config(p) => ("ConfigError", p.clone()),
        Error::Input { .. } | Error::Io { .. } => ("InputError", vec![]),
        Error::Schema { .. } => ("SchemaError", vec![]),
        _ => ("NewsmillError", vec![]),
    };
    let made = py
        .import("newsmill.errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1((e.to_string(), problems)));
    match made {
        Ok(v) => PyErr::from_value(v),
        Err(import_failed) => import_failed,
    }
}

/// Runs `work` on a thread of its own and waits for it with the GIL released, checking for
/// Ctrl-C and calling `progress(docs, bytes)` every [`POLL`].
fn wait<T, F>(py: Python<'_>, progress: Option<&Bound<'_, PyAny>>, work: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce(Arc<Shared>) -> Result<T, Error> + Send + 'static,
{
    let shared = Arc::new(Shared::default());
    let (tx, rx) = mpsc::channel();
    // A Mutex makes the receiver shareable with the GIL-free closures below.
    let rx = Mutex::new(rx);
    let s = shared.clone();
    let handle = std::thread::Builder::new()
        .name("newsmill".into())
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(s)));
            let _ = tx.send(r);
        })
        .map_err(|e| PyRuntimeError::new_err(format!("starting a thread: {e}")))?;
    let mut reported = (0, 0);
    let mut report = || -> PyResult<()> {
        if let Some(cb) = progress {
            let now = (
                shared.docs.load(Ordering::Relaxed),
                shared.bytes.load(Ordering::Relaxed),
            );
            if now != reported {
                reported = now;
                cb.call1(now)?;
            }
        }
        Ok(())
    };
    let outcome = loop {
        match py.detach(|| recv(&rx, Some(POLL))) {
            Ok(r) => break r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = py.check_signals().and_then(|_| report()) {
                    shared.cancel.store(true, Ordering::Relaxed);
                    let _ = py.detach(|| recv(&rx, None));
                    let _ = handle.join();
                    return Err(e);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "newsmill: the work thread vanished",
                ))
            }
        }
    };
    let _ = handle.join();
    report()?;
    match outcome {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(py_err(py, e)),
        Err(payload) if payload.is::<Cancelled>() => Err(PyKeyboardInterrupt::new_err(())),
        Err(payload) => Err(PyRuntimeError::new_err(format!(
            "internal error (please report): {}",
            newsmill_engine::isolate::panic_message(payload.as_ref())
        ))),
    }
}

/// Receives from a channel, with a timeout or not.
fn recv<T>(
    rx: &Mutex<mpsc::Receiver<T>>,
    timeout: Option<Duration>,
) -> Result<T, mpsc::RecvTimeoutError> {
    let rx = rx
        .lock()
        .map_err(|_| mpsc::RecvTimeoutError::Disconnected)?;
    match timeout {
        Some(t) => rx.recv_timeout(t),
        None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
    }
}

/// A config from TOML text (`origin` names it in messages) or a file, or the default.
fn load_config(toml: Option<&str>, path: Option<&str>, origin: &str) -> Result<Config, Error> {
    match (toml, path) {
        (Some(t), _) => Config::parse(t, origin),
        (None, Some(p)) => Config::load(Path::new(p)),
        (None, None) => Ok(Config::default()),
    }
}

/// The threads of a call: the given number, or all cores.
fn threads(n: Option<usize>) -> usize {
    n.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A config, checked: every problem of every section (ConfigError), then the config in full
/// as TOML (defaults filled in), as `newsmill config` prints it.
#[pyfunction]
#[pyo3(signature = (toml=None, path=None, origin="config"))]
fn check_config(
    py: Python<'_>,
    toml: Option<String>,
    path: Option<String>,
    origin: &str,
) -> PyResult<String> {
    let origin = origin.to_string();
    wait(py, None, move |_| {
        let config = load_config(toml.as_deref(), path.as_deref(), &origin)?;
        runner::Workers::build(&config, true, true, true)?;
        Ok(config.to_toml())
    })
}

/// A config given as JSON (a Python dict) as TOML text.
#[pyfunction]
fn json_to_toml(py: Python<'_>, json: &str) -> PyResult<String> {
    let bad = |m: String| py_err(py, Error::Config(vec![format!("config: {m}")]));
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    if !v.is_object() {
        return Err(bad("expected a dict of sections".into()));
    }
    toml::to_string(&v).map_err(|e| bad(e.to_string()))
}

/// The default config as TOML.
#[pyfunction]
fn default_config() -> String {
    Config::default().to_toml()
}

/// The names of the output tables, in the order of `newsmill schema`.
#[pyfunction]
fn table_names() -> Vec<&'static str> {
    tables::ALL.iter().map(|t| t.name).collect()
}

/// A table's contract: an empty Arrow stream with its schema, and its description as Markdown.
#[pyfunction]
fn table_schema(py: Python<'_>, name: &str) -> PyResult<(ArrowStream, String)> {
    match tables::by_name(name) {
        Some(t) => Ok((ArrowStream::new(t.schema(), vec![]), t.markdown())),
        None => Err(py_err(
            py,
            Error::Config(vec![format!(
                "unknown table `{name}` (known: {})",
                table_names().join(", ")
            )]),
        )),
    }
}

/// Sentences of each text: for text `i`, a list of `(start, end)` in characters (Python string
/// indices), so that `texts[i][start:end]` is the sentence.
#[pyfunction]
#[pyo3(signature = (texts, toml=None, path=None))]
fn split(
    py: Python<'_>,
    texts: Vec<String>,
    toml: Option<String>,
    path: Option<String>,
) -> PyResult<Vec<Vec<(usize, usize)>>> {
    wait(py, None, move |_| {
        let config = load_config(toml.as_deref(), path.as_deref(), "config")?;
        let splitter = newsmill_split::Splitter::new(&config.split)?;
        Ok(texts
            .iter()
            .map(|t| char_spans(t, &splitter.spans(t)))
            .collect())
    })
}

/// Byte spans of `text` as character spans.
fn char_spans(text: &str, spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(spans.len());
    let (mut byte, mut chars) = (0, 0);
    let mut to_chars = |b: usize| {
        // Spans come in order, so counting goes forward only.
        if b < byte {
            byte = 0;
            chars = 0;
        }
        chars += text.get(byte..b).map_or(0, |s| s.chars().count());
        byte = b;
        chars
    };
    for &(s, e) in spans {
        let s = to_chars(s);
        let e = to_chars(e);
        out.push((s, e));
    }
    out
}

/// The whole chain over files or folders into the output folder `out`, as `newsmill run`:
/// returns the run report as JSON (`manifest.json` holds it too).
#[pyfunction]
#[pyo3(signature = (inputs, out, toml=None, path=None, threads=None, incremental=false, since=None, until=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn run(
    py: Python<'_>,
    inputs: Vec<PathBuf>,
    out: PathBuf,
    toml: Option<String>,
    path: Option<String>,
    threads: Option<usize>,
    incremental: bool,
    since: Option<i64>,
    until: Option<i64>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<String> {
    let options = runner::RunOptions {
        threads: self::threads(threads),
        incremental,
        since,
        until,
    };
    wait(py, progress.as_ref(), move |shared| {
        let config = load_config(toml.as_deref(), path.as_deref(), "config")?;
        let lock =
            newsmill_engine::lock::OutputLock::acquire(&out, false)?.map_err(|l| Error::Input {
                path: out.clone(),
                message: l.to_string(),
            })?;
        let report = runner::run(&config, &inputs, &out, &options, &Watch(shared))?;
        drop(lock);
        let mut r = report.to_json();
        r["exit_code"] = serde_json::json!(if report.run_rejects() > 0 { 3 } else { 0 });
        r["warnings"] = serde_json::json!(report.warnings);
        Ok(r.to_string())
    })
}

/// Keeps a list of batches alive as one table (for tests of the stream export).
#[pyfunction]
fn roundtrip(py: Python<'_>, data: Bound<'_, PyAny>) -> PyResult<ArrowStream> {
    let reader = stream::import(&data)?;
    let schema = arrow::array::RecordBatchReader::schema(&reader);
    let batches: Vec<RecordBatch> = py
        .detach(|| {
            reader
                .map(|b| b.and_then(stream::normalize))
                .collect::<Result<_, _>>()
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let schema = batches.first().map_or(schema, |b| b.schema());
    Ok(ArrowStream::new(schema, batches))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ArrowStream>()?;
    m.add_function(wrap_pyfunction!(check_config, m)?)?;
    m.add_function(wrap_pyfunction!(default_config, m)?)?;
    m.add_function(wrap_pyfunction!(json_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(table_names, m)?)?;
    m.add_function(wrap_pyfunction!(table_schema, m)?)?;
    m.add_function(wrap_pyfunction!(split, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(roundtrip, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_spans_count_characters_not_bytes() {
        let text = "£5 up. Next €.";
        let spans = [(0, 7), (8, text.len())];
        let c = char_spans(text, &spans);
        let chars: Vec<char> = text.chars().collect();
        let s: String = chars[c[1].0..c[1].1].iter().collect();
        assert_eq!(s, "Next €.");
        assert_eq!(c[0], (0, 6));
    }
}
