//! The `[tag]` section of the config.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The `[tag]` section of the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TagConfig {
    /// Which kinds to tag: any of `organization`, `country`, `theme`, `person`.
    pub kinds: Vec<String>,
    /// Your own dictionaries (`.tsv`, `.csv` or `.json`) with columns `id`, `name`, `aliases`
    /// (`|`-separated), and optionally `kind` (`organization` by default, `country`, `theme`),
    /// `type`, `country`, `parent`. An entry with a built-in id adds aliases to it and overrides
    /// its name, type and country; your aliases win over built-in ones.
    pub dictionaries: Vec<PathBuf>,
    /// Your own theme files, in the format of `data/themes/themes.tsv`.
    pub theme_files: Vec<PathBuf>,
    /// Phrases that are never tagged, nor anything inside them (exact case).
    pub suppress: Vec<String>,
    /// Files of such phrases, one a line.
    pub suppress_files: Vec<PathBuf>,
    /// Cities of at least this population put their country in the story (form `city`).
    pub city_min_population: u64,
    /// Whether a country named inside an organization's name ("Bank of China") also counts as a
    /// mention of the country. By default it does not: the organization's home country is in its
    /// `country` column.
    pub countries_in_org_names: bool,
    /// Whether to find organizations no dictionary knows (`method` = `pattern` or `acronym`).
    pub discover_organizations: bool,
    /// Whether the learned recognizer finds organizations and persons no dictionary knows
    /// (`method` = `model`; see docs/ner.md).
    pub recognize_names: bool,
    /// Whether a learned filter drops the recognizer's doubtful organization names (see
    /// docs/ner.md, third pass).
    pub filter_names: bool,
}

impl Default for TagConfig {
    fn default() -> Self {
        TagConfig {
            kinds: vec![
                "organization".into(),
                "country".into(),
                "theme".into(),
                "person".into(),
            ],
            dictionaries: Vec::new(),
            theme_files: Vec::new(),
            suppress: Vec::new(),
            suppress_files: Vec::new(),
            city_min_population: 300_000,
            countries_in_org_names: false,
            discover_organizations: true,
            recognize_names: true,
            filter_names: true,
        }
    }
}
