#!/usr/bin/env python3
"""Compile newsmill's country gazetteer (data/countries/*) from /work/shared.

Usage (from the repository root):
    python3 data/compile/countries.py [SHARED_DIR]

SHARED_DIR defaults to ../shared (relative to the repository root). Inputs:
    SHARED_DIR/gazetteer/iso-codes/iso_3166-{1,2,3}.json      (Debian iso-codes, LGPL-2.1+)
    SHARED_DIR/gazetteer/geonames_via_geotext/countryInfo.txt  (GeoNames, CC BY 4.0)
    SHARED_DIR/gazetteer/geonames_via_geotext/nationalities.txt
    SHARED_DIR/gazetteer/geonames_via_geotext/cities15000.txt
    SHARED_DIR/gazetteer/mledoze_countries/countries.json      (ODbL-1.0 -> aliases_mledoze.tsv only)
    data/compile/countries_curated.tsv                         (our own curated aliases)

Outputs (UTF-8, TSV, one header row, LF, sorted, deterministic):
    data/countries/countries.tsv        id alpha2 alpha3 fips name status
    data/countries/aliases.tsv          alias country form case alternatives source
    data/countries/aliases_mledoze.tsv  same columns, source = mledoze (ODbL)
    data/countries/cities.tsv           city country population alternatives
    data/countries/SOURCES.md

Standard library only. Ends with a self-check (see check_countries.py).
"""
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "data", "countries")
CURATED = os.path.join(HERE, "countries_curated.tsv")

FORMS = ("name", "abbreviation", "demonym", "capital", "subdivision", "city")
CASES = ("title", "exact", "any")

# ---------------------------------------------------------------- countries
# Common English short name a journalist uses, where ISO's name differs.
NAME_OVERRIDES = {
    "BO": "Bolivia", "BN": "Brunei", "BQ": "Caribbean Netherlands",
    "CC": "Cocos Islands", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "CI": "Ivory Coast", "CV": "Cape Verde",
    "FK": "Falkland Islands", "FM": "Micronesia", "GB": "United Kingdom",
    "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "MD": "Moldova", "MF": "Saint Martin", "PS": "Palestine", "RU": "Russia",
    "SH": "Saint Helena", "SX": "Sint Maarten", "SY": "Syria", "TL": "East Timor",
    "TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania", "US": "United States",
    "VA": "Vatican City", "VE": "Venezuela", "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands", "VN": "Vietnam", "CZ": "Czechia",
    "MK": "North Macedonia", "SZ": "Eswatini", "AX": "Aland Islands",
    "HM": "Heard Island and McDonald Islands", "UM": "U.S. Minor Outlying Islands",
    "GS": "South Georgia and the South Sandwich Islands",
}

# Former countries (ISO 3166-3) that get their own id. Pure renames (Zaire,
# Upper Volta, Dahomey, Burma, Rhodesia, New Hebrides, East Timor) are
# aliases of the current country instead, like West Germany -> DE.
FORMER = {
    "SUHH": "Soviet Union", "DDDE": "East Germany", "YUCS": "Yugoslavia",
    "CSHH": "Czechoslovakia", "CSXX": "Serbia and Montenegro",
    "ANHH": "Netherlands Antilles", "YDYE": "South Yemen", "VDVN": "North Vietnam",
    "NTHH": "Neutral Zone", "PZPA": "Panama Canal Zone",
}

# ------------------------------------------------------------- stop lists
# Generated (non-curated) aliases never emitted: common English words, first
# names/surnames, and ASCII foldings that collide with words.
ALIAS_STOP = {
    "Male", "Para", "Acre", "Saga", "Hidalgo", "Guerrero", "Tabasco", "Delta",
    "Rivers", "Plateau", "Cross River", "Distrito Federal", "México", "Niger",
    "Hamilton", "The Valley", "Plymouth", "Stanley", "Douglas", "Jamestown",
    "West Island", "Victoria", "Tripolis", "Singapur", "North West", "North-West",
    "Free State", "Federal District", "Capital", "Georgia", "Washington",
    "Marche", "Imo", "Edo", "Oyo", "Goa", "Mie", "Sofia",
}

# City names never emitted in cities.tsv (common words, first names,
# surnames, brands, or misleading). Judgement calls; the code also applies a
# population threshold.
CITY_STOP = {
    # common English words
    "Mobile", "Reading", "Nice", "Bath", "Derby", "Split", "Tours", "Angers",
    "Sale", "Salé", "Batman", "Surprise", "Orange", "Independence", "Concord",
    "Flint", "Hull", "Temple", "Normal", "Mustang", "Spring", "Sunrise",
    "Paradise", "Enterprise", "Mission", "Plantation", "Vista", "Corona",
    "Mesa", "Deltona", "Delta", "Colon", "Colón", "Bello", "Marina",
    "Libertad", "Progreso", "Independencia", "Providence", "Boulder",
    "Victoria", "Georgetown", "Male", "Van", "Of",
    # first names / surnames
    "Nancy", "Regina", "Darwin", "Logan", "Lincoln", "Jackson", "Madison",
    "Charlotte", "Eugene", "Aurora", "Tyler", "Allen", "Norman", "Warren",
    "Kent", "Gary", "Sandy", "Chandler", "Gilbert", "Henderson", "Davenport",
    "Cary", "Augusta", "Savannah", "Troy", "Clinton", "Irvine", "Lancaster",
    "Hampton", "Lafayette", "Leon", "Guadalupe", "Soledad", "Mercedes",
    "Pereira", "Montgomery", "Richmond", "Vaughan", "Markham", "Frederick",
    "Elizabeth", "Lawrence", "Bryan", "Sanford", "Wellington", "Arlington",
    "Columbia", "Windsor", "Surrey", "Burlington", "Fairfield", "Peoria",
    "Carmel", "Clifton", "Quincy", "Lynn", "Roswell", "Meridian", "Sparks",
    "Palmas", "Jose", "Trinidad", "Florida", "Carolina", "Springfield",
    "Norfolk", "Salem", "Dover", "Bedford", "Cambridge", "Santos",
    "Hamilton", "Moron", "Carrefour", "Franca", "Campos", "Nigel", "George",
    "Mary", "Metro", "Meads", "Springs", "Sutton", "Brandon", "Bimbo",
    "Orkney", "Bender", "Cerro", "Cabo", "Serra", "Gracia", "Retiro", "Dali",
    "Lira", "Sari", "Dudley", "Midland", "Everett", "Edison", "Irving",
    "Garland", "Fontana", "Oral", "Banda", "Toyota", "Hitachi", "Hino", "Fuji",
    "Chas", "Hagen", "Laval", "Mati", "Naga", "Kara", "Wola", "Weru", "Mandu",
    # company names more often than places in business news
    "Hanover", "Piedmont",
    # saint names shared by many towns in many countries
    "San Miguel", "Santa Rosa", "San Fernando", "San Pedro", "San Carlos",
    "Santa Maria", "San Pablo", "San Lorenzo", "San Felipe", "San Cristobal"
}
# Names we keep although they look ambiguous (the city dominates in news).
CITY_KEEP = {"Cambridge"}

# English names journalists use for GeoNames cities given in a local form.
CITY_EXONYMS = {
    "Köln": "Cologne", "Milano": "Milan", "Napoli": "Naples",
    "Antwerpen": "Antwerp", "Gent": "Ghent", "Brugge": "Bruges",
    "Genève": "Geneva", "Venezia": "Venice", "Göteborg": "Gothenburg",
    "Nürnberg": "Nuremberg",
    "Frankfurt am Main": "Frankfurt", "Sevilla": "Seville",
    "Kraków": "Cracow", "Al Başrah": "Basra", "Al Jīzah": "Giza",
    "Al Fallūjah": "Fallujah", "Ar Raqqah": "Raqqa", "Kiev": "Kyiv",
    "Torino": "Turin", "Firenze": "Florence", "Lisboa": "Lisbon",
    "Bucureşti": "Bucharest", "Moskva": "Moscow", "Wien": "Vienna",
    "Praha": "Prague", "Warszawa": "Warsaw", "København": "Copenhagen",
    "Den Haag": "The Hague", "Bruxelles": "Brussels", "Athína": "Athens",
    "Al Mawşil al Jadīdah": "Mosul", "Ḩalab": "Aleppo", "Ḩimş": "Homs",
    "Dimashq": "Damascus", "Al Ḩudaydah": "Hodeidah",
}

# Demonym plurals we never generate.
NO_PLURAL = {"Lao", "Malagasy", "Swiss", "Kyrgyz", "Turkmen", "Burkinabè",
             "Burkinabe", "Manx"}

# nationalities.txt errors fixed here (demonym -> correct ISO alpha-2, or
# None to drop a line that is not a demonym / is misleading).
NATIONALITY_FIX = {
    "english": "GB", "thai": "TH", "tuvaluan": "TV", "swiss": "CH",
    "mauritian": "MU", "breton": "FR", "dominican": "DO", "brasilian": None,
    "gibraltar": None, "hong kong": None, "guinea-bissau": None,
    "são tomé and príncipe": None, "réunionnai": None, "pole": None,
    "korean": "KR",
}

# ISO 3166-2: which countries/types we take, and English names by code.
SUBDIV_TYPES = {
    "US": {"State", "District"}, "CA": {"Province", "Territory"},
    "AU": {"State", "Territory"}, "IN": {"State", "Union territory"},
    "JP": {"Prefecture"}, "BR": {"State"}, "MX": {"State"},
    "ZA": {"Province"}, "NG": {"State"}, "MY": {"State"},
    "PK": {"Province", "Pakistan administered area"},
    "GB": {"Country", "Province"}, "DE": {"Land"},
    "CN": {"Province", "Autonomous region", "Municipality"},
    "ES": {"Autonomous community", "Autonomous city in north africa"},
    "IT": {"Region", "Autonomous region"},
    "FR": {"Metropolitan region", "Metropolitan collectivity with special status"},
}
SUBDIV_NAMES = {
    # Germany: English name first, then the German form.
    "DE-BW": ["Baden-Württemberg", "Baden-Wuerttemberg", "Baden-Wurttemberg"],
    "DE-BY": ["Bavaria", "Bayern"], "DE-HE": ["Hesse", "Hessen"],
    "DE-MV": ["Mecklenburg-Western Pomerania", "Mecklenburg-Vorpommern"],
    "DE-NI": ["Lower Saxony", "Niedersachsen"],
    "DE-NW": ["North Rhine-Westphalia", "Nordrhein-Westfalen"],
    "DE-RP": ["Rhineland-Palatinate", "Rheinland-Pfalz"],
    "DE-SN": ["Saxony", "Sachsen"], "DE-ST": ["Saxony-Anhalt", "Sachsen-Anhalt"],
    "DE-TH": ["Thuringia", "Thüringen"], "DE-BE": [],
    # China
    "CN-XZ": ["Tibet", "Xizang"], "CN-NM": ["Inner Mongolia"],
    "CN-BJ": [], "CN-TW": [], "CN-HK": [], "CN-MO": [],
    # Spain
    "ES-AN": ["Andalusia", "Andalucía", "Andalucia"], "ES-AR": ["Aragon", "Aragón"],
    "ES-AS": ["Asturias"], "ES-CL": ["Castile and Leon", "Castilla y León", "Castile and León"],
    "ES-CM": ["Castile-La Mancha", "Castilla-La Mancha"],
    "ES-CN": ["Canary Islands", "Canaries", "Canarias"],
    "ES-CT": ["Catalonia", "Catalunya", "Cataluña"], "ES-GA": ["Galicia"],
    "ES-IB": ["Balearic Islands", "Balearics"], "ES-MC": ["Murcia"],
    "ES-MD": [], "ES-NC": ["Navarre", "Navarra"], "ES-PV": ["Basque Country"],
    "ES-RI": ["La Rioja"], "ES-VC": ["Valencia", "Valencian Community"],
    # Italy
    "IT-21": ["Piemonte"], "IT-23": ["Aosta Valley", "Valle d'Aosta"],
    "IT-25": ["Lombardy", "Lombardia"], "IT-32": ["Trentino-Alto Adige", "Trentino"],
    "IT-36": ["Friuli-Venezia Giulia", "Friuli Venezia Giulia"],
    "IT-52": ["Tuscany", "Toscana"], "IT-75": ["Apulia", "Puglia"],
    "IT-82": ["Sicily", "Sicilia"], "IT-88": ["Sardinia", "Sardegna"],
    # France
    "FR-ARA": ["Auvergne-Rhone-Alpes", "Auvergne-Rhône-Alpes"],
    "FR-BFC": ["Bourgogne-Franche-Comte", "Bourgogne-Franche-Comté", "Burgundy"],
    "FR-BRE": ["Brittany", "Bretagne"], "FR-CVL": ["Centre-Val de Loire"],
    "FR-20R": ["Corsica", "Corse"], "FR-GES": ["Grand Est", "Grand-Est"],
    "FR-HDF": ["Hauts-de-France"], "FR-IDF": ["Ile-de-France", "Île-de-France"],
    "FR-NAQ": ["Nouvelle-Aquitaine", "Aquitaine"], "FR-NOR": ["Normandy", "Normandie"],
    "FR-OCC": ["Occitanie", "Occitania"],
    "FR-PAC": ["Provence-Alpes-Cote d'Azur", "Provence-Alpes-Côte d'Azur"],
    "FR-PDL": ["Pays de la Loire", "Pays-de-la-Loire"],
    # Mexico
    "MX-COA": ["Coahuila"], "MX-MIC": ["Michoacan", "Michoacán"],
    "MX-VER": ["Veracruz"], "MX-CMX": ["Ciudad de México"],
    # India
    "IN-OR": ["Odisha", "Orissa"], "IN-DH": [],
    "IN-UT": ["Uttarakhand", "Uttaranchal"], "IN-PY": ["Puducherry", "Pondicherry"],
    # Others
    "ZA-KZN": ["KwaZulu-Natal", "Kwazulu-Natal"],
    "MY-04": ["Malacca", "Melaka"], "MY-07": ["Penang", "Pulau Pinang"],
    "PK-JK": ["Azad Kashmir", "Azad Jammu and Kashmir"], "PK-IS": [],
    "PK-PB": ["Punjab"], "GB-NIR": ["Northern Ireland"],
    "JP-39": ["Kochi"], "JP-13": [],
}

# 3-letter codes in mledoze altSpellings that are English words (lower-cased).
MLEDOZE_WORDS = {"the", "and", "can", "per", "are", "dom", "bel", "ita", "est",
                 "car", "man", "arm", "cub", "fin", "gab", "mac", "mar", "nor",
                 "pan", "ton", "tun", "ven", "vat", "bra", "chi", "col", "cyp",
                 "aus", "den", "ger", "ind", "irl", "isr", "jam", "ken", "lux",
                 "mal", "mon", "nic", "pak", "par", "por", "sen", "sin", "sol",
                 "spa", "sri", "swe", "tan", "uga", "uni", "yem", "zam", "rsa"}

# ------------------------------------------------------------------ helpers
FOLD_EXTRA = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss",
                            "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
                            "ʻ": "'", "’": "'", "‘": "'", "`": "'", "ʼ": "'"})


def fold(s):
    s = s.translate(FOLD_EXTRA)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def is_latin(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def auto_case(alias):
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        return "exact"
    if alias.endswith(".") and len(alias) <= 6:
        return "exact"
    return "title"


def plural(d):
    if d in NO_PLURAL or " " in d and d.split()[-1] in NO_PLURAL:
        return None
    if d.endswith(("ese", "ish", "ch", "ss", "sh", "x", "s", "ic", "y", "z")):
        return None
    if d.endswith(("chman", "shman")):
        return d[:-3] + "men"
    return d + "s"


def variants(alias):
    """Spelling variants of one alias: apostrophes, Saint/St., ASCII fold."""
    out = {alias}
    for a in list(out):
        if a.startswith("Saint "):
            out |= {"St. " + a[6:], "St " + a[6:]}
        elif a.startswith("St. "):
            out |= {"Saint " + a[4:], "St " + a[4:]}
    for a in list(out):
        if "'" in a:
            out.add(a.replace("'", "\u2019"))
        f = fold(a)
        if f != a:
            out.add(f)
    return out


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    head = rows[0]
    return [dict(zip(head, r + [""] * (len(head) - len(r)))) for r in rows[1:]]


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            for v in r:
                assert "\t" not in v and "\n" not in v, r
            f.write("\t".join(r) + "\n")


# -------------------------------------------------------------------- build
class Aliases:
    """One primary row per alias; conflicts become alternatives or are logged."""

    def __init__(self, ids):
        self.ids = ids
        self.rows = {}
        self.log = []

    def add(self, alias, country, form, source, case="", alts=(), merge=False,
            stop=True):
        alias = " ".join(alias.split())
        if not alias or country not in self.ids:
            return
        if stop and alias in ALIAS_STOP:
            return
        if sum(c.isalpha() for c in alias) < 2:
            return
        case = case or auto_case(alias)
        row = self.rows.get(alias)
        if row is None:
            self.rows[alias] = {"alias": alias, "country": country, "form": form,
                                "case": case, "alts": set(a for a in alts if a),
                                "source": source}
            return
        if row["country"] == country:
            return
        if merge:
            row["alts"].add(country)
        elif country not in row["alts"]:
            self.log.append("conflict: %r %s(%s) kept over %s(%s)" % (
                alias, row["country"], row["source"], country, source))


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared")
    gaz = os.path.join(shared, "gazetteer")
    iso = os.path.join(gaz, "iso-codes")
    geo = os.path.join(gaz, "geonames_via_geotext")
    os.makedirs(OUT, exist_ok=True)

    iso1 = json.load(open(os.path.join(iso, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    iso2 = json.load(open(os.path.join(iso, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]
    iso3 = json.load(open(os.path.join(iso, "iso_3166-3.json"), encoding="utf-8"))["3166-3"]

    # countryInfo.txt
    cinfo = {}
    with open(os.path.join(geo, "countryInfo.txt"), encoding="utf-8-sig") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            cinfo[p[0]] = {"fips": p[3], "name": p[4], "capital": p[5]}

    # ---- countries.tsv
    countries = []
    for e in iso1:
        a2 = e["alpha_2"]
        name = NAME_OVERRIDES.get(a2) or e.get("common_name") or e["name"]
        countries.append([a2, a2, e["alpha_3"], cinfo.get(a2, {}).get("fips", ""),
                          name, "current"])
    by4 = {e["alpha_4"]: e for e in iso3}
    for a4, name in FORMER.items():
        e = by4[a4]
        countries.append([a4, e["alpha_2"], e["alpha_3"], "", name, "former"])
    countries.sort()
    ids = {r[0] for r in countries}

    A = Aliases(ids)

    # ---- 1. curated (highest priority)
    curated = read_tsv(CURATED)
    for r in curated:
        alts = [x for x in r["alternatives"].split("|") if x]
        for v in sorted(variants(r["alias"])):
            A.add(v, r["country"], r["form"], "curated", r["case"], alts,
                  stop=(v != r["alias"]))

    # ---- 2. ISO 3166-1 names
    iso_facts = {}  # (alias, country) -> source, for provenance of curated rows

    def clean_iso(n):
        if "(" in n:
            n = n[:n.index("(")].strip()
        if n.lower().startswith("the "):
            n = n[4:]
        return n

    for e in iso1:
        a2 = e["alpha_2"]
        for key in ("name", "official_name", "common_name"):
            n = e.get(key)
            if not n or "," in n:
                continue
            n = clean_iso(n)
            for v in sorted(variants(n)):
                iso_facts.setdefault((v, a2), "iso3166-1")
                A.add(v, a2, "name", "iso3166-1")

    # ---- 3. ISO 3166-3 (only provenance for curated former names)
    for e in iso3:
        a4 = e["alpha_4"]
        if a4 not in ids:
            continue
        for part in e["name"].split(", "):
            iso_facts.setdefault((part, a4), "iso3166-3")

    # ---- 4. GeoNames capitals
    for a2, ci in sorted(cinfo.items()):
        cap = ci["capital"]
        if not cap or a2 not in ids or "," in cap:
            continue
        for v in sorted(variants(cap)):
            iso_facts.setdefault((v, a2), "geonames")
            A.add(v, a2, "capital", "geonames", merge=True)

    # ---- 5. GeoNames nationalities.txt (demonyms)
    with open(os.path.join(geo, "nationalities.txt"), encoding="utf-8-sig") as f:
        for line in f:
            if line.startswith("#") or ":" not in line:
                continue
            dem, code = [x.strip() for x in line.rsplit(":", 1)]
            key = dem.lower()
            if key in NATIONALITY_FIX:
                code = NATIONALITY_FIX[key]
                if code is None:
                    continue
            code = code.upper()
            dem = " ".join(w[:1].upper() + w[1:] for w in dem.split())
            forms = [dem]
            p = plural(dem)
            if p:
                forms.append(p)
            for d in forms:
                for v in sorted(variants(d)):
                    iso_facts.setdefault((v, code), "geonames")
                    A.add(v, code, "demonym", "geonames")

    # plurals of curated demonyms
    for r in curated:
        if r["form"] == "demonym":
            p = plural(r["alias"])
            if p:
                alts = [x for x in r["alternatives"].split("|") if x]
                A.add(p, r["country"], "demonym", "curated", r["case"], alts, stop=False)

    # ---- 6. ISO 3166-2 subdivisions
    for e in sorted(iso2, key=lambda x: x["code"]):
        code = e["code"]
        cc = code[:2]
        if cc not in SUBDIV_TYPES or e["type"] not in SUBDIV_TYPES[cc]:
            continue
        iso_name = e["name"]
        if "[" in iso_name:
            iso_name = iso_name[:iso_name.index("[")].strip()
        if cc == "CN":
            for suf in (" Sheng", " Shi", " Zizhiqu", " Zhuangzu", " Huizi", " Uygur", " SAR"):
                iso_name = iso_name.replace(suf, "")
        if code in SUBDIV_NAMES:
            names = SUBDIV_NAMES[code]
        elif "," in iso_name or "(" in iso_name:
            continue
        else:
            names = [iso_name]
        for n in names:
            if sum(c.isalpha() for c in n) < 4:
                continue
            src = "iso3166-2" if fold(n) in (fold(e["name"]), fold(iso_name)) else "curated"
            for v in sorted(variants(n)):
                if v in ALIAS_STOP:
                    continue
                iso_facts.setdefault((v, cc), src)
                A.add(v, cc, "subdivision", src, merge=True)

    # provenance: a curated row that states an ISO / GeoNames fact is credited to it
    for row in A.rows.values():
        if row["source"] == "curated":
            s = iso_facts.get((row["alias"], row["country"]))
            if s and s != "curated":
                row["source"] = s

    # ---- cities.tsv (GeoNames cities15000, population >= 100000)
    alias_set = set(A.rows)
    cities = {}  # name -> {country: pop}
    # A city's short form among its GeoNames alternate names, the first words of its name
    # ("Newcastle" of "Newcastle upon Tyne", "Frankfurt" of "Frankfurt am Main"): only ever an
    # alternative of a name the lists already hold, never a new name or another primary, so a
    # document that names the country can claim it (Newcastle, England, beside Leeds).
    shorts = {}  # short form -> {country: pop}
    with open(os.path.join(geo, "cities15000.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            try:
                pop = int(p[14])
            except (IndexError, ValueError):
                continue
            if pop < 100000 or p[8] not in ids:
                continue
            names = set(variants(p[1]))
            if p[1] in CITY_EXONYMS:
                names |= variants(CITY_EXONYMS[p[1]])
            for n in names:
                n = " ".join(n.split())
                if "'" in n and not is_latin(n):
                    continue
                cities.setdefault(n, {})
                cities[n][p[8]] = max(pop, cities[n].get(p[8], 0))
            for a in p[3].split(",") if len(p) > 3 else []:
                a = " ".join(a.split())
                if a and (p[1].startswith(a + " ") or p[1].startswith(a + "-")):
                    for n in variants(a):
                        shorts.setdefault(n, {})
                        shorts[n][p[8]] = max(pop, shorts[n].get(p[8], 0))
    city_rows = []
    for n, by in cities.items():
        ranked = sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))
        top, pop = ranked[0]
        others = sorted(c for c, _ in ranked[1:])
        short = sorted(shorts.get(n, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        if short:
            ranked = ranked + [(c, cp) for c, cp in short if c not in by]
            others = sorted(set(others) | {c for c, _ in short if c != top})
        if n in alias_set:
            # the name is already an alias: a capital / city alias learns the
            # other countries that have a city of that name
            # (only places, not country names or demonyms; a foreign city
            # counts if it has at least a quarter of the home city's people)
            row = A.rows[n]
            if row["form"] in ("capital", "city", "subdivision"):
                own = by.get(row["country"], 0)
                floor = 500000 if row["form"] == "subdivision" else 150000
                for c, cpop in ranked:
                    if c != row["country"] and cpop >= max(own / 4, floor):
                        row["alts"].add(c)
            continue
        if n in CITY_STOP and n not in CITY_KEEP:
            continue
        if sum(c.isalpha() for c in n) < 4 or any(ch.isdigit() for ch in n):
            continue
        if not n[:1].isupper():
            continue
        city_rows.append([n, top, str(pop), "|".join(others)])
    city_rows.sort()

    # ---- aliases.tsv
    alias_rows = []
    for a in sorted(A.rows):
        r = A.rows[a]
        alts = sorted(x for x in r["alts"] if x != r["country"])
        alias_rows.append([a, r["country"], r["form"], r["case"], "|".join(alts), r["source"]])

    # ---- aliases_mledoze.tsv (ODbL; kept separate)
    mled = json.load(open(os.path.join(gaz, "mledoze_countries", "countries.json"), encoding="utf-8"))
    mstop = {"RSA", "Lao", "Thai", "Mann", "Viti", "CAR", "ROC", "Island",
             "Prathet", "Zhonghua", "Portuguesa", "Mexicanos", "Dominique",
             "Gibraltars", "Vaticans", "Djiboutis", "Central African",
             "Central Africans"}
    M = Aliases(ids)
    for c in sorted(mled, key=lambda x: x["cca2"]):
        cc = c["cca2"]
        cands = [(c["name"]["common"], "name"), (c["name"]["official"], "name")]
        cands += [(s, "name") for s in c.get("altSpellings", [])]
        dem = c.get("demonyms", {}).get("eng", {})
        for g in ("m", "f"):
            d = dem.get(g)
            if d:
                cands.append((d, "demonym"))
                p = plural(d)
                if p:
                    cands.append((p, "demonym"))
        for s, form in cands:
            s = " ".join(s.split())
            if (not s or "," in s or "(" in s or " or " in s or not is_latin(s)
                    or s in mstop):
                continue
            letters = [ch for ch in s if ch.isalpha()]
            if len(letters) <= 2:
                continue  # 2-letter codes collide with words and abbreviations
            if len(letters) == 3 and (not s.isupper() or s.lower() in MLEDOZE_WORDS):
                continue  # 3-letter codes that are common words
            if s[:1].islower():
                continue
            for v in sorted(variants(s)):
                if v in alias_set or v in ALIAS_STOP:
                    continue
                if s in (c["altSpellings"] if form == "name" else []) and len(letters) == 3:
                    form_v = "abbreviation"
                else:
                    form_v = form
                M.add(v, cc, form_v, "mledoze", merge=True)
    mled_rows = []
    for a in sorted(M.rows):
        r = M.rows[a]
        alts = sorted(x for x in r["alts"] if x != r["country"])
        mled_rows.append([a, r["country"], r["form"], r["case"], "|".join(alts), r["source"]])
    # mledoze names must not shadow city rows either
    mset = set(M.rows)
    city_rows = [r for r in city_rows if r[0] not in mset]

    H = ["alias", "country", "form", "case", "alternatives", "source"]
    write_tsv(os.path.join(OUT, "countries.tsv"),
              ["id", "alpha2", "alpha3", "fips", "name", "status"], countries)
    write_tsv(os.path.join(OUT, "aliases.tsv"), H, alias_rows)
    write_tsv(os.path.join(OUT, "aliases_mledoze.tsv"), H, mled_rows)
    write_tsv(os.path.join(OUT, "cities.tsv"),
              ["city", "country", "population", "alternatives"], city_rows)
    with open(os.path.join(OUT, "SOURCES.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(SOURCES_MD)

    for l in A.log + M.log:
        print(l, file=sys.stderr)
    print("countries.tsv %d, aliases.tsv %d, aliases_mledoze.tsv %d, cities.tsv %d"
          % (len(countries), len(alias_rows), len(mled_rows), len(city_rows)))

    # ---- self-check
    sys.dont_write_bytecode = True
    sys.path.insert(0, HERE)
    import check_countries
    errors = check_countries.check(OUT)
    for e in errors:
        print("CHECK:", e, file=sys.stderr)
    if errors:
        sys.exit(1)


SOURCES_MD = """\
# Country gazetteer sources (data/countries/)

Compiled by `data/compile/countries.py` from the shared folder (`../shared`)
plus our curated list `data/compile/countries_curated.tsv`. Re-run:
`python3 data/compile/countries.py ../shared`. Only names, codes and aliases
(facts) are compiled; no corpus text is used.

## ISO 3166-1 / 3166-2 / 3166-3 via Debian iso-codes
- What: country codes (alpha-2, alpha-3) and names, subdivision names, former
  countries (alpha-4 codes for USSR, East Germany, Yugoslavia, ...).
- From: `shared/gazetteer/iso-codes/iso_3166-{1,2,3}.json`, Debian package
  iso-codes 4.15.0 (https://salsa.debian.org/iso-codes-team/iso-codes).
- License: LGPL-2.1-or-later; (c) 2001-2008 Alastair McKinstry, 2004-2016
  Christian Perrier, 2005-2023 Tobias Quathamer (see `debian_copyright.txt`).
- Used in: `countries.tsv` (ids, codes, names), `aliases.tsv` rows with source
  `iso3166-1`, `iso3166-2`, `iso3166-3`.

## GeoNames (via the geotext 0.4.0 package)
- What: `countryInfo.txt` (FIPS 10-4 codes, capitals), `nationalities.txt`
  (demonym -> country; a few wrong codes are corrected in the script),
  `cities15000.txt` (city names, country, population; snapshot 2018-06).
- From: `shared/gazetteer/geonames_via_geotext/`; https://www.geonames.org/
- License: CC BY 4.0 (attribution: GeoNames, geonames.org). nationalities.txt
  was extracted by the geotext authors from Wikipedia's lists of people by
  nationality.
- Used in: `countries.tsv` (fips), `aliases.tsv` rows with source `geonames`
  (capitals, demonyms), `cities.tsv` (all rows).

## mledoze/countries
- What: alternative spellings, official names and English demonyms.
- From: `shared/gazetteer/mledoze_countries/countries.json`,
  https://github.com/mledoze/countries @ 5e9f370050f83ad2ba4cb885f75d66114badf72c
- License: ODbL-1.0 (Open Database License); (c) Mohammed Le Doze and
  contributors. Share-alike: derived database kept separate.
- Used in: `aliases_mledoze.tsv` only (source `mledoze`): aliases found only in
  this source. That file is a derived database under ODbL-1.0.

## Curated (newsmill)
- What: journalist names and abbreviations (U.S., UK, PRC, DPRK, ...),
  demonyms and plurals, capitals' older spellings and seats of power (White
  House, Kremlin, Downing Street, Zhongnanhai, ...), regions, AP-style state
  and province abbreviations, English names of subdivisions, historic names
  (Zaire, Upper Volta, Peking, Bombay, ...), stop lists and name overrides.
- From: general knowledge, written by the newsmill team;
  `data/compile/countries_curated.tsv` and tables in `countries.py`.
- License: same as the newsmill project.
- Used in: `aliases.tsv` rows with source `curated`, `countries.tsv` names.
"""

if __name__ == "__main__":
    main()
