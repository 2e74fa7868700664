//! The aggregate series of the sentinel plessi (pure): each comune, each
//! school type and the ATS, summed day by day over the plessi that
//! reported absences that day ([`super::totals`] keeps them stored).

use std::collections::BTreeMap;

use chrono::NaiveDate;

/// Which aggregate a total belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TotalKind {
    Comune,
    Tipo,
    Ats,
}

impl TotalKind {
    pub fn key(self) -> &'static str {
        match self {
            TotalKind::Comune => "comune",
            TotalKind::Tipo => "tipo",
            TotalKind::Ats => "ats",
        }
    }
}

/// A sentinel plesso of a territory, with what its aggregates are keyed by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i32,
    pub comune: String,
    pub school_type: String,
}

impl Member {
    /// The three aggregates this plesso's entries count in.
    pub fn keys(&self, ats_id: i32) -> [(TotalKind, String); 3] {
        [
            (TotalKind::Comune, self.comune.clone()),
            (TotalKind::Tipo, self.school_type.clone()),
            (TotalKind::Ats, ats_id.to_string()),
        ]
    }
}

/// Sums of one aggregate per day: absent, enrolled, plessi.
pub type Sums = BTreeMap<(TotalKind, String), BTreeMap<NaiveDate, (i64, i64, i32)>>;

/// Adds one plesso's observations to the sums of its aggregates.
pub fn add_to(sums: &mut Sums, ats_id: i32, member: &Member, rows: &[(NaiveDate, i64, i64)]) {
    for key in member.keys(ats_id) {
        let days = sums.entry(key).or_default();
        for &(day, absent, enrolled) in rows {
            let t = days.entry(day).or_default();
            t.0 += absent;
            t.1 += enrolled;
            t.2 += 1;
        }
    }
}

/// The sums of every aggregate over `entries` (sorted by plesso).
pub fn sums_of(
    ats_id: i32,
    members: &BTreeMap<i32, Member>,
    entries: &[(i32, NaiveDate, i64, i64)],
) -> Sums {
    let mut sums = Sums::new();
    for chunk in entries.chunk_by(|a, b| a.0 == b.0) {
        let Some(member) = chunk.first().and_then(|c| members.get(&c.0)) else {
            continue;
        };
        let rows: Vec<(NaiveDate, i64, i64)> = chunk.iter().map(|c| (c.1, c.2, c.3)).collect();
        add_to(&mut sums, ats_id, member, &rows);
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i32, comune: &str, tipo: &str) -> Member {
        Member {
            id,
            comune: comune.to_owned(),
            school_type: tipo.to_owned(),
        }
    }

    #[test]
    fn sums_count_each_plesso_in_its_three_aggregates() {
        let d = |n| NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        let members: BTreeMap<i32, Member> = [
            member(1, "F205", "primaria"),
            member(2, "F205", "secondaria_primo"),
            member(3, "E648", "primaria"),
        ]
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
        let entries = vec![
            (1, d(24), 10, 200),
            (1, d(26), 12, 200),
            (2, d(24), 5, 100),
            (3, d(24), 7, 300),
            (9, d(24), 99, 999), // not a member: left out
        ];
        let sums = sums_of(7, &members, &entries);
        let at = |k: TotalKind, key: &str, day| sums[&(k, key.to_owned())][&day];
        assert_eq!(at(TotalKind::Ats, "7", d(24)), (22, 600, 3));
        assert_eq!(at(TotalKind::Ats, "7", d(26)), (12, 200, 1));
        assert_eq!(at(TotalKind::Comune, "F205", d(24)), (15, 300, 2));
        assert_eq!(at(TotalKind::Tipo, "primaria", d(24)), (17, 500, 2));
        assert_eq!(sums.len(), 5, "{sums:?}");
    }
}
