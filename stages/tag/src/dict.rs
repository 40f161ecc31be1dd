//! Dictionaries: entities and the surface forms that name them, loaded from the built-in data
//! files (embedded from `data/`) and the user's own files.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::form::Form;

/// The number of kinds ([`Kind::slot`]).
const KINDS: usize = 4;

/// The kind of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Organization,
    Country,
    Theme,
    /// A person: found by the name recognizer (or listed in a user dictionary).
    Person,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Country => "country",
            Kind::Theme => "theme",
            Kind::Person => "person",
        }
    }

    /// Its place among the kinds, `0..KINDS`: the dictionary's index has a map per kind (a new
    /// kind must be given a place here, and `KINDS` grow with it).
    const fn slot(self) -> usize {
        match self {
            Kind::Organization => 0,
            Kind::Country => 1,
            Kind::Theme => 2,
            Kind::Person => 3,
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "organization" | "org" | "" => Some(Kind::Organization),
            "country" => Some(Kind::Country),
            "theme" => Some(Kind::Theme),
            "person" => Some(Kind::Person),
            _ => None,
        }
    }
}

/// A canonical entity.
#[derive(Debug, Clone, Default)]
pub struct Entity {
    pub kind: Option<Kind>,
    pub id: String,
    pub name: String,
    /// Organizations: type; countries: `current` / `former`.
    pub entity_type: Option<String>,
    /// Organizations: home country; countries: the country itself.
    pub country: Option<String>,
    pub iso3: Option<String>,
    pub fips: Option<String>,
    pub qcode: Option<String>,
    pub parent_id: Option<String>,
    /// Themes: the salience score a document needs to be about the theme (`about` column of the
    /// theme file); `None` for the default (`newsmill_core::salience::DEFAULT_THRESHOLD`).
    pub about: Option<f64>,
    /// Whether it comes from the user's files.
    pub user: bool,
}

/// How an alias may match letter case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Only as written.
    Exact,
    /// As written or in ALL CAPS.
    Title,
    /// Any case (ASCII).
    Any,
}

impl CaseRule {
    fn parse(s: &str) -> Option<CaseRule> {
        match s.trim() {
            "exact" => Some(CaseRule::Exact),
            "title" | "" => Some(CaseRule::Title),
            "any" => Some(CaseRule::Any),
            _ => None,
        }
    }
}

/// One surface form of an entity.
#[derive(Debug, Clone)]
pub struct Alias {
    pub text: String,
    pub entity: usize,
    pub form: Form,
    pub case: CaseRule,
    /// Other entities (indices) this alias may denote (ambiguous names).
    pub alternatives: Vec<usize>,
    /// Theme triggers: co-terms one of which must be in the sentence.
    pub requires: Vec<String>,
}

/// Everything the tagger matches against.
#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    pub entities: Vec<Entity>,
    pub aliases: Vec<Alias>,
    /// Phrases that are never mentions and hide what they contain ("Apple Pay", "Canada goose").
    pub suppress: Vec<String>,
    /// Themes: sentence-level co-terms (one must be present) and exclusions, by entity index.
    pub theme_requires: HashMap<usize, Vec<String>>,
    pub theme_excludes: HashMap<usize, Vec<String>>,
    /// Every city of the gazetteer, whatever its population, by its name in capitals: a dateline
    /// ("CINCINNATI, March 3 -") names the place a story comes from.
    pub dateline_cities: HashMap<String, usize>,
    /// Each entity's index by id, one map per kind ([`Kind::slot`]): looked up by a borrowed id
    /// with an Fx hash (only looked up, never iterated). A `(Kind, String)` key made every
    /// lookup build a `String` and hash it with SipHash: 560 instructions a lookup, 53,000
    /// lookups in the tag stage of 2,000 Reuters-21578 stories.
    index: [FxHashMap<String, usize>; KINDS],
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|a| !a.is_empty())
}

/// A TSV file as header → value maps; `problems` collects malformed lines.
fn tsv_rows<'a>(
    name: &str,
    text: &'a str,
    required: &[&str],
    problems: &mut Vec<String>,
) -> Vec<HashMap<&'a str, &'a str>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let Some((_, header)) = lines.next() else {
        return Vec::new();
    };
    let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
    for r in required {
        if !cols.contains(r) {
            problems.push(format!("{name}: the header has no `{r}` column"));
            return Vec::new();
        }
    }
    let mut rows = Vec::new();
    for (i, line) in lines {
        let vals: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
        if vals.len() > cols.len() {
            problems.push(format!(
                "{name}:{}: {} fields, the header has {}",
                i + 1,
                vals.len(),
                cols.len()
            ));
            continue;
        }
        rows.push(
            cols.iter()
                .copied()
                .zip(vals.iter().copied().chain(std::iter::repeat("")))
                .collect(),
        );
    }
    rows
}

impl Dictionary {
    /// The index of an entity by kind and id.
    pub fn find(&self, kind: Kind, id: &str) -> Option<usize> {
        self.index[kind.slot()].get(id).copied()
    }

    /// Whether theme `a` is an ancestor of theme `d` (its parent, its parent's parent, ...; a
    /// cycle in a user's theme file is cut).
    pub fn is_theme_ancestor(&self, a: usize, d: usize) -> bool {
        let mut t = d;
        for _ in 0..self.entities.len() {
            let Some(p) = self.entities[t]
                .parent_id
                .as_deref()
                .and_then(|p| self.find(Kind::Theme, p))
            else {
                return false;
            };
            if p == a {
                return true;
            }
            t = p;
        }
        false
    }

    /// Adds an entity, or updates the one with the same kind and id (non-empty fields win).
    pub fn upsert(&mut self, e: Entity) -> usize {
        let kind = e.kind.unwrap_or(Kind::Organization);
        if let Some(&i) = self.index[kind.slot()].get(&e.id) {
            let old = &mut self.entities[i];
            if !e.name.is_empty() {
                old.name = e.name;
            }
            macro_rules! keep {
                ($($f:ident),*) => { $( if e.$f.is_some() { old.$f = e.$f; } )* };
            }
            keep!(entity_type, country, iso3, fips, qcode, parent_id, about);
            old.user |= e.user;
            return i;
        }
        let id = e.id.clone();
        self.entities.push(e);
        self.index[kind.slot()].insert(id, self.entities.len() - 1);
        self.entities.len() - 1
    }

    fn alias(&mut self, text: &str, entity: usize, form: Form, case: CaseRule) {
        let text = text.trim();
        if !text.is_empty() {
            self.aliases.push(Alias {
                text: text.to_string(),
                entity,
                form,
                case,
                alternatives: Vec::new(),
                requires: Vec::new(),
            });
        }
    }

    /// Adds each organization's names as English-language news often spells them without their
    /// accents: German umlauts and ß written out ("Deutsche Börse" as "Deutsche Boerse"), and
    /// every accent dropped ("Deutsche Borse", "Medecins Sans Frontieres", "Societe Generale"); a
    /// one-word name only if it has an umlaut or ß ("Dürr" as "Duerr" and "Durr"): other one-word
    /// names without their accents are often words ("Unión", "Libération"). A spelling that is
    /// already a name of something in the dictionary (in any case) is not added.
    pub fn add_unaccented_organization_names(&mut self) {
        let mut known: HashSet<String> =
            self.aliases.iter().map(|a| a.text.to_lowercase()).collect();
        let mut added = Vec::new();
        for a in &self.aliases {
            if a.text.is_ascii()
                || self.entities[a.entity].kind.unwrap_or(Kind::Organization) != Kind::Organization
                || !a.requires.is_empty()
            {
                continue;
            }
            // A one-word name only with an umlaut or ß: without its accents it is often a word
            // ("Unión" as "Union", "Libération" as "Liberation").
            if !a.text.contains(' ') && !a.text.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü', 'ß'])
            {
                continue;
            }
            for v in unaccented(&a.text) {
                if known.insert(v.to_lowercase()) {
                    added.push(Alias {
                        text: v,
                        alternatives: Vec::new(),
                        ..a.clone()
                    });
                }
            }
        }
        self.aliases.extend(added);
    }

    /// Loads `countries.tsv` (`id alpha2 alpha3 fips name status`).
    pub fn load_countries(&mut self, name: &str, text: &str, problems: &mut Vec<String>) {
        for row in tsv_rows(
            name,
            text,
            &["id", "alpha3", "fips", "name", "status"],
            problems,
        ) {
            let id = row["id"].trim();
            if id.is_empty() {
                problems.push(format!("{name}: a row without id"));
                continue;
            }
            let e = self.upsert(Entity {
                kind: Some(Kind::Country),
                id: id.to_string(),
                name: row["name"].trim().to_string(),
                entity_type: opt(row["status"]),
                country: Some(id.to_string()),
                iso3: opt(row["alpha3"]),
                fips: opt(row["fips"]),
                ..Entity::default()
            });
            let n = self.entities[e].name.clone();
            self.alias(&n, e, Form::Name, CaseRule::Title);
        }
    }

    /// Loads a country alias file (`alias country form case alternatives`).
    pub fn load_country_aliases(&mut self, name: &str, text: &str, problems: &mut Vec<String>) {
        for row in tsv_rows(name, text, &["alias", "country", "form"], problems) {
            let Some(e) = self.find(Kind::Country, row["country"].trim()) else {
                problems.push(format!(
                    "{name}: alias `{}` names unknown country `{}`",
                    row["alias"], row["country"]
                ));
                continue;
            };
            let form = match Form::parse(row["form"].trim()) {
                Some(
                    f @ (Form::Name
                    | Form::Abbreviation
                    | Form::Demonym
                    | Form::Capital
                    | Form::Subdivision
                    | Form::City),
                ) => f,
                _ => {
                    let other = row["form"].trim();
                    problems.push(format!(
                        "{name}: alias `{}` has unknown form `{other}`",
                        row["alias"]
                    ));
                    continue;
                }
            };
            let Some(case) = CaseRule::parse(row.get("case").copied().unwrap_or("")) else {
                problems.push(format!(
                    "{name}: alias `{}` has unknown case rule `{}`",
                    row["alias"], row["case"]
                ));
                continue;
            };
            let alternatives = split_list(row.get("alternatives").copied().unwrap_or(""))
                .filter_map(|c| self.find(Kind::Country, c))
                .collect();
            let text = row["alias"].trim();
            if text.is_empty() {
                continue;
            }
            let alias = Alias {
                text: text.to_string(),
                entity: e,
                form,
                case,
                alternatives,
                requires: Vec::new(),
            };
            // A row for a country's own name refines the alias made from countries.tsv.
            match self
                .aliases
                .iter()
                .position(|a| a.entity == e && a.text == text)
            {
                Some(i) => self.aliases[i] = alias,
                None => self.aliases.push(alias),
            }
        }
    }

    /// Loads `cities.tsv` (`city country population alternatives`), keeping cities of at least
    /// `min_population`.
    pub fn load_cities(
        &mut self,
        name: &str,
        text: &str,
        min_population: u64,
        problems: &mut Vec<String>,
    ) {
        for row in tsv_rows(name, text, &["city", "country", "population"], problems) {
            let pop: u64 = row["population"].trim().parse().unwrap_or(0);
            let Some(e) = self.find(Kind::Country, row["country"].trim()) else {
                continue;
            };
            self.dateline_cities
                .entry(row["city"].trim().to_uppercase())
                .or_insert(e);
            if pop < min_population {
                continue;
            }
            let alternatives = split_list(row.get("alternatives").copied().unwrap_or(""))
                .filter_map(|c| self.find(Kind::Country, c))
                .collect();
            let text = row["city"].trim();
            if !text.is_empty() {
                self.aliases.push(Alias {
                    text: text.to_string(),
                    entity: e,
                    form: Form::City,
                    case: CaseRule::Title,
                    alternatives,
                    requires: Vec::new(),
                });
            }
        }
    }

    /// Loads an organization file (`id name type country aliases`).
    pub fn load_organizations(
        &mut self,
        name: &str,
        text: &str,
        user: bool,
        problems: &mut Vec<String>,
    ) {
        for row in tsv_rows(name, text, &["id", "name"], problems) {
            self.add_organization(
                name,
                OrgRow {
                    id: row["id"].trim().to_string(),
                    name: row["name"].trim().to_string(),
                    kind: row.get("kind").map(|s| s.to_string()),
                    entity_type: row.get("type").and_then(|s| opt(s)),
                    country: row.get("country").and_then(|s| opt(s)),
                    aliases: split_list(row.get("aliases").copied().unwrap_or(""))
                        .map(str::to_string)
                        .collect(),
                    parent: row.get("parent").and_then(|s| opt(s)),
                },
                user,
                problems,
            );
        }
    }

    /// Adds one row of a user or built-in organization-style dictionary.
    pub(crate) fn add_organization(
        &mut self,
        file: &str,
        r: OrgRow,
        user: bool,
        problems: &mut Vec<String>,
    ) {
        let kind = match Kind::parse(r.kind.as_deref().unwrap_or("")) {
            Some(k) => k,
            None => {
                problems.push(format!(
                    "{file}: entry `{}` has unknown kind `{}`",
                    r.id,
                    r.kind.unwrap_or_default()
                ));
                return;
            }
        };
        if r.id.is_empty() {
            problems.push(format!("{file}: an entry without id (name `{}`)", r.name));
            return;
        }
        if kind == Kind::Country && self.find(Kind::Country, &r.id).is_none() {
            problems.push(format!("{file}: `{}` is not a known country code", r.id));
            return;
        }
        let e = self.upsert(Entity {
            kind: Some(kind),
            id: r.id.clone(),
            name: r.name.clone(),
            entity_type: r.entity_type,
            country: if kind == Kind::Country {
                Some(r.id.clone())
            } else {
                r.country
            },
            parent_id: r.parent,
            user,
            ..Entity::default()
        });
        let (form_name, form_alias, case) = match kind {
            Kind::Theme => (Form::Trigger, Form::Trigger, CaseRule::Any),
            Kind::Country => (Form::Name, Form::Name, CaseRule::Title),
            Kind::Organization | Kind::Person => (Form::Name, Form::Alias, CaseRule::Title),
        };
        if !r.name.is_empty() {
            self.alias(&r.name, e, form_name, case);
        }
        for a in r.aliases {
            let form = if kind == Kind::Organization && is_acronym(&a) {
                Form::Acronym
            } else {
                form_alias
            };
            self.alias(&a, e, form, case);
        }
    }

    /// Loads `themes.tsv` (`id label parent qcode triggers requires excludes about`). A trigger
    /// may carry its own co-terms: `crude => oil, barrel`. `about` (optional) is the theme's
    /// salience threshold.
    pub fn load_themes(&mut self, name: &str, text: &str, user: bool, problems: &mut Vec<String>) {
        for row in tsv_rows(name, text, &["id", "label", "triggers"], problems) {
            let id = row["id"].trim();
            if id.is_empty() {
                problems.push(format!("{name}: a theme without id"));
                continue;
            }
            let about = match row.get("about").map(|s| s.trim()).unwrap_or("") {
                "" => None,
                v => match v.parse::<f64>() {
                    Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
                    _ => {
                        problems.push(format!(
                            "{name}: theme `{id}`: `about` must be a number from 0 up, not `{v}`"
                        ));
                        None
                    }
                },
            };
            let e = self.upsert(Entity {
                kind: Some(Kind::Theme),
                id: id.to_string(),
                name: row["label"].trim().to_string(),
                qcode: row.get("qcode").and_then(|s| opt(s)),
                parent_id: row.get("parent").and_then(|s| opt(s)),
                about,
                user,
                ..Entity::default()
            });
            for t in split_list(row["triggers"]) {
                let (phrase, requires) = match t.split_once("=>") {
                    Some((p, co)) => (
                        p.trim(),
                        co.split(',')
                            .map(|c| c.trim().to_lowercase())
                            .filter(|c| !c.is_empty())
                            .collect(),
                    ),
                    None => (t, Vec::new()),
                };
                if !phrase.is_empty() {
                    self.aliases.push(Alias {
                        text: phrase.to_string(),
                        entity: e,
                        form: Form::Trigger,
                        case: CaseRule::Any,
                        alternatives: Vec::new(),
                        requires,
                    });
                }
            }
            let req: Vec<String> = split_list(row.get("requires").copied().unwrap_or(""))
                .map(str::to_lowercase)
                .collect();
            let exc: Vec<String> = split_list(row.get("excludes").copied().unwrap_or(""))
                .map(str::to_lowercase)
                .collect();
            if !req.is_empty() {
                self.theme_requires.insert(e, req);
            }
            if !exc.is_empty() {
                self.theme_excludes.insert(e, exc);
            }
        }
        // Parents must exist.
        for ent in self.entities.iter().filter(|e| e.kind == Some(Kind::Theme)) {
            if let Some(p) = &ent.parent_id {
                if self.find(Kind::Theme, p).is_none() {
                    problems.push(format!(
                        "{name}: theme `{}` has unknown parent `{p}`",
                        ent.id
                    ));
                }
            }
        }
    }

    /// Loads a phrase list (one a line; `#` comments).
    pub fn load_suppress(&mut self, text: &str) {
        self.suppress.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }

    /// Loads a user dictionary file by its extension: `.tsv`, `.csv` or `.json`.
    pub fn load_user_file(&mut self, path: &std::path::Path, problems: &mut Vec<String>) {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                return;
            }
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let rows: Vec<OrgRow> = match ext.as_str() {
            "tsv" | "txt" => tsv_rows(&name, &text, &["id", "name"], problems)
                .into_iter()
                .map(|row| OrgRow::from_map(|k| row.get(k).copied()))
                .collect(),
            "csv" => {
                let mut rdr = csv::ReaderBuilder::new()
                    .flexible(true)
                    .from_reader(text.as_bytes());
                let headers: Vec<String> = match rdr.headers() {
                    Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
                    Err(e) => {
                        problems.push(format!("{name}: {e}"));
                        return;
                    }
                };
                let mut rows = Vec::new();
                for rec in rdr.records() {
                    match rec {
                        Ok(rec) => rows.push(OrgRow::from_map(|k| {
                            headers.iter().position(|h| h == k).and_then(|i| rec.get(i))
                        })),
                        Err(e) => problems.push(format!("{name}: {e}")),
                    }
                }
                rows
            }
            "json" => match serde_json::from_str::<Vec<JsonEntry>>(&text) {
                Ok(v) => v.into_iter().map(JsonEntry::into_row).collect(),
                Err(e) => {
                    problems.push(format!("{name}: {e}"));
                    return;
                }
            },
            _ => {
                problems.push(format!(
                    "{name}: unknown dictionary format (use .tsv, .csv or .json)"
                ));
                return;
            }
        };
        for r in rows {
            if r.name.is_empty() && r.aliases.is_empty() {
                problems.push(format!(
                    "{name}: entry `{}` has neither name nor aliases",
                    r.id
                ));
                continue;
            }
            self.add_organization(&name, r, true, problems);
        }
    }
}

/// A row of an organization-style dictionary (also used for user entries of other kinds).
#[derive(Debug, Clone, Default)]
pub(crate) struct OrgRow {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub entity_type: Option<String>,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub parent: Option<String>,
}

impl OrgRow {
    fn from_map<'a>(get: impl Fn(&str) -> Option<&'a str>) -> OrgRow {
        OrgRow {
            id: get("id").unwrap_or("").trim().to_string(),
            name: get("name").unwrap_or("").trim().to_string(),
            kind: get("kind").map(str::to_string),
            entity_type: get("type").and_then(opt),
            country: get("country").and_then(opt),
            aliases: split_list(get("aliases").unwrap_or(""))
                .map(str::to_string)
                .collect(),
            parent: get("parent").and_then(opt),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonEntry {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default, rename = "type")]
    entity_type: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    parent: Option<String>,
}

impl JsonEntry {
    fn into_row(self) -> OrgRow {
        OrgRow {
            id: self.id,
            name: self.name,
            kind: self.kind,
            entity_type: self.entity_type,
            country: self.country,
            aliases: self.aliases,
            parent: self.parent,
        }
    }
}

/// An all-caps token of 2 to 10 letters (digits and `&` allowed after the first).
pub fn is_acronym(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=10).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'&')
}

/// A name's spellings without accents: German umlauts and ß written out (ä ae, ö oe, ü ue, ß ss,
/// capitals alike) then the other accents dropped, and every accent dropped; each that differs
/// from `text`, once.
pub(crate) fn unaccented(text: &str) -> Vec<String> {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let strip = |t: &str| -> String { t.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect() };
    let mut german = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            'ä' => german.push_str("ae"),
            'ö' => german.push_str("oe"),
            'ü' => german.push_str("ue"),
            'Ä' => german.push_str("Ae"),
            'Ö' => german.push_str("Oe"),
            'Ü' => german.push_str("Ue"),
            'ß' => german.push_str("ss"),
            c => german.push(c),
        }
    }
    let mut out = Vec::new();
    for v in [strip(&german), strip(text)] {
        if v != text && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}
