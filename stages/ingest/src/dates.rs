//! Publication dates: RFC 3339, RFC 2822, YYYY-MM-DD and user formats, all to UTC.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Date-times without a zone (taken as UTC), tried in order. Slashes after the year and dots
/// after the day are unambiguous (`2025/03/04`, `04.03.2025`: East Asian and European sites); a
/// slash between day and month (`04/03/2025`) is not and needs `ingest.date_formats`.
const BUILTIN_NAIVE: [&str; 12] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    // GDELT's `seendate` without its `Z`.
    "%Y%m%dT%H%M%S",
    "%Y%m%d%H%M%S",
];

/// Date-times with a zone written as an offset without a colon, or as `Z` after a compact form.
const BUILTIN_ZONED: [&str; 6] = [
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
];

/// Dates written out (`March 4, 2025`, `Mar 4, 2025`, `4 March 2025`, `4 Mar 2025`).
/// Also `2025/03/04` and `04.03.2025`.
const BUILTIN_DATES: [&str; 7] = [
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %B, %Y",
];

/// Epoch numbers: 9 or 10 digits are seconds (1973 to 2286), 12 or 13 are milliseconds; 8 digits
/// are `YYYYMMDD`. Other lengths are not dates.
fn epoch_or_compact(s: &str) -> Option<i64> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    match s.len() {
        8 => NaiveDate::parse_from_str(s, "%Y%m%d")
            .ok()?
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc().timestamp_micros()),
        9 | 10 => n.checked_mul(1_000_000),
        12 | 13 => n.checked_mul(1_000),
        _ => None,
    }
}

/// Parses a date to microseconds since the epoch, UTC. The formats of the config (strftime;
/// without a zone the time is UTC, without a time it is midnight UTC) are tried first, then, without
/// a config: RFC 3339 / ISO 8601 (with `T` or a space, with or without zone and fraction), RFC
/// 2822, `2025-03-04 10:00`, `2025/03/04`, `04.03.2025`, `March 4, 2025`, `4 March 2025`,
/// `20250304`, GDELT's
/// `20250304T101500Z`, and epoch seconds or milliseconds.
pub fn parse_date(s: &str, formats: &[String]) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let to_micros = |d: DateTime<Utc>| Some(d.timestamp_micros());
    for f in formats {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return to_micros(d.with_timezone(&Utc));
        }
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return to_micros(d.and_utc());
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return to_micros(d.and_hms_opt(0, 0, 0)?.and_utc());
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return to_micros(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return to_micros(d.with_timezone(&Utc));
    }
    if let Some(us) = epoch_or_compact(s) {
        return Some(us);
    }
    for f in BUILTIN_ZONED {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return to_micros(d.with_timezone(&Utc));
        }
    }
    // A `Z` at the end is UTC, as a zone-less time is.
    let naive = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    for f in BUILTIN_NAIVE {
        if let Ok(d) = NaiveDateTime::parse_from_str(naive, f) {
            return to_micros(d.and_utc());
        }
    }
    for f in BUILTIN_DATES {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return to_micros(d.and_hms_opt(0, 0, 0)?.and_utc());
        }
    }
    // Archives append junk to dates ("27-MAR-1987 00:02:59.13&#5;&#5;RM"): accept a user format
    // followed by anything that does not continue a number or a word.
    for f in formats {
        if let Ok((d, rest)) = NaiveDateTime::parse_and_remainder(s, f) {
            if !rest.starts_with(|c: char| c.is_alphanumeric() || c == '.' || c == ':') {
                return to_micros(d.and_utc());
            }
        }
    }
    None
}

/// Checks that a strftime format parses.
pub(crate) fn check_format(f: &str) -> Result<(), String> {
    if f.trim().is_empty() {
        return Err("empty format".into());
    }
    if StrftimeItems::new(f).any(|i| matches!(i, Item::Error)) {
        return Err("not a valid strftime format".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REUTERS: &str = "%d-%b-%Y %H:%M:%S%.f";

    #[test]
    fn table_of_dates() {
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            (
                "2025-02-03T14:05:00Z",
                &[],
                Some("2025-02-03T14:05:00+00:00"),
            ),
            (
                "2025-02-03T23:05:00+09:00",
                &[],
                Some("2025-02-03T14:05:00+00:00"),
            ),
            (
                "Mon, 03 Feb 2025 09:30:00 +0000",
                &[],
                Some("2025-02-03T09:30:00+00:00"),
            ),
            (
                "Mon, 03 Feb 2025 09:30:00 -0500",
                &[],
                Some("2025-02-03T14:30:00+00:00"),
            ),
            ("2025-02-04", &[], Some("2025-02-04T00:00:00+00:00")),
            ("  2025-02-04 ", &[], Some("2025-02-04T00:00:00+00:00")),
            (
                "2025-02-04 10:11:12",
                &[],
                Some("2025-02-04T10:11:12+00:00"),
            ),
            (
                "26-FEB-1987 15:01:01.79",
                &[REUTERS],
                Some("1987-02-26T15:01:01.790+00:00"),
            ),
            ("26-FEB-1987 15:01:01.79", &[], None),
            (
                "27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM",
                &[REUTERS],
                Some("1987-03-27T00:02:59.130+00:00"),
            ),
            (
                "26-FEB-1987 15:01:01.79 extra",
                &[REUTERS],
                Some("1987-02-26T15:01:01.790+00:00"),
            ),
            ("26-FEB-1987 15:01:01.79x", &[REUTERS], None),
            (
                "3 March 2025",
                &["%d %B %Y"],
                Some("2025-03-03T00:00:00+00:00"),
            ),
            // Without a config: every form news APIs and feeds use.
            (
                "Tue, 04 Mar 2025 10:00:00 GMT",
                &[],
                Some("2025-03-04T10:00:00+00:00"),
            ),
            ("2025-03-04 10:00", &[], Some("2025-03-04T10:00:00+00:00")),
            ("2025-03-04T10:00", &[], Some("2025-03-04T10:00:00+00:00")),
            (
                "2025-03-04T10:00:00",
                &[],
                Some("2025-03-04T10:00:00+00:00"),
            ),
            (
                "2025-03-04 10:00:00Z",
                &[],
                Some("2025-03-04T10:00:00+00:00"),
            ),
            (
                "2025-03-04T10:00:00.250Z",
                &[],
                Some("2025-03-04T10:00:00.250+00:00"),
            ),
            (
                "2025-03-04T12:00:00+0200",
                &[],
                Some("2025-03-04T10:00:00+00:00"),
            ),
            (
                "2025-03-04 12:00:00 +0200",
                &[],
                Some("2025-03-04T10:00:00+00:00"),
            ),
            (
                "2025-03-04T10:00:00.5-0100",
                &[],
                Some("2025-03-04T11:00:00.500+00:00"),
            ),
            ("March 4, 2025", &[], Some("2025-03-04T00:00:00+00:00")),
            ("Mar 4, 2025", &[], Some("2025-03-04T00:00:00+00:00")),
            ("4 March 2025", &[], Some("2025-03-04T00:00:00+00:00")),
            ("4 Mar 2025", &[], Some("2025-03-04T00:00:00+00:00")),
            ("20250304", &[], Some("2025-03-04T00:00:00+00:00")),
            ("20250304T101500Z", &[], Some("2025-03-04T10:15:00+00:00")),
            ("20250304101500", &[], Some("2025-03-04T10:15:00+00:00")),
            ("1741082400", &[], Some("2025-03-04T10:00:00+00:00")),
            ("1741082400000", &[], Some("2025-03-04T10:00:00+00:00")),
            // Year first with slashes, day first with dots (regression: both were null).
            ("2025/03/04", &[], Some("2025-03-04T00:00:00+00:00")),
            ("2025/03/04 10:15", &[], Some("2025-03-04T10:15:00+00:00")),
            ("04.03.2025", &[], Some("2025-03-04T00:00:00+00:00")),
            (
                "04.03.2025 10:15:30",
                &[],
                Some("2025-03-04T10:15:30+00:00"),
            ),
            // Day and month unknown: no guess.
            ("04/03/2025", &[], None),
            ("2025/13/04", &[], None),
            ("20251304", &[], None),
            ("12345", &[], None),
            ("17410824000000000", &[], None),
            // A configured format wins over the built-in reading of the same text.
            (
                "04/03/2025",
                &["%d/%m/%Y"],
                Some("2025-03-04T00:00:00+00:00"),
            ),
            (
                "04/03/2025",
                &["%m/%d/%Y"],
                Some("2025-04-03T00:00:00+00:00"),
            ),
            ("20250304", &["%Y%d%m"], Some("2025-04-03T00:00:00+00:00")),
            ("yesterday", &[], None),
            ("", &[], None),
            ("2025-13-01", &[], None),
        ];
        for (input, formats, want) in cases {
            let formats: Vec<String> = formats.iter().map(|s| s.to_string()).collect();
            let got = parse_date(input, &formats).map(|us| {
                DateTime::from_timestamp_micros(us)
                    .unwrap()
                    .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
            });
            assert_eq!(got.as_deref(), *want, "{input:?}");
        }
    }

    #[test]
    fn formats_are_checked() {
        assert!(check_format(REUTERS).is_ok());
        assert!(check_format("%Q").is_err());
        assert!(check_format("").is_err());
    }
}
