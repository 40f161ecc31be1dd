//! Publication dates: RFC 3339, RFC 2822, YYYY-MM-DD and user formats, all to UTC.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

const BUILTIN_NAIVE: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
];

/// Parses a date in RFC 3339, RFC 2822, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`, or one of `formats`
/// (strftime; without a zone the time is UTC, without a time it is midnight UTC) to microseconds
/// since the epoch.
pub fn parse_date(s: &str, formats: &[String]) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let to_micros = |d: DateTime<Utc>| Some(d.timestamp_micros());
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return to_micros(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return to_micros(d.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return to_micros(d.and_hms_opt(0, 0, 0)?.and_utc());
    }
    for f in BUILTIN_NAIVE {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return to_micros(d.and_utc());
        }
    }
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
