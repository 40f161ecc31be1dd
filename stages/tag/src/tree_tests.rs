//! Which top-level subject a story's themes count for (issue 20). Where a theme sits in the tree
//! decides it: a theme with an IPTC qcode sits under the top level IPTC puts the qcode (a visa
//! story is one of immigration policy, IPTC's politics > government policy, not of society). And
//! the words must name a theme: consumer devices are technology.

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

/// The cases `(text of ours, whether it names the theme)` whose themes `names` judges otherwise,
/// each as "case i: text [themes]".
fn mismatches(cases: &[(&str, bool)], names: impl Fn(&Tagger, &[String]) -> bool) -> Vec<String> {
    let t = tagger();
    cases
        .iter()
        .enumerate()
        .filter_map(|(i, &(text, want))| {
            let got = themes_of(t, text);
            (names(t, &got) != want).then(|| format!("case {i}: {text} {got:?}"))
        })
        .collect()
}

/// Whether `got` holds `id` or a theme below it.
fn under(t: &Tagger, got: &[String], id: &str) -> bool {
    got.iter()
        .any(|g| g == id || ancestors(t, g).iter().any(|a| a == id))
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

#[test]
fn gadgets_are_technology() {
    // (text of ours, whether it names the theme technology): consumer devices are the technology
    // desk's (issue 20: a story of flat screens, cameras and players named no theme at all); the
    // words that are not devices without their co-terms name nothing.
    let cases: &[(&str, bool)] = &[
        ("The show was full of gadgets for the home.", true),
        ("Sales of digital cameras doubled before Christmas.", true),
        ("Its new camera phone takes better pictures at night.", true),
        ("Portable music players now store thousands of songs.", true),
        ("Prices of flat-screen televisions fell by a third.", true),
        ("A flat screen TV hung on the wall.", true),
        (
            "Broadcasters will start high-definition broadcasts next year.",
            true,
        ),
        ("Shoppers queued for the new iPod.", true),
        ("The firm sold a million smartwatches in a month.", true),
        ("Wearable devices track how far people walk.", true),
        (
            "Players put on a virtual reality headset to join the game.",
            true,
        ),
        // Consoles, disc formats and digital television (session 17: a console launch was the
        // arts desk's, a format war between disc makers and a switch-off of analogue signals
        // named no device).
        ("Gamers queued overnight for the new games console.", true),
        ("The Blu-ray disc holds more data than HD-DVD.", true),
        (
            "Viewers will need a set-top box to watch digital television.",
            true,
        ),
        (
            "Analogue TV signals will be switched off region by region.",
            true,
        ),
        // Video games and their makers, and the recorders and high-definition pictures of
        // television (session 18: a games developers' conference and a story of hard-disk
        // recorders were the arts desk's or the economy's).
        ("Developers of video games warned of rising costs.", true),
        ("The games publisher delayed its biggest title.", true),
        (
            "More homes now record programmes on a personal video recorder.",
            true,
        ),
        ("TiVo lets viewers skip the adverts.", true),
        (
            "The channel will offer high definition pictures on a new box.",
            true,
        ),
        ("The HD channels need a new set-top box.", true),
        ("Sales of digital radios doubled last year.", true),
        (
            "Satellite radio offers a hundred channels for a monthly fee.",
            true,
        ),
        (
            "Retailers are testing radio frequency identification tags on goods.",
            true,
        ),
        (
            "Smart tags in the packets can be read by shoppers' phones.",
            true,
        ),
        ("The Commonwealth Games open in Melbourne in March.", false),
        ("A gifted music player joined the band last year.", false),
        ("The analogue clock on the wall had stopped.", false),
        ("Friends came to console the widow.", false),
        (
            "The painting has a flat screen of colour behind the figures.",
            false,
        ),
        ("The designer showed wearable art at the festival.", false),
        (
            "The film was shown in high-definition detail at the gallery.",
            false,
        ),
    ];
    let t = tagger();
    for (i, (text, want)) in cases.iter().enumerate() {
        let got = themes_of(t, text);
        assert_eq!(
            got.iter().any(|g| g == "technology"),
            *want,
            "case {i}: {text} {got:?}"
        );
    }
    assert!(ancestors(t, "technology").contains(&"science_technology".to_string()));
}

#[test]
fn the_computer_industry_is_technology() {
    // The computing and IT industry (IPTC files it under the economy's sectors) sits under
    // technology, as telecommunications and semiconductors do: a story of a tech company's
    // computers, phones or software is the technology desk's; its figures (profits, shares,
    // sales) still count for the economy.
    let cases: &[(&str, &str)] = &[
        (
            "Microsoft released fixes for its software.",
            "computing_it_industry",
        ),
        (
            "The tech giant will sell laptops in India.",
            "computing_it_industry",
        ),
        (
            "Sales of smartphones slowed in the spring.",
            "computing_it_industry",
        ),
        (
            "The Japanese electronics maker cut its forecast.",
            "computing_it_industry",
        ),
        ("Profits at the firm rose by a fifth.", "corporate_earnings"),
    ];
    let t = tagger();
    for (i, (text, theme)) in cases.iter().enumerate() {
        let got = themes_of(t, text);
        assert!(got.iter().any(|g| g == theme), "case {i}: {got:?}");
    }
    let up = ancestors(t, "computing_it_industry");
    assert!(up.contains(&"science_technology".to_string()), "{up:?}");
    assert!(
        !up.contains(&"economy_business_finance".to_string()),
        "{up:?}"
    );
    assert!(ancestors(t, "corporate_earnings").contains(&"economy_business_finance".to_string()));
}

#[test]
fn sports_of_every_discipline_are_sport() {
    // (text of ours, whether it names sport or a theme below it): the competition disciplines of
    // IPTC Media Topics (sport > competition discipline), the knock-out rounds, tennis scoring and
    // the named competitions a sports desk covers (issue 20: a tennis story that named neither
    // "tennis" nor a champion named no theme at all). Words that name something else without a
    // sport's co-terms name nothing.
    let cases: &[(&str, bool)] = &[
        ("He won in straight sets to reach the last eight.", true),
        ("She saved two match points in the tie-break.", true),
        ("The holders were knocked out in the quarter-finals.", true),
        ("They meet again in the semi-final on Sunday.", true),
        ("The club is fighting relegation after a poor run.", true),
        ("The world number one withdrew with a wrist injury.", true),
        ("He scored twice before half-time.", true),
        (
            "The champion retained her snooker title in Sheffield.",
            true,
        ),
        (
            "Judo and taekwondo joined the programme in the 1960s and 2000s.",
            true,
        ),
        (
            "She won gold in the heptathlon and silver in the long jump.",
            true,
        ),
        ("The gymnastics team finished fourth.", true),
        ("Britain lost the Davis Cup tie in Buenos Aires.", true),
        ("Europe retained the Ryder Cup.", true),
        ("The Commonwealth Games open in Glasgow next week.", true),
        // Horse racing (session 18: a Grand National story named no theme at all).
        (
            "He is joint favourite for the Grand National after his win.",
            true,
        ),
        ("Ridden by Ruby Walsh, he won by eight lengths.", true),
        ("The trainer said the horse would run at Cheltenham.", true),
        ("The race is run over two miles and four furlongs.", true),
        ("The fitness trainer took the class twice a week.", false),
        ("The Grand National Assembly passed the bill.", false),
        (
            "United were drawn against a Dutch side in the UEFA Cup.",
            true,
        ),
        ("Wales won the Six Nations with a grand slam.", true),
        ("The curling team won Olympic gold on the last stone.", true),
        ("He threw 90 metres in the javelin final.", true),
        ("Arsenal boss Arsene Wenger rued the missed chances.", true),
        (
            "Chelsea moved nine points clear at the top of the Premiership.",
            true,
        ),
        ("Liverpool drew 1-1 in a derby at Goodison Park.", true),
        // Cricket and rugby union words (session 17: a Test report and a Lions tour named no
        // theme, or tourism for "the tourists").
        ("The opening batsman hit an unbeaten century.", true),
        ("Their bowlers took three wickets before lunch.", true),
        ("The All Blacks won the first Test in Auckland.", true),
        ("The Lions tour of New Zealand starts in June.", true),
        ("The referee awarded a penalty at the scrum.", true),
        ("A bowler hat hung behind the door.", false),
        ("The lions at the zoo were fed at noon.", false),
        ("Reporters formed a scrum outside the court.", false),
        ("The army's arsenal of missiles is ageing.", false),
        (
            "Blair said his premiership would be judged on schools.",
            false,
        ),
        ("Six nations signed the accord on fishing quotas.", false),
        ("The army bought Javelin missiles for its infantry.", false),
        ("The smoke went curling over the rooftops.", false),
        ("Fencing around the site kept the protesters out.", false),
        ("Teenagers spend hours surfing the internet.", false),
        ("The bank sold preferred shares known as DARTS.", false),
    ];
    let failures = mismatches(cases, |t, got| under(t, got, "sport"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn film_music_and_television_words_are_arts() {
    // (text of ours, whether it names arts and entertainment): awards, charts and shows of the
    // arts desk that named no theme.
    let cases: &[(&str, bool)] = &[
        ("The drama won four prizes at the Baftas.", true),
        ("She performed at the Brit Awards in February.", true),
        ("The song came second in the Eurovision contest.", true),
        ("He played a doctor in the soap opera for ten years.", true),
        ("The winner of the reality show signed a deal.", true),
        ("The rapper cancelled the rest of his tour.", true),
        ("A comedian hosted the ceremony.", true),
        (
            "The single entered the singles chart at number three.",
            true,
        ),
        ("The pop star cancelled the rest of her tour.", true),
        ("At 17 he signed a recording contract.", true),
        // Television programmes: soaps, dramas, episodes and their viewers (session 18: a
        // soap's ratings named no theme but the football it competed with).
        (
            "The soap drew its lowest audience, 6.8 million viewers.",
            true,
        ),
        ("The costume drama returns to BBC One in the autumn.", true),
        (
            "The final episode of the series was watched by millions.",
            true,
        ),
        ("The chat show host signed a new deal with ITV.", true),
        ("The programme drew 9 million viewers on Saturday.", true),
        // The book trade (session 18: a boom in children's books named the economy and
        // schools only), and film that is a material, not a work.
        ("Sales of children's books rose by a fifth.", true),
        ("The bookseller opened ten new shops.", true),
        ("It will stop making film cameras next year.", false),
        ("The fruit was wrapped in cling film.", false),
        ("The bank struck a record deal for the insurer.", false),
        ("The agency cut the ratings of three banks.", false),
        ("The drama of the talks ended at dawn.", false),
        ("Soap and water kill the virus.", false),
        ("The price of soap rose again.", false),
        ("In reality the show of force changed nothing.", false),
    ];
    let failures = mismatches(cases, |t, got| under(t, got, "arts_entertainment"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rebel_mps_and_war_films_are_no_armed_conflict() {
    // (text of ours, whether it names armed conflict): members of a parliament who rebel against
    // their party, and war as the genre of a film, drama or novel, are no war; rebels in arms are.
    let cases: &[(&str, bool)] = &[
        ("Some Labour backbenchers have said they will rebel.", false),
        ("The whips met the rebel MPs on Tuesday.", false),
        ("Tory rebels forced a second vote on the bill.", false),
        ("The wartime drama took the best film award.", false),
        ("Her first war novel sold a million copies.", false),
        ("Rebels attacked an army base near the border.", true),
        ("The rebels freed three hostages on Sunday.", true),
        ("Fighting between rebel forces and the army spread.", true),
        ("The war ended in 1945 after six years of fighting.", true),
    ];
    let failures = mismatches(cases, |_, got| got.iter().any(|g| g == "armed_conflict"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn probes_planets_and_telescopes_are_space() {
    // (text of ours, whether it names space): a science desk's space stories; a probe into
    // corruption, a comet that is a shop and a rover that is a car are not.
    let cases: &[(&str, bool)] = &[
        ("A European space probe has landed on Titan.", true),
        ("The probe will reach Saturn in 2004.", true),
        ("The signal arrived at mission control in Germany.", true),
        ("Astronauts made a six-hour spacewalk.", true),
        ("The new telescope found two exoplanets.", true),
        ("The rover drove into a crater on Mars.", true),
        ("A government probe into the fire found no fault.", false),
        ("The Comet electrical chain raised its profits.", false),
        ("He bought a Land Rover last year.", false),
        // Satellite television, radio and phones are no space (session 18: a satellite
        // broadcaster's new service was a space story).
        (
            "The satellite broadcaster will launch a new service.",
            false,
        ),
        (
            "Homes need a satellite dish to receive the channels.",
            false,
        ),
        ("The rocket put a weather satellite into orbit.", true),
    ];
    let failures = mismatches(cases, |_, got| got.iter().any(|g| g == "space"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn peers_and_the_commons_are_parliament() {
    // (text of ours, whether it names government): the words of a bill's passage through
    // Westminster (session 17: a bill that peers voted down and that returns to the Commons named
    // less politics than its subject); a company's peers and common land are no parliament.
    let cases: &[(&str, bool)] = &[
        ("Peers voted against the plans by 30 votes.", true),
        ("The bill will return to the Commons next week.", true),
        ("The shares trade at a discount to their peers.", false),
        (
            "The bank beat its peers as house prices and government bonds rose.",
            false,
        ),
        ("Sheep grazed on the commons until 1900.", false),
    ];
    let failures = mismatches(cases, |_, got| got.iter().any(|g| g == "government"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_website_that_crashed_is_no_accident() {
    // (text of ours, whether it names accidents): "crashed" needs what crashes in an accident
    // (session 17: fans who crashed a ticket website made a music story one of accidents).
    let cases: &[(&str, bool)] = &[
        ("Fans crashed the promoter's website within minutes.", false),
        ("The share price crashed after the profit warning.", false),
        ("The car crashed into a tree near the village.", true),
        ("A helicopter crashed off the coast, killing two.", true),
    ];
    let failures = mismatches(cases, |_, got| got.iter().any(|g| g == "accidents"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn contest_juries_and_judges_are_no_court() {
    // (text of ours, whether it names the judiciary): a festival's jury and a prize's judges
    // need a court's words (session 17: a film festival and a book prize were stories of the
    // judiciary); a court's judge and jury keep theirs.
    let cases: &[(&str, bool)] = &[
        ("The festival jury is led by a German director.", false),
        ("The judges praised the winning novel.", false),
        ("The jury found him guilty of murder.", true),
        ("Judges ruled the law unconstitutional.", true),
        ("A judge ordered his release on bail.", true),
    ];
    let failures = mismatches(cases, |_, got| got.iter().any(|g| g == "judiciary"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn e_mail_as_a_subject_is_the_internet() {
    // (text of ours, whether it names the internet): e-mail itself as the story (session 18: a
    // survey of e-mail overload named labour only); a statement sent by e-mail is no subject.
    let cases: &[(&str, bool)] = &[
        ("Workers receive 52 e-mails a day, many of them spam.", true),
        ("Users will get a bigger email inbox for free.", true),
        ("The service lets users read e-mail on their phones.", true),
        (
            "The ministry said in an e-mail that talks would resume.",
            false,
        ),
        ("She declined to comment by email.", false),
    ];
    let failures = mismatches(cases, |_, got| got.iter().any(|g| g == "internet"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn employment_figures_are_economic_indicators() {
    // (text of ours, whether it names employment statistics, under the economy's indicators as
    // IPTC files them): jobless rates, payrolls and claimant counts are data releases (session
    // 19: a story of a jobless total falling to a record low was the labour desk's); the
    // unemployed themselves, jobless benefits and job losses stay unemployment, under labour.
    let cases: &[(&str, bool)] = &[
        (
            "The jobless total fell by 7,000 to 830,000 last month.",
            true,
        ),
        ("The unemployment rate rose to 5.2% in March.", true),
        ("Nonfarm payrolls grew by 200,000 in June.", true),
        (
            "The claimant count dropped for the ninth month in a row.",
            true,
        ),
        ("Official employment figures are due on Wednesday.", true),
        (
            "Many of the unemployed have been out of work for a year.",
            false,
        ),
        ("The plant closure means 900 job losses in the town.", false),
        ("Jobless benefits will be cut from April.", false),
    ];
    let failures = mismatches(cases, |t, got| {
        got.iter().any(|g| g == "employment_statistics") && under(t, got, "economy")
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The unemployed and job losses are still labour's.
    let labour: &[(&str, bool)] = &[
        (
            "Many of the unemployed have been out of work for a year.",
            true,
        ),
        (
            "The jobless total fell by 7,000 to 830,000 last month.",
            false,
        ),
    ];
    let failures = mismatches(labour, |_, got| got.iter().any(|g| g == "unemployment"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn crime_as_a_genre_is_no_crime() {
    // (text of ours, whether it names crime): a work's genre ("crime drama", "gangster film",
    // "murder mystery") is no crime story (session 19: a games chart story whose game was "the
    // latest in the crime series" was the crime desk's); crimes themselves stay.
    let cases: &[(&str, bool)] = &[
        ("The crime drama returns to ITV for a third series.", false),
        (
            "She is best known for her crime novels set in Edinburgh.",
            false,
        ),
        (
            "The game is the latest in the controversial crime series.",
            false,
        ),
        ("The gangster film took $20m in its first weekend.", false),
        (
            "The murder mystery opens in the West End next month.",
            false,
        ),
        ("Police said the murder happened late on Friday.", true),
        ("Recorded crime fell by 5% last year.", true),
    ];
    let failures = mismatches(cases, |_, got| got.iter().any(|g| g == "crime"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
