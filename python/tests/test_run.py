"""newsmill.run: the whole chain over files, as the command line."""

import json

import polars as pl
import pytest

import newsmill


def test_run_on_the_sample_equals_the_command_line_table_by_table(samples, cli_sample_out, tmp_path):
    r = newsmill.run(samples, out=tmp_path / "py")
    cli_tables, cli_manifest = newsmill.read_output(cli_sample_out)
    assert sorted(r.names) == sorted(cli_tables) == sorted(newsmill.schema())
    for name, expected in cli_tables.items():
        got = r[name]
        assert got.schema == expected.schema, name
        assert got.equals(expected), name
    assert r.manifest["counts"] == cli_manifest["counts"]
    assert r.manifest["table_versions"] == cli_manifest["table_versions"]


def test_run_without_out_returns_the_same_tables_as_with_out(samples, tmp_path):
    kept = newsmill.run(samples, out=tmp_path / "kept")
    temp = newsmill.run(samples)
    assert temp.out is None and kept.out == tmp_path / "kept"
    for name in kept:
        assert temp[name].equals(kept[name]), name
    assert (tmp_path / "kept" / "manifest.json").exists()


def test_run_report_counts_match_the_tables(samples):
    r = newsmill.run(samples)
    for name, rows in r.report["counts"].items():
        assert r[name].height == rows, name
    assert r.report["exit_code"] == 0
    assert isinstance(r.documents, pl.DataFrame)
    assert r.to_arrow("mentions").num_rows == r.mentions.height


def test_run_threads_1_and_2_give_identical_tables(samples):
    one = newsmill.run(samples, threads=1)
    two = newsmill.run(samples, threads=2)
    for name in one:
        assert one[name].equals(two[name]), name


def test_run_incremental_adds_only_new_documents(tmp_path):
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "1", "text": "Apple opened an office in Kenya."}) + "\n")
    b.write_text(json.dumps({"id": "2", "text": "Germany and France signed a deal."}) + "\n")
    out = tmp_path / "out"
    first = newsmill.run(a, out=out)
    assert first.documents.height == 1
    second = newsmill.run([a, b], out=out, incremental=True)
    assert second.documents.height == 2
    assert second.report["run"].get("unchanged") == 1


def test_bad_records_are_rejects_not_exceptions(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": "1", "text": "Kenya grew."}\nnot json\n{"id": "2"}\n')
    r = newsmill.run(f)
    assert r.documents.height == 1
    assert r.rejects.height == 2
    assert r.report["exit_code"] == 3


def test_a_latin1_file_is_read_and_the_report_says_so(tmp_path):
    # Regression: a news file with a Windows-1252 "£" (0xA3) was a reject; it is read, the UTF-8
    # beside it kept, and the report counts it with a warning that names the setting.
    f = tmp_path / "story.txt"
    f.write_bytes(b"Profits rise\n\nProfits rose to \xa31.1bn in Z\xc3\xbcrich.\n")
    r = newsmill.run(f)
    assert r.rejects.height == 0
    assert r.documents["text"][0] == "Profits rise\n\nProfits rose to \u00a31.1bn in Z\u00fcrich.\n"
    assert r.report["legacy_decoded"] == 1
    assert any(e == "legacy_decoded" and "ingest.encoding" in w for e, w in r.report["warnings"])
    strict = newsmill.run(f, config={"ingest": {"encoding": "utf-8"}})
    assert strict.documents.height == 0 and strict.rejects.height == 1


def test_missing_input_raises_the_cli_message(tmp_path):
    with pytest.raises(newsmill.NewsmillError) as e:
        newsmill.run(tmp_path / "nowhere.jsonl")
    assert "input not found" in str(e.value) and "nowhere.jsonl" in str(e.value)


def test_incremental_without_out_is_refused(samples):
    with pytest.raises(newsmill.ConfigError):
        newsmill.run(samples, incremental=True)


def test_ctrl_c_stops_a_run_and_the_next_run_on_its_output_recovers(tmp_path):
    import os
    import signal
    import threading

    big = tmp_path / "big.jsonl"
    line = "Germany and France signed a trade agreement in Paris; Toyota shares rose in Tokyo. " * 4
    with big.open("w") as f:
        for i in range(30_000):
            f.write(json.dumps({"id": str(i), "text": f"{line} Story {i}."}) + "\n")
    out = tmp_path / "out"
    # Python's own Ctrl-C handler for the test's length: a process started in the background by
    # a shell without job control (`cmd &` in a script, as CI may be) inherits SIGINT ignored, and
    # Python then installs no handler (regression: the test failed so, the run going on).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            newsmill.run(big, out=out, threads=1)
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert not (out / "manifest.json").exists()
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"id": "1", "text": "Kenya grew."}) + "\n")
    again = newsmill.run(small, out=out)
    assert again.documents.height == 1
