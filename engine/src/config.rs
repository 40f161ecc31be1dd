//! The config file: TOML, one section per stage. Every problem (unknown keys, wrong types,
//! values the stages refuse, files that cannot be read) is reported together before any work.

use std::path::{Path, PathBuf};

pub use newsmill_aggregate::{AggregateConfig, Duplicates};
use newsmill_core::{Error, Result};
use newsmill_ingest::IngestConfig;
use newsmill_split::SplitConfig;
use newsmill_tag::TagConfig;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The whole config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[ingest]`: how inputs are read.
    pub ingest: IngestConfig,
    /// `[split]`: sentence splitting.
    pub split: SplitConfig,
    /// `[tag]`: dictionaries and tagging rules.
    pub tag: TagConfig,
    /// `[aggregate]`: what the aggregate tables count.
    pub aggregate: AggregateConfig,
}

fn known_keys<T: Serialize + Default>() -> Vec<String> {
    match toml::Value::try_from(T::default()) {
        Ok(toml::Value::Table(t)) => t.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn section<T: DeserializeOwned + Serialize + Default>(
    name: &str,
    value: Option<toml::Value>,
    problems: &mut Vec<String>,
) -> T {
    let Some(value) = value else {
        return T::default();
    };
    let toml::Value::Table(table) = &value else {
        problems.push(format!("[{name}] must be a table"));
        return T::default();
    };
    let known = known_keys::<T>();
    let mut unknown = false;
    for k in table.keys() {
        if !known.contains(k) {
            unknown = true;
            problems.push(format!(
                "unknown key `{name}.{k}` (known: {})",
                known.join(", ")
            ));
        }
    }
    match value.try_into::<T>() {
        Ok(v) => v,
        Err(e) => {
            if !unknown {
                problems.push(format!("[{name}]: {}", e.message().trim()));
            }
            T::default()
        }
    }
}

impl Config {
    /// Parses a config, collecting every problem.
    pub fn parse(text: &str, origin: &str) -> Result<Config> {
        let mut problems = Vec::new();
        let mut root: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                return Err(Error::Config(vec![format!(
                    "{origin}: {}",
                    e.to_string().trim()
                )]))
            }
        };
        let ingest = section::<IngestConfig>("ingest", root.remove("ingest"), &mut problems);
        let split = section::<SplitConfig>("split", root.remove("split"), &mut problems);
        let tag = section::<TagConfig>("tag", root.remove("tag"), &mut problems);
        let aggregate =
            section::<AggregateConfig>("aggregate", root.remove("aggregate"), &mut problems);
        for k in root.keys() {
            problems.push(format!(
                "unknown section `[{k}]` (known: ingest, split, tag, aggregate)"
            ));
        }
        if problems.is_empty() {
            Ok(Config {
                ingest,
                split,
                tag,
                aggregate,
            })
        } else {
            Err(Error::Config(
                problems
                    .into_iter()
                    .map(|p| format!("{origin}: {p}"))
                    .collect(),
            ))
        }
    }

    /// Reads a config file; paths in it are relative to the file's folder.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut c = Config::parse(&text, &path.display().to_string())?;
        let base = path.parent().unwrap_or(Path::new("."));
        let fix = |v: &mut Vec<PathBuf>| {
            for p in v.iter_mut() {
                if p.is_relative() {
                    *p = base.join(&*p);
                }
            }
        };
        fix(&mut c.tag.dictionaries);
        fix(&mut c.tag.theme_files);
        fix(&mut c.tag.suppress_files);
        Ok(c)
    }

    /// The config as TOML (for `newsmill config` and the manifest).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_at_once() {
        let text = r#"
[ingest]
batch_size = "many"
colour = "blue"
[split]
abbreviations = ["Sen"]
[tag]
kinds = ["organization"]
dictionnaries = ["x.tsv"]
[output]
dir = "x"
"#;
        let Err(Error::Config(p)) = Config::parse(text, "c.toml") else {
            panic!("expected config error")
        };
        let all = p.join("\n");
        assert!(all.contains("unknown key `ingest.colour`"), "{all}");
        assert!(all.contains("unknown key `tag.dictionnaries`"), "{all}");
        assert!(all.contains("unknown section `[output]`"), "{all}");
        assert_eq!(p.len(), 3, "{all}");
        let Err(Error::Config(p)) = Config::parse("[ingest]\nbatch_size = \"many\"\n", "c.toml")
        else {
            panic!()
        };
        assert!(
            p[0].contains("batch_size") || p[0].contains("invalid type"),
            "{p:?}"
        );
    }

    #[test]
    fn defaults_and_round_trip() {
        let c = Config::parse("", "empty").unwrap();
        assert_eq!(c, Config::default());
        let c = Config::parse(
            "[ingest]\ndate_formats = [\"%d-%b-%Y %H:%M:%S%.f\"]\nid_fields = [\"newid\"]\n",
            "x",
        )
        .unwrap();
        assert_eq!(c.ingest.id_fields, vec!["newid"]);
        assert_eq!(Config::parse(&c.to_toml(), "again").unwrap(), c);
    }
}
