use super::*;
use arrow::array::{ArrayRef, TimestampMicrosecondArray};
use parquet::arrow::ArrowWriter;
use std::sync::Arc;

fn write(dir: &Path, name: &str, cols: Vec<(&str, ArrayRef)>) {
    let batch = RecordBatch::try_from_iter(cols).unwrap();
    let f = File::create(dir.join(format!("{name}.parquet"))).unwrap();
    let mut w = ArrowWriter::try_new(f, batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

fn s(v: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

fn n(v: &[i64]) -> ArrayRef {
    Arc::new(Int64Array::from(v.to_vec()))
}

const NASTY: &str = "<script>alert('x')</script> & \"Sons\" \u{0}🙂";

/// An output with a hostile organization name, two countries, one theme, a co-occurrence, a
/// time series with a gap and a reject.
fn output(dir: &Path) {
    write(
        dir,
        "organizations",
        vec![
            ("entity_id", s(&["new:x", "org:acme"])),
            ("entity_name", s(&[NASTY, "Acme"])),
            ("documents", n(&[3, 1])),
        ],
    );
    write(
        dir,
        "countries",
        vec![
            ("entity_id", s(&["US", "CN"])),
            ("entity_name", s(&["United States", "China"])),
            ("documents", n(&[4, 2])),
        ],
    );
    write(
        dir,
        "themes",
        vec![
            ("entity_id", s(&["tariffs"])),
            ("entity_name", s(&["Tariffs"])),
            ("documents", n(&[3])),
            ("about_documents", n(&[2])),
        ],
    );
    write(
        dir,
        "cooccurrence",
        vec![
            ("kind_a", s(&["country", "theme"])),
            ("entity_a", s(&["US", "tariffs"])),
            ("name_a", s(&["United States", "Tariffs"])),
            ("kind_b", s(&["theme", "country"])),
            ("entity_b", s(&["tariffs", "US"])),
            ("name_b", s(&["Tariffs", "United States"])),
            ("documents", n(&[2, 2])),
        ],
    );
    let day = |d: i64| Some(d * DAY_US);
    write(
        dir,
        "timeseries",
        vec![
            ("kind", s(&["organization", "organization", "organization"])),
            ("entity_id", s(&["new:x", "new:x", "new:x"])),
            (
                "day",
                Arc::new(TimestampMicrosecondArray::from(vec![
                    day(100),
                    day(101),
                    day(105),
                ])) as ArrayRef,
            ),
            ("documents", n(&[1, 1, 1])),
        ],
    );
    write(
        dir,
        "rejects",
        vec![("reason", s(&["empty text", "<b>bad</b> row", "empty text"]))],
    );
}

#[test]
fn escape_covers_markup_quotes_and_controls() {
    let cases = [
        ("a & b", "a &amp; b"),
        ("<i>", "&lt;i&gt;"),
        ("\"q\" 'q'", "&quot;q&quot; &#39;q&#39;"),
        ("NUL\u{0}", "NUL\u{FFFD}"),
        ("£ € ¥ ₹ “x” 🙂", "£ € ¥ ₹ “x” 🙂"),
    ];
    for (input, want) in cases {
        assert_eq!(escape(input), want, "{input:?}");
    }
}

#[test]
fn the_report_escapes_user_text_and_draws_every_section() {
    let tmp = tempfile::tempdir().unwrap();
    output(tmp.path());
    let html = render(tmp.path()).unwrap();
    assert!(!html.contains("<script"), "user text is escaped");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Sons&quot;"));
    assert!(html.contains("&lt;b&gt;bad&lt;/b&gt; row"));
    // Sections: bars for organizations, countries, themes; no persons table, no persons chart.
    for h in [
        "Top organizations",
        "Top countries",
        "Top themes",
        "Countries × themes",
        "Organizations over time",
        "Rejects by reason",
    ] {
        assert!(html.contains(h), "{h}");
    }
    assert!(!html.contains("Top persons"));
    // The heatmap is normalized per country: US names tariffs in 2 of its 4 documents.
    assert!(html.contains("2 of 4 documents (50%)"), "{html}");
    // The gap between days 101 and 105 breaks each line: per organization one polyline (days 100
    // and 101) and one lone point (day 105); Acme, never in the series, is a line at 0.
    let orgs = &html
        [html.find("Organizations over time").unwrap()..html.find("Countries over time").unwrap()];
    assert_eq!(orgs.matches("<polyline").count(), 2);
    assert_eq!(orgs.matches("<circle").count(), 2);
    assert!(orgs.contains("Daily counts"));
    // Rejects grouped by reason, most first.
    let empty = html.find(">empty text<").unwrap();
    let bad = html.find("bad&lt;/b&gt; row").unwrap();
    assert!(empty < bad && html.contains("<td class=\"num\">2</td>"));
    // Self-contained: no network, no script.
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
}

#[test]
fn persons_are_shown_when_the_output_has_them() {
    let tmp = tempfile::tempdir().unwrap();
    output(tmp.path());
    write(
        tmp.path(),
        "persons",
        vec![
            ("entity_id", s(&["p:ada"])),
            ("entity_name", s(&["Ada Lovelace"])),
            ("documents", n(&[2])),
        ],
    );
    let html = render(tmp.path()).unwrap();
    assert!(html.contains("Top persons") && html.contains("Ada Lovelace"));
}

#[test]
fn a_folder_that_is_not_an_output_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(render(tmp.path()).is_err());
    assert!(render(&tmp.path().join("missing")).is_err());
}
