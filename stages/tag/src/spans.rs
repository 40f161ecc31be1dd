//! Spans of one text that later matches must not overlap (organizations found so far,
//! suppressed phrases), with an overlap test that does not scan them all: a huge document
//! has millions, and a scan per candidate made tagging quadratic in its length.

use std::collections::BTreeSet;

/// Byte spans `(start, end)`, ordered by start.
#[derive(Debug, Default)]
pub(crate) struct Taken {
    spans: BTreeSet<(usize, usize)>,
    /// The longest span's length: a span starting more than this before `s` ends before `s`.
    longest: usize,
}

impl Taken {
    pub(crate) fn push(&mut self, (s, e): (usize, usize)) {
        self.longest = self.longest.max(e.saturating_sub(s));
        self.spans.insert((s, e));
    }

    /// Forgets the span `(s, e)` (a mention dropped after it was taken).
    pub(crate) fn remove(&mut self, span: (usize, usize)) {
        self.spans.remove(&span);
    }

    /// Whether `[s, e)` overlaps a span (the spans that start in `[s - longest, e)`).
    pub(crate) fn overlaps(&self, s: usize, e: usize) -> bool {
        self.spans
            .range((s.saturating_sub(self.longest), 0)..(e, 0))
            .any(|&(a, b)| s < b && a < e)
    }

    /// Whether a span holds `[s, e)` (the same span or a longer one).
    pub(crate) fn covers(&self, s: usize, e: usize) -> bool {
        self.spans
            .range((s.saturating_sub(self.longest), 0)..(s + 1, 0))
            .any(|&(a, b)| a <= s && e <= b)
    }

    /// The spans that hold `[s, e)` and are longer than it (names with the word in them).
    pub(crate) fn holding(&self, s: usize, e: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.spans
            .range((s.saturating_sub(self.longest), 0)..(s + 1, 0))
            .copied()
            .filter(move |&(a, b)| a <= s && e <= b && b - a > e - s)
    }

    /// Whether a span overlaps `[s, e)` without lying inside it (a name that would cut through
    /// it).
    pub(crate) fn crosses(&self, s: usize, e: usize) -> bool {
        self.spans
            .range((s.saturating_sub(self.longest), 0)..(e, 0))
            .any(|&(a, b)| a < e && s < b && !(s <= a && b <= e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_as_a_scan_of_every_span_would_say() {
        let spans = [(10, 20), (15, 40), (50, 51), (60, 60), (100, 130)];
        let mut taken = Taken::default();
        for &sp in &spans {
            taken.push(sp);
        }
        for s in 0..140 {
            for e in s..s + 45 {
                let scan = spans.iter().any(|&(a, b)| s < b && a < e);
                assert_eq!(taken.overlaps(s, e), scan, "[{s}, {e})");
            }
        }
        assert!(!Taken::default().overlaps(0, 10));
        for s in 0..140 {
            for e in s..s + 45 {
                let scan = spans
                    .iter()
                    .any(|&(a, b)| a < e && s < b && !(s <= a && b <= e));
                assert_eq!(taken.crosses(s, e), scan, "[{s}, {e})");
                let scan = spans
                    .iter()
                    .any(|&(a, b)| a <= s && e <= b && b - a > e - s);
                assert_eq!(taken.holding(s, e).next().is_some(), scan, "[{s}, {e})");
            }
        }
    }

    /// Whether a country lies inside a newly found organization name asks `covers` (a scan of
    /// every name per country mention was quadratic in a huge document).
    #[test]
    fn containing_spans_by_start_are_those_a_scan_finds() {
        let spans = vec![
            (10, 20),
            (0, 5),
            (15, 40),
            (5, 6),
            (38, 39),
            (60, 61),
            (18, 19),
        ];
        let mut within = Taken::default();
        for &sp in &spans {
            within.push(sp);
        }
        for s in 0..70 {
            for e in s..70 {
                let scan = spans.iter().any(|&(a, b)| a <= s && e <= b);
                assert_eq!(within.covers(s, e), scan, "{s}..{e}");
            }
        }
        assert!(!Taken::default().covers(0, 0));
    }
}
