"""Shared fixtures of the Python package's tests (run by .ci/run against the built wheel)."""

import os
import shutil
import sys
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def cli() -> str:
    """The newsmill command line: $NEWSMILL_BIN (set by .ci/run), else `newsmill` on PATH."""
    exe = os.environ.get("NEWSMILL_BIN") or shutil.which("newsmill")
    if not exe:
        pytest.skip("no newsmill binary (set NEWSMILL_BIN)")
    return exe


@pytest.fixture(scope="session")
def cli_sample_out(cli, tmp_path_factory) -> Path:
    """The command line's output folder for the sample articles."""
    out = tmp_path_factory.mktemp("cli") / "out"
    subprocess.run([cli, "run", str(SAMPLES), "-o", str(out), "-q"], check=True)
    return out


@pytest.fixture(scope="session")
def spark():
    """A Spark session in local mode (`local[2]`) whose executors run this python, bound to
    loopback; skipped without pyspark. One for every module of Spark tests."""
    pytest.importorskip("pyspark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    s = (
        SparkSession.builder.master("local[2]")
        .appName("newsmill-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()
