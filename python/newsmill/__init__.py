"""newsmill for Python: organizations, countries and themes in news articles, as DataFrames.

>>> import newsmill
>>> r = newsmill.tag(["Reuters said Apple will open an office in Kenya."])
>>> r.mentions.select("surface", "kind", "entity_id")   # a polars DataFrame

The calls:

- :func:`run` runs the whole chain over files or folders, as ``newsmill run`` does, and
  returns every table (and writes the output folder when ``out`` is given).
- :func:`tag` tags documents in memory (a polars or pandas DataFrame, a pyarrow Table or
  RecordBatchReader, anything with ``__arrow_c_stream__``, or a list of strings): no files.
- :func:`split` splits texts into sentences.
- :func:`schema` gives the tables' schemas; :func:`default_config` the default configuration.

Tables are those of the command line, column for column (``newsmill schema``): offsets
(``start``/``end``) are UTF-8 byte offsets into the text, as in the Parquet files.

The work runs in Rust with the GIL released, on ``threads`` threads (all cores by default);
Ctrl-C (or Jupyter's interrupt) stops a long call. Errors raise :class:`NewsmillError`
subclasses carrying the command line's messages; a bad input record is a row of ``rejects``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from .errors import ConfigError, InputError, NewsmillError, SchemaError

if TYPE_CHECKING:  # polars and pyarrow are imported when first needed: `import newsmill` stays quick
    import polars as pl

__version__: str = _native.__version__

ConfigLike = Union[None, str, "os.PathLike[str]", Mapping[str, Any]]
PathLike = Union[str, "os.PathLike[str]"]

#: The row tables (one or more rows per document) and the aggregate tables, in schema order.
ROW_TABLES = ("documents", "rejects", "sentences", "mentions")


class Result:
    """The tables of a call, each a polars DataFrame, by name (``r.mentions`` or
    ``r["mentions"]``), with the run's report (and for :func:`run`, the manifest)."""

    def __init__(
        self,
        tables: Dict[str, pl.DataFrame],
        report: Optional[Dict[str, Any]] = None,
        manifest: Optional[Dict[str, Any]] = None,
        out: Optional[Path] = None,
    ) -> None:
        self.tables: Dict[str, pl.DataFrame] = tables
        #: What the run did: counts, rejects by reason, timings, throughput.
        self.report: Dict[str, Any] = report or {}
        #: The output folder's ``manifest.json`` (``run`` only).
        self.manifest: Optional[Dict[str, Any]] = manifest
        #: The output folder (``run`` with ``out`` only).
        self.out: Optional[Path] = out

    @property
    def names(self) -> List[str]:
        """The names of the tables held."""
        return list(self.tables)

    def __getitem__(self, name: str) -> pl.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"no table `{name}` (tables: {', '.join(self.tables)})") from None

    def __getattr__(self, name: str) -> pl.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __contains__(self, name: object) -> bool:
        return name in self.tables

    def __iter__(self):
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def to_arrow(self, name: str) -> "Any":
        """A table as a pyarrow Table."""
        return self[name].to_arrow()

    def to_pandas(self, name: str) -> "Any":
        """A table as a pandas DataFrame (needs pandas)."""
        return self[name].to_pandas()

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}: {v.height}" for k, v in self.tables.items())
        return f"newsmill.Result({rows})"


def default_config() -> Dict[str, Any]:
    """The default configuration as a dict (sections ``ingest``, ``split``, ``tag``,
    ``aggregate``), to change and pass as ``config=``. ``newsmill config`` prints the same."""
    return _toml_loads(_native.default_config())


def check_config(config: ConfigLike = None) -> Dict[str, Any]:
    """Checks a configuration (a dict, or the path of a TOML file) and returns it in full,
    defaults filled in. Raises :class:`ConfigError` listing every problem at once."""
    toml, path = _config_args(config)
    return _toml_loads(_native.check_config(toml, path, "config"))


def schema(table: Optional[str] = None) -> Any:
    """The schema (a pyarrow Schema) of one output table, or a dict of every table's."""
    import pyarrow as pa

    if table is None:
        return {name: schema(name) for name in _native.table_names()}
    stream, _markdown = _native.table_schema(table)
    return pa.RecordBatchReader.from_stream(stream).schema


def describe(table: str) -> str:
    """A table's columns and what they mean, as Markdown (as ``newsmill schema TABLE``)."""
    return _native.table_schema(table)[1]


def split(texts: Union[str, Sequence[str]], config: ConfigLike = None) -> pl.DataFrame:
    """Splits texts into sentences.

    Returns one row per sentence: ``doc`` (the index of the text), ``sentence`` (its index in
    the text), ``start`` and ``end`` (Python string indices: ``texts[doc][start:end]`` is the
    sentence) and ``text``.
    """
    if isinstance(texts, str):
        texts = [texts]
    texts = list(texts)
    toml, path = _config_args(config)
    spans = _native.split(texts, toml, path)
    import polars as pl

    rows: Dict[str, list] = {"doc": [], "sentence": [], "start": [], "end": [], "text": []}
    for d, (t, ss) in enumerate(zip(texts, spans)):
        for i, (s, e) in enumerate(ss):
            rows["doc"].append(d)
            rows["sentence"].append(i)
            rows["start"].append(s)
            rows["end"].append(e)
            rows["text"].append(t[s:e])
    return pl.DataFrame(
        rows,
        schema={
            "doc": pl.Int64,
            "sentence": pl.Int64,
            "start": pl.Int64,
            "end": pl.Int64,
            "text": pl.String,
        },
    )


def run(
    inputs: Union[None, PathLike, Sequence[PathLike]] = None,
    out: Optional[PathLike] = None,
    config: ConfigLike = None,
    threads: Optional[int] = None,
    incremental: bool = False,
    since: Union[None, str, datetime] = None,
    until: Union[None, str, datetime] = None,
    progress: bool = False,
) -> Result:
    """Runs the whole chain over input files or folders, as ``newsmill run`` does.

    ``inputs``: files (JSONL, CSV, Parquet, text, compressed or not) or folders of them.
    ``out``: the output folder to write (committed at once, as the command line does); without
    it the tables are written to a temporary folder, read back into memory, and the folder
    removed. ``incremental=True`` adds to ``out`` only the documents it has not seen.
    ``since``/``until``: keep documents published in that range (ISO date or datetime).
    ``progress=True`` shows a progress bar (tqdm, if installed).

    Returns a :class:`Result` with every table as a polars DataFrame, the run report
    (``result.report``) and the manifest (``result.manifest``). Input records that cannot be
    used are rows of ``result.rejects``, not exceptions.
    """
    if inputs is None:
        raise InputError("run: no inputs (give files or folders)")
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    paths = [os.fspath(p) for p in inputs]
    if incremental and out is None:
        raise ConfigError("run: incremental=True needs an output folder (out=)")
    engine = _engine(config)
    with _Progress(progress, "run") as bar:
        if out is None:
            with tempfile.TemporaryDirectory(prefix="newsmill-") as tmp:
                folder = Path(tmp) / "out"
                report = engine.run(
                    paths, str(folder), threads, incremental, _micros(since), _micros(until),
                    bar.callback,
                )
                tables, manifest = read_output(folder)
            return Result(tables, json.loads(report), manifest, None)
        folder = Path(out)
        report = engine.run(
            paths, str(folder), threads, incremental, _micros(since), _micros(until), bar.callback
        )
    tables, manifest = read_output(folder)
    return Result(tables, json.loads(report), manifest, folder)


def tag(
    data: Any,
    text: Optional[str] = None,
    id: Optional[str] = None,
    title: Optional[str] = None,
    published_at: Optional[str] = None,
    config: ConfigLike = None,
    aggregate: Union[bool, str] = False,
    threads: Optional[int] = None,
    progress: bool = False,
) -> Result:
    """Tags documents in memory: no files are read or written.

    ``data``: a polars or pandas DataFrame, a pyarrow Table or RecordBatchReader, any object
    with the Arrow PyCapsule interface (``__arrow_c_stream__``), or a list of strings (then
    ``doc_id`` is the position in the list, ``"0"``, ``"1"``, ...).

    Columns are found by name as the command line finds fields in a Parquet file (the text in
    ``text``, ``body``, ``content``...; see ``default_config()["ingest"]``); ``text``, ``id``,
    ``title`` and ``published_at`` name the columns to use instead. Other columns listed in
    ``[ingest] carry`` of the config are kept in ``documents``.

    Returns a :class:`Result` with ``documents``, ``sentences``, ``mentions`` and ``rejects``
    (rows without a text, repeated ids), and with ``aggregate=True`` the aggregate tables
    (``organizations``, ``persons``, ``countries``, ``themes``, ``document_themes``, ``cooccurrence``,
    ``timeseries``): the rows ``newsmill run`` writes for the same documents;
    ``aggregate="document_themes"`` computes that table only (each document's themes and their
    salience: the same rows, for less work).
    """
    engine = _engine(config)
    columns = [
        (field, column)
        for field, column in (("text", text), ("id", id), ("title", title), ("published_at", published_at))
        if column is not None
    ]
    stream, source, total = _arrow_input(data)
    with _Progress(progress, "tag", total) as bar:
        tables = engine.tag(stream, columns, threads, aggregate, source, bar.callback)
    frames = {name: _frame(s) for name, s in tables}
    return Result(frames, {"counts": {k: v.height for k, v in frames.items()}})


class Engine:
    """A config built once into ready stages (dictionaries loaded, automata compiled), for
    many calls. ``newsmill.tag`` and ``newsmill.run`` keep one per config they were given;
    build your own to control when the building happens."""

    def __init__(self, config: ConfigLike = None) -> None:
        toml, path = _config_args(config)
        self._native = _native.Engine(toml, path, "config")

    @property
    def config(self) -> Dict[str, Any]:
        """The config, defaults filled in."""
        return _toml_loads(self._native.config_toml())

    def tag(self, data: Any, **kwargs: Any) -> Result:
        """:func:`newsmill.tag` with this engine."""
        return tag(data, config=self, **kwargs)

    def run(self, inputs: Any, **kwargs: Any) -> Result:
        """:func:`newsmill.run` with this engine."""
        return run(inputs, config=self, **kwargs)


#: Engines built for the configs given to tag() and run(), by config (a few at most).
_ENGINES: "Dict[tuple, Any]" = {}
_ENGINES_KEPT = 4


def _engine(config: Any) -> Any:
    """The native engine of a config, built once per config."""
    if isinstance(config, Engine):
        return config._native
    toml, path = _config_args(config)
    key = (toml, path, os.path.getmtime(path) if path and os.path.exists(path) else None)
    engine = _ENGINES.get(key)
    if engine is None:
        engine = _native.Engine(toml, path, "config")
        if len(_ENGINES) >= _ENGINES_KEPT:
            _ENGINES.pop(next(iter(_ENGINES)))
        _ENGINES[key] = engine
    return engine


def _arrow_input(data: Any) -> "tuple[Any, str, Optional[int]]":
    """(an object with __arrow_c_stream__, a source name, the number of rows if known)."""
    import pyarrow as pa

    total: Optional[int] = None
    try:
        total = len(data)
    except TypeError:
        pass
    if isinstance(data, str):
        raise TypeError("tag: expected a table or a list of strings, got one string (wrap it in a list)")
    if hasattr(data, "__arrow_c_stream__"):
        return data, type(data).__name__, total
    if type(data).__module__.startswith("polars"):  # polars without the PyCapsule interface
        return data.to_arrow(), "DataFrame", total
    if type(data).__module__.startswith("pandas"):
        return pa.Table.from_pandas(data, preserve_index=False), "DataFrame", total
    if isinstance(data, (list, tuple)):
        if not all(isinstance(t, str) or t is None for t in data):
            raise TypeError("tag: a list must hold strings (the texts)")
        ids = pa.array([str(i) for i in range(len(data))], pa.string())
        return pa.table({"id": ids, "text": pa.array(data, pa.string())}), "list", total
    raise TypeError(
        "tag: expected a polars or pandas DataFrame, a pyarrow Table or RecordBatchReader, "
        f"an object with __arrow_c_stream__, or a list of strings; got {type(data).__name__}"
    )


def _frame(stream: Any) -> pl.DataFrame:
    """A native Arrow stream as a polars DataFrame (without a copy)."""
    import polars as pl
    import pyarrow as pa

    return pl.from_arrow(pa.RecordBatchReader.from_stream(stream).read_all())


def read_output(folder: PathLike) -> "tuple[Dict[str, pl.DataFrame], Dict[str, Any]]":
    """Reads every table of an output folder written by newsmill (``run`` or the command
    line) into polars DataFrames, with its manifest."""
    import polars as pl

    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise InputError(f"{folder}: not a newsmill output folder (no manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    tables: Dict[str, pl.DataFrame] = {}
    for name in _native.table_names():
        entry = manifest.get("files", {}).get(name)
        if entry is None:
            continue
        p = folder / entry["path"]
        if p.is_dir():
            parts = [str(f) for f in table_parts(p)]
            tables[name] = (
                pl.read_parquet(parts, hive_partitioning=False) if parts else pl.DataFrame(schema=_pl_schema(name))
            )
        else:
            tables[name] = pl.read_parquet(p)
    return tables, manifest


def table_parts(folder: PathLike) -> List[Path]:
    """The part files of a table folder in the order newsmill reads them: its own
    ``part-NNNNN.parquet`` in part order, then those of its partition folders (Hive style,
    ``KEY=VALUE``, as ``newsmill.spark.write(..., partition_by="date")`` writes) in name order,
    nested ones too. The same order as the command line's reader (``engine/src/io.rs``)."""
    folder = Path(folder)

    def number(p: Path) -> Tuple[int, str]:
        digits = p.name[len("part-") : -len(".parquet")]
        return (int(digits) if digits.isdigit() else -1, p.name)

    own = sorted((f for f in folder.glob("part-*.parquet") if f.is_file()), key=number)
    subs = sorted(
        (d for d in folder.iterdir() if d.is_dir() and "=" in d.name and not d.name.startswith((".", "="))),
        key=lambda d: d.name,
    )
    return own + [f for d in subs for f in table_parts(d)]


def _pl_schema(name: str) -> Any:
    import polars as pl
    import pyarrow as pa

    return pl.from_arrow(pa.table({f.name: pa.array([], f.type) for f in schema(name)})).schema


def _micros(t: Union[None, str, datetime]) -> Optional[int]:
    """A time as microseconds since the epoch (UTC; a time without a zone is UTC)."""
    if t is None:
        return None
    if isinstance(t, str):
        t = datetime.fromisoformat(t)
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return int(t.timestamp() * 1_000_000)


def _config_args(config: ConfigLike) -> "tuple[Optional[str], Optional[str]]":
    """(TOML text, path) for the native calls."""
    if config is None:
        return None, None
    if isinstance(config, Engine):
        return _toml_text(config), None
    if isinstance(config, Mapping):
        return _native.json_to_toml(json.dumps(config, default=str)), None
    if isinstance(config, (str, os.PathLike)):
        return None, os.fspath(config)
    raise TypeError(f"config: expected a dict or the path of a TOML file, got {type(config).__name__}")


def _toml_text(engine: "Engine") -> str:
    return engine._native.config_toml()


def _toml_loads(text: str) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.9/3.10
        import tomli as tomllib
    return tomllib.loads(text)


class _Progress:
    """A progress bar fed by the native calls (tqdm if installed and asked for)."""

    def __init__(self, enabled: bool, what: str, total: Optional[int] = None) -> None:
        self.bar = None
        if enabled:
            try:
                from tqdm.auto import tqdm
            except ImportError:  # pragma: no cover - tqdm missing
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=total, desc=f"newsmill {what}", unit=" docs")
        self.done = 0

    @property
    def callback(self):
        return self._advance if self.bar is not None else None

    def _advance(self, docs: int, _bytes: int) -> None:
        if self.bar is not None and docs > self.done:
            self.bar.update(docs - self.done)
            self.done = docs

    def __enter__(self) -> "_Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


__all__ = [
    "Result",
    "Engine",
    "run",
    "tag",
    "split",
    "schema",
    "describe",
    "default_config",
    "check_config",
    "read_output",
    "table_parts",
    "NewsmillError",
    "ConfigError",
    "InputError",
    "SchemaError",
    "ROW_TABLES",
]
