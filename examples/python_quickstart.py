"""A quick tour of the newsmill Python package (executed by CI: .ci/run).

    pip install ./python          # from the repository's root
    python examples/python_quickstart.py
"""

from pathlib import Path

import polars as pl

import newsmill

# 1. Tag articles held in memory: a polars DataFrame here (pandas, pyarrow and a plain list of
#    strings work too). Our own example texts.
articles = pl.DataFrame(
    {
        "id": ["n1", "n2", "n3"],
        "published": ["2026-03-02", "2026-03-02", "2026-03-03"],
        "story": [
            "Siemens agreed to buy a software maker in Austin, Texas, for $1.2 billion.",
            "The European Central Bank left interest rates unchanged; the euro rose against the yen.",
            "Floods in Bangladesh and India displaced thousands, the United Nations said.",
        ],
    }
)
r = newsmill.tag(articles, text="story", published_at="published", aggregate=True)
print(r)
print(r.mentions.select("doc_id", "surface", "kind", "entity_id", "entity_name"))
print(r.countries.sort("mentions", descending=True).head(5))

# Offsets are UTF-8 byte offsets into the text, as in the command line's Parquet files.
text = articles["story"][0].encode()
first = r.mentions.row(0, named=True)
assert text[first["start"]:first["end"]].decode() == first["surface"]

# 2. The whole chain over files, as `newsmill run` (here the sample articles of the repository).
samples = Path(__file__).resolve().parent.parent / "data" / "samples"
run = newsmill.run(samples)
print(run.report["counts"])
print(
    run.organizations.sort("documents", descending=True)
    .select("entity_name", "documents", "mentions")
    .head(5)
)

# 3. Sentences, schemas and the configuration.
print(newsmill.split("Shares of Acme Corp. rose 3%. The index fell."))
print(newsmill.schema("mentions").names)
config = newsmill.default_config()
config["tag"]["kinds"] = ["country"]
print(newsmill.tag(["Chile and Peru signed a deal."], config=config).mentions["entity_id"].to_list())
