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

use newsmill_core::{tables, Error};
use newsmill_engine::{AggregateTables, Config, RunOptions, TagOptions};
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
        newsmill_engine::runner::Workers::build(&config, newsmill_engine::runner::Stages::ALL)?;
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

/// A config built into ready stages (dictionaries loaded, automata compiled): build once, call
/// `run` and `tag` many times.
#[pyclass(module = "newsmill._native", frozen)]
struct Engine {
    inner: Arc<newsmill_engine::Engine>,
}

#[pymethods]
impl Engine {
    /// Builds the engine of a config (TOML text or a file; the default without either).
    #[new]
    #[pyo3(signature = (toml=None, path=None, origin="config"))]
    fn new(
        py: Python<'_>,
        toml: Option<String>,
        path: Option<String>,
        origin: &str,
    ) -> PyResult<Engine> {
        let origin = origin.to_string();
        let inner = wait(py, None, move |_| {
            let config = load_config(toml.as_deref(), path.as_deref(), &origin)?;
            newsmill_engine::Engine::build(config)
        })?;
        Ok(Engine {
            inner: Arc::new(inner),
        })
    }

    /// The config as TOML, defaults filled in.
    fn config_toml(&self) -> String {
        self.inner.config().to_toml()
    }

    /// The theme tree the aggregates roll themes up along (the dictionary's themes): one
    /// `(id, parent_id, name, qcode)` per theme, in id order.
    #[allow(clippy::type_complexity)]
    fn theme_tree(&self) -> Vec<(String, Option<String>, String, Option<String>)> {
        let mut tree: Vec<_> = self
            .inner
            .workers()
            .tagger
            .dictionary()
            .entities
            .iter()
            .filter(|e| e.kind == Some(newsmill_tag::Kind::Theme))
            .map(|e| {
                (
                    e.id.clone(),
                    e.parent_id.clone().filter(|p| !p.is_empty()),
                    e.name.clone(),
                    e.qcode.clone().filter(|q| !q.is_empty()),
                )
            })
            .collect();
        tree.sort();
        tree
    }

    /// The near-duplicate settings of `[ingest]`: `(duplicates, duplicate_max_bits,
    /// duplicate_min_words)`.
    fn dedup_settings(&self) -> (bool, u32, usize) {
        let c = self.inner.workers().ingestor.config();
        (c.duplicates, c.duplicate_max_bits, c.duplicate_min_words)
    }

    /// The near-duplicate marks of a whole sequence of documents in run order, from nothing,
    /// as the ingest stage marks them (`Deduper::marks`): for document `i` (`ids[i]`, its
    /// SimHash `simhashes[i]` as the signed 64 bits Spark holds, whether its text is
    /// `long_enough`), the id of the earliest original within `duplicate_max_bits`, or `None`.
    fn near_duplicate_marks(
        &self,
        py: Python<'_>,
        ids: Vec<String>,
        simhashes: Vec<i64>,
        long_enough: Vec<bool>,
    ) -> PyResult<Vec<Option<String>>> {
        if ids.len() != simhashes.len() || ids.len() != long_enough.len() {
            return Err(PyRuntimeError::new_err(
                "near_duplicate_marks: ids, simhashes and long_enough differ in length",
            ));
        }
        let dedup = newsmill_ingest::dedup::Deduper::new(self.inner.workers().ingestor.config());
        Ok(py.detach(|| {
            dedup.marks(
                ids.iter()
                    .zip(&simhashes)
                    .zip(&long_enough)
                    // The same 64 bits: Spark has no unsigned type.
                    .map(|((id, &h), &long)| (id.as_str(), h as u64, long)),
            )
        }))
    }

    /// For each text of the first column of an Arrow stream, whether it is long enough to be
    /// marked as a near-duplicate or to be an original (`[ingest] duplicate_min_words`, counted
    /// as the ingest stage counts words): an Arrow stream of one boolean column `long_enough`.
    fn long_enough(&self, py: Python<'_>, data: Bound<'_, PyAny>) -> PyResult<ArrowStream> {
        let reader = stream::import(&data)?;
        let dedup = newsmill_ingest::dedup::Deduper::new(self.inner.workers().ingestor.config());
        let schema = Arc::new(arrow::datatypes::Schema::new(vec![
            arrow::datatypes::Field::new("long_enough", arrow::datatypes::DataType::Boolean, false),
        ]));
        let mut out = Vec::new();
        for b in reader {
            let b = b.map_err(|e| py_err(py, Error::from(e)))?;
            let texts = arrow::compute::cast(b.column(0), &arrow::datatypes::DataType::Utf8)
                .map_err(|e| py_err(py, Error::from(e)))?;
            let texts = texts
                .as_any()
                .downcast_ref::<arrow::array::StringArray>()
                .ok_or_else(|| PyRuntimeError::new_err("long_enough: texts are not strings"))?;
            let flags: arrow::array::BooleanArray = texts
                .iter()
                .map(|t| Some(t.is_some_and(|t| dedup.long_enough(t))))
                .collect();
            let batch = arrow::array::RecordBatch::try_new(schema.clone(), vec![Arc::new(flags)])
                .map_err(|e| py_err(py, Error::from(e)))?;
            out.push(batch);
        }
        Ok(ArrowStream::new(schema, out))
    }

    /// The whole chain over files or folders into the output folder `out`, as `newsmill run`:
    /// returns the run report as JSON (`manifest.json` holds it too).
    #[pyo3(signature = (inputs, out, threads=None, incremental=false, since=None, until=None, progress=None))]
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        py: Python<'_>,
        inputs: Vec<PathBuf>,
        out: PathBuf,
        threads: Option<usize>,
        incremental: bool,
        since: Option<i64>,
        until: Option<i64>,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let options = RunOptions {
            threads: self::threads(threads),
            incremental,
            since,
            until,
            ..Default::default()
        };
        let engine = self.inner.clone();
        wait(py, progress.as_ref(), move |shared| {
            let lock = newsmill_engine::lock::OutputLock::acquire(&out, false)?.map_err(|l| {
                Error::Input {
                    path: out.clone(),
                    message: l.to_string(),
                }
            })?;
            let report = engine.run(&inputs, &out, &options, &Watch(shared))?;
            drop(lock);
            let mut r = report.to_json();
            r["exit_code"] = serde_json::json!(if report.run_rejects() > 0 { 3 } else { 0 });
            let mut warnings = report.warnings.clone();
            if let Some(w) = report.legacy_warning() {
                warnings.push(("legacy_decoded", w));
            }
            r["warnings"] = serde_json::json!(warnings);
            Ok(r.to_string())
        })
    }

    /// Tags the documents of an Arrow stream in memory: returns `{table: ArrowStream}` for
    /// documents, rejects, sentences, mentions, and the aggregates with `aggregate=True`
    /// (`aggregate="document_themes"`: that table only, [`AggregateTables::DocumentThemes`];
    /// `aggregate="measures"`: that table and each document's measures, `ents`, `ups`, `names`,
    /// `pairs` and `unknown`, [`AggregateTables::Measures`]).
    /// `columns` maps a field (`text`, `id`, `title`, `published_at`) to the column that holds
    /// it, overriding the detection by name.
    #[pyo3(signature = (data, columns=Vec::new(), threads=None, aggregate=Aggregate::Flag(false), source="batches".to_string(), progress=None))]
    #[allow(clippy::too_many_arguments)]
    fn tag(
        &self,
        py: Python<'_>,
        data: Bound<'_, PyAny>,
        columns: Vec<(String, String)>,
        threads: Option<usize>,
        aggregate: Aggregate,
        source: String,
        progress: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Vec<(&'static str, ArrowStream)>> {
        let (renames, drop) = renames(self.inner.config(), &columns).map_err(|e| py_err(py, e))?;
        let aggregates = aggregate.tables()?;
        let reader = stream::import(&data)?;
        let engine = self.inner.clone();
        let options = TagOptions {
            threads: self::threads(threads),
            aggregates,
            source,
        };
        let tables = wait(py, progress.as_ref(), move |shared| {
            // The engine takes batches, not results: the first error of the input stream stops
            // the iteration and is returned after; so does Ctrl-C.
            let mut failed: Option<Error> = None;
            let batches = reader.map_while(|b| {
                if shared.cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let b = b
                    .map_err(Error::from)
                    .and_then(|b| stream::rename(b, &renames, &drop));
                match b {
                    Ok(b) => {
                        shared
                            .docs
                            .fetch_add(b.num_rows() as u64, Ordering::Relaxed);
                        Some(b)
                    }
                    Err(e) => {
                        failed = Some(e);
                        None
                    }
                }
            });
            let tables = engine.tag_batches(batches, &options)?;
            if shared.cancel.load(Ordering::Relaxed) {
                std::panic::resume_unwind(Box::new(Cancelled));
            }
            match failed {
                Some(e) => Err(e),
                None => Ok(tables),
            }
        })?;
        let mut out = Vec::new();
        for t in tables::ALL {
            if let Some(batches) = tables.tables.get(t.name) {
                let schema = batches.first().map_or_else(|| t.schema(), |b| b.schema());
                out.push((t.name, ArrowStream::new(schema, batches.clone())));
            }
        }
        for name in newsmill_engine::MEASURES {
            if tables.tables.contains_key(name) {
                let batch = tables.concat(name).map_err(|e| py_err(py, e))?;
                out.push((name, ArrowStream::new(batch.schema(), vec![batch])));
            }
        }
        Ok(out)
    }
}

/// `tag`'s `aggregate`: `True` (every aggregate table), `False` (none) or a name of
/// [`Aggregate::tables`].
#[derive(FromPyObject)]
enum Aggregate {
    Flag(bool),
    Name(String),
}

impl Aggregate {
    /// The tables asked for; a name other than `"document_themes"`, `"measures"` or `"all"` is a
    /// `ValueError`.
    fn tables(&self) -> PyResult<AggregateTables> {
        match self {
            Aggregate::Flag(false) => Ok(AggregateTables::None),
            Aggregate::Flag(true) => Ok(AggregateTables::All),
            Aggregate::Name(n) if n == "document_themes" => Ok(AggregateTables::DocumentThemes),
            Aggregate::Name(n) if n == "measures" => Ok(AggregateTables::Measures),
            Aggregate::Name(n) if n == "all" => Ok(AggregateTables::All),
            Aggregate::Name(n) => Err(PyValueError::new_err(format!(
                "aggregate: True, False, \"all\", \"document_themes\" or \"measures\", not {n:?}"
            ))),
        }
    }
}

/// Column renames, `(from, to)`.
type Renames = Vec<(String, String)>;

/// The renames that make the columns the caller named the ones the ingest stage detects: each
/// `(field, column)` becomes `(column, first name of the field's list)`, and the list's other
/// names are dropped from the batch.
fn renames(config: &Config, columns: &[(String, String)]) -> Result<(Renames, Vec<String>), Error> {
    let ingest = &config.ingest;
    let mut renames = Vec::new();
    let mut drop = Vec::new();
    let mut problems = Vec::new();
    for (field, column) in columns {
        let (list, key) = match field.as_str() {
            "text" => (&ingest.text_fields, "text_fields"),
            "id" => (&ingest.id_fields, "id_fields"),
            "title" => (&ingest.title_fields, "title_fields"),
            "published_at" => (&ingest.date_fields, "date_fields"),
            other => {
                problems.push(format!("unknown field `{other}`"));
                continue;
            }
        };
        if field == "text" && !ingest.text_join.is_empty() {
            problems.push("text= cannot be used with [ingest] text_join".into());
            continue;
        }
        match list.first() {
            Some(first) => {
                renames.push((column.clone(), first.clone()));
                drop.extend(list.iter().cloned());
            }
            None => problems.push(format!("{field}=: [ingest] {key} is empty")),
        }
    }
    if problems.is_empty() {
        Ok((renames, drop))
    } else {
        Err(Error::Config(problems))
    }
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
    m.add_class::<Engine>()?;
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
