"""split, schema, configs and errors."""

import pyarrow as pa
import pytest

import newsmill


def test_split_gives_python_string_indices_on_non_ascii_text():
    texts = ["Sterling hit £1.20 on Monday. The euro (€) fell.", "One sentence"]
    s = newsmill.split(texts)
    assert s.filter(s["doc"] == 0).height == 2
    for row in s.iter_rows(named=True):
        assert texts[row["doc"]][row["start"]:row["end"]] == row["text"]
    assert s.filter(s["doc"] == 1)["text"].to_list() == ["One sentence"]


def test_split_of_one_string_is_one_text():
    assert newsmill.split("Kenya grew. Chile fell.")["doc"].to_list() == [0, 0]


def test_schema_gives_every_table_as_arrow():
    all_ = newsmill.schema()
    assert {"documents", "sentences", "mentions", "rejects", "organizations"} <= set(all_)
    m = newsmill.schema("mentions")
    assert isinstance(m, pa.Schema)
    assert m.field("start").type == pa.int64()
    assert "entity_id" in newsmill.describe("mentions")


def test_schema_of_an_unknown_table_names_the_known_ones():
    with pytest.raises(newsmill.ConfigError, match="unknown table `nope` \\(known: documents"):
        newsmill.schema("nope")


def test_default_config_round_trips_as_a_dict():
    c = newsmill.default_config()
    assert set(c) == {"ingest", "split", "tag", "aggregate"}
    assert newsmill.check_config(c) == c


def test_config_errors_come_all_at_once():
    c = newsmill.default_config()
    c["ingest"]["batch_size"] = "many"
    c["split"]["no_such_option"] = 1
    c["extra"] = {}
    with pytest.raises(newsmill.ConfigError) as e:
        newsmill.check_config(c)
    assert len(e.value.problems) == 3, e.value.problems
    text = str(e.value)
    assert "\"many\"" in text and "no_such_option" in text and "unknown section `[extra]`" in text


def test_config_from_a_toml_file(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[ingest]\nbatch_size = 7\n")
    assert newsmill.check_config(p)["ingest"]["batch_size"] == 7
    p.write_text("[ingest\n")
    with pytest.raises(newsmill.ConfigError, match="c.toml"):
        newsmill.check_config(p)


def test_config_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError):
        newsmill.check_config(42)
