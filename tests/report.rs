//! `newsmill report`: the page opened in headless Chromium (Debian's `chromium`). Skipped, with a
//! message, when chromium is not installed; `.ci/run` installs it.

mod common;

use std::process::Command;

use common::*;

fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(String::from)
}

const HEADLESS: [&str; 5] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--window-size=1000,2400",
];

#[test]
fn the_report_renders_in_headless_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(&[
        "run",
        samples().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    let page = tmp.path().join("page.html");
    let o = ok(&[
        "report",
        out.to_str().unwrap(),
        "--html",
        page.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("page.html"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<svg") && html.contains("United States"));
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: chromium is not installed (apt-get install chromium); the report was not opened in a browser");
        return;
    };
    let url = format!("file://{}", page.display());
    let dom = Command::new(&chromium)
        .args(HEADLESS)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    // What the browser built from the page: every section, its charts, the escaped names.
    for want in [
        "Top organizations",
        "Top countries",
        "Top themes",
        "Countries × themes",
        "Organizations over time",
        "Countries over time",
        "Rejects by reason",
    ] {
        assert!(dom.contains(want), "{want} not rendered");
    }
    assert!(dom.matches("<svg").count() >= 6, "charts");
    assert!(dom.matches("class=\"bar\"").count() >= 10, "bars");
    assert!(dom.matches("class=\"cell\"").count() >= 25, "heatmap cells");
    assert!(dom.contains("<polyline"), "timelines");
    let shot = tmp.path().join("report.png");
    let s = Command::new(&chromium)
        .args(HEADLESS)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let (w, h) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((w, h), (1000, 2400));
    // A blank page compresses to a few kilobytes; the charts do not.
    assert!(png.len() > 50_000, "screenshot of {} bytes", png.len());
}
