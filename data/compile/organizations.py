#!/usr/bin/env python3
"""Compile newsmill's generated organization lists from /work/shared/organizations.

Usage: python3 data/compile/organizations.py [SHARED_DIR]
  SHARED_DIR defaults to ../shared relative to the repository root.

Writes (deterministic, sorted by id):
  data/organizations/companies.tsv                     (S&P 500 datahub + pytickersymbols)
  data/organizations/intergovernmental.tsv             (CIA Factbook acronyms via dieghernan + Reuters org codes)
  data/organizations/intergovernmental_supraverden.tsv (supraverden, CC BY-SA 4.0: kept separate)
  data/organizations/reuters_orgs.tsv                  (reuters_code -> org_id, for evaluation)

Alias conflicts between our own files are resolved first (a form that is another entry's name
is removed; an alias shared by entries of one file is dropped from all of them; otherwise the
higher-priority file keeps it: intergovernmental > companies > supraverden).

Finally the curated list wins: if data/organizations/curated.tsv exists, every entry with the same
id, whose name (or name without legal suffix) is a curated name or alias, or one of whose aliases
is a curated name, is dropped (Reuters codes are then mapped to the curated id); every alias that
a curated entry uses (compared case-sensitively and in ALL-CAPS form, since the matcher also
matches ALL-CAPS forms) is removed from our entry. Everything dropped is printed.
Stdlib only.
"""
import csv
import json
import os
import re
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(REPO, "data", "organizations")
HEADER = ["id", "name", "type", "country", "aliases", "source"]
TYPES = {"company", "government_body", "legislature", "court", "central_bank", "intergovernmental",
         "political_party", "university", "research_institute", "ngo", "news_organization",
         "military", "sports", "other"}

# ---------------------------------------------------------------------------
# helpers

def slugify(name):
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    s = s.replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return "org:" + s


def norm_key(name):
    """Loose key for deduplication (not for matching)."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    s = s.replace("organisation", "organization").replace("co-operation", "cooperation")
    s = s.replace("labour", "labor").replace("&", " and ")
    s = re.sub(r"\bthe\b", " ", s)
    s = re.sub(r"[^a-z0-9]+", "", s)
    return s


# Common English words (upper-cased) that must not be used as acronym aliases:
# the matcher also matches ALL-CAPS forms, and headlines are often all caps.
COMMON_WORDS = set("""
ACE ACT AID AIM AIR ALL AND ANY APP ARE ARM ART ASK BAD BAN BAR BED BET BIG BOX BOY BUS BUY CAN CAP CAR
CAT COP CUT DAY DIG DOE DOG DRY DUE EAR EAT EGG END ERA EYE FAN FAR FAT FEE FEW FIT FIX FLY FOR FUN
GAP GAS GET GOD GUN HAS HAT HER HIM HIS HIT HOT HOW ICE ILL INK ION JOB JOY KEY KID LAB LAW LAY LED LEG
LET LID LIE LOG LOT LOW MAD MAN MAP MAY MEN MET MIX MOB NET NEW NOR NOT NOW NUT ODD OFF OIL OLD ONE OUR
OUT OWN PAN PAY PEN PER PET PIT POP POT PRO PUT RAN RAW RAY RED RID RUN SAD SAT SAW SAY SEA SEE SET
SHE SIT SIX SKY SON SPA SUN TAX TEA TEN THE TIE TIN TOP TOY TRY TWO USE VAN WAR WAS WAY WET WHY WIN
WON YES YET YOU ACID AREA BANK BEST BOLD CARE CASH CELL CODE DATA DEAL EAST EASY ELSE EPIC FACT FAST
FREE FUND GOLD GOOD HOPE IDEA INFO LIFE LINK MORE NEXT OPEN PACE PLAN RISE SAFE STAR TASK TEAM UNIT
WEST WISE SHARE SMART FOCUS IMPACT ACTION CLEAR INSTRUCT ELI ACER AGE AHA ATLAS NATURE ECHO
""".split())
ALLOWED_SHORT = {"EC", "EU", "UN", "G7", "G8"}  # two-letter acronyms explicitly wanted for news / Reuters

_ISO3 = set()
_ISO2 = set()


def acceptable_alias(a):
    """Generic filter for aliases (not names)."""
    if not a or a in ("None", "none", "[No code found.]"):
        return False
    if len(a) <= 2 and a not in ALLOWED_SHORT:
        return False
    letters = re.sub(r"[^A-Za-z]", "", a)
    if a.isupper() and letters:
        if a in COMMON_WORDS:
            return False
        if a in _ISO3 or (a in _ISO2 and a not in ALLOWED_SHORT):
            return False
    return True


def split_multi(v):
    out = []
    for part in (v or "").split(";"):
        part = part.strip()
        if part and part not in ("None", "[No code found.]"):
            out.append(part)
    return out


class Entry:
    def __init__(self, id_, name, type_, country, aliases, source):
        self.id = id_
        self.name = name
        self.type = type_
        self.country = country
        self.aliases = []
        self.source = source
        for a in aliases:
            self.add_alias(a)

    def add_alias(self, a, check=True):
        a = (a or "").strip()
        if not a or a == self.name or a in self.aliases:
            return
        if check and not acceptable_alias(a):
            return
        if "\t" in a or "|" in a:
            return
        self.aliases.append(a)

    def forms(self):
        return [self.name] + self.aliases

    def row(self):
        return [self.id, self.name, self.type, self.country, "|".join(sorted(self.aliases)), self.source]


# ---------------------------------------------------------------------------
# countries

US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
    "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
    "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico",
    "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "District of Columbia",
    "D.C.", "Washington, D.C.", "Puerto Rico"}
COUNTRY_EXTRA = {"United States": "US", "USA": "US", "U.S.": "US", "UK": "GB", "England": "GB",
                 "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "South Korea": "KR",
                 "Korea": "KR", "Russia": "RU", "Taiwan": "TW", "Czech Republic": "CZ",
                 "The Netherlands": "NL", "Holland": "NL", "Ireland": "IE", "Bermuda": "BM",
                 "Jersey": "JE", "Guernsey": "GG", "Isle of Man": "IM", "Cayman Islands": "KY",
                 "Switzerland": "CH", "Luxembourg": "LU", "Italy": "IT", "Israel": "IL",
                 "Canada": "CA", "Australia": "AU", "China": "CN", "Hong Kong": "HK",
                 "Singapore": "SG", "Mexico": "MX", "Brazil": "BR", "India": "IN", "Japan": "JP"}
INDEX_COUNTRY = {"DAX": "DE", "MDAX": "DE", "SDAX": "DE", "TecDAX": "DE", "FTSE 100": "GB",
                 "CAC 40": "FR", "CAC Mid 60": "FR", "IBEX 35": "ES", "AEX": "NL", "BEL 20": "BE",
                 "NIKKEI 225": "JP", "OMX Helsinki 25": "FI", "OMX Stockholm 30": "SE",
                 "Switzerland 20": "CH", "S&P 500": "US", "S&P 100": "US", "S&P 600": "US",
                 "NASDAQ 100": "US", "DOW JONES": "US"}
SYMBOL_SUFFIX_COUNTRY = {".L": "GB", ".DE": "DE", ".F": "DE", ".PA": "FR", ".MC": "ES", ".AS": "NL",
                         ".BR": "BE", ".T": "JP", ".HE": "FI", ".ST": "SE", ".SW": "CH"}
COUNTRY_NAMES = {}


def load_countries(shared):
    path = os.path.join(shared, "gazetteer", "iso-codes", "iso_3166-1.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for c in json.load(f)["3166-1"]:
                _ISO2.add(c["alpha_2"])
                _ISO3.add(c["alpha_3"])
                for k in ("name", "common_name", "official_name"):
                    if c.get(k):
                        COUNTRY_NAMES[c[k]] = c["alpha_2"]
    COUNTRY_NAMES.update(COUNTRY_EXTRA)


def country_of(location):
    location = (location or "").strip()
    if not location:
        return ""
    if location in COUNTRY_NAMES:
        return COUNTRY_NAMES[location]
    if location in US_STATES:
        return "US"
    last = location.split(",")[-1].strip()
    if last in US_STATES or location.endswith("D.C."):
        return "US"
    if last in COUNTRY_NAMES:
        return COUNTRY_NAMES[last]
    return ""


# ---------------------------------------------------------------------------
# companies

def read_list(path):
    """The entries of a word list of data/tag/ (one a line, `#` comments)."""
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]


# The legal forms: the one list the tagger reads too. "Company" ends many names without being a
# legal form (the tagger leaves it out: "a U.S. Company" is as often the noun), stripped here too.
LEGAL_SUFFIXES = read_list(os.path.join(REPO, "data", "tag", "legal_suffixes.txt")) + ["Company"]
_SUFFIX_RE = re.compile(r"(?:,?\s+(?:%s))+$" % "|".join(re.escape(s) for s in
                        sorted(LEGAL_SUFFIXES, key=len, reverse=True)))


def strip_legal(name):
    prev = None
    while prev != name:
        prev = name
        name = _SUFFIX_RE.sub("", name).strip().rstrip(",").strip()
        # "Klöckner & Co": the suffix is half of "& Co", which stays.
        if name.endswith("&"):
            return prev
    return name


# Short names that are ordinary words / places / person names in news, reviewed by hand:
# the bare form is not used as a name or alias; the company keeps an unambiguous long form
# (e.g. "Target Corporation") and its source gets ";ambiguous-short-name-dropped".
AMBIGUOUS_CHECKED = set("""
Target Gap Visa Ball Corning Progressive Principal Equity Fox Carnival Block Booking Southern Dover
Tapestry Rollins Workday Next Edison Hartford Travelers Mosaic Cooper Marathon Match Snap Unity
Compass Frontier Genesis Mercury Beacon Apogee Hawkins Columbia Cactus Buckle Enact Employers Insight
Stride Glacier Heartland Provident Park Saga Berry Crane Graham Kelly Patrick Sally Hub Smith Howard
Bath Games Wise Auto Legal Admiral Carrier Crown Regency Extra Public Essex Camden Federal Host Iron
Digital Simon Regions Citizens Northern Fifth State Capital Global General Universal United American
National First International Western Eastern Pacific Atlantic Central Continental Energy Power
Element Vital Phillips Murphy Constellation Dominion Republic Liberty Flex Arch Everest Brown Church
Best Ross Casey Lowe Charles Henry Jack Tyler Waters Williams Franklin Lincoln Jefferson Washington
Madison Monroe Hamilton Adams Grant Lee Young King Bell Sun Star Orange Bureau Casino Saint Delivery
Rational Colonial Merlin Keys Key Ace Atlas Alpha Omega Delta Gamma Sigma Vector Apex Summit Pinnacle
Peak Pioneer Patriot Harmony Victory Triumph Premier Prime Select Choice Trust Lotus
Dow Rogers Box Brady Dana Deluxe Diodes Disco Douglas Evolution Gates Griffon Harmonic Interface
Investor News Noble NOW Orion Pool Recruit SHIFT Toto Wiley Knowles Lindsay Tennant Stepan Moog Sto
Andersons Coherent Plexus Bancorp Mitsubishi Sumitomo Elisa Keio LY M3 Carter's Casey's Mosaic
Hexagon Investor Sabre Olympus Douglas Mandatum Deluxe Interface
Alamo Integer Indus Phoenix Norma Hilltop Hayward Bristow Verve Palomar Radian Meiji Ichor
""".split())
# Long names for ambiguous short names without a usable long form in the sources.
LONG_NAMES = {
    "Gates": "Gates Industrial", "Keio": "Keio Corporation", "Investor": "Investor AB",
    "Evolution": "Evolution AB", "Elisa": "Elisa Oyj", "Orion": "Orion Oyj", "Douglas": "Douglas AG",
    "Sto": "Sto SE", "Toto": "TOTO Ltd", "Disco": "Disco Corporation", "Recruit": "Recruit Holdings",
    "Mitsubishi": "Mitsubishi Corporation", "Sumitomo": "Sumitomo Corporation",
    "Wiley": "John Wiley & Sons", "News": "News Corp", "Dow": "Dow Inc", "Bancorp": "The Bancorp",
    "Andersons": "The Andersons", "LY": "LY Corporation", "M3": "M3 Inc", "Carter's": "Carter's Inc",
    "Casey's": "Casey's General Stores", "Mosaic": "Mosaic Company", "Hexagon": "Hexagon AB",
    "Olympus": "Olympus Corporation", "Mandatum": "Mandatum Oyj", "Sabre": "Sabre Corporation",
    "Hartford": "The Hartford", "Qt": "The Qt Company", "Next": "Next plc", "Orange": "Orange SA",
}
DEFAULT_SUFFIX = {"US": "Inc", "JP": "Corporation", "DE": "AG", "FI": "Oyj", "SE": "AB", "FR": "SA",
                  "GB": "plc", "CH": "AG", "NL": "NV", "BE": "SA", "ES": "SA"}

# Curated per-company overrides: short name -> (name, extra aliases)
COMPANY_OVERRIDES = {
    "Alphabet": ("Alphabet", []),
    "ExxonMobil": ("Exxon Mobil", ["ExxonMobil", "Exxon", "Exxon Mobil Corp"]),
    "JPMorgan Chase": ("JPMorgan Chase", ["JPMorgan", "JP Morgan", "J.P. Morgan", "JPMorgan Chase & Co"]),
    "Goldman Sachs": ("Goldman Sachs", ["Goldman Sachs Group", "Goldman"]),
    "Bank of America": ("Bank of America", ["BofA", "Bank of America Corp"]),
    "Berkshire Hathaway": ("Berkshire Hathaway", ["Berkshire"]),
    "Procter & Gamble": ("Procter & Gamble", ["P&G", "Procter and Gamble"]),
    "Johnson & Johnson": ("Johnson & Johnson", ["J&J", "Johnson and Johnson"]),
    "Walt Disney": ("Walt Disney", ["Disney", "Walt Disney Co", "The Walt Disney Company"]),
    "Lilly (Eli)": ("Eli Lilly", ["Eli Lilly and Company", "Eli Lilly & Co"]),
    "Hewlett Packard Enterprise": ("Hewlett Packard Enterprise", ["HPE"]),
    "HP": ("HP Inc", ["HP Inc.", "Hewlett-Packard"]),
    "Advanced Micro Devices": ("Advanced Micro Devices", ["AMD"]),
    "Meta Platforms": ("Meta Platforms", ["Meta", "Meta Platforms Inc"]),
    "Coca-Cola": ("Coca-Cola", ["The Coca-Cola Company", "Coca-Cola Co", "Coke"]),
    "Bristol Myers Squibb": ("Bristol Myers Squibb", ["Bristol-Myers Squibb", "BMS"]),
    "Citigroup": ("Citigroup", ["Citi"]),
    "Wells Fargo": ("Wells Fargo", ["Wells Fargo & Co"]),
    "Morgan Stanley": ("Morgan Stanley", []),
    "General Electric": ("General Electric", ["GE"]),
    "General Motors": ("General Motors", ["GM"]),
    "Ford Motor": ("Ford Motor", ["Ford", "Ford Motor Company", "Ford Motor Co"]),
    "Ford Motor Company": ("Ford Motor", ["Ford", "Ford Motor Company", "Ford Motor Co"]),
    "Chevron": ("Chevron", ["Chevron Corp"]),
    "ConocoPhillips": ("ConocoPhillips", []),
    "Archer Daniels Midland": ("Archer Daniels Midland", ["ADM", "Archer-Daniels-Midland"]),
    "United Parcel Service": ("United Parcel Service", ["UPS"]),
    "International Business Machines": ("IBM", ["International Business Machines"]),
    "IBM": ("IBM", ["International Business Machines"]),
    "Automatic Data Processing": ("Automatic Data Processing", ["ADP"]),
    "American International Group": ("American International Group", ["AIG"]),
    "Philip Morris International": ("Philip Morris International", ["Philip Morris"]),
    "Charles Schwab": ("Charles Schwab", ["Schwab", "Charles Schwab Corp"]),
    "Texas Instruments": ("Texas Instruments", []),
    "Thermo Fisher Scientific": ("Thermo Fisher Scientific", ["Thermo Fisher"]),
    "UnitedHealth Group": ("UnitedHealth Group", ["UnitedHealth"]),
    "Cisco": ("Cisco", ["Cisco Systems"]),
    "Oracle": ("Oracle Corporation", ["Oracle Corp"]),
    "Amazon": ("Amazon", ["Amazon.com"]),
    "Apple": ("Apple", ["Apple Inc"]),
    "Tesla": ("Tesla", ["Tesla Inc", "Tesla Motors"]),
    "Nvidia": ("Nvidia", ["NVIDIA", "Nvidia Corp"]),
    "Microsoft": ("Microsoft", ["Microsoft Corp"]),
    "Intel": ("Intel", ["Intel Corp"]),
    "Broadcom": ("Broadcom", []),
    "Qualcomm": ("Qualcomm", ["QUALCOMM"]),
    "Salesforce": ("Salesforce", ["Salesforce.com"]),
    "Boeing": ("Boeing", ["Boeing Co"]),
    "Lockheed Martin": ("Lockheed Martin", ["Lockheed"]),
    "Northrop Grumman": ("Northrop Grumman", ["Northrop"]),
    "RTX": ("RTX", ["Raytheon Technologies", "Raytheon"]),
    "Walmart": ("Walmart", ["Wal-Mart", "Wal-Mart Stores"]),
    "Costco": ("Costco", ["Costco Wholesale"]),
    "Home Depot": ("Home Depot", ["The Home Depot"]),
    "McDonald's": ("McDonald's", ["McDonald's Corp"]),
    "AT&T": ("AT&T", []),
    "Verizon": ("Verizon", ["Verizon Communications"]),
    "Comcast": ("Comcast", []),
    "Netflix": ("Netflix", []),
    "PayPal": ("PayPal", ["PayPal Holdings"]),
    "Uber": ("Uber", ["Uber Technologies"]),
    "Schlumberger": ("SLB", ["Schlumberger"]),
    "Freeport-McMoRan": ("Freeport-McMoRan", ["Freeport"]),
    "Warner Bros. Discovery": ("Warner Bros. Discovery", []),
    "Marsh McLennan": ("Marsh McLennan", ["Marsh & McLennan"]),
    "Mercedes-Benz Group": ("Mercedes-Benz Group", ["Daimler"]),
    "Volkswagen Group": ("Volkswagen", ["Volkswagen Group", "VW"]),
    "Volkswagen": ("Volkswagen", ["Volkswagen Group", "VW"]),
    "Deutsche Bank": ("Deutsche Bank", []),
    "Deutsche Telekom": ("Deutsche Telekom", []),
    "Deutsche Post": ("Deutsche Post", ["DHL Group", "Deutsche Post DHL"]),
    "Bayerische Motoren Werke": ("BMW", ["Bayerische Motoren Werke"]),
    "BMW": ("BMW", ["Bayerische Motoren Werke"]),
    "SAP": ("SAP", []),
    "Siemens": ("Siemens", []),
    "Allianz": ("Allianz", []),
    "Munich Re": ("Munich Re", ["Muenchener Rueck"]),
    "LVMH": ("LVMH", ["LVMH Moët Hennessy Louis Vuitton", "Louis Vuitton Moet Hennessy"]),
    "TotalEnergies": ("TotalEnergies", ["Total"]),
    "Shell": ("Shell plc", ["Shell", "Royal Dutch Shell"]),
    "BP": ("BP", ["British Petroleum"]),
    "HSBC": ("HSBC", ["HSBC Holdings"]),
    "GSK": ("GSK", ["GlaxoSmithKline"]),
    "Unilever": ("Unilever", []),
    "AstraZeneca": ("AstraZeneca", []),
    "Rio Tinto": ("Rio Tinto", []),
    "Glencore": ("Glencore", []),
    "Anglo American": ("Anglo American", []),
    "Barclays": ("Barclays", []),
    "Lloyds Banking Group": ("Lloyds Banking Group", ["Lloyds"]),
    "NatWest Group": ("NatWest Group", ["NatWest"]),
    "Vodafone": ("Vodafone", ["Vodafone Group"]),
    "Nestlé": ("Nestlé", ["Nestle"]),
    "Roche": ("Roche", ["Roche Holding"]),
    "Novartis": ("Novartis", []),
    "UBS": ("UBS", ["UBS Group"]),
    "ABB": ("ABB", []),
    "ASML": ("ASML", ["ASML Holding"]),
    "Airbus": ("Airbus", []),
    "Toyota": ("Toyota", ["Toyota Motor", "Toyota Motor Corporation"]),
    "Toyota Motor": ("Toyota", ["Toyota Motor", "Toyota Motor Corporation"]),
    "Sony": ("Sony", ["Sony Group"]),
    "Sony Group": ("Sony", ["Sony Group"]),
    "Honda": ("Honda", ["Honda Motor"]),
    "Honda Motor": ("Honda", ["Honda Motor"]),
    "Nissan": ("Nissan", ["Nissan Motor"]),
    "Nissan Motor": ("Nissan", ["Nissan Motor"]),
    "SoftBank Group": ("SoftBank Group", ["SoftBank"]),
    "Nintendo": ("Nintendo", []),
    "Panasonic": ("Panasonic", []),
    "Nokia": ("Nokia", []),
    "Ericsson": ("Ericsson", []),
    "Tokyo Electron": ("Tokyo Electron", []),
    "Advantest": ("Advantest", []),
}

# Wikidata ids (CC0) for large companies, only where known with certainty; keyed by final name.
COMPANY_QIDS = {
    "Apple": "Q312", "Microsoft": "Q2283", "Alphabet": "Q20800404", "Amazon": "Q3884",
    "Meta Platforms": "Q380", "Nvidia": "Q182477", "Tesla": "Q478214", "IBM": "Q37156", "Intel": "Q248",
    "Boeing": "Q66", "Walmart": "Q483551", "Netflix": "Q907311", "Oracle Corporation": "Q19900",
    "Cisco": "Q173395", "Advanced Micro Devices": "Q128896", "Qualcomm": "Q544847",
    "Coca-Cola": "Q3295867", "PepsiCo": "Q334800", "McDonald's": "Q38076", "Starbucks": "Q37158",
    "Walt Disney": "Q7414", "Ford Motor": "Q44294", "General Motors": "Q81965",
    "Exxon Mobil": "Q156238", "Chevron": "Q319642", "JPMorgan Chase": "Q192314",
    "Goldman Sachs": "Q193326", "Citigroup": "Q219508", "Bank of America": "Q487907",
    "Berkshire Hathaway": "Q217583", "Pfizer": "Q206921", "Johnson & Johnson": "Q333718",
    "Procter & Gamble": "Q212405", "Visa Inc": "Q328840", "AT&T": "Q35476", "Siemens": "Q81230",
    "BMW": "Q26678", "Volkswagen": "Q156578", "SAP": "Q552581", "Deutsche Bank": "Q66048",
    "BASF": "Q9401", "Bayer": "Q152051", "Allianz": "Q487292", "Nestlé": "Q160746",
    "Novartis": "Q507154", "Roche": "Q212646", "HSBC": "Q190464", "BP": "Q152057",
    "Shell plc": "Q154950", "Unilever": "Q157062", "AstraZeneca": "Q731938", "GSK": "Q212322",
    "Toyota": "Q53268", "Sony": "Q41187", "Honda": "Q9584", "Nissan": "Q20165", "Nintendo": "Q8093",
    "Panasonic": "Q53247", "SoftBank Group": "Q201653", "Nokia": "Q1418", "Ericsson": "Q52601",
    "TotalEnergies": "Q154037", "LVMH": "Q504998", "Airbus": "Q2311", "ASML": "Q297879",
    "Philips": "Q170416", "Heineken": "Q854383", "Adidas": "Q3895", "Nike": "Q483915",
    "H&M": "Q188326", "Salesforce": "Q941127", "Uber": "Q692400", "PayPal": "Q483959",
    "eBay": "Q58024", "HP Inc": "Q80978", "Caterpillar": "Q459965", "3M": "Q159433",
    "Mercedes-Benz Group": "Q27530", "Lufthansa": "Q9325", "Deutsche Telekom": "Q9396",
    "Renault": "Q6686", "Vodafone": "Q122141", "Barclays": "Q245343",
}


def clean_company_name(raw):
    """Return (short_name, [aliases]) for a raw company name from a listing."""
    aliases = []
    name = raw.strip()
    m = re.match(r"^(.*?)\s*\((.*?)\)\s*$", name)
    if m:
        base, par = m.group(1), m.group(2)
        if par == "The":
            name = base
            aliases.append("The " + base)
        elif par.startswith("Class") or par in ("Lotterie",) or re.search(
                r"company|retailer|firm|group|brand|bank|manufacturer|software|insurance|airline|"
                r"conglomerate|corporation|holding|business", par, re.I):
            name = base
        elif par == "Eli":
            name = "Lilly (Eli)"
        else:
            name = base
    name = re.sub(r"(?<=[a-zäöü])[ABC]$", "", name)
    name = re.sub(r"\s+(?:Class\s+)?[ABC]$", "", name)
    if name in COMPANY_OVERRIDES:
        return name, aliases
    if raw.strip() != name and not raw.strip().endswith(")"):
        aliases.append(raw.strip())
    short = strip_legal(name)
    if short != name:
        aliases.append(name)
    if short.startswith("The ") and len(short) > 8:
        aliases.append(short)
        short = short[4:]
    return short, aliases


def load_companies(shared):
    src = os.path.join(shared, "organizations")
    recs = []  # (raw_name, country, symbols, source)
    with open(os.path.join(src, "sp500_datahub", "constituents.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            recs.append((r["Security"], country_of(r["Headquarters Location"]) or "US",
                         [r["Symbol"]], "sp500"))
    with open(os.path.join(src, "pytickersymbols", "companies_flat.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            country = country_of(r["country"])
            sym = r["symbol"]
            if sym.endswith(".T"):
                country = "JP"  # Tokyo listings (Nikkei 225) are Japanese; the source mislabels many as UK
            if not country:
                for suf, cc in SYMBOL_SUFFIX_COUNTRY.items():
                    if sym.endswith(suf):
                        country = cc
            if not country:
                ccs = {INDEX_COUNTRY.get(i) for i in r["indices"].split(";")} - {None}
                if len(ccs) == 1:
                    country = ccs.pop()
            recs.append((r["name"], country, [sym], "pytickersymbols"))

    merged = {}   # key -> dict
    by_symbol = {}
    for raw, country, syms, source in recs:
        short, aliases = clean_company_name(raw)
        key = norm_key(COMPANY_OVERRIDES.get(short, (short, []))[0])
        sym = syms[0]
        us_sym = sym and "." not in sym
        if key not in merged and us_sym and ("US", sym) in by_symbol and country == "US":
            key = by_symbol[("US", sym)]
        e = merged.get(key)
        if e is None:
            e = merged[key] = {"short": short, "aliases": [], "country": country, "sources": set()}
        e["aliases"].extend(aliases)
        e["sources"].add(source)
        if not e["country"] and country:
            e["country"] = country
        if source == "sp500" and country:
            e["country"] = country
        if us_sym and e["country"] == "US":
            by_symbol[("US", sym)] = key

    entries = []
    for key, e in merged.items():
        short = e["short"]
        name, extra = COMPANY_OVERRIDES.get(short, (short, []))
        aliases = list(e["aliases"]) + list(extra)
        src = ";".join(s for s in ("sp500", "pytickersymbols") if s in e["sources"])
        if name in AMBIGUOUS_CHECKED or short in AMBIGUOUS_CHECKED or (len(name) <= 2 and name.isalpha()):
            long_forms = []
            for a in aliases:
                a = re.sub(r",\s+(?=(Inc|Corp|Ltd|LLC|N\.A\.|plc|S\.A\.|AG|SE)\b)", " ", a)
                if a not in (name, short) and a not in AMBIGUOUS_CHECKED and "The " + short != a \
                        and a not in long_forms:
                    long_forms.append(a)
            if short in LONG_NAMES:
                name = LONG_NAMES[short]
            elif name in LONG_NAMES:
                name = LONG_NAMES[name]
            elif long_forms:
                name = sorted(long_forms, key=lambda s: (s.startswith("The "), len(s), s))[0]
            else:
                name = short + " " + DEFAULT_SUFFIX.get(e["country"], "Inc")
            aliases = [a for a in long_forms if a != name]
            src += ";ambiguous-short-name-dropped"
        # derived alias: "X Group" -> "X" when X is distinctive enough (2+ words or an acronym)
        for suffix in (" Group", " Holdings", " Holding"):
            if name.endswith(suffix):
                base = name[: -len(suffix)]
                if (len(base.split()) >= 2 or (base.isupper() and len(base) >= 3) or len(base) >= 5) \
                        and base not in AMBIGUOUS_CHECKED and "ambiguous" not in src:
                    aliases.append(base)
        qid = COMPANY_QIDS.get(name)
        ent = Entry(qid or slugify(name), name, "company", e["country"], [], src)
        for a in aliases:
            if a in AMBIGUOUS_CHECKED or re.search(r"[a-z\u00e4\u00f6\u00fc][ABC]$", a):
                continue  # ambiguous bare word, or a share-class letter glued to the name
            ent.add_alias(a)
        entries.append(ent)
    return entries


# ---------------------------------------------------------------------------
# intergovernmental organizations

# Reuters-21578 ORGS codes -> (name, type, country, aliases, qid-or-None).
# Names and acronyms as 1987 wire stories (and today's news) write them.
REUTERS_ORGS = {
    "adb-africa": ("African Development Bank", "intergovernmental", "", ["AfDB", "African Development Bank Group", "AFDB"], None),
    "aid": ("Agency for International Development", "government_body", "US", ["USAID", "U.S. Agency for International Development", "United States Agency for International Development"], None),
    "adb-asia": ("Asian Development Bank", "intergovernmental", "", ["ADB"], None),
    "aibd": ("Association of International Bond Dealers", "other", "", ["AIBD"], None),
    "anrpc": ("Association of Natural Rubber Producing Countries", "intergovernmental", "", ["ANRPC"], None),
    "asean": ("Association of Southeast Asian Nations", "intergovernmental", "", ["ASEAN", "Asean", "Association of South East Asian Nations"], None),
    "atpc": ("Association of Tin Producing Countries", "intergovernmental", "", ["ATPC"], None),
    "bis": ("Bank for International Settlements", "intergovernmental", "", ["BIS"], None),
    "comecon": ("Council for Mutual Economic Assistance", "intergovernmental", "", ["Comecon", "COMECON", "CMEA", "CMEA"], None),
    "eca": ("Economic Commission for Africa", "intergovernmental", "", ["United Nations Economic Commission for Africa", "UN Economic Commission for Africa", "U.N. Economic Commission for Africa"], None),
    "ecafe": ("Economic Commission for Asia and the Far East", "intergovernmental", "", ["ECAFE"], None),
    "ece": ("Economic Commission for Europe", "intergovernmental", "", ["United Nations Economic Commission for Europe", "UN Economic Commission for Europe", "U.N. Economic Commission for Europe", "UNECE"], None),
    "ecla": ("Economic Commission for Latin America and the Caribbean", "intergovernmental", "", ["ECLAC", "ECLA", "Economic Commission for Latin America", "UN Economic Commission for Latin America", "U.N. Economic Commission for Latin America"], None),
    "ecwa": ("Economic and Social Commission for Western Asia", "intergovernmental", "", ["ESCWA", "ECWA", "Economic Commission for Western Asia", "Economic Commission for West Asia"], None),
    "escap": ("Economic and Social Commission for Asia and the Pacific", "intergovernmental", "", ["ESCAP", "United Nations Economic and Social Commission for Asia and the Pacific"], None),
    "euratom": ("European Atomic Energy Community", "intergovernmental", "", ["Euratom", "EURATOM"], None),
    "ecsc": ("European Coal and Steel Community", "intergovernmental", "", ["ECSC"], None),
    "ec": ("European Community", "intergovernmental", "", ["EC", "European Communities", "Common Market", "EEC", "European Economic Community", "E.C."], None),
    "efta": ("European Free Trade Association", "intergovernmental", "", ["EFTA"], None),
    "eib": ("European Investment Bank", "intergovernmental", "", ["EIB"], None),
    "emcf": ("European Monetary Cooperation Fund", "intergovernmental", "", ["EMCF", "European Monetary Co-operation Fund", "FECOM"], None),
    "fao": ("Food and Agriculture Organization", "intergovernmental", "", ["FAO", "Food and Agriculture Organisation", "Food and Agriculture Organization of the United Nations", "UN Food and Agriculture Organization", "U.N. Food and Agriculture Organisation", "U.N. Food and Agriculture Organization"], None),
    "gatt": ("General Agreement on Tariffs and Trade", "intergovernmental", "", ["GATT"], None),
    "geplacea": ("Group of Latin American and Caribbean Sugar Exporting Countries", "intergovernmental", "", ["GEPLACEA", "Geplacea"], None),
    "gcc": ("Gulf Cooperation Council", "intergovernmental", "", ["GCC", "Gulf Co-operation Council", "Cooperation Council for the Arab States of the Gulf"], None),
    "cipec": ("Intergovernmental Council of Copper Exporting Countries", "intergovernmental", "", ["CIPEC", "Inter-Governmental Council of Copper Exporting Countries"], None),
    "imco": ("International Maritime Organization", "intergovernmental", "", ["IMO", "International Maritime Organisation", "IMCO", "Inter-Governmental Maritime Consultative Organisation", "Inter-Governmental Maritime Consultative Organization", "Intergovernmental Maritime Consultative Organization"], None),
    "iata": ("International Air Transport Association", "other", "", ["IATA"], None),
    "iaea": ("International Atomic Energy Agency", "intergovernmental", "", ["IAEA", "International Atomic Energy Authority"], None),
    "worldbank": ("World Bank", "intergovernmental", "", ["International Bank for Reconstruction and Development", "IBRD"], None),
    "icco": ("International Cocoa Organization", "intergovernmental", "", ["ICCO", "International Cocoa Organisation", "International Cocoa Agreement"], None),
    "ico-coffee": ("International Coffee Organization", "intergovernmental", "", ["ICO", "International Coffee Organisation", "International Coffee Agreement"], None),
    "ida": ("International Development Association", "intergovernmental", "", ["IDA"], None),
    "iea": ("International Energy Agency", "intergovernmental", "", ["IEA"], None),
    "iisi": ("International Iron and Steel Institute", "other", "", ["IISI", "World Steel Association", "worldsteel"], None),
    "ilo": ("International Labour Organization", "intergovernmental", "", ["ILO", "International Labour Organisation", "International Labor Organization", "International Labor Organisation"], None),
    "ilzsg": ("International Lead and Zinc Study Group", "intergovernmental", "", ["ILZSG"], None),
    "imf": ("International Monetary Fund", "intergovernmental", "", ["IMF"], None),
    "inro": ("International Natural Rubber Organization", "intergovernmental", "", ["INRO", "International Natural Rubber Organisation", "International Natural Rubber Agreement"], None),
    "irsg": ("International Rubber Study Group", "intergovernmental", "", ["IRSG"], None),
    "isa": ("International Sugar Organization", "intergovernmental", "", ["International Sugar Organisation", "International Sugar Agreement", "International Sugar Council"], None),
    "itc": ("International Tin Council", "intergovernmental", "", ["Tin Council", "International Tin Agreement"], None),
    "iwc-whale": ("International Whaling Commission", "intergovernmental", "", [], None),
    "iwc-wheat": ("International Wheat Council", "intergovernmental", "", ["International Grains Council", "International Wheat Agreement"], None),
    "iws": ("International Wool Secretariat", "other", "", ["IWS", "Woolmark Company"], None),
    "iwto": ("International Wool Textile Organisation", "other", "", ["IWTO", "International Wool Textile Organization"], None),
    "iwcc": ("International Wrought Copper Council", "other", "", ["IWCC"], None),
    "ico-islam": ("Organisation of Islamic Cooperation", "intergovernmental", "", ["OIC", "Organization of Islamic Cooperation", "Organisation of the Islamic Conference", "Organization of the Islamic Conference", "Islamic Conference Organisation", "Islamic Conference Organization"], None),
    "lafta": ("Latin American Free Trade Association", "intergovernmental", "", ["LAFTA"], None),
    "mfa": ("Multi-Fibre Arrangement", "other", "", ["Multifibre Arrangement", "Multi-Fiber Arrangement", "Multi-Fibre Agreement", "Multifibre Agreement", "Multi-Fiber Agreement"], None),
    "oecd": ("Organisation for Economic Co-operation and Development", "intergovernmental", "", ["OECD", "Organisation for Economic Cooperation and Development", "Organization for Economic Cooperation and Development", "Organization for Economic Co-operation and Development"], None),
    "oapec": ("Organization of Arab Petroleum Exporting Countries", "intergovernmental", "", ["OAPEC", "Organisation of Arab Petroleum Exporting Countries"], None),
    "opec": ("Organization of the Petroleum Exporting Countries", "intergovernmental", "", ["OPEC", "Opec", "Organisation of the Petroleum Exporting Countries", "Organization of Petroleum Exporting Countries", "Organisation of Petroleum Exporting Countries"], None),
    "un": ("United Nations", "intergovernmental", "", ["UN", "U.N."], None),
    "unctad": ("United Nations Conference on Trade and Development", "intergovernmental", "", ["UNCTAD", "Unctad", "UN Conference on Trade and Development", "U.N. Conference on Trade and Development"], None),
    "who": ("World Health Organization", "intergovernmental", "", ["WHO", "World Health Organisation", "U.N. World Health Organization", "UN World Health Organization"], None),
}

# Extra entities kept in intergovernmental.tsv (not Reuters codes, not in the factbook list).
EXTRA_ORGS = [
    ("European Union", "intergovernmental", "", ["EU", "E.U."], "Q458"),
    ("European Commission", "intergovernmental", "", ["EC Commission", "Commission of the European Communities", "European Community Commission"], None),
    ("World Trade Organization", "intergovernmental", "", ["WTO", "World Trade Organisation"], None),
]

# Factbook acronym table fixes: org_id -> (name, type, extra aliases); None = skip row.
FACTBOOK_FIX = {
    "AL": None,  # duplicate of LAS (RESTCountries row)
    "EEU": None,  # duplicate of EAEU
    "PA": None,  # duplicate of PACIFIC_ALLIANCE
    "CAIS": None,  # duplicate of SICA
    "USAN": None,  # duplicate of UNASUR
    "EuroArea": ("Euro Area", "other", ["eurozone", "Eurozone", "euro zone", "euro area"]),
    "C": ("Commonwealth of Nations", "intergovernmental", []),
    "CPLP": ("Community of Portuguese Language Countries", "intergovernmental", ["CPLP", "Comunidade dos Países de Língua Portuguesa"]),
    "LAS": ("Arab League", "intergovernmental", ["League of Arab States"]),
    "ICCT": ("International Criminal Court", "court", ["ICC"]),
    "ICC": ("International Chamber of Commerce", "ngo", []),
    "ICRM": ("International Red Cross and Red Crescent Movement", "ngo", ["Red Cross"]),
    "IFRCS": ("International Federation of Red Cross and Red Crescent Societies", "ngo", ["IFRC"]),
    "IOC": ("International Olympic Committee", "sports", ["IOC"]),
    "ITUC": ("International Trade Union Confederation", "ngo", ["ITUC"]),
    "WFTU": ("World Federation of Trade Unions", "ngo", ["WFTU"]),
    "GCTU": ("General Confederation of Trade Unions", "ngo", []),
    "ISO": ("International Organization for Standardization", "ngo", []),
    "NAFTA": ("North American Free Trade Agreement", "other", ["NAFTA"]),
    "SCHENGEN_CONVENTION": ("Schengen Agreement", "other", ["Schengen Convention", "Schengen Area"]),
    "SPARTECA": ("South Pacific Regional Trade and Economic Cooperation Agreement", "other", ["SPARTECA"]),
    "ANZUS": ("ANZUS", "intergovernmental", ["Australia-New Zealand-United States Security Treaty", "ANZUS Treaty"]),
    "EMU": ("Economic and Monetary Union", "other", ["Economic and Monetary Union of the European Union"]),
    "FZ": ("Franc Zone", "other", ["CFA franc zone"]),
    "EITI": ("Extractive Industries Transparency Initiative", "ngo", ["EITI", "Extractive Industry Transparency Initiative"]),
    "UN_SECURITY_COUNCIL": ("United Nations Security Council", "intergovernmental", ["UN Security Council", "U.N. Security Council", "UNSC", "Security Council"]),
    "ARCTIC_COUNCIL": ("Arctic Council", "intergovernmental", []),
    "PARIS_CLUB": ("Paris Club", "intergovernmental", []),
    "PACIFIC_ALLIANCE": ("Pacific Alliance", "intergovernmental", []),
    "PETROCARIBE": ("Petrocaribe", "intergovernmental", ["PetroCaribe"]),
    "UNION_LATINA": ("Latin Union", "intergovernmental", ["Union Latina"]),
    "BRICS": ("BRICS", "intergovernmental", []),
    "MERCOSUR": ("Mercosur", "intergovernmental", ["MERCOSUR", "Southern Common Market", "Southern Cone Common Market"]),
    "NAM": ("Non-Aligned Movement", "intergovernmental", ["Nonaligned Movement", "Non-Aligned Movement"]),
    "INOC": ("Indian Ocean Commission", "intergovernmental", []),
    "AG": ("Australia Group", "intergovernmental", []),
    "CD": ("Community of Democracies", "intergovernmental", []),
    "CP": ("Colombo Plan", "intergovernmental", []),
    "NC": ("Nordic Council", "intergovernmental", []),
    "ZC": ("Zangger Committee", "intergovernmental", []),
    "BA": ("Baltic Assembly", "intergovernmental", []),
    "CAN": ("Andean Community", "intergovernmental", []),
    "ENTENTE": ("Council of the Entente", "intergovernmental", []),
    "SICA": ("Central American Integration System", "intergovernmental", ["SICA"]),
    "OIF": ("Organisation internationale de la Francophonie", "intergovernmental", ["International Organization of the French-speaking World", "La Francophonie", "OIF", "International Organisation of La Francophonie"]),
    "UNWTO": ("World Tourism Organization", "intergovernmental", ["UNWTO", "UN Tourism", "United Nations Tourism", "United Nations World Tourism Organization"]),
    "UNHCR": ("United Nations High Commissioner for Refugees", "intergovernmental", ["UNHCR", "UN High Commissioner for Refugees", "UN refugee agency", "U.N. High Commissioner for Refugees"]),
    "AFDB": ("African Development Bank", "intergovernmental", []),
    "IBRD": ("World Bank", "intergovernmental", []),
    "ILO": ("International Labour Organization", "intergovernmental", []),
    "OPEC": ("Organization of the Petroleum Exporting Countries", "intergovernmental", []),
    "OAPEC": ("Organization of Arab Petroleum Exporting Countries", "intergovernmental", []),
    "OECD": ("Organisation for Economic Co-operation and Development", "intergovernmental", []),
    "ASEAN": ("Association of Southeast Asian Nations", "intergovernmental", []),
    "GCC": ("Gulf Cooperation Council", "intergovernmental", []),
    "FAO": ("Food and Agriculture Organization", "intergovernmental", []),
    "WHO": ("World Health Organization", "intergovernmental", []),
    "IAEA": ("International Atomic Energy Agency", "intergovernmental", []),
    "IMO": ("International Maritime Organization", "intergovernmental", []),
    "OSCE": ("Organization for Security and Co-operation in Europe", "intergovernmental", ["Organization for Security and Cooperation in Europe", "Organisation for Security and Co-operation in Europe"]),
    "CE": ("Council of Europe", "intergovernmental", []),
    "CSTO": ("Collective Security Treaty Organization", "intergovernmental", []),
    "NATO": ("North Atlantic Treaty Organization", "intergovernmental", ["North Atlantic Treaty Organisation", "NATO", "Nato"]),
    "GUAM": ("GUAM Organization for Democracy and Economic Development", "intergovernmental", ["GUAM"]),
    "INTERPOL": ("Interpol", "intergovernmental", ["INTERPOL", "International Criminal Police Organization", "International Criminal Police Organisation"]),
    "SPC": ("Pacific Community", "intergovernmental", ["Secretariat of the Pacific Community"]),
    "ITSO": ("International Telecommunications Satellite Organization", "intergovernmental", ["ITSO", "International Telecommunications Satellite Organisation", "International Telecommunication Satellite Organization"]),
    "CEMAC": ("Economic and Monetary Community of Central Africa", "intergovernmental", ["CEMAC", "Central African Economic and Monetary Community"]),
    "ESA": ("European Space Agency", "intergovernmental", ["ESA"]),
    "IADB": ("Inter-American Development Bank", "intergovernmental", ["IDB", "IADB"]),
    "IDB": ("Islamic Development Bank", "intergovernmental", ["IsDB"]),
    "CERN": ("CERN", "research_institute", ["European Organization for Nuclear Research"]),
    "ICAO": ("International Civil Aviation Organization", "intergovernmental", ["International Civil Aviation Organisation"]),
    "WTO": ("World Trade Organization", "intergovernmental", []),
    "EU": ("European Union", "intergovernmental", []),
    "UN": ("United Nations", "intergovernmental", []),
    "BENELUX": ("Benelux Union", "intergovernmental", ["Benelux"]),
    "APEC": ("Asia-Pacific Economic Cooperation", "intergovernmental", ["APEC", "Asia Pacific Economic Cooperation"]),
    "ARF": ("ASEAN Regional Forum", "intergovernmental", ["ARF"]),
    "EAS": ("East Asia Summit", "intergovernmental", []),
    "ECB": ("European Central Bank", "central_bank", ["ECB"]),
    "EBRD": ("European Bank for Reconstruction and Development", "intergovernmental", ["EBRD"]),
    "ECO": ("Economic Cooperation Organization", "intergovernmental", []),
    "D-8": ("Developing-8", "intergovernmental", ["D-8", "D-8 Organization for Economic Cooperation", "Developing Eight"]),
}
# factbook ids that are internal ids or ambiguous, not acronyms to match
NO_ACRONYM = {"ICCT", "INOC", "ECO", "EAS", "CAN", "ENTENTE", "LAS", "ICC", "EMU", "PARIS_CLUB",
              "ARCTIC_COUNCIL", "IDB", "CE"}
GROUP_WORDS = {"3": "Three", "5": "Five", "7": "Seven", "8": "Eight", "9": "Nine", "10": "Ten",
               "11": "Eleven", "15": "Fifteen", "20": "Twenty", "24": "Twenty-Four", "77": "77"}


def factbook_entries(shared):
    path = os.path.join(shared, "organizations", "intl_orgs_cia_factbook_dieghernan", "derived_org_acronyms.tsv")
    out = []  # (fid, name, type, aliases)
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            fid, name = r["org_id"].strip(), r["org_name"].strip()
            aliases = []
            typ = "intergovernmental"
            if fid in FACTBOOK_FIX:
                fix = FACTBOOK_FIX[fid]
                if fix is None:
                    continue
                if fix[0] != name and (" " in name or name.isupper()):
                    aliases.append(name)
                name, typ, extra = fix
                aliases.extend(extra)
                if re.fullmatch(r"[A-Z][A-Z0-9-]{2,}", fid) and fid not in NO_ACRONYM:
                    aliases.append(fid)
            elif re.fullmatch(r"G-\d+", fid):
                n = fid[2:]
                name = "Group of " + GROUP_WORDS.get(n, n) if n != "77" else "Group of 77"
                aliases.extend(["G" + n, "G-" + n, "Group of " + n])
            else:
                if re.fullmatch(r"[A-Z][A-Z0-9-]{2,}", fid):
                    aliases.append(fid)
            if name.startswith("United Nations "):
                aliases.append("UN " + name[len("United Nations "):])
                aliases.append("U.N. " + name[len("United Nations "):])
            out.append((fid, name, typ, aliases))
    return out


def org_type_from_name(name):
    n = name.lower()
    if "court" in n or "tribunal" in n:
        return "court"
    if "parliament" in n or "assembly" in n and "parliamentary" in n:
        return "legislature"
    if "central bank" in n:
        return "central_bank"
    if "university" in n:
        return "university"
    if any(w in n for w in ("research infrastructure", "laboratory", "observatory", "research center",
                            "research centre", "institute", "telescope", "research infrastructure")):
        return "research_institute"
    return "intergovernmental"


# Abbreviations in supraverden that are better known as something else in news.
SUPRA_BAD_ABBR = {"AMA", "MSG", "PBC", "MRC", "CLE", "CTU", "ISC", "IMC", "CIP", "NPI", "NDF", "TDB",
                  "ETI", "IIN", "5Cs", "ESA", "WB", "ILSZC", "ARC Agency", "CoR", "ECA", "EP", "ELA"}
SUPRA_TYPOS = {"Loss and Damahe Fund": "Loss and Damage Fund",
               "Secreriat of the Antarctic Treaty": "Secretariat of the Antarctic Treaty",
               "Commonwealth Secretariat Aribtral Tribunal": "Commonwealth Secretariat Arbitral Tribunal"}


def supraverden_entries(shared):
    path = os.path.join(shared, "organizations", "intl_orgs_supraverden", "derived_orgs_en.tsv")
    out = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            name = r["name_en"].strip()
            qid = r["wikidata"].strip()
            if not re.fullmatch(r"Q\d+", qid):
                qid = ""
            name = SUPRA_TYPOS.get(name, name)
            abbrs = [a for a in split_multi(r["abbreviation_en"]) if a not in SUPRA_BAD_ABBR]
            others = [SUPRA_TYPOS.get(o, o) for o in split_multi(r["other_names_en"])]
            if "\u2019" in name:
                others.append(name)
                name = name.replace("\u2019", "'")
            others += [o.replace("\u2019", "'") for o in others if "\u2019" in o]
            out.append({"name": name, "qid": qid, "abbrs": abbrs, "others": others})
    return out


# ---------------------------------------------------------------------------

def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def load_curated():
    """Return (ids, form -> curated id, set of curated names) or (None, None, None)."""
    path = os.path.join(OUT_DIR, "curated.tsv")
    if not os.path.exists(path):
        return None, None, None
    ids, form_to_id, names = set(), {}, set()
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines[1:]:
        cols = line.split("\t")
        if len(cols) < 5 or not cols[0]:
            continue
        ids.add(cols[0])
        names.add(cols[1])
        form_to_id.setdefault(cols[1], cols[0])
        for a in cols[4].split("|"):
            if a:
                form_to_id.setdefault(a, cols[0])
    return ids, form_to_id, names


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared")
    shared = os.path.abspath(shared)
    load_countries(shared)
    os.makedirs(OUT_DIR, exist_ok=True)

    # --- supraverden lookup (used for Wikidata ids of orgs kept in the public-domain file)
    supra = supraverden_entries(shared)
    supra_by_key = {}
    for s in supra:
        for form in [s["name"]] + s["others"]:
            supra_by_key.setdefault(norm_key(form), s)
    supra_by_abbr = {}
    for s in supra:
        for a in s["abbrs"]:
            supra_by_abbr.setdefault(a, []).append(s)

    def find_supra(name, aliases):
        for form in [name] + aliases:
            s = supra_by_key.get(norm_key(form))
            if s:
                return s
        for form in aliases:  # a unique acronym shared with exactly one supraverden row
            if form.isupper() and len(form) >= 4 and len(supra_by_abbr.get(form, [])) == 1:
                return supra_by_abbr[form][0]
        return None

    # --- file 3: intergovernmental.tsv (factbook + Reuters + extras)
    igo = {}      # norm key of name -> Entry
    used_supra = set()
    reuters_map = {}

    def add_igo(name, typ, country, aliases, qid, source):
        key = norm_key(name)
        e = igo.get(key)
        if e is None:
            s = find_supra(name, aliases)
            if s and s["qid"] and not qid:
                qid = s["qid"]
            if s:
                used_supra.add(id(s))
            e = igo[key] = Entry(qid or slugify(name), name, typ, country, [], source)
        else:
            if source not in e.source.split(";"):
                e.source += ";" + source
        for a in aliases:
            e.add_alias(a)
        return e

    # Wikidata ids known for Reuters orgs not (correctly) matched in supraverden
    REUTERS_QIDS = {"ilzsg": "Q12131043", "ecwa": "Q1355485", "worldbank": "Q7164", "un": "Q1065",
                    "imf": "Q7804", "opec": "Q7795", "oecd": "Q41550", "who": "Q7817"}
    for code, (name, typ, country, aliases, qid) in sorted(REUTERS_ORGS.items()):
        e = add_igo(name, typ, country, aliases, qid or REUTERS_QIDS.get(code), "reuters-orgs")
        reuters_map[code] = e
    for name, typ, country, aliases, qid in EXTRA_ORGS:
        add_igo(name, typ, country, aliases, qid, "newsmill")
    for fid, name, typ, aliases in factbook_entries(shared):
        # merge into an existing entry if the acronym or name already belongs to one
        target = None
        for e in igo.values():
            if name == e.name or name in e.aliases:
                target = e
                break
        if target is not None:
            if "factbook" not in target.source.split(";"):
                target.source += ";factbook"
            if name != target.name:
                target.add_alias(name)
            for a in aliases:
                target.add_alias(a)
            continue
        add_igo(name, typ, "", aliases, None, "factbook")

    # mark supraverden rows that correspond to an entry of file 3 (by Wikidata id or any form)
    igo_forms = set()
    igo_ids = set()
    for e in igo.values():
        igo_ids.add(e.id)
        for f_ in e.forms():
            igo_forms.add(norm_key(f_))
    # --- file 2: supraverden rows not already in file 3
    supra_entries = []
    seen_ids = set(igo_ids)
    for s in supra:
        if id(s) in used_supra or (s["qid"] and s["qid"] in igo_ids):
            continue
        if norm_key(s["name"]) in igo_forms:
            continue
        sid = s["qid"] or slugify(s["name"])
        if sid in seen_ids:
            sid = slugify(s["name"])
            if sid in seen_ids:
                continue
        seen_ids.add(sid)
        e = Entry(sid, s["name"], org_type_from_name(s["name"]), "", [], "supraverden")
        for a in s["abbrs"] + s["others"]:
            if a.startswith("The ") and a[4:] == s["name"]:
                continue
            if norm_key(a) in igo_forms:
                continue
            e.add_alias(a)
        supra_entries.append(e)

    companies = load_companies(shared)

    # --- resolve ids: unique across files
    all_sets = [("companies", companies), ("intergovernmental", list(igo.values())),
                ("intergovernmental_supraverden", supra_entries)]
    seen = set()
    for _, ents in all_sets:
        for e in ents:
            base = e.id
            n = 2
            while e.id in seen:
                e.id = "%s-%d" % (slugify(e.name), n) if base.startswith("Q") else "%s-%d" % (base, n)
                n += 1
            seen.add(e.id)

    # --- resolve alias conflicts: a form may belong to one id only.
    # Priority: intergovernmental (Reuters/factbook) > companies > supraverden; names beat aliases.
    owner = {}
    order = [("intergovernmental", list(igo.values())), ("companies", companies),
             ("intergovernmental_supraverden", supra_entries)]
    for _, ents in order:
        for e in ents:
            owner.setdefault(e.name, e.id)
    alias_users = {}
    for _, ents in order:
        for e in ents:
            for a in e.aliases:
                alias_users.setdefault(a, []).append(e)
    conflicts = []
    for a, users in sorted(alias_users.items()):
        ids = {u.id for u in users}
        if a in owner:
            for u in users:
                if u.id != owner[a]:
                    u.aliases.remove(a)
                    conflicts.append("alias %r removed from %s (it is the name of %s)" % (a, u.id, owner[a]))
        elif len(ids) > 1:
            # keep it for the first user in priority order if it comes from a higher-priority file
            # than all others; otherwise (same file) drop it everywhere as ambiguous.
            files = []
            for fname, ents in order:
                if any(u in ents for u in users):
                    files.append(fname)
            first = users[0]
            same_file_dupes = sum(1 for u in users if any(u in ents and first in ents for _, ents in order))
            if same_file_dupes > 1:
                for u in users:
                    u.aliases.remove(a)
                conflicts.append("ambiguous alias %r dropped from %s" % (a, ", ".join(sorted(ids))))
            else:
                for u in users[1:]:
                    u.aliases.remove(a)
                conflicts.append("alias %r kept for %s, removed from %s" % (
                    a, first.id, ", ".join(sorted(u.id for u in users[1:]))))

    # --- the curated list wins: drop entries it already has (same id, same name, or one of our
    # forms is a curated name), and remove our aliases that a curated entry uses.
    cur_ids, cur_form_to_id, cur_names = load_curated()
    dropped = []
    if cur_ids is not None:
        # the matcher also matches ALL-CAPS forms, so compare upper-cased forms too
        cur_upper = {}
        for f_, cid_ in cur_form_to_id.items():
            cur_upper.setdefault(f_.upper(), cid_)
        for label, ents in order:
            keep = []
            for e in ents:
                cid = None
                if e.id in cur_ids:
                    cid = e.id
                elif e.name in cur_form_to_id:
                    cid = cur_form_to_id[e.name]
                elif strip_legal(e.name) in cur_form_to_id:
                    cid = cur_form_to_id[strip_legal(e.name)]
                else:
                    for a in e.aliases:
                        if a in cur_names:
                            cid = cur_form_to_id[a]
                            break
                if cid is not None:
                    dropped.append("%s: dropped %s %r (curated.tsv has %s)" % (label, e.id, e.name, cid))
                    for code, re_ in list(reuters_map.items()):
                        if re_ is e:
                            reuters_map[code] = cid
                    continue
                for a in list(e.aliases):
                    if a in cur_form_to_id or a.upper() in cur_upper:
                        e.aliases.remove(a)
                        dropped.append("%s: alias %r removed from %s (curated.tsv uses it for %s)" % (
                            label, a, e.id, cur_form_to_id.get(a) or cur_upper[a.upper()]))
                keep.append(e)
            ents[:] = keep
    companies = order[1][1]
    supra_entries = order[2][1]
    igo_list = order[0][1]

    def rows(ents):
        return [e.row() for e in sorted(ents, key=lambda e: (e.id, e.name))]

    write_tsv(os.path.join(OUT_DIR, "companies.tsv"), HEADER, rows(companies))
    write_tsv(os.path.join(OUT_DIR, "intergovernmental.tsv"), HEADER, rows(igo_list))
    write_tsv(os.path.join(OUT_DIR, "intergovernmental_supraverden.tsv"), HEADER, rows(supra_entries))
    rmap = []
    for code in sorted(REUTERS_ORGS):
        e = reuters_map[code]
        rmap.append([code, e if isinstance(e, str) else e.id])
    write_tsv(os.path.join(OUT_DIR, "reuters_orgs.tsv"), ["reuters_code", "org_id"], rmap)

    print("companies.tsv: %d rows" % len(companies))
    print("intergovernmental.tsv: %d rows" % len(igo_list))
    print("intergovernmental_supraverden.tsv: %d rows" % len(supra_entries))
    print("reuters_orgs.tsv: %d rows" % len(rmap))
    print("alias conflicts resolved: %d" % len(conflicts))
    for c in conflicts:
        print("  " + c)
    print("dropped because of curated.tsv: %d" % len(dropped))
    for d in dropped:
        print("  " + d)


if __name__ == "__main__":
    main()
