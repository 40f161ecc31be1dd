//! The built-in dictionaries, embedded from `data/` at compile time.

use crate::dict::Dictionary;

/// `(file name, contents)` of each built-in data file.
pub const COUNTRIES: (&str, &str) = (
    "data/countries/countries.tsv",
    include_str!("../../../data/countries/countries.tsv"),
);
pub const COUNTRY_ALIASES: [(&str, &str); 2] = [
    (
        "data/countries/aliases.tsv",
        include_str!("../../../data/countries/aliases.tsv"),
    ),
    (
        "data/countries/aliases_mledoze.tsv",
        include_str!("../../../data/countries/aliases_mledoze.tsv"),
    ),
];
pub const CITIES: (&str, &str) = (
    "data/countries/cities.tsv",
    include_str!("../../../data/countries/cities.tsv"),
);
/// Organization files, in order of precedence (an alias in an earlier file wins).
pub const ORGANIZATIONS: [(&str, &str); 7] = [
    (
        "data/organizations/curated.tsv",
        include_str!("../../../data/organizations/curated.tsv"),
    ),
    (
        "data/organizations/curated_more.tsv",
        include_str!("../../../data/organizations/curated_more.tsv"),
    ),
    (
        "data/organizations/intergovernmental.tsv",
        include_str!("../../../data/organizations/intergovernmental.tsv"),
    ),
    (
        "data/organizations/companies.tsv",
        include_str!("../../../data/organizations/companies.tsv"),
    ),
    (
        "data/organizations/intergovernmental_supraverden.tsv",
        include_str!("../../../data/organizations/intergovernmental_supraverden.tsv"),
    ),
    (
        "data/organizations/football_clubs.tsv",
        include_str!("../../../data/organizations/football_clubs.tsv"),
    ),
    (
        "data/organizations/parties.tsv",
        include_str!("../../../data/organizations/parties.tsv"),
    ),
];
pub const THEMES: (&str, &str) = (
    "data/themes/themes.tsv",
    include_str!("../../../data/themes/themes.tsv"),
);
pub const SUPPRESS: (&str, &str) = (
    "data/tag/suppress.txt",
    include_str!("../../../data/tag/suppress.txt"),
);

/// The built-in dictionary, with cities of at least `min_population`.
pub fn dictionary(min_population: u64, problems: &mut Vec<String>) -> Dictionary {
    let mut d = Dictionary::default();
    d.load_countries(COUNTRIES.0, COUNTRIES.1, problems);
    for (name, text) in COUNTRY_ALIASES {
        d.load_country_aliases(name, text, problems);
    }
    d.load_cities(CITIES.0, CITIES.1, min_population, problems);
    for (name, text) in ORGANIZATIONS {
        d.load_organizations(name, text, false, problems);
    }
    d.add_unaccented_organization_names();
    d.load_themes(THEMES.0, THEMES.1, false, problems);
    d.load_suppress(SUPPRESS.1);
    d
}

/// The version of the tagging rules: raised with every change of the tagger's code that
/// changes the mentions it finds, so that [`version`] changes with it.
pub const RULES_VERSION: u32 = 15;

/// The version of the tagging: 16 hex digits of an FNV-1a hash over every embedded data file,
/// the learned recognizer's model (`data/tag/ner.model`), its filter and [`RULES_VERSION`], so two runs can
/// tell whether they tagged alike (an incremental run warns when they did not).
pub fn version() -> String {
    let files = [COUNTRIES, CITIES, THEMES, SUPPRESS]
        .into_iter()
        .chain(COUNTRY_ALIASES)
        .chain(ORGANIZATIONS)
        .chain([("data/tag/org_filter.tsv", crate::ner::filter::BUILTIN)]);
    fingerprint(files, crate::ner::BUILTIN, RULES_VERSION)
}

/// FNV-1a over each `(name, text)` file in turn.
fn hash_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> newsmill_core::util::Fnv1a {
    let mut h = newsmill_core::util::Fnv1a::new();
    for (name, text) in files {
        h.bytes(name.as_bytes());
        h.bytes(text.as_bytes());
    }
    h
}

/// The version of a list of `(name, text)` files.
#[cfg(test)]
fn version_of<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    format!("{:016x}", hash_files(files).finish())
}

/// The version of a list of `(name, text)` files, a recognizer's `model` and the `rules`.
fn fingerprint<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    model: &[u8],
    rules: u32,
) -> String {
    let mut h = hash_files(files);
    h.bytes(b"data/tag/ner.model");
    h.bytes(model);
    h.bytes(&rules.to_le_bytes());
    format!("{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_hex_and_pinned_on_known_files() {
        let v = super::version();
        assert_eq!(v.len(), 16);
        assert!(v.chars().all(|c| c.is_ascii_hexdigit()));
        // FNV-1a of "a.tsv" + "id\tname\n" (computed apart, in Python).
        let one = [("a.tsv", "id\tname\n")];
        assert_eq!(super::version_of(one), "d6aa12c7cfa60d9c");
        assert_eq!(
            super::version_of([("a.tsv", "id\tname\n"), ("b.tsv", "")]),
            "0179d2d7277f6e25"
        );
        assert_ne!(
            super::version_of([("a.tsv", "id\tname \n")]),
            "d6aa12c7cfa60d9c"
        );
    }

    /// The version changes with the recognizer's model and the rules, not only with the
    /// dictionaries (an incremental run compares it to tell whether older documents were tagged
    /// alike).
    #[test]
    fn version_changes_with_the_model_and_the_rules() {
        use super::{fingerprint, RULES_VERSION};
        let files = [("a.tsv", "id\tname\n")];
        // (model, rules) pairs that must all give different versions
        let cases: &[(&[u8], u32)] = &[
            (b"model one", 1),
            (b"model one", 2),
            (b"model two", 1),
            (b"model one ", 1),
            (b"", 1),
        ];
        let versions: Vec<String> = cases
            .iter()
            .map(|&(m, r)| fingerprint(files, m, r))
            .collect();
        for (i, a) in versions.iter().enumerate() {
            assert_eq!(a, &fingerprint(files, cases[i].0, cases[i].1));
            for b in &versions[i + 1..] {
                assert_ne!(a, b, "{cases:?}");
            }
        }
        assert_ne!(fingerprint(files, b"", 0), super::version_of(files));
        let mut model = crate::ner::BUILTIN.to_vec();
        let builtin = super::version();
        assert_eq!(
            builtin,
            fingerprint(
                [
                    super::COUNTRIES,
                    super::CITIES,
                    super::THEMES,
                    super::SUPPRESS
                ]
                .into_iter()
                .chain(super::COUNTRY_ALIASES)
                .chain(super::ORGANIZATIONS)
                .chain([("data/tag/org_filter.tsv", crate::ner::filter::BUILTIN)]),
                &model,
                RULES_VERSION
            )
        );
        if let Some(last) = model.last_mut() {
            *last ^= 1;
        }
        let changed = fingerprint(
            [
                super::COUNTRIES,
                super::CITIES,
                super::THEMES,
                super::SUPPRESS,
            ]
            .into_iter()
            .chain(super::COUNTRY_ALIASES)
            .chain(super::ORGANIZATIONS),
            &model,
            RULES_VERSION,
        );
        assert_ne!(builtin, changed, "a changed model changes the version");
    }
}
