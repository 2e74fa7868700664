//! A place record (one comune or country over one validity period) and the
//! lookup of a Belfiore code on a given date.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether a place is an Italian comune or a foreign country (Z code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Comune,
    Country,
}

impl PlaceKind {
    /// The key used in `data/places.csv` and in serde.
    pub fn key(self) -> &'static str {
        match self {
            PlaceKind::Comune => "comune",
            PlaceKind::Country => "country",
        }
    }
}

/// One row of `data/places.csv`: a comune or country during one validity
/// period. A Belfiore code has several records when the comune changed name
/// or province; at most one of them is `current`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub kind: PlaceKind,
    /// Codice catastale, e.g. "F205" (Milano) or "Z404" (USA).
    pub belfiore: String,
    /// ISTAT code ("015146"); known only for the record valid on 2020-01-01.
    pub istat: Option<String>,
    pub name: String,
    /// Province sigla ("MI"); none for countries.
    pub province: Option<String>,
    pub region: Option<String>,
    /// First day of validity, inclusive; none = since always (or unknown).
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity, inclusive; none = still valid (or unknown).
    pub valid_to: Option<NaiveDate>,
    /// The record of a comune or country that exists today.
    pub current: bool,
}

impl Place {
    /// Label for pickers and read-only views: "Sesto San Giovanni (MI)";
    /// a country is shown by its name alone.
    pub fn label(&self) -> String {
        self.to_string()
    }

    /// True if the record was valid on `day` (both ends inclusive).
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.valid_to.is_none_or(|to| day <= to)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.province {
            Some(sigla) if self.kind == PlaceKind::Comune => write!(f, "{} ({sigla})", self.name),
            _ => f.write_str(&self.name),
        }
    }
}

/// The record of Belfiore `code` (case and blanks ignored) valid on `on`;
/// without a date, or when no record covers it, the current record; failing
/// that (a suppressed comune, a dissolved country) the latest one.
pub fn lookup_belfiore<'a>(
    places: &'a [Place],
    code: &str,
    on: Option<NaiveDate>,
) -> Option<&'a Place> {
    let code = code.trim();
    let mut on_date: Option<&Place> = None;
    let mut current: Option<&Place> = None;
    let mut latest: Option<&Place> = None;
    for p in places
        .iter()
        .filter(|p| p.belfiore.eq_ignore_ascii_case(code))
    {
        if on.is_some_and(|day| p.valid_on(day)) && on_date.is_none_or(|q| later(p, q)) {
            on_date = Some(p);
        }
        if p.current && current.is_none() {
            current = Some(p);
        }
        if latest.is_none_or(|q| later(p, q)) {
            latest = Some(p);
        }
    }
    on_date.or(current).or(latest)
}

/// Orders records of one code in time: the one ending later (open end =
/// latest), then the one starting later. Source data have a few overlapping
/// periods; on a tie the current record wins.
fn later(a: &Place, b: &Place) -> bool {
    let end = |p: &Place| p.valid_to.unwrap_or(NaiveDate::MAX);
    let start = |p: &Place| p.valid_from.unwrap_or(NaiveDate::MIN);
    (end(a), start(a), a.current) > (end(b), start(b), b.current)
}
