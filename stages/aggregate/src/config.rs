//! The `[aggregate]` section of the config.

use serde::{Deserialize, Serialize};

use crate::{Aggregator, ThemeTree};

/// Whether near-duplicates count in the aggregates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Duplicates {
    /// Documents with a `duplicate_of` are left out of every aggregate (the default: syndicated
    /// copies of one story count once).
    #[default]
    Exclude,
    /// Every document counts.
    Include,
}

/// The `[aggregate]` section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AggregateConfig {
    /// `exclude` (default) or `include` the near-duplicates marked in `documents.duplicate_of`.
    pub duplicates: Duplicates,
}

impl Aggregator {
    /// The aggregator of a config: themes roll up along `tree`; near-duplicates count as
    /// `config.duplicates` says.
    pub fn from_config(config: &AggregateConfig, tree: ThemeTree) -> Aggregator {
        Aggregator::with_themes(tree).count_duplicates(config.duplicates == Duplicates::Include)
    }
}
