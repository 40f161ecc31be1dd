//! `newsmill report OUT`: one self-contained HTML page about an output folder (no network, no
//! script; the charts are inline SVG drawn here): the run's summary, the top organizations,
//! persons (when the output has a `persons` table), countries and themes, a country × theme
//! heatmap normalized per country, the volume per top entity over time, and the rejects by
//! reason. Every piece of user text (names, reasons, paths) is escaped.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::array::{Array, Int64Array, StringArray};
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use newsmill_core::{Error, Result};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::io::{pq, table_parts};

/// Entities in each top list.
const TOP: usize = 15;
/// Rows and columns of the heatmap.
const HEAT: usize = 12;
/// Entities per timeline.
const LINES: usize = 5;
/// Above this many days between the first and the last day, the timelines count per week.
const WEEKLY_AFTER_DAYS: i64 = 120;
const DAY_US: i64 = 86_400_000_000;
/// Line colours (colour-blind safe, Okabe-Ito).
const PALETTE: [&str; LINES] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"];

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters (NUL, ...) have no place in HTML text.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes the report of output folder `out` to `dest` and returns `dest`.
pub fn write(out: &Path, dest: Option<&Path>) -> Result<PathBuf> {
    let html = render(out)?;
    let dest = dest.map_or_else(|| out.join("report.html"), Path::to_path_buf);
    let tmp = dest.with_extension("html.tmp");
    std::fs::write(&tmp, html).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &dest).map_err(|e| Error::io(&dest, e))?;
    Ok(dest)
}

/// A table of the output (a file or a folder of part files, partitioned or not) as one batch;
/// `None` when absent.
fn load(out: &Path, name: &str) -> Result<Option<RecordBatch>> {
    let file = out.join(format!("{name}.parquet"));
    let folder = out.join(name);
    let paths = if file.is_file() {
        vec![file]
    } else if folder.is_dir() {
        table_parts(&folder).map_err(|e| Error::io(&folder, e))?
    } else {
        return Ok(None);
    };
    let mut batches = Vec::new();
    let mut schema = None;
    for p in &paths {
        let f = File::open(p).map_err(|e| Error::io(p, e))?;
        let b = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| pq(p, e))?;
        schema.get_or_insert_with(|| b.schema().clone());
        for batch in b.build().map_err(|e| pq(p, e))? {
            batches.push(batch.map_err(|e| pq(p, e))?);
        }
    }
    match schema {
        Some(s) => Ok(Some(arrow::compute::concat_batches(&s, &batches)?)),
        None => Ok(None),
    }
}

/// A column as strings (any string-like type; null as "").
fn strings(b: &RecordBatch, name: &str) -> Result<Vec<String>> {
    let c = b
        .column_by_name(name)
        .ok_or_else(|| Error::Internal(format!("report: no column `{name}`")))?;
    let c = arrow::compute::cast(c, &DataType::Utf8)?;
    let a = c
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or_else(|| Error::Internal(format!("report: `{name}` as strings")))?;
    Ok((0..a.len())
        .map(|i| {
            if a.is_valid(i) {
                a.value(i).to_string()
            } else {
                String::new()
            }
        })
        .collect())
}

/// A column as integers (any integer or timestamp type); null as `None`.
fn ints(b: &RecordBatch, name: &str) -> Result<Vec<Option<i64>>> {
    let c = b
        .column_by_name(name)
        .ok_or_else(|| Error::Internal(format!("report: no column `{name}`")))?;
    let c = arrow::compute::cast(c, &DataType::Int64)?;
    let a = c
        .as_any()
        .downcast_ref::<Int64Array>()
        .ok_or_else(|| Error::Internal(format!("report: `{name}` as integers")))?;
    Ok(a.iter().collect())
}

/// `(name, value)` of an entity table, by `value` (then name), at most `n`.
fn top(b: &RecordBatch, value: &str, n: usize) -> Result<Vec<(String, String, i64)>> {
    let (ids, names, v) = (
        strings(b, "entity_id")?,
        strings(b, "entity_name")?,
        ints(b, value)?,
    );
    let mut rows: Vec<(String, String, i64)> = ids
        .into_iter()
        .zip(names)
        .zip(v)
        .map(|((id, name), v)| (id, name, v.unwrap_or(0)))
        .filter(|r| r.2 > 0)
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    rows.truncate(n);
    Ok(rows)
}

/// A horizontal bar chart.
fn bars(title: &str, rows: &[(String, i64)], unit: &str) -> String {
    if rows.is_empty() {
        return format!(
            "<section><h2>{}</h2><p class=\"empty\">None in this output.</p></section>\n",
            escape(title)
        );
    }
    let (label_w, bar_w, row_h) = (230.0, 380.0, 22.0);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let h = row_h * rows.len() as f64 + 8.0;
    let mut s = format!(
        "<section><h2>{}</h2>\n<svg class=\"bars\" role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\">\n",
        escape(title),
        escape(title),
        label_w + bar_w + 70.0,
        label_w + bar_w + 70.0
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (*v as f64 / max * bar_w).max(1.0);
        let short = shorten(label, 34);
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text><rect class=\"bar\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\"><title>{}: {v} {}</title></rect><text x=\"{:.1}\" y=\"{}\" class=\"value\">{v}</text>",
            label_w - 6.0,
            y + 15.0,
            escape(&short),
            row_h - 6.0,
            escape(label),
            escape(unit),
            label_w + w + 4.0,
            y + 15.0,
        );
    }
    s.push_str("</svg></section>\n");
    s
}

/// At most `n` characters, with an ellipsis when cut.
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// The country × theme heatmap: per country (row), the share of its documents that name each
/// theme (direct mentions), for the top countries and the themes most named with them.
fn heatmap(countries: &RecordBatch, co: &RecordBatch) -> Result<String> {
    let title = "Countries × themes (share of each country's documents that name the theme)";
    let rows = top(countries, "documents", HEAT)?;
    let (ka, ea, kb, eb, nb, docs) = (
        strings(co, "kind_a")?,
        strings(co, "entity_a")?,
        strings(co, "kind_b")?,
        strings(co, "entity_b")?,
        strings(co, "name_b")?,
        ints(co, "documents")?,
    );
    let wanted: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0.as_str(), i))
        .collect();
    let mut cell: HashMap<(usize, String), i64> = HashMap::new();
    let mut theme_total: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for i in 0..ka.len() {
        if ka[i] != "country" || kb[i] != "theme" {
            continue;
        }
        let Some(&r) = wanted.get(ea[i].as_str()) else {
            continue;
        };
        let d = docs[i].unwrap_or(0);
        *cell.entry((r, eb[i].clone())).or_default() += d;
        let t = theme_total
            .entry(eb[i].clone())
            .or_insert((0, nb[i].clone()));
        t.0 += d;
    }
    if rows.is_empty() || theme_total.is_empty() {
        return Ok(format!(
            "<section><h2>{}</h2><p class=\"empty\">No country and theme named together.</p></section>\n",
            escape(title)
        ));
    }
    let mut themes: Vec<(String, i64, String)> = theme_total
        .into_iter()
        .map(|(id, (n, name))| (id, n, name))
        .collect();
    themes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    themes.truncate(HEAT);
    let (label_w, top_h, cw, ch) = (190.0, 150.0, 46.0, 24.0);
    // Room on the right for the last rotated theme label.
    let w = label_w + cw * themes.len() as f64 + 110.0;
    let h = top_h + ch * rows.len() as f64 + 10.0;
    let mut s = format!(
        "<section><h2>{}</h2>\n<svg class=\"heatmap\" role=\"img\" aria-label=\"country by theme heatmap\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n",
        escape(title)
    );
    for (j, t) in themes.iter().enumerate() {
        let x = label_w + cw * j as f64 + cw / 2.0;
        let _ = writeln!(
            s,
            "<text class=\"label\" transform=\"translate({x:.1},{}) rotate(-50)\">{}</text>",
            top_h - 6.0,
            escape(&shorten(&t.2, 24))
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top_h + ch * i as f64;
        let _ = writeln!(
            s,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 6.0,
            y + 16.0,
            escape(&shorten(&r.1, 28))
        );
        for (j, t) in themes.iter().enumerate() {
            let n = cell.get(&(i, t.0.clone())).copied().unwrap_or(0);
            let share = n as f64 / r.2.max(1) as f64;
            let x = label_w + cw * j as f64;
            let _ = writeln!(
                s,
                "<rect class=\"cell\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} × {}: {n} of {} documents ({:.0}%)</title></rect>",
                cw - 2.0,
                ch - 2.0,
                blue(share),
                escape(&r.1),
                escape(&t.2),
                r.2,
                share * 100.0
            );
            if share >= 0.005 {
                let _ = writeln!(
                    s,
                    "<text class=\"cellv{}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{:.0}</text>",
                    if share > 0.55 { " dark" } else { "" },
                    x + cw / 2.0 - 1.0,
                    y + 16.0,
                    share * 100.0
                );
            }
        }
    }
    s.push_str("</svg><p class=\"note\">Numbers are percentages of the country's documents.</p></section>\n");
    Ok(s)
}

/// A white-to-blue colour for a share from 0 to 1.
fn blue(share: f64) -> String {
    let t = share.clamp(0.0, 1.0);
    let mix = |from: f64, to: f64| (from + (to - from) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(247.0, 8.0),
        mix(251.0, 69.0),
        mix(255.0, 148.0)
    )
}

/// The documents per period of the top entities of one kind, as lines; a period without any
/// document in the output is a gap (the line breaks), one with documents but none naming the
/// entity is 0.
fn timeline(
    ts: &RecordBatch,
    (kind, plural): (&str, &str),
    top_ids: &[(String, String, i64)],
) -> Result<String> {
    let title = format!("{plural} over time (documents per period)");
    let (kinds, ids, day, docs) = (
        strings(ts, "kind")?,
        strings(ts, "entity_id")?,
        ints(ts, "day")?,
        ints(ts, "documents")?,
    );
    let days: BTreeSet<i64> = day.iter().flatten().map(|d| d.div_euclid(DAY_US)).collect();
    let (Some(&first), Some(&last)) = (days.iter().next(), days.iter().next_back()) else {
        return Ok(format!(
            "<section><h2>{}</h2><p class=\"empty\">No dated documents.</p></section>\n",
            escape(&title)
        ));
    };
    let weekly = last - first > WEEKLY_AFTER_DAYS;
    // 1970-01-01 was a Thursday: weeks start on Monday.
    let period = |d: i64| if weekly { (d + 3).div_euclid(7) } else { d };
    let periods: BTreeSet<i64> = days.iter().map(|&d| period(d)).collect();
    let (p0, p1) = (period(first), period(last));
    let wanted: HashMap<&str, usize> = top_ids
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0.as_str(), i))
        .collect();
    let mut series: Vec<BTreeMap<i64, i64>> = vec![BTreeMap::new(); top_ids.len()];
    for i in 0..kinds.len() {
        if kinds[i] != kind {
            continue;
        }
        let (Some(&e), Some(d)) = (wanted.get(ids[i].as_str()), day[i]) else {
            continue;
        };
        *series[e].entry(period(d.div_euclid(DAY_US))).or_default() += docs[i].unwrap_or(0);
    }
    let max = series
        .iter()
        .flat_map(|s| s.values())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let (left, right, top_m, plot_w, plot_h) = (50.0, 20.0, 10.0, 620.0, 200.0);
    let span = (p1 - p0).max(1) as f64;
    let x = |p: i64| left + (p - p0) as f64 / span * plot_w;
    let y = |v: i64| top_m + plot_h - v as f64 / max as f64 * plot_h;
    let (w, h) = (left + plot_w + right, top_m + plot_h + 40.0);
    let mut s = format!(
        "<section><h2>{}</h2>\n<svg class=\"timeline\" role=\"img\" aria-label=\"{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n",
        escape(&title),
        escape(&title)
    );
    let _ = writeln!(
        s,
        "<line class=\"axis\" x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><line class=\"axis\" x1=\"{left}\" y1=\"{top_m}\" x2=\"{left}\" y2=\"{}\"/>",
        top_m + plot_h,
        left + plot_w,
        top_m + plot_h,
        top_m + plot_h
    );
    let _ = writeln!(
        s,
        "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{max}</text><text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
        left - 4.0,
        top_m + 10.0,
        left - 4.0,
        top_m + plot_h
    );
    let label = |p: i64| {
        let d = if weekly { p * 7 - 3 } else { p };
        chrono::DateTime::from_timestamp(d * 86_400, 0)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    for (p, anchor) in [(p0, "start"), (p1, "end")] {
        let _ = writeln!(
            s,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}{}</text>",
            x(p),
            top_m + plot_h + 16.0,
            if weekly { "week of " } else { "" },
            label(p)
        );
    }
    for (e, points) in series.iter().enumerate() {
        let colour = PALETTE[e % PALETTE.len()];
        // Runs of consecutive periods that have documents: each run one polyline.
        let mut run: Vec<(i64, i64)> = Vec::new();
        let mut runs = Vec::new();
        for &p in &periods {
            if run.last().is_some_and(|&(q, _)| q + 1 != p) {
                runs.push(std::mem::take(&mut run));
            }
            run.push((p, points.get(&p).copied().unwrap_or(0)));
        }
        runs.push(run);
        for r in runs.iter().filter(|r| !r.is_empty()) {
            if r.len() == 1 {
                let _ = writeln!(
                    s,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{colour}\"/>",
                    x(r[0].0),
                    y(r[0].1)
                );
                continue;
            }
            let pts: Vec<String> = r
                .iter()
                .map(|&(p, v)| format!("{:.1},{:.1}", x(p), y(v)))
                .collect();
            let _ = writeln!(
                s,
                "<polyline class=\"line\" fill=\"none\" stroke=\"{colour}\" points=\"{}\"/>",
                pts.join(" ")
            );
        }
    }
    s.push_str("</svg>\n<ul class=\"legend\">");
    for (e, r) in top_ids.iter().enumerate() {
        let _ = write!(
            s,
            "<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
            PALETTE[e % PALETTE.len()],
            escape(&r.1)
        );
    }
    let _ = writeln!(
        s,
        "</ul><p class=\"note\">{} counts; a break in a line is a {} without any document in the output.</p></section>",
        if weekly { "Weekly" } else { "Daily" },
        if weekly { "week" } else { "day" }
    );
    Ok(s)
}

/// The rejects by reason, most first.
fn rejects(b: Option<&RecordBatch>) -> Result<String> {
    let mut by: BTreeMap<String, i64> = BTreeMap::new();
    if let Some(b) = b {
        for r in strings(b, "reason")? {
            *by.entry(r).or_default() += 1;
        }
    }
    let mut rows: Vec<(String, i64)> = by.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if rows.is_empty() {
        return Ok(
            "<section><h2>Rejects by reason</h2><p class=\"empty\">No input record was rejected.</p></section>\n"
                .to_string(),
        );
    }
    let mut s = String::from(
        "<section><h2>Rejects by reason</h2><table class=\"rejects\"><tr><th>reason</th><th>records</th></tr>\n",
    );
    for (reason, n) in &rows {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{n}</td></tr>",
            escape(reason)
        );
    }
    s.push_str("</table></section>\n");
    Ok(s)
}

/// The summary from `manifest.json` (what is there).
fn summary(out: &Path) -> String {
    let manifest: serde_json::Value = std::fs::read_to_string(out.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let count = |t: &str| manifest["counts"][t].as_u64().map(|n| n.to_string());
    let mut items: Vec<(String, String)> = [
        ("documents", "documents"),
        ("sentences", "sentences"),
        ("mentions", "mentions"),
        ("rejects", "rejected records"),
        ("organizations", "organizations"),
        ("countries", "countries"),
        ("themes", "themes"),
    ]
    .iter()
    .filter_map(|(t, label)| count(t).map(|n| (label.to_string(), n)))
    .collect();
    if let Some(v) = manifest["newsmill_version"].as_str() {
        items.push(("newsmill".into(), v.to_string()));
    }
    if let Some(v) = manifest["finished_at"].as_str() {
        items.push(("finished".into(), v.to_string()));
    }
    if let Some(inputs) = manifest["inputs"].as_array() {
        let list: Vec<&str> = inputs.iter().filter_map(|v| v.as_str()).collect();
        if !list.is_empty() {
            items.push(("inputs".into(), list.join(", ")));
        }
    }
    let mut s = String::from("<section><h2>Summary</h2><dl class=\"summary\">\n");
    for (k, v) in items {
        let _ = writeln!(s, "<dt>{}</dt><dd>{}</dd>", escape(&k), escape(&v));
    }
    s.push_str("</dl></section>\n");
    s
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:980px;color:#222}\
h1{font-size:22px}h2{font-size:17px;margin-top:28px}\
.summary{display:grid;grid-template-columns:max-content auto;gap:2px 14px}.summary dt{color:#666}.summary dd{margin:0}\
.bar{fill:#4C78A8}.label{font-size:12px;fill:#222}.value,.tick{font-size:11px;fill:#555}\
.cellv{font-size:10px;fill:#222}.cellv.dark{fill:#fff}.axis{stroke:#999}.line{stroke-width:2}\
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:14px}.swatch{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px}\
.note,.empty{color:#666;font-size:12px}.rejects td,.rejects th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}.num{text-align:right}\
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:0 24px}svg{max-width:100%;height:auto}";

/// The HTML page of output folder `out`.
pub fn render(out: &Path) -> Result<String> {
    if !out.is_dir() {
        return Err(Error::input(out, "not an output folder"));
    }
    let orgs = load(out, "organizations")?;
    let persons = load(out, "persons")?;
    let countries = load(out, "countries")?;
    let themes = load(out, "themes")?;
    let co = load(out, "cooccurrence")?;
    let ts = load(out, "timeseries")?;
    let rej = load(out, "rejects")?;
    if orgs.is_none() && countries.is_none() && themes.is_none() {
        return Err(Error::input(
            out,
            "no aggregate tables (organizations, countries, themes): not a newsmill output",
        ));
    }
    let mut body = summary(out);
    body.push_str("<div class=\"grid\">\n");
    let named = |rows: Vec<(String, String, i64)>| -> Vec<(String, i64)> {
        rows.into_iter().map(|r| (r.1, r.2)).collect()
    };
    if let Some(b) = &orgs {
        body.push_str(&bars(
            "Top organizations",
            &named(top(b, "documents", TOP)?),
            "documents",
        ));
    }
    if let Some(b) = &persons {
        body.push_str(&bars(
            "Top persons",
            &named(top(b, "documents", TOP)?),
            "documents",
        ));
    }
    if let Some(b) = &countries {
        body.push_str(&bars(
            "Top countries",
            &named(top(b, "documents", TOP)?),
            "documents",
        ));
    }
    if let Some(b) = &themes {
        let value = if b.column_by_name("about_documents").is_some() {
            "about_documents"
        } else {
            "documents"
        };
        body.push_str(&bars(
            "Top themes (documents about them)",
            &named(top(b, value, TOP)?),
            "documents",
        ));
    }
    body.push_str("</div>\n");
    if let (Some(c), Some(co)) = (&countries, &co) {
        body.push_str(&heatmap(c, co)?);
    }
    if let Some(ts) = &ts {
        for (kind, table) in [
            (("organization", "Organizations"), &orgs),
            (("person", "Persons"), &persons),
            (("country", "Countries"), &countries),
        ] {
            if let Some(t) = table {
                let ids = top(t, "documents", LINES)?;
                if !ids.is_empty() {
                    body.push_str(&timeline(ts, kind, &ids)?);
                }
            }
        }
    }
    body.push_str(&rejects(rej.as_ref())?);
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>newsmill report: {}</title>\n<style>{STYLE}</style></head>\n<body>\n<h1>newsmill report: {}</h1>\n{body}</body></html>\n",
        escape(&out.display().to_string()),
        escape(&out.display().to_string()),
    ))
}

#[cfg(test)]
mod tests;
