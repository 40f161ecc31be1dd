//! Table-driven tests of the segmenter. Every text here is our own writing.
use super::*;

/// (text, expected sentences).
const CASES: &[(&str, &[&str])] = &[
    // Plain stops.
    (
        "The mill opened. It closed.",
        &["The mill opened.", "It closed."],
    ),
    (
        "Did the mill open? Nobody knows.",
        &["Did the mill open?", "Nobody knows."],
    ),
    (
        "The mill opened! Crowds came.",
        &["The mill opened!", "Crowds came."],
    ),
    (
        "One sentence without a stop",
        &["One sentence without a stop"],
    ),
    (
        "  Leading and trailing space.  ",
        &["Leading and trailing space."],
    ),
    ("Wait!! Stop now.", &["Wait!!", "Stop now."]),
    ("Really?! Yes, really.", &["Really?!", "Yes, really."]),
    ("Why?? Because.", &["Why??", "Because."]),
    ("", &[]),
    ("   \n\n  ", &[]),
    (".", &["."]),
    (
        "Prices rose 4 pct. Volumes fell.",
        &["Prices rose 4 pct.", "Volumes fell."],
    ),
    // Abbreviations before a capital and mid-sentence.
    (
        "While U.S. AI vendors lead, rivals gain ground.",
        &["While U.S. AI vendors lead, rivals gain ground."],
    ),
    (
        "Sen. Ada Brook (D-Maine) voiced doubts on Monday.",
        &["Sen. Ada Brook (D-Maine) voiced doubts on Monday."],
    ),
    (
        "Acme Corp. said profits fell.",
        &["Acme Corp. said profits fell."],
    ),
    (
        "Acme Corp. Chief Executive Jo Lane resigned.",
        &["Acme Corp. Chief Executive Jo Lane resigned."],
    ),
    (
        "The vote is set for Jan. 20 in the capital.",
        &["The vote is set for Jan. 20 in the capital."],
    ),
    (
        "The band reached No. 1 last week.",
        &["The band reached No. 1 last week."],
    ),
    ("Dr. Lee will speak first.", &["Dr. Lee will speak first."]),
    (
        "Gov. Hale signed the bill.",
        &["Gov. Hale signed the bill."],
    ),
    (
        "Gen. Ortiz inspected the base.",
        &["Gen. Ortiz inspected the base."],
    ),
    (
        "Rep. Kim Ito asked a question.",
        &["Rep. Kim Ito asked a question."],
    ),
    (
        "They met at St. Mary's Hall.",
        &["They met at St. Mary's Hall."],
    ),
    (
        "Widget Inc. and Gadget Co. Ltd. merged today.",
        &["Widget Inc. and Gadget Co. Ltd. merged today."],
    ),
    (
        "She studied at the State Univ. of Nowhere.",
        &["She studied at the State Univ. of Nowhere."],
    ),
    (
        "The trip takes approx. three hours.",
        &["The trip takes approx. three hours."],
    ),
    (
        "It was Reds vs. Blues again.",
        &["It was Reds vs. Blues again."],
    ),
    (
        "Mr. and Mrs. Cole arrived late.",
        &["Mr. and Mrs. Cole arrived late."],
    ),
    (
        "Ms. Vega met Prof. Hart at noon.",
        &["Ms. Vega met Prof. Hart at noon."],
    ),
    (
        "The U.K. and the E.U. agreed.",
        &["The U.K. and the E.U. agreed."],
    ),
    (
        "Tools, e.g. hammers, were sold.",
        &["Tools, e.g. hammers, were sold."],
    ),
    (
        "Fruit, i.e. apples, was cheap.",
        &["Fruit, i.e. apples, was cheap."],
    ),
    (
        "Pens, paper, etc. were on the desk.",
        &["Pens, paper, etc. were on the desk."],
    ),
    (
        "He lived on Elm St. near the park.",
        &["He lived on Elm St. near the park."],
    ),
    (
        "Lt. Col. Ruiz led the unit.",
        &["Lt. Col. Ruiz led the unit."],
    ),
    (
        "The firm is based in Dayton, Ohio, and Tulsa, Okla. and grows.",
        &["The firm is based in Dayton, Ohio, and Tulsa, Okla. and grows."],
    ),
    (
        "Smith et al. found the effect.",
        &["Smith et al. found the effect."],
    ),
    (
        "He holds a Ph.D. in physics.",
        &["He holds a Ph.D. in physics."],
    ),
    // Abbreviations that do end a sentence.
    (
        "Rules differ in the U.S. During a hearing in March, officials spoke.",
        &[
            "Rules differ in the U.S.",
            "During a hearing in March, officials spoke.",
        ],
    ),
    (
        "Chips are made in the U.S. The plant is new.",
        &["Chips are made in the U.S.", "The plant is new."],
    ),
    (
        "Sales grew in the U.S. But costs rose.",
        &["Sales grew in the U.S.", "But costs rose."],
    ),
    (
        "Tariffs hit the U.S. It responded quickly.",
        &["Tariffs hit the U.S.", "It responded quickly."],
    ),
    (
        "Tariffs hit the U.S. In April, talks resumed.",
        &["Tariffs hit the U.S.", "In April, talks resumed."],
    ),
    (
        "I work for the U.S. Government in Ohio.",
        &["I work for the U.S. Government in Ohio."],
    ),
    (
        "I have lived in the U.S. for ten years.",
        &["I have lived in the U.S. for ten years."],
    ),
    (
        "The deal went to Lake & Co. It closed on Friday.",
        &["The deal went to Lake & Co.", "It closed on Friday."],
    ),
    (
        "The deal went to Lake & Co. at noon.",
        &["The deal went to Lake & Co. at noon."],
    ),
    (
        "We sold pens, pencils, etc. They sold paper.",
        &["We sold pens, pencils, etc.", "They sold paper."],
    ),
    (
        "Ask Tom and co. They will know.",
        &["Ask Tom and co.", "They will know."],
    ),
    (
        "The talks moved to the U.N. Meanwhile, prices climbed.",
        &["The talks moved to the U.N.", "Meanwhile, prices climbed."],
    ),
    (
        "She moved back to the U.S. \"It feels like home,\" she said.",
        &[
            "She moved back to the U.S.",
            "\"It feels like home,\" she said.",
        ],
    ),
    // Initials.
    (
        "J. R. R. Tolkien wrote it.",
        &["J. R. R. Tolkien wrote it."],
    ),
    ("George W. Bush spoke.", &["George W. Bush spoke."]),
    (
        "The author, Ann B. Cole, agreed.",
        &["The author, Ann B. Cole, agreed."],
    ),
    (
        "We make a fine pair, you and I. Did you see Carl I. Berg?",
        &[
            "We make a fine pair, you and I.",
            "Did you see Carl I. Berg?",
        ],
    ),
    (
        "The plan was called Plan B. The plan failed.",
        &["The plan was called Plan B.", "The plan failed."],
    ),
    (
        "E. B. White lived in Maine.",
        &["E. B. White lived in Maine."],
    ),
    // a.m. / p.m.
    (
        "The polls close at 5 p.m. Friday in most states.",
        &["The polls close at 5 p.m. Friday in most states."],
    ),
    (
        "The train left at 6 a.m. The station was empty.",
        &["The train left at 6 a.m.", "The station was empty."],
    ),
    (
        "At 7 a.m. Mr. Reed opened the shop.",
        &["At 7 a.m. Mr. Reed opened the shop."],
    ),
    (
        "He locked up at 9 P.M. Mr. Reed then went home.",
        &["He locked up at 9 P.M.", "Mr. Reed then went home."],
    ),
    (
        "The market opens at 9:30 a.m. and closes at 4 p.m. on weekdays.",
        &["The market opens at 9:30 a.m. and closes at 4 p.m. on weekdays."],
    ),
    (
        "Doors open at 8 p.m. EST on Sunday.",
        &["Doors open at 8 p.m. EST on Sunday."],
    ),
    // Numbers.
    (
        "The firm raised $6.5 million in a round.",
        &["The firm raised $6.5 million in a round."],
    ),
    (
        "Inflation was 3.5% in May.",
        &["Inflation was 3.5% in May."],
    ),
    ("Revenue hit 1.2bn euros.", &["Revenue hit 1.2bn euros."]),
    (
        "Version 2.4.1 fixes the bug.",
        &["Version 2.4.1 fixes the bug."],
    ),
    (
        "It ranked No. 3 in the poll.",
        &["It ranked No. 3 in the poll."],
    ),
    (
        "She has $40.50. It is in her bag.",
        &["She has $40.50.", "It is in her bag."],
    ),
    (
        "She has $40.50 in her bag.",
        &["She has $40.50 in her bag."],
    ),
    ("See p. 12 for details.", &["See p. 12 for details."]),
    ("Read pp. 4-9 tonight.", &["Read pp. 4-9 tonight."]),
    (
        "Shares rose 0.5 percent. Bonds fell.",
        &["Shares rose 0.5 percent.", "Bonds fell."],
    ),
    (
        "The score was 3-1. Fans cheered.",
        &["The score was 3-1.", "Fans cheered."],
    ),
    (
        "It happened in 1999. Nobody forgot.",
        &["It happened in 1999.", "Nobody forgot."],
    ),
    ("Vol. 2 is out.", &["Vol. 2 is out."]),
    (
        "The release is v1.2. It adds search.",
        &["The release is v1.2.", "It adds search."],
    ),
    (
        "Temperatures fell to -3.5 degrees.",
        &["Temperatures fell to -3.5 degrees."],
    ),
    (
        "Results are in Fig. 4 and Table 2.",
        &["Results are in Fig. 4 and Table 2."],
    ),
    // Ellipses.
    ("He paused... and went on.", &["He paused... and went on."]),
    (
        "He paused ... and went on.",
        &["He paused ... and went on."],
    ),
    ("He paused… and went on.", &["He paused… and went on."]),
    (
        "I never said that.... She left.",
        &["I never said that....", "She left."],
    ),
    (
        "The quote ends here . . . . Next one starts.",
        &["The quote ends here . . . .", "Next one starts."],
    ),
    (
        "He said it was fine . . . I doubt it.",
        &["He said it was fine . . . I doubt it."],
    ),
    (
        "The draft was long. . . . The editor cut it.",
        &["The draft was long.", ". . . The editor cut it."],
    ),
    (
        "The law [...] was never applied.",
        &["The law [...] was never applied."],
    ),
    (
        "He waited... Nothing happened.",
        &["He waited...", "Nothing happened."],
    ),
    // Quotes and brackets.
    (
        "She said, \"We won.\" Then she left.",
        &["She said, \"We won.\"", "Then she left."],
    ),
    (
        "She said, \"We won.\" she added.",
        &["She said, \"We won.\" she added."],
    ),
    (
        "He asked, 'Is it over?' she laughed.",
        &["He asked, 'Is it over?' she laughed."],
    ),
    (
        "\"Is it over?\" she asked.",
        &["\"Is it over?\" she asked."],
    ),
    (
        "\"Go home!\" the officer shouted.",
        &["\"Go home!\" the officer shouted."],
    ),
    (
        "“We are ready,” he said. “Are you?”",
        &["“We are ready,” he said.", "“Are you?”"],
    ),
    (
        "“We won.” The crowd roared.",
        &["“We won.”", "The crowd roared."],
    ),
    (
        "He left (he was tired.) and slept.",
        &["He left (he was tired.) and slept."],
    ),
    (
        "He left. (He was tired.) She stayed.",
        &["He left.", "(He was tired.)", "She stayed."],
    ),
    (
        "The figure was high (see below). It fell later.",
        &["The figure was high (see below).", "It fell later."],
    ),
    (
        "She works at Yahoo! in the sales team.",
        &["She works at Yahoo! in the sales team."],
    ),
    ("It's ‘done.’ We move on.", &["It's ‘done.’", "We move on."]),
    (
        "He said «ça va.» Then he left.",
        &["He said «ça va.»", "Then he left."],
    ),
    // Lists.
    ("1. Buy milk 2. Sell eggs", &["1. Buy milk", "2. Sell eggs"]),
    (
        "1. Buy milk. 2. Sell eggs.",
        &["1. Buy milk.", "2. Sell eggs."],
    ),
    ("1) Buy milk 2) Sell eggs", &["1) Buy milk", "2) Sell eggs"]),
    (
        "1.) Buy milk 2.) Sell eggs",
        &["1.) Buy milk", "2.) Sell eggs"],
    ),
    (
        "a. Buy milk b. Sell eggs c. Count coins",
        &["a. Buy milk", "b. Sell eggs", "c. Count coins"],
    ),
    ("• Buy milk • Sell eggs", &["• Buy milk", "• Sell eggs"]),
    (
        "• 4. Buy milk • 5. Sell eggs",
        &["• 4. Buy milk", "• 5. Sell eggs"],
    ),
    (
        "Steps:\n- mix the flour\n- add water\n- bake",
        &["Steps:", "- mix the flour", "- add water", "- bake"],
    ),
    (
        "Plan:\n1. Mix\n2. Bake\n3. Serve",
        &["Plan:", "1. Mix", "2. Bake", "3. Serve"],
    ),
    ("Items\n* pens\n* ink", &["Items", "* pens", "* ink"]),
    // URLs, e-mail, files, domains.
    (
        "Mail jo.lane@example.org. She replies fast.",
        &["Mail jo.lane@example.org.", "She replies fast."],
    ),
    (
        "See https://example.net/a/b.html. It has the data.",
        &["See https://example.net/a/b.html.", "It has the data."],
    ),
    (
        "See https://example.net/a/b.html for the data.",
        &["See https://example.net/a/b.html for the data."],
    ),
    (
        "The app DeepThink.ai grew fast.",
        &["The app DeepThink.ai grew fast."],
    ),
    (
        "Users flocked to ChatBot.com after launch.",
        &["Users flocked to ChatBot.com after launch."],
    ),
    (
        "Open report.pdf and notes.txt first.",
        &["Open report.pdf and notes.txt first."],
    ),
    (
        "Visit www.example.com. Then call us.",
        &["Visit www.example.com.", "Then call us."],
    ),
    (
        "Write to Ann.Lee@example.com today.",
        &["Write to Ann.Lee@example.com today."],
    ),
    // Missing spaces.
    (
        "It rained.Then it snowed.",
        &["It rained.", "Then it snowed."],
    ),
    (
        "We paid 2,000.That was steep.",
        &["We paid 2,000.", "That was steep."],
    ),
    // Headlines, headings, paragraphs.
    (
        "Storm hits coast\nThe storm hit the coast on Monday.",
        &["Storm hits coast", "The storm hit the coast on Monday."],
    ),
    (
        "First paragraph ends.\n\nSecond paragraph starts",
        &["First paragraph ends.", "Second paragraph starts"],
    ),
    (
        "A heading\n\nBody text follows. More body.",
        &["A heading", "Body text follows.", "More body."],
    ),
    (
        "Photo: a crowd at the port\nThe port reopened.",
        &["Photo: a crowd at the port", "The port reopened."],
    ),
    (
        "By Jane Roe\nStaff writer\nThe council met.",
        &["By Jane Roe", "Staff writer", "The council met."],
    ),
    (
        "milk\nbread\neggs, butter\n",
        &["milk", "bread", "eggs, butter"],
    ),
    (
        "This line breaks\nin the middle of a sentence.",
        &["This line breaks\nin the middle of a sentence."],
    ),
    (
        "It was a dark \nnight in town.",
        &["It was a dark \nnight in town."],
    ),
    ("Para one.\n   \nPara two.", &["Para one.", "Para two."]),
    ("Line one.\nLine two.", &["Line one.", "Line two."]),
    // Datelines and bylines.
    (
        "WASHINGTON (Reuters) - The Senate voted on Tuesday.",
        &["WASHINGTON (Reuters) -", "The Senate voted on Tuesday."],
    ),
    (
        "NEW YORK, March 3 - Stocks rose. Bonds fell.",
        &["NEW YORK, March 3 -", "Stocks rose.", "Bonds fell."],
    ),
    (
        "PARIS — The museum reopened.",
        &["PARIS —", "The museum reopened."],
    ),
    (
        "LONDON, Feb 9 (Wire) -- Oil slipped.",
        &["LONDON, Feb 9 (Wire) --", "Oil slipped."],
    ),
    (
        "AI - a short word - is not a dateline.",
        &["AI - a short word - is not a dateline."],
    ),
    // CRLF.
    ("One.\r\nTwo.\r\n", &["One.", "Two."]),
    (
        "Head line\r\n\r\nBody here. More here.\r\n",
        &["Head line", "Body here.", "More here."],
    ),
    ("Para one.\r\n\r\nPara two.", &["Para one.", "Para two."]),
    // Multi-byte text.
    (
        "Zürich won. München lost.",
        &["Zürich won.", "München lost."],
    ),
    (
        "Élodie arrived. Ödön left.",
        &["Élodie arrived.", "Ödön left."],
    ),
    ("東京は晴れ。大阪は雨。", &["東京は晴れ。", "大阪は雨。"]),
    ("Price: €5.50. Cheap!", &["Price: €5.50.", "Cheap!"]),
    ("He won.\u{a0}She lost.", &["He won.", "She lost."]),
    // Other punctuation.
    (
        "He came; he saw. He left.",
        &["He came; he saw.", "He left."],
    ),
    (
        "Note: the office is closed. Call later.",
        &["Note: the office is closed.", "Call later."],
    ),
    (
        "The U.S.-China race heats up.",
        &["The U.S.-China race heats up."],
    ),
    ("Is it U.S.? Yes.", &["Is it U.S.?", "Yes."]),
    (
        "He said no. The vote failed.",
        &["He said no.", "The vote failed."],
    ),
    ("That is Jon Jr.'s car.", &["That is Jon Jr.'s car."]),
    ("Mt. Hood is tall.", &["Mt. Hood is tall."]),
    (
        "They visited the U.S.A. last year.",
        &["They visited the U.S.A. last year."],
    ),
    (
        "I live in the E.U. How about you?",
        &["I live in the E.U.", "How about you?"],
    ),
    (
        "Stocks fell 2 pct. The dollar rose.",
        &["Stocks fell 2 pct.", "The dollar rose."],
    ),
    ("Call ext. 4411 now.", &["Call ext. 4411 now."]),
    (
        "The Rev. Ann Moss preached.",
        &["The Rev. Ann Moss preached."],
    ),
    (
        "Capt. Ng and Sgt. Diaz arrived.",
        &["Capt. Ng and Sgt. Diaz arrived."],
    ),
    (
        "Route 9 ends. Route 10 begins.",
        &["Route 9 ends.", "Route 10 begins."],
    ),
    (
        "She was born in Seattle, Wash. and raised in Boise.",
        &["She was born in Seattle, Wash. and raised in Boise."],
    ),
    // Citation marks, footnotes and emoticons stay with the sentence they follow.
    (
        "The bridge opened in 1932. [4] It was rebuilt later.",
        &["The bridge opened in 1932. [4]", "It was rebuilt later."],
    ),
    (
        "Costs rose sharply. [12, 13] Nobody objected.",
        &["Costs rose sharply. [12, 13]", "Nobody objected."],
    ),
    (
        "The plan was dropped. [...] Work resumed in May.",
        &["The plan was dropped. [...]", "Work resumed in May."],
    ),
    (
        "Most towns voted yes. 7 Even so, turnout was low.",
        &["Most towns voted yes. 7", "Even so, turnout was low."],
    ),
    (
        "We loved the soup. :) The bread was stale.",
        &["We loved the soup. :)", "The bread was stale."],
    ),
    (
        "Great service :) Will come back.",
        &["Great service :)", "Will come back."],
    ),
    (
        "Stocks fell. 12 banks failed.",
        &["Stocks fell.", "12 banks failed."],
    ),
    // Informal text: lower-case sentence starts.
    (
        "are you sure? why not wait.",
        &["are you sure?", "why not wait."],
    ),
    (
        "call me at 555-0199. we can talk.",
        &["call me at 555-0199.", "we can talk."],
    ),
    (
        "it was late. we went home.",
        &["it was late.", "we went home."],
    ),
    (
        "The price was OK. the view was not.",
        &["The price was OK.", "the view was not."],
    ),
    (
        "They visited voc.ed. classes in town.",
        &["They visited voc.ed. classes in town."],
    ),
    ("E.g. this one works.", &["E.g. this one works."]),
    (
        "ORAL ARGUMENT OF GEN. ANN ROE FOR THE STATE",
        &["ORAL ARGUMENT OF GEN. ANN ROE FOR THE STATE"],
    ),
    (
        "NATO - the alliance - met today.",
        &["NATO - the alliance - met today."],
    ),
    (
        "ROME (Wire) - \"We agree,\" the minister said.",
        &["ROME (Wire) -", "\"We agree,\" the minister said."],
    ),
    (
        "The ferry left at 6 P.M. Passengers who missed it waited.",
        &[
            "The ferry left at 6 P.M.",
            "Passengers who missed it waited.",
        ],
    ),
    (
        "Voting ends at 8 p.m. Eastern time on Tuesday.",
        &["Voting ends at 8 p.m. Eastern time on Tuesday."],
    ),
    (
        "The shop opens at 9 a.m. Monday through Friday.",
        &["The shop opens at 9 a.m. Monday through Friday."],
    ),
    (
        "The menu changed. 1. Soup of the day 2. Fresh bread 3. Cheese",
        &[
            "The menu changed.",
            "1. Soup of the day",
            "2. Fresh bread",
            "3. Cheese",
        ],
    ),
    (
        "a. soup first b. then bread c. cheese last",
        &["a. soup first", "b. then bread", "c. cheese last"],
    ),
    ("a) tea b) coffee", &["a) tea", "b) coffee"]),
    (
        "Tokyo is sunny．Osaka is rainy．",
        &["Tokyo is sunny．", "Osaka is rainy．"],
    ),
    (
        "The med. team arrived early.",
        &["The med. team arrived early."],
    ),
];

/// Texts that are hard-wrapped (about 60-70 columns): single newlines inside a paragraph join.
const WRAPPED: &[(&str, &[&str])] = &[
    (
        "    HARBORTOWN, May 4 - The port authority said on Monday that it\nwould widen the main channel by next spring, allowing larger\nships to dock without waiting for the tide to turn in the bay.\n    The project will cost about 40 mln dlrs, it said, and is\nexpected to create several hundred jobs in the region during\nthe two years of construction work on the outer harbor wall.\n",
        &[
            "HARBORTOWN, May 4 -",
            "The port authority said on Monday that it\nwould widen the main channel by next spring, allowing larger\nships to dock without waiting for the tide to turn in the bay.",
            "The project will cost about 40 mln dlrs, it said, and is\nexpected to create several hundred jobs in the region during\nthe two years of construction work on the outer harbor wall.",
        ],
    ),
    (
        "Harbor plans\nThe port authority said on Monday that it would widen the main\nchannel by next spring, allowing larger ships to dock without\nwaiting for the tide. Officials said the work starts in June and\nwould take about two years to finish, weather permitting.\n",
        &[
            "Harbor plans",
            "The port authority said on Monday that it would widen the main\nchannel by next spring, allowing larger ships to dock without\nwaiting for the tide.",
            "Officials said the work starts in June and\nwould take about two years to finish, weather permitting.",
        ],
    ),
    (
        "The council voted on a budget that raises spending on roads and\nschools while cutting the cost of running the town hall offices\nby a tenth. The mayor said the plan was fair to every district.\r\nKey points\r\n- roads get more money this year than last\r\n",
        &[
            "The council voted on a budget that raises spending on roads and\nschools while cutting the cost of running the town hall offices\nby a tenth.",
            "The mayor said the plan was fair to every district.",
            "Key points",
            "- roads get more money this year than last",
        ],
    ),
];

fn seg() -> Segmenter {
    Segmenter::new(&SplitConfig::default()).unwrap()
}

fn sentences<'a>(s: &Segmenter, text: &'a str) -> Vec<&'a str> {
    s.split(text)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect()
}

fn run(cases: &[(&str, &[&str])], s: &Segmenter) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got = sentences(s, text);
        if got != *expected {
            failures.push(format!(
                "{text:?}\n   expected {expected:?}\n   got      {got:?}"
            ));
        }
        check_spans(text, &s.split(text));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn table() {
    assert!(
        CASES.len() + WRAPPED.len() >= 150,
        "{} cases",
        CASES.len() + WRAPPED.len()
    );
    run(CASES, &seg());
}

#[test]
fn hard_wrapped_text() {
    run(WRAPPED, &seg());
}

#[test]
fn line_break_modes() {
    let text =
        "The port said it would widen the channel next spring so that\nlarger ships can dock.";
    let lines = Segmenter::new(&SplitConfig {
        line_breaks: LineBreaks::Lines,
        ..SplitConfig::default()
    })
    .unwrap();
    assert_eq!(sentences(&lines, text).len(), 2);
    let wrapped = Segmenter::new(&SplitConfig {
        line_breaks: LineBreaks::Wrapped,
        ..SplitConfig::default()
    })
    .unwrap();
    assert_eq!(sentences(&wrapped, text).len(), 1);
}

#[test]
fn config_extends_the_lists() {
    let text = "He joined Zork. Lab as a fellow. Gen. Tso cooked.";
    assert_eq!(
        sentences(&seg(), text),
        ["He joined Zork.", "Lab as a fellow.", "Gen. Tso cooked."]
    );
    let cfg = SplitConfig {
        abbreviations: vec!["Zork".into()],
        ..SplitConfig::default()
    };
    assert_eq!(
        sentences(&Segmenter::new(&cfg).unwrap(), text),
        ["He joined Zork. Lab as a fellow.", "Gen. Tso cooked."]
    );
    let cfg = SplitConfig {
        title_abbreviations: vec!["Insp".into()],
        number_abbreviations: vec!["Sch".into()],
        exceptions: vec!["Boom!".into()],
        sentence_starters: vec!["Sometimes".into()],
        ..SplitConfig::default()
    };
    let s = Segmenter::new(&cfg).unwrap();
    assert_eq!(sentences(&s, "Go to Sch. 5 now."), ["Go to Sch. 5 now."]);
    assert_eq!(
        sentences(&s, "They shouted Boom! Records followed."),
        ["They shouted Boom! Records followed."]
    );
    assert_eq!(
        sentences(&s, "We met in the U.S. Sometimes it rains."),
        ["We met in the U.S.", "Sometimes it rains."]
    );
}

#[test]
fn config_problems_are_reported_together() {
    let cfg = SplitConfig {
        abbreviations: vec!["Sen.".into(), "".into(), "two words".into()],
        sentence_starters: vec!["The1".into()],
        exceptions: vec!["Yahoo".into()],
        ..SplitConfig::default()
    };
    let errors = Segmenter::new(&cfg).unwrap_err();
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert!(errors[0].contains("without the final period"));
}

/// Checks the contract on spans: char boundaries, trimmed, ordered, non-overlapping, non-empty.
fn check_spans(text: &str, spans: &[(usize, usize)]) {
    let mut prev = 0;
    for &(s, e) in spans {
        assert!(s < e && e <= text.len(), "{text:?}: bad span {s}..{e}");
        assert!(
            s >= prev,
            "{text:?}: overlapping or unordered span {s}..{e}"
        );
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{text:?}: {s}..{e} not on char boundaries"
        );
        let t = &text[s..e];
        assert_eq!(t, t.trim(), "{text:?}: span {s}..{e} not trimmed");
        prev = e;
    }
}

/// A small deterministic generator (xorshift), so the property test needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

#[test]
fn any_text_gives_valid_spans() {
    const PIECES: &[&str] = &[
        "word",
        "Word",
        " ",
        "  ",
        ".",
        ". ",
        "!",
        "?",
        "...",
        "…",
        " . . . ",
        "\n",
        "\r\n",
        "\n\n",
        "\r\n\r\n",
        "\t",
        "\u{a0}",
        "\u{2009}",
        "\u{3000}",
        "U.S.",
        "Dr.",
        "No.",
        "1.",
        "2)",
        "a.",
        "• ",
        "- ",
        "\"",
        "“",
        "”",
        "'",
        "’",
        "(",
        ")",
        "[",
        "]",
        "«",
        "»",
        "é",
        "ß",
        "東京",
        "。",
        "！",
        "？",
        "😀",
        "Zürich",
        "3.5",
        "$",
        "%",
        "e-mail@x.org",
        "http://a.b/c",
        "WASHINGTON (Reuters) - ",
        "PARIS — ",
        "p.m.",
        "J.",
        "I",
        "The",
        "the",
        "\u{2028}",
        "\u{0085}",
        "x",
        "Ω",
        "ǅ",
        "\u{301}",
        ",",
        ";",
        ":",
    ];
    let s = seg();
    let modes = [LineBreaks::Auto, LineBreaks::Wrapped, LineBreaks::Lines];
    let segs: Vec<Segmenter> = modes
        .iter()
        .map(|&m| {
            Segmenter::new(&SplitConfig {
                line_breaks: m,
                ..SplitConfig::default()
            })
            .unwrap()
        })
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..20_000 {
        let n = (rng.next() % 40) as usize;
        let text: String = (0..n).map(|_| rng.pick(PIECES)).collect();
        let spans = s.split(&text);
        check_spans(&text, &spans);
        // Every non-whitespace character lies in some span.
        let covered: usize = spans
            .iter()
            .map(|&(a, b)| text[a..b].chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        assert_eq!(
            covered,
            text.chars().filter(|c| !c.is_whitespace()).count(),
            "{text:?}: text lost"
        );
        check_spans(&text, &segs[round % 3].split(&text));
    }
}

#[test]
fn long_inputs_stay_linear() {
    let s = seg();
    let start = std::time::Instant::now();
    for piece in [
        "a.",
        "x",
        "U.S. ",
        "1.) ",
        ". ",
        "…",
        "[",
        "Dr.",
        "a.b.c.Def",
        " . . . .",
    ] {
        let text = piece.repeat(200_000 / piece.len());
        let spans = s.split(&text);
        check_spans(&text, &spans);
    }
    let line = "word ".repeat(14) + "\n";
    let text = line.repeat(20_000);
    check_spans(&text, &s.split(&text));
    assert!(
        start.elapsed().as_secs() < 20,
        "too slow: {:?}",
        start.elapsed()
    );
}
