//! The comune picker's search: current comuni only, typed text matched
//! ignoring case and accents, the ATS's chief comuni first.

use std::cmp::Ordering;

use super::place::{Place, PlaceKind};
use crate::text::{Fold, fold, fold_to_string};

/// How a comune matched the query; lower sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// One of the ATS's chief comuni (seed 004: "I riferimenti al comune di
    /// Milano e al comune di Lodi sono indicati in testa all'elenco"), in the
    /// order given.
    Chief(usize),
    /// The name starts with the query: "sesto" -> "Sesto San Giovanni".
    NamePrefix,
    /// A later word starts with the query: "emilia" -> "Reggio nell'Emilia".
    WordPrefix,
}

/// Current comuni matching `query`, best first, at most `limit`.
///
/// Countries and suppressed comuni never appear. Matching folds case,
/// accents, apostrophes and hyphens ("sant angelo" finds "Sant'Angelo"). The
/// chief comuni (by ISTAT code, in the order of `chief_istat`) come first if
/// they match, then names starting with the query, then names with a later
/// word starting with it, each group in alphabetical order of the folded
/// name (close enough to Italian collation). An empty query returns the
/// chief comuni.
pub fn search<'a>(
    places: &'a [Place],
    query: &str,
    chief_istat: &[String],
    limit: usize,
) -> Vec<&'a Place> {
    if limit == 0 {
        return Vec::new();
    }
    let q = fold_to_string(query);
    let mut hits: Vec<(Rank, &Place)> = places
        .iter()
        .filter(|p| p.current && p.kind == PlaceKind::Comune)
        .filter_map(|p| {
            let chief = p
                .istat
                .as_deref()
                .and_then(|istat| chief_istat.iter().position(|c| c == istat));
            let rank = if q.is_empty() {
                Rank::Chief(chief?)
            } else {
                let matched = match_rank(fold(&p.name), &q)?;
                chief.map_or(matched, Rank::Chief)
            };
            Some((rank, p))
        })
        .collect();
    hits.sort_by(|(ra, a), (rb, b)| ra.cmp(rb).then_with(|| alphabetical(a, b)));
    hits.into_iter().take(limit).map(|(_, p)| p).collect()
}

/// `NamePrefix` if the folded name starts with `q`, `WordPrefix` if a later
/// word does, none otherwise.
fn match_rank(name: Fold<'_>, q: &str) -> Option<Rank> {
    if starts_with(name.clone(), q) {
        return Some(Rank::NamePrefix);
    }
    let mut rest = name;
    while let Some(c) = rest.next() {
        if c == ' ' && starts_with(rest.clone(), q) {
            return Some(Rank::WordPrefix);
        }
    }
    None
}

fn starts_with(mut text: Fold<'_>, prefix: &str) -> bool {
    prefix.chars().all(|p| text.next() == Some(p))
}

/// Folded names first ("Forlì" sorts as "forli"), then the exact spelling
/// and the province so the order is total and stable.
fn alphabetical(a: &Place, b: &Place) -> Ordering {
    fold(&a.name)
        .cmp(fold(&b.name))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.province.cmp(&b.province))
}
