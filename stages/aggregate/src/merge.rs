//! Merging the counts of one batch, made on an aggregator of its own (on a worker thread, as the
//! run's isolation check), into the run's aggregator: the batch is counted once, not once on the
//! worker and again on the writer (issue 23).

use std::sync::Arc;

use newsmill_core::Result;

use crate::{rank_of, Aggregator};

impl Aggregator {
    /// A new, empty aggregator with this one's settings and theme tree as it is now (shared, not
    /// copied): to count one batch on it and [`Self::merge`] it into this one.
    pub fn sibling(&self) -> Aggregator {
        Aggregator {
            tree: Arc::clone(&self.tree),
            base: Arc::clone(&self.tree),
            placeholders: self.placeholders.clone(),
            count_duplicates: self.count_duplicates,
            themes_only: self.themes_only,
            per_document: self.per_document,
            dictionary: Arc::clone(&self.dictionary),
            ..Aggregator::default()
        }
    }

    /// Adds what `other` counted, as if its batches had been added to this aggregator after the
    /// ones it has, in the same order: entity codes remapped (new ones given in the order `other`
    /// gave them), attribute, entity, day, pair and document counts summed, `document_themes`
    /// rows and each document's measures appended, the themes `other` learned learned here.
    ///
    /// Returns `Ok(false)`, leaving this aggregator as it was, when that cannot be done exactly:
    /// unless `other` was made by [`Self::sibling`] of this aggregator and this one learned no
    /// theme since (its tree is still the one `other` started from), `other`'s roll-ups and
    /// salience could differ from what this one would compute; nor when they count
    /// near-duplicates differently, or one computes `document_themes` only or each document's
    /// measures and the other not. The caller then adds the batch itself.
    pub fn merge(&mut self, other: Aggregator) -> Result<bool> {
        if !Arc::ptr_eq(&self.tree, &other.base)
            || self.count_duplicates != other.count_duplicates
            || self.themes_only != other.themes_only
            || self.per_document != other.per_document
        {
            return Ok(false);
        }
        if !Arc::ptr_eq(&other.tree, &other.base) {
            // `other` learned themes: the same mentions here would have learned the same, in the
            // same order, from the same tree.
            self.tree = other.tree;
            self.placeholders = other.placeholders;
            self.ancestor_codes.clear();
        }
        let code: Vec<u32> = other
            .keys
            .iter()
            .map(|(kind, id)| self.code(kind, id))
            .collect();
        for (c, seen) in other.attrs.into_iter().enumerate() {
            let mine = &mut self.attrs[code[c] as usize];
            for (v, n) in seen {
                match mine.iter_mut().find(|(w, _)| *w == v) {
                    Some((_, m)) => *m += n,
                    None => mine.push((v, n)),
                }
            }
        }
        for ((c, rolled), e) in other.entities {
            let m = self.entities.entry((code[c as usize], rolled)).or_default();
            m.mentions += e.mentions;
            m.sentences += e.sentences;
            m.documents += e.documents;
            m.first_seen = match (m.first_seen, e.first_seen) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            m.last_seen = match (m.last_seen, e.last_seen) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        for ((c, day), (mentions, documents)) in other.series {
            let s = self.series.entry((code[c as usize], day)).or_default();
            s.0 += mentions;
            s.1 += documents;
        }
        for (day, n) in other.day_documents {
            *self.day_documents.entry(day).or_default() += n;
        }
        // Pairs are keyed in (kind rank, code) order, as `add` orders them with this one's codes.
        let place = |keys: &[(String, String)], c: u32| (rank_of(&keys[c as usize].0), c);
        for ((a, b), (documents, sentences)) in other.pairs {
            let (a, b) = (code[a as usize], code[b as usize]);
            let key = if place(&self.keys, a) <= place(&self.keys, b) {
                (a, b)
            } else {
                (b, a)
            };
            let p = self.pairs.entry(key).or_default();
            p.0 += documents;
            p.1 += sentences;
        }
        self.documents += other.documents;
        self.doc_themes.append(other.doc_themes)?;
        self.measures.append(other.measures);
        Ok(true)
    }
}
