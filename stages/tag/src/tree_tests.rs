//! Where a theme sits in the tree decides which top-level subject its mentions count for: a theme
//! with an IPTC qcode sits under the top level IPTC puts the qcode (issue 20: a visa story is a
//! story of immigration policy, IPTC's politics > government policy, not of society).

use std::sync::OnceLock;

use super::*;

fn tagger() -> &'static Tagger {
    static T: OnceLock<Tagger> = OnceLock::new();
    T.get_or_init(|| Tagger::new(&TagConfig::default()).expect("built-in dictionaries load"))
}

/// The chain of a theme's ancestors, nearest first.
fn ancestors(t: &Tagger, id: &str) -> Vec<String> {
    let parent = |id: &str| {
        t.dictionary()
            .entities
            .iter()
            .find(|e| e.kind == Some(Kind::Theme) && e.id == id)
            .and_then(|e| e.parent_id.clone())
            .filter(|p| !p.is_empty())
    };
    let mut out = Vec::new();
    let mut cur = id.to_string();
    while let Some(p) = parent(&cur) {
        if out.contains(&p) {
            break;
        }
        out.push(p.clone());
        cur = p;
    }
    out
}

/// The theme ids a one-sentence text names.
fn themes_of(t: &Tagger, text: &str) -> Vec<String> {
    t.tag_document(text, &[(0, text.len())])
        .expect("tagged")
        .into_iter()
        .filter(|m| m.kind == Kind::Theme)
        .filter_map(|m| match &m.ent {
            Ent::Dict(i) => Some(t.dictionary().entities[*i].id.clone()),
            Ent::New(_) => None,
        })
        .collect()
}

#[test]
fn visas_are_immigration_policy_under_politics() {
    // (text of ours, the theme it names, an ancestor it must have, one it must not)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "The embassy stopped issuing student visas after the row.",
            "visas",
            "politics_government",
            "society",
        ),
        (
            "Nurses from abroad will need a work permit from next year.",
            "visas",
            "government_policy",
            "immigration",
        ),
        (
            "Tourists from the region can now enter visa-free for 30 days.",
            "visas",
            "politics_government",
            "society",
        ),
    ];
    let t = tagger();
    for (i, (text, theme, under, not_under)) in cases.iter().enumerate() {
        let got = themes_of(t, text);
        assert!(got.iter().any(|g| g == theme), "case {i}: {got:?}");
        let up = ancestors(t, theme);
        assert!(up.iter().any(|a| a == under), "case {i}: {up:?}");
        assert!(!up.iter().any(|a| a == not_under), "case {i}: {up:?}");
    }
    // Immigration itself stays a matter of society, as IPTC files it.
    assert!(ancestors(t, "immigration").contains(&"society".to_string()));
}
