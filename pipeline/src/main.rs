//! `newsmill`: news articles → tables of organizations, countries and themes.

mod progress;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use newsmill_core::{tables, Error};

use newsmill_engine::config::Config;
use newsmill_engine::lock;
use newsmill_engine::runner::{self, Report};
use newsmill_engine::{fields, safety};
use newsmill_eval as eval;

use crate::progress::Progress;

/// Exit codes (documented in the README).
mod exit {
    /// Success, nothing rejected.
    pub const OK: u8 = 0;
    /// Failure: nothing or not everything was written (I/O, internal error).
    pub const FAILURE: u8 = 1;
    /// Usage: bad arguments, bad config, missing input, an input file that is not the expected table.
    pub const USAGE: u8 = 2;
    /// Success, but some input records were rejected (see rejects.parquet).
    pub const REJECTS: u8 = 3;
    /// Busy: another run holds the output folder (see --wait).
    pub const BUSY: u8 = 4;
}

const ABOUT: &str = "Turns sets of news articles into tables: every mention of an organization, a person, a country and a \
theme, where it occurs, and counts per entity. Outputs Parquet files (documents, sentences, mentions, \
rejects, organizations, persons, countries, themes, document_themes, cooccurrence, timeseries) and a \
manifest.json.";

const AFTER: &str = "Exit codes: 0 success; 1 failure; 2 usage, config or input error; 3 success with rejected records;\n\
4 busy: another run is writing the output folder.\n\
Examples:\n  newsmill run                                 # the sample articles in data/samples\n  \
newsmill run articles.jsonl.gz -o out        # JSONL, CSV, Parquet, .txt/.md folders; .gz/.zst\n  \
newsmill run --config newsmill.toml in/ -o out\n  newsmill schema mentions                     # the columns of a table";

#[derive(Parser)]
#[command(name = "newsmill", version, about = ABOUT, after_help = AFTER)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Common {
    /// Config file (TOML with [ingest], [split] and [tag] sections).
    #[arg(long, short = 'c', value_name = "FILE")]
    config: Option<PathBuf>,
    /// Worker threads, 1 to 256 (default: all cores). Output is the same for any number.
    #[arg(long, short = 'j', value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_THREADS as u64))]
    threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Print the summary even when standard output is not a terminal.
    #[arg(long, conflicts_with = "quiet")]
    summary: bool,
    /// If another run is writing the same output folder, wait for it instead of failing.
    #[arg(long)]
    wait: bool,
    /// Rows per Parquet file: a larger table is written as a folder of part files
    /// (`mentions/part-00000.parquet`, ...).
    #[arg(long, value_name = "N", default_value_t = 4_000_000)]
    part_rows: u64,
    /// Also write the run report (JSON: counts, rejects by reason, timings, throughput) to FILE
    /// (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// `text` (default), or `json`: warnings, errors and the end of the run as one JSON object
    /// per line on standard error, for schedulers and log collectors.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
    /// Write into an output folder that is not empty and was not written by newsmill (files with
    /// the names of newsmill's tables are replaced; others are left alone).
    #[arg(long)]
    force: bool,
    /// Exit 0 (not 3) while this run's rejects stay within N, or within P% of the records read
    /// (`10`, `0.5%`).
    #[arg(long, value_name = "N|P%")]
    max_rejects: Option<safety::MaxRejects>,
}

/// Which documents to take, by publication time.
#[derive(Args, Clone)]
struct DateRange {
    /// Only documents published at or after this time (`2026-11-28` or RFC 3339); undated
    /// documents are left out when --since or --until is given.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    since: Option<i64>,
    /// Only documents published before this time (`2026-11-29` or RFC 3339).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    until: Option<i64>,
}

fn parse_time(s: &str) -> Result<i64, String> {
    newsmill_ingest::parse_date(s, &[])
        .ok_or_else(|| format!("`{s}` is not a date (YYYY-MM-DD) or an RFC 3339 time"))
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole chain in memory: ingest, split, tag, aggregate.
    Run {
        /// Input files or folders (`-` for standard input). Without any, the sample in data/samples.
        inputs: Vec<PathBuf>,
        /// Output folder (created if missing; its tables are replaced, or added to with
        /// --incremental).
        #[arg(long, short = 'o', default_value = "newsmill-out")]
        out: PathBuf,
        /// Add to the output: process only documents it does not hold (by doc_id and content
        /// hash) as new part files, replace the rows of documents whose content changed, and
        /// recompute the aggregates over everything. Re-running over the same input changes
        /// nothing.
        #[arg(long)]
        incremental: bool,
        #[command(flatten)]
        range: DateRange,
        #[command(flatten)]
        common: Common,
    },
    /// Read inputs into documents.parquet and rejects.parquet.
    Ingest {
        /// Input files or folders (`-` for standard input).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder for documents.parquet and rejects.parquet (created if missing).
        #[arg(long, short = 'o')]
        out: PathBuf,
        #[command(flatten)]
        range: DateRange,
        #[command(flatten)]
        common: Common,
    },
    /// Split documents.parquet (in INPUT) into sentences.parquet (in OUT, default INPUT).
    Split {
        /// Folder that holds documents.parquet (an earlier stage's output).
        input: PathBuf,
        /// Where to write sentences.parquet (default: INPUT).
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Tag documents.parquet and sentences.parquet (in INPUT) into mentions.parquet.
    Tag {
        /// Folder that holds documents.parquet and sentences.parquet (an earlier stage's output).
        input: PathBuf,
        /// Where to write mentions.parquet (default: INPUT).
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Aggregate documents.parquet and mentions.parquet (in INPUT) into organizations, countries,
    /// themes, cooccurrence and timeseries.
    Aggregate {
        /// Folder that holds documents.parquet and mentions.parquet (an earlier stage's output).
        input: PathBuf,
        /// Where to write the aggregate tables (default: INPUT).
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Print the table contracts (all, or one table) as Markdown.
    Schema {
        /// documents, sentences, mentions, rejects, organizations, persons, countries, themes,
        /// document_themes, cooccurrence or timeseries.
        table: Option<String>,
    },
    /// Write a self-contained HTML page about an output folder (OUT/report.html by default).
    Report {
        /// The output folder.
        out: PathBuf,
        /// Where to write the page.
        #[arg(long = "html", short = 'o')]
        html: Option<PathBuf>,
    },
    /// Print the default config, or check a config file and print it with defaults filled in.
    Config {
        /// The config file to check.
        file: Option<PathBuf>,
    },
    /// Measure accuracy against gold files.
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Names (organizations, persons, locations) against gold spans (JSONL `text`, `entities[]`
    /// with byte offsets and labels): exact and overlap precision, recall, F1 per label.
    Ner {
        /// Gold file (`conll2003_dev.jsonl`, `worldwide_newswire_asia_africa.jsonl`).
        #[arg(long, required = true)]
        gold: PathBuf,
        /// Documents by a hash of their id: `all`, or the `train` (70%) / `dev` (30%) part.
        #[arg(long, default_value = "all", value_parser = ["all", "train", "dev"])]
        part: String,
        /// Config file.
        #[arg(long, short = 'c')]
        config: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Also list wrong and missed names by class, with up to N surfaces each.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Sentence boundaries: precision, recall, F1 and the misses against gold sentences
    /// (`*.sentences.jsonl`) or rule pass counts (golden rules `{"text", "expected"}`).
    Split {
        /// Gold file.
        #[arg(long, required = true)]
        gold: Vec<PathBuf>,
        /// Config file (for `[split]` settings).
        #[arg(long, short = 'c')]
        config: Option<PathBuf>,
        /// How many misses to list.
        #[arg(long, default_value_t = 20)]
        misses: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Countries, organizations and themes against the document-level labels of Reuters-21578
    /// (`places`, `orgs`, `topics`): precision, recall and the most frequent disagreements.
    Reuters {
        /// The Reuters-21578 JSONL dump (`reuters21578.jsonl`).
        #[arg(long, required = true)]
        gold: PathBuf,
        /// Config file.
        #[arg(long, short = 'c')]
        config: Option<PathBuf>,
        /// Documents to score: `all`, `modapte-train` (lewissplit TRAIN, topics YES) or
        /// `modapte-test` (lewissplit TEST, topics YES).
        #[arg(long, default_value = "all", value_parser = ["all", "modapte-train", "modapte-test"])]
        split: String,
        /// How many disagreements to list.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// How many example document ids to give per disagreement.
        #[arg(long, default_value_t = 2)]
        examples: usize,
        /// Sections: any of countries, organizations, themes (comma-separated).
        #[arg(long, default_value = "countries,organizations,themes")]
        kinds: Vec<String>,
        /// Place code → ISO code table (default: places_to_iso.tsv beside the gold file).
        #[arg(long, value_name = "FILE")]
        places: Option<PathBuf>,
        /// Org code → org id table (default: the built-in data/organizations/reuters_orgs.tsv).
        #[arg(long, value_name = "FILE")]
        orgs_map: Option<PathBuf>,
        /// Topic → theme table (default: the built-in data/themes/reuters_topics.tsv).
        #[arg(long, value_name = "FILE")]
        topics_map: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Themes against hand-labelled desks (`{doc_id, labels: [theme ids or qcodes]}`, the first
    /// label the main desk): top-1 top-level subject, desk among the `about` themes, `about` per
    /// document (see docs/eval.md).
    Themes {
        /// Gold labels, one JSON object a line (`data/eval/desk_labels_check.jsonl`).
        #[arg(long, required = true)]
        gold: PathBuf,
        /// The texts: any input `newsmill run` reads (files or folders).
        #[arg(long, required = true, num_args = 1..)]
        texts: Vec<PathBuf>,
        /// Config file.
        #[arg(long, short = 'c')]
        config: Option<PathBuf>,
        /// How many example document ids to give per miss.
        #[arg(long, default_value_t = 3)]
        examples: usize,
        /// List each top-1 miss with its first themes, scores and `about`.
        #[arg(long)]
        explain: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Organization and country mentions against gold entity mentions (GUM Wikinews
    /// interviews): span-overlap precision, recall, F1, misses and false positives.
    Mentions {
        /// Gold entity mentions (`gum_wikinews_interviews_entities.jsonl`).
        #[arg(long, required = true)]
        gold: PathBuf,
        /// The documents' texts with sentence ids and offsets (`*.sentences.jsonl`).
        #[arg(long, required = true)]
        texts: PathBuf,
        /// Config file.
        #[arg(long, short = 'c')]
        config: Option<PathBuf>,
        /// How many misses and false positives to list.
        #[arg(long, default_value_t = 30)]
        top: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Checks and locks the output folder (another run holding it is exit code 4). Every command
/// that writes tables calls it first. `input` is the folder a stage command reads: writing its
/// table next to the tables it read is what the user asked for.
fn prepare_output(
    out: &Path,
    common: &Common,
    input: Option<&Path>,
) -> anyhow::Result<lock::OutputLock> {
    if input != Some(out) {
        safety::check_output(out, common.force)?;
    }
    Ok(lock::OutputLock::acquire(out, common.wait)??)
}

/// The options of a run that writes tables, from the common arguments.
fn run_options(common: &Common) -> runner::RunOptions {
    runner::RunOptions {
        threads: threads(common),
        part_rows: common.part_rows.max(1),
        ..Default::default()
    }
}

fn load_config(path: Option<&Path>) -> Result<Config, Error> {
    if let Some(p) = path.filter(|p| !p.exists()) {
        return Err(Error::input(p, "config file not found"));
    }
    match path {
        Some(p) => Config::load(p),
        None => Ok(Config::default()),
    }
}

/// The most worker threads `--threads` takes: each keeps up to four batches of text in flight
/// (4 MiB each by default), so this many stays within a few GiB; more cores than this are rare.
const MAX_THREADS: usize = 256;

fn threads(c: &Common) -> usize {
    c.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
    })
}

/// Refuses a date window that keeps nothing (`--since` at or after `--until`).
fn check_range(r: &DateRange) -> Result<(), Error> {
    match (r.since, r.until) {
        (Some(s), Some(u)) if s >= u => Err(Error::Config(vec![
            "--since is not before --until: no document could be kept".into(),
        ])),
        _ => Ok(()),
    }
}

/// A failed command's error, naming the staging folder it left in `out` (a full disk, say):
/// the next run on `out` removes it, or the user can.
fn note_staging(e: anyhow::Error, out: &Path) -> anyhow::Error {
    let dir = out.join(newsmill_engine::commit::STAGING);
    if dir.is_dir() {
        e.context(format!(
            "the unfinished files of this run are in {} (the next run on {} removes them; so may you)",
            dir.display(),
            out.display()
        ))
    } else {
        e
    }
}

/// The sample articles of `data/samples`, embedded so that the binary runs them wherever it is.
const SAMPLE: [(&str, &str); 7] = [
    (
        "ai_race.txt",
        include_str!("../../data/samples/ai_race.txt"),
    ),
    (
        "articles.jsonl",
        include_str!("../../data/samples/articles.jsonl"),
    ),
    (
        "energy_markets.txt",
        include_str!("../../data/samples/energy_markets.txt"),
    ),
    (
        "georgia_guard.txt",
        include_str!("../../data/samples/georgia_guard.txt"),
    ),
    (
        "health_climate.txt",
        include_str!("../../data/samples/health_climate.txt"),
    ),
    (
        "markets_deals.txt",
        include_str!("../../data/samples/markets_deals.txt"),
    ),
    (
        "trade_tariffs.txt",
        include_str!("../../data/samples/trade_tariffs.txt"),
    ),
];

/// The sample as files: written (once, atomically) to a folder of the temporary directory named
/// after the version, so that runs over it read the same paths.
fn sample_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("newsmill-{}-sample", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, text) in SAMPLE {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            // Hidden while written: ingest skips hidden files.
            let tmp = dir.join(format!(".{name}.{}", std::process::id()));
            std::fs::write(&tmp, text)
                .and_then(|()| std::fs::rename(&tmp, &path))
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(dir)
}

/// The end-of-run summary.
fn summary(report: &Report, out: &Path) -> String {
    let c = |t: &str| report.counts.get(t).copied().unwrap_or(0);
    let secs = report.timings.get("total").copied().unwrap_or(0.0);
    let mut s = format!(
        "newsmill {}: {} documents, {} rejected, {} sentences, {} mentions in {:.2} s ({:.1} MB of text, {:.2} MB/s)\n",
        env!("CARGO_PKG_VERSION"),
        c("documents"),
        c("rejects"),
        c("sentences"),
        c("mentions"),
        secs,
        report.text_bytes as f64 / 1e6,
        report.text_bytes as f64 / 1e6 / secs.max(1e-9),
    );
    s.push_str(&fields::summary_line(report).unwrap_or_default());
    if !report.run.is_empty() {
        let parts: Vec<String> = report
            .run
            .iter()
            .map(|(k, n)| format!("{} {n}", k.replace('_', " ")))
            .collect();
        s.push_str(&format!("  this run: {}\n", parts.join(", ")));
    }
    for t in ["organizations", "persons", "countries", "themes"] {
        if let Some(top) = report.top.get(t) {
            let list: Vec<String> = top.iter().map(|(n, m)| format!("{n} ({m})")).collect();
            s.push_str(&format!(
                "  top {t:<13} {}\n",
                if list.is_empty() {
                    "-".to_string()
                } else {
                    list.join(", ")
                }
            ));
        }
    }
    s.push_str(&format!("  output: {}\n", out.display()));
    s
}

/// One event on standard error: `level: message` as text, or with `--log-format json` one JSON
/// object per line (`time`, `level`, `event`, `message` and the event's fields).
fn log(json_logs: bool, level: &str, event: &str, message: &str, fields: serde_json::Value) {
    if json_logs {
        let mut o = serde_json::json!({
            "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "level": level,
            "event": event,
            "message": message,
        });
        if let (Some(o), serde_json::Value::Object(f)) = (o.as_object_mut(), fields) {
            o.extend(f);
        }
        eprintln!("{o}");
    } else {
        eprintln!("{level}: {message}");
    }
}

fn finish(report: &Report, out: &Path, common: &Common) -> anyhow::Result<u8> {
    let json_logs = common.log_format == "json";
    let rejects = report.run_rejects();
    let allowed = common
        .max_rejects
        .is_some_and(|m| m.allows(rejects, report.processed));
    let code = if rejects > 0 && !allowed {
        exit::REJECTS
    } else {
        exit::OK
    };
    for (event, w) in &report.warnings {
        log(json_logs, "warning", event, w, serde_json::json!({}));
    }
    if let Some(&undated) = report.run.get("undated") {
        log(
            json_logs,
            "warning",
            "undated_left_out",
            &format!(
                "{undated} undated document(s) left out: --since and --until keep only documents with a publication date in the range"
            ),
            serde_json::json!({ "documents": undated }),
        );
    }
    if let Some(r) = report.recovery {
        log(
            json_logs,
            "warning",
            "recovered",
            &format!("{}: {r}", out.display()),
            serde_json::json!({}),
        );
    }
    if !common.quiet {
        if rejects > 0 {
            let reasons: Vec<String> = report
                .rejects_by_reason
                .iter()
                .map(|(r, n)| format!("{r}: {n}"))
                .collect();
            log(
                json_logs,
                "warning",
                "rejects",
                &format!(
                    "{rejects} input record(s) rejected ({}); see {}",
                    reasons.join(", "),
                    out.join("rejects").display()
                ),
                serde_json::json!({ "rejects": rejects, "rejects_by_reason": report.rejects_by_reason }),
            );
        }
        if let Some(w) = report.legacy_warning() {
            log(
                json_logs,
                "warning",
                "legacy_decoded",
                &w,
                serde_json::json!({ "documents": report.legacy_decoded, "examples": report.legacy_examples }),
            );
        }
        if report.unparsed_dates > 0 {
            log(
                json_logs,
                "warning",
                "unparsed_dates",
                &format!(
                    "{} document(s) have a date that could not be parsed (kept with published_at = null; add a format to ingest.date_formats), for example: {}",
                    report.unparsed_dates,
                    report.unparsed_examples.join(", ")
                ),
                serde_json::json!({ "documents": report.unparsed_dates, "examples": report.unparsed_examples }),
            );
        }
        if json_logs {
            log(
                json_logs,
                "info",
                "finished",
                &format!("{} done", out.display()),
                serde_json::json!({ "exit_code": code, "report": report.to_json() }),
            );
        }
        if common.summary || std::io::stdout().is_terminal() {
            print_out(&summary(report, out))?;
        }
    }
    if let Some(path) = &common.report {
        let mut r = report.to_json();
        r["exit_code"] = serde_json::json!(code);
        r["output"] = serde_json::json!(out.display().to_string());
        r["newsmill_version"] = serde_json::json!(env!("CARGO_PKG_VERSION"));
        let text = serde_json::to_string_pretty(&r)? + "\n";
        if path.as_os_str() == "-" {
            print_out(&text)?;
        } else {
            // The output is committed by now: a report that cannot be written is a warning, not
            // a failed run.
            let tmp = path.with_extension("json.tmp");
            let written = std::fs::write(&tmp, text)
                .with_context(|| format!("writing {}", tmp.display()))
                .and_then(|()| {
                    std::fs::rename(&tmp, path)
                        .with_context(|| format!("writing {}", path.display()))
                });
            if let Err(e) = written {
                log(
                    json_logs,
                    "warning",
                    "report_not_written",
                    &format!("{e:#} (the output {} was committed)", out.display()),
                    serde_json::json!({}),
                );
            }
        }
    }
    Ok(code)
}

/// Writes to standard output; a closed pipe (`newsmill ... | head`) is not an error.
fn print_out(s: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn real_main(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Run {
            inputs,
            out,
            incremental,
            range,
            common,
        } => {
            let config = load_config(common.config.as_deref())?;
            let inputs = if inputs.is_empty() {
                vec![sample_dir()?]
            } else {
                inputs
            };
            check_range(&range)?;
            let _lock = prepare_output(&out, &common, None)?;
            let progress = Progress::new(common.quiet, "run");
            let options = runner::RunOptions {
                incremental,
                since: range.since,
                until: range.until,
                ..run_options(&common)
            };
            let report = runner::run(&config, &inputs, &out, &options, &progress)
                .map_err(|e| note_staging(e.into(), &out))?;
            finish(&report, &out, &common)
        }
        Command::Ingest {
            inputs,
            out,
            range,
            common,
        } => {
            let config = load_config(common.config.as_deref())?;
            check_range(&range)?;
            let _lock = prepare_output(&out, &common, None)?;
            let progress = Progress::new(common.quiet, "ingest");
            let options = runner::RunOptions {
                since: range.since,
                until: range.until,
                ..run_options(&common)
            };
            let report = runner::ingest(&config, &inputs, &out, &options, &progress)
                .map_err(|e| note_staging(e.into(), &out))?;
            finish(&report, &out, &common)
        }
        Command::Split { input, out, common } => middle_stage("split", input, out, common),
        Command::Tag { input, out, common } => middle_stage("tag", input, out, common),
        Command::Aggregate { input, out, common } => {
            let config = load_config(common.config.as_deref())?;
            let out = out.unwrap_or_else(|| input.clone());
            let _lock = prepare_output(&out, &common, Some(&input))?;
            let report = runner::aggregate(
                &config,
                &input,
                &out,
                &run_options(&common),
                &Progress::new(common.quiet, "aggregate"),
            )
            .map_err(|e| note_staging(e.into(), &out))?;
            finish(&report, &out, &common)
        }
        Command::Schema { table } => {
            let text = match table {
                None => tables::ALL
                    .iter()
                    .map(|t| t.markdown())
                    .collect::<Vec<_>>()
                    .join("\n"),
                Some(name) => match tables::by_name(&name) {
                    Some(t) => t.markdown(),
                    None => {
                        let names: Vec<&str> = tables::ALL.iter().map(|t| t.name).collect();
                        return Err(Error::Config(vec![format!(
                            "unknown table `{name}` (known: {})",
                            names.join(", ")
                        )])
                        .into());
                    }
                },
            };
            print_out(&text)?;
            Ok(exit::OK)
        }
        Command::Report { out, html } => {
            let path = newsmill_engine::report::write(&out, html.as_deref())?;
            println!("{}", path.display());
            Ok(exit::OK)
        }
        Command::Config { file } => {
            let config = load_config(file.as_deref())?;
            runner::Workers::build(&config, runner::Stages::ALL)?;
            print_out(&config.to_toml())?;
            Ok(exit::OK)
        }
        Command::Eval(EvalCommand::Split {
            gold,
            config,
            misses,
            json,
        }) => {
            let config = load_config(config.as_deref())?;
            let splitter = newsmill_split::Splitter::new(&config.split)?;
            for g in gold {
                let report = newsmill_split::eval::evaluate(&g, splitter.segmenter(), misses)
                    .map_err(|e| Error::input(&g, e))
                    .with_context(|| format!("evaluating {}", g.display()))?;
                if json {
                    print_out(&format!("{}\n", report.to_json()))?;
                } else {
                    print_out(&format!("== {}\n{report}\n", g.display()))?;
                }
            }
            Ok(exit::OK)
        }
        Command::Eval(EvalCommand::Reuters {
            gold,
            config,
            split,
            top,
            examples,
            kinds,
            places,
            orgs_map,
            topics_map,
            json,
        }) => {
            let config = load_config(config.as_deref())?;
            let report = eval::reuters(
                &config,
                &eval::ReutersArgs {
                    gold: &gold,
                    places: places.as_deref(),
                    orgs_map: orgs_map.as_deref(),
                    topics_map: topics_map.as_deref(),
                    split: &split,
                    top,
                    examples,
                    kinds: &kinds,
                    json,
                },
            )?;
            print_out(&report)?;
            Ok(exit::OK)
        }
        Command::Eval(EvalCommand::Ner {
            gold,
            part,
            config,
            json,
            errors,
        }) => {
            let config = load_config(config.as_deref())?;
            print_out(&eval::ner::run(&config, &gold, &part, json, errors)?)?;
            Ok(exit::OK)
        }
        Command::Eval(EvalCommand::Themes {
            gold,
            texts,
            config,
            examples,
            explain,
            json,
        }) => {
            let config = load_config(config.as_deref())?;
            let report = eval::themes::themes(
                &config,
                &eval::themes::ThemesArgs {
                    gold: &gold,
                    texts: &texts,
                    examples,
                    json,
                    explain,
                },
            )?;
            print_out(&report)?;
            Ok(exit::OK)
        }
        Command::Eval(EvalCommand::Mentions {
            gold,
            texts,
            config,
            top,
            json,
        }) => {
            let config = load_config(config.as_deref())?;
            let report = eval::mentions(
                &config,
                &eval::MentionArgs {
                    gold: &gold,
                    texts: &texts,
                    top,
                    json,
                },
            )?;
            print_out(&report)?;
            Ok(exit::OK)
        }
    }
}

fn middle_stage(
    which: &str,
    input: PathBuf,
    out: Option<PathBuf>,
    common: Common,
) -> anyhow::Result<u8> {
    let config = load_config(common.config.as_deref())?;
    let out = out.unwrap_or_else(|| input.clone());
    let _lock = prepare_output(&out, &common, Some(&input))?;
    let progress = Progress::new(common.quiet, which);
    let report = runner::stage(
        &config,
        which,
        &input,
        &out,
        &run_options(&common),
        &progress,
    )
    .map_err(|e| note_staging(e.into(), &out))?;
    finish(&report, &out, &common)
}

/// Large allocations (a huge document's text, sentences and mentions) go to `mmap` and back to the
/// system when freed. glibc otherwise raises its mmap threshold after the first such free (up to
/// 32 MiB) and serves later large vectors from its per-thread arenas, whose freed space stays
/// resident: one 100 MB document peaked at 1,127 MiB with the default and 909 MiB with the
/// threshold fixed, at equal CPU time on Reuters-21578 (docs/bench.md, issue 25).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn allocator_settings() {
    /// Allocations from 1 MiB up are mapped: chosen by peak RSS on a 25 and a 100 MB document.
    const MMAP_THRESHOLD: libc::c_int = 1 << 20;
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn allocator_settings() {}

fn main() -> ExitCode {
    allocator_settings();
    // One line per panic: a panic in a document's stages becomes a reject that holds the message.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("newsmill: internal error: {info}")
    }));
    let cli = Cli::parse();
    let json_logs = match &cli.command {
        Command::Run { common, .. }
        | Command::Ingest { common, .. }
        | Command::Split { common, .. }
        | Command::Tag { common, .. }
        | Command::Aggregate { common, .. } => common.log_format == "json",
        _ => false,
    };
    match real_main(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let code = match e.downcast_ref::<Error>() {
                Some(Error::Config(_) | Error::Schema { .. } | Error::Input { .. }) => exit::USAGE,
                _ if e.downcast_ref::<lock::Locked>().is_some() => exit::BUSY,
                _ => exit::FAILURE,
            };
            log(
                json_logs,
                "error",
                "failed",
                &format!("{e:#}"),
                serde_json::json!({ "exit_code": code }),
            );
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    /// `--help` teaches every argument: each option and positional argument of every command
    /// has a line of help (regression: `newsmill tag --help` showed a bare `<INPUT>` and `-o`).
    #[test]
    fn every_argument_has_help() {
        use clap::CommandFactory;
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id != "help" && id != "version" && arg.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (no about)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "newsmill", &mut missing);
        assert!(missing.is_empty(), "arguments without help: {missing:?}");
    }

    #[test]
    fn the_embedded_sample_is_data_samples() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/samples");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        files.sort();
        let embedded: Vec<&str> = super::SAMPLE.iter().map(|(n, _)| *n).collect();
        assert_eq!(files, embedded);
        for (name, text) in super::SAMPLE {
            assert_eq!(
                std::fs::read_to_string(dir.join(name)).unwrap(),
                text,
                "{name}"
            );
        }
    }
}
