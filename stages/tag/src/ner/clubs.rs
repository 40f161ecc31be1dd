//! A club named without its "FC": the recognizer's organization "Liverpool" in "Liverpool lost at
//! home" is the club the dictionaries list as "Liverpool F.C." or "Liverpool FC". Clubs named
//! after their town have no one-word alias (the town is a place: `data/compile/clubs.py`), so the
//! dictionaries cannot find them alone; when the recognizer does, this links the name to the club.

use rustc_hash::FxHashMap;

use crate::dict::Dictionary;

/// Words that mark a football club before or after its name ("FC Barcelona", "Liverpool F.C.").
const CLUB_MARKS: &[&str] = &["FC", "F.C.", "AFC", "A.F.C.", "CF", "SC"];

/// The name of a club without its mark, if it has one.
fn unmarked(alias: &str) -> Option<&str> {
    CLUB_MARKS.iter().find_map(|m| {
        alias
            .strip_suffix(m)
            .and_then(|s| s.strip_suffix(' '))
            .or_else(|| alias.strip_prefix(m).and_then(|s| s.strip_prefix(' ')))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    })
}

/// Clubs (entities of type `sports`) by their names without the mark; a name two clubs share
/// ("Liverpool" of England and of Uruguay, were both so written) names neither.
pub(crate) fn club_names(dict: &Dictionary) -> FxHashMap<String, usize> {
    let mut by: FxHashMap<String, Option<usize>> = FxHashMap::default();
    let mut add = |name: &str, e: usize| {
        if let Some(key) = unmarked(name) {
            by.entry(key.to_string())
                .and_modify(|v| {
                    if *v != Some(e) {
                        *v = None;
                    }
                })
                .or_insert(Some(e));
        }
    };
    for a in &dict.aliases {
        if dict.entities[a.entity].entity_type.as_deref() == Some("sports") {
            add(&a.text, a.entity);
        }
    }
    for (i, e) in dict.entities.iter().enumerate() {
        if e.entity_type.as_deref() == Some("sports") {
            add(&e.name, i);
        }
    }
    by.into_iter()
        .filter_map(|(k, v)| v.map(|e| (k, e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_come_off_either_end() {
        let cases = [
            ("Liverpool F.C.", Some("Liverpool")),
            ("Liverpool FC", Some("Liverpool")),
            ("FC Barcelona", Some("Barcelona")),
            ("AFC Bournemouth", Some("Bournemouth")),
            ("Valencia CF", Some("Valencia")),
            ("Real Madrid", None),
            ("FC", None),
            ("FCB Holdings", None),
        ];
        for (alias, want) in cases {
            assert_eq!(unmarked(alias), want, "{alias}");
        }
    }
}
