//! The obligations and the dose schedule as data (LOVS-RULES §1, §2), the
//! document's **Decisions** as named constants, and birthday arithmetic.
//!
//! Changing a rule means changing a value here, never the engine. The table
//! is valid for check dates from 2023 (LOVS era; in-scope pupils born from
//! 2006). Not verified: whether the adolescent window of PNV 2005–07 (cohorts
//! 2006–11) closed before 17; we use 11–18 anni, so dose 5 is never due.

use chrono::{Datelike, NaiveDate};

use super::model::{Outcome, Vaccine};

/// The obligation ends on this birthday: in scope iff `check_date` < the 17th
/// birthday ("tra zero e sedici anni" = up to 16 anni e 364 giorni, §1).
pub const SCOPE_END_BIRTHDAY: u32 = 17;

/// **Decision (aged 17 and over, §4 step 2)**: outcome for a pupil whose
/// obligation has ended. LOVS probably says "Non elaborabile"; its
/// description is cut off in the only source, so we say "in regola".
pub const OUT_OF_SCOPE_OUTCOME: Outcome = Outcome::InRegola;

/// **Decision (one table for all cohorts, §1)**: the calendars in force since
/// 2001 agree on every dose due before 17, so one table serves every cohort
/// and varicella (born from 1 January 2017, c.1-bis d) is the only switch.
pub const VARICELLA_BORN_FROM_YEAR: i32 = 2017;

/// **Decision (Hib after 5 years, §2)**: Hib stays 3 doses at every age
/// (`None`). `Some(5)` would stop requiring Hib from the 5th birthday.
pub const HIB_REQUIRED_UNTIL_BIRTHDAY: Option<u32> = None;

/// **Decision (window end, §2)**: esavalente dose 3 is overdue from the end
/// of the "11–13 mesi" slot, i.e. after the 13th month of life (30 × 13).
/// Strict alternative: 330 (end of the 11th month).
pub const ESAVALENTE_DOSE_3_DUE_DAYS: u32 = 390;

/// **Decision (window end, §2)**: the pre-school boosters (DTPa-IPV dose 4,
/// MPR(V) dose 2) are overdue from the end of "5–6 anni", i.e. the 7th
/// birthday. Strict alternative: 6 (the 6th birthday).
pub const BOOSTER_DUE_BIRTHDAY: u32 = 7;

/// **Decision (exemption end, §3)**: an omission or postponement is still
/// valid on its `until` day. SIAVr treats that day as already expired
/// (`false` here).
pub const EXEMPTION_UNTIL_INCLUSIVE: bool = true;

/// When a dose becomes due (overdue), counted from the birth date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueFrom {
    /// `check_date − birth_date` ≥ this many days (30-day months of life).
    AgeDays(u32),
    /// `check_date` ≥ this birthday (29 Feb births: 28 Feb in common years).
    Birthday(u32),
}

/// One row of the §2 table: dose `dose` of each antigen in `vaccines`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleRow {
    pub vaccines: &'static [Vaccine],
    /// Dose number, 1..=8 (the engine keeps due doses in a byte).
    pub dose: u8,
    pub due_from: DueFrom,
}

/// Which cohorts an antigen applies to, and until when (§1 "applies to").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Obligation {
    pub vaccine: Vaccine,
    /// Only pupils born in this year or later; `None` = every cohort.
    pub born_from_year: Option<i32>,
    /// No longer required from this birthday; `None` = at every age in scope.
    pub required_until_birthday: Option<u32>,
}

const ESAVALENTE: &[Vaccine] = &[
    Vaccine::Polio,
    Vaccine::Diphtheria,
    Vaccine::Tetanus,
    Vaccine::HepatitisB,
    Vaccine::Pertussis,
    Vaccine::Hib,
];
const DTPA_IPV: &[Vaccine] = &[
    Vaccine::Polio,
    Vaccine::Diphtheria,
    Vaccine::Tetanus,
    Vaccine::Pertussis,
];
/// Varicella's cohort limit lives in [`OBLIGATIONS`], not here.
const MPRV: &[Vaccine] = &[
    Vaccine::Measles,
    Vaccine::Rubella,
    Vaccine::Mumps,
    Vaccine::Varicella,
];

/// §2 table, row by row. "N° mese" = age_days 30(N−1) … 30N−1; each dose is
/// due from the end of its slot (Decision "window end").
pub const SCHEDULE: [ScheduleRow; 7] = [
    // 3° mese (days 60–89) → overdue from day 90.
    ScheduleRow {
        vaccines: ESAVALENTE,
        dose: 1,
        due_from: DueFrom::AgeDays(90),
    },
    // 5° mese (days 120–149) → overdue from day 150.
    ScheduleRow {
        vaccines: ESAVALENTE,
        dose: 2,
        due_from: DueFrom::AgeDays(150),
    },
    // 11°–13° mese → overdue from day 390 (Decision "window end").
    ScheduleRow {
        vaccines: ESAVALENTE,
        dose: 3,
        due_from: DueFrom::AgeDays(ESAVALENTE_DOSE_3_DUE_DAYS),
    },
    // 13°–15° mese (days 360–449) → overdue from day 450.
    ScheduleRow {
        vaccines: MPRV,
        dose: 1,
        due_from: DueFrom::AgeDays(450),
    },
    // "5–6 anni" → overdue from the 7th birthday (Decision "window end").
    ScheduleRow {
        vaccines: DTPA_IPV,
        dose: 4,
        due_from: DueFrom::Birthday(BOOSTER_DUE_BIRTHDAY),
    },
    ScheduleRow {
        vaccines: MPRV,
        dose: 2,
        due_from: DueFrom::Birthday(BOOSTER_DUE_BIRTHDAY),
    },
    // dTpa-IPV 12°–18° anno → overdue from the 18th birthday: never in scope.
    ScheduleRow {
        vaccines: DTPA_IPV,
        dose: 5,
        due_from: DueFrom::Birthday(18),
    },
];

/// §1 table, in §1 order.
pub const OBLIGATIONS: [Obligation; Vaccine::COUNT] = [
    Obligation::all_cohorts(Vaccine::Polio),
    Obligation::all_cohorts(Vaccine::Diphtheria),
    Obligation::all_cohorts(Vaccine::Tetanus),
    Obligation::all_cohorts(Vaccine::HepatitisB),
    Obligation::all_cohorts(Vaccine::Pertussis),
    Obligation {
        vaccine: Vaccine::Hib,
        born_from_year: None,
        required_until_birthday: HIB_REQUIRED_UNTIL_BIRTHDAY,
    },
    Obligation::all_cohorts(Vaccine::Measles),
    Obligation::all_cohorts(Vaccine::Rubella),
    Obligation::all_cohorts(Vaccine::Mumps),
    Obligation {
        vaccine: Vaccine::Varicella,
        born_from_year: Some(VARICELLA_BORN_FROM_YEAR),
        required_until_birthday: None,
    },
];

impl Obligation {
    const fn all_cohorts(vaccine: Vaccine) -> Obligation {
        Obligation {
            vaccine,
            born_from_year: None,
            required_until_birthday: None,
        }
    }

    /// Whether the antigen is required of a pupil born `birth` who has
    /// completed `years` years.
    pub fn applies(&self, birth: NaiveDate, years: u32) -> bool {
        self.born_from_year.is_none_or(|y| birth.year() >= y)
            && self.required_until_birthday.is_none_or(|b| years < b)
    }
}

impl DueFrom {
    /// Whether the dose is due for a pupil `age_days` old who has completed
    /// `years` years (see [`completed_years`]).
    pub fn is_due(self, age_days: i64, years: u32) -> bool {
        match self {
            DueFrom::AgeDays(n) => age_days >= i64::from(n),
            DueFrom::Birthday(b) => years >= b,
        }
    }
}

/// The `years`-th birthday of someone born on `birth`: same day and month,
/// except that 29 February becomes 28 February in common years (c.c. art.
/// 2963). `None` only past the end of chrono's calendar.
pub fn birthday(birth: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = birth.year().checked_add(i32::try_from(years).ok()?)?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day()).or_else(|| {
        // Only 29 February can fail here, and only in a common year.
        NaiveDate::from_ymd_opt(year, 2, 28)
    })
}

/// Whole years completed on `on` by someone born on `birth` (0 before birth):
/// `completed_years(b, on) >= n` iff `on >= birthday(b, n)`. Computed once per
/// check instead of building a date per birthday row.
pub fn completed_years(birth: NaiveDate, on: NaiveDate) -> u32 {
    let (month, mut day) = (birth.month(), birth.day());
    if month == 2 && day == 29 && !on.leap_year() {
        day = 28;
    }
    let diff = i64::from(on.year()) - i64::from(birth.year());
    let before_birthday = (on.month(), on.day()) < (month, day);
    let years = if before_birthday { diff - 1 } else { diff };
    u32::try_from(years).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn table_doses_fit_the_engine_byte() {
        for row in SCHEDULE {
            assert!((1..=8).contains(&row.dose), "{row:?}");
        }
    }

    #[test]
    fn obligations_follow_section_1_order() {
        let order: Vec<Vaccine> = OBLIGATIONS.iter().map(|o| o.vaccine).collect();
        assert_eq!(order, Vaccine::ALL.to_vec());
    }

    #[test]
    fn leap_day_birthdays() {
        // Born 29/02/2016: 28/02 in common years, 29/02 in leap years.
        assert_eq!(birthday(d(2016, 2, 29), 7), Some(d(2023, 2, 28)));
        assert_eq!(birthday(d(2016, 2, 29), 8), Some(d(2024, 2, 29)));
        assert_eq!(completed_years(d(2016, 2, 29), d(2023, 2, 27)), 6);
        assert_eq!(completed_years(d(2016, 2, 29), d(2023, 2, 28)), 7);
        assert_eq!(completed_years(d(2016, 2, 29), d(2024, 2, 28)), 7);
        assert_eq!(completed_years(d(2016, 2, 29), d(2024, 2, 29)), 8);
    }

    #[test]
    fn before_birth_is_zero_years() {
        assert_eq!(completed_years(d(2020, 5, 1), d(2010, 5, 1)), 0);
    }

    proptest::proptest! {
        #[test]
        fn completed_years_agrees_with_birthday(
            b in -200_000i32..200_000, o in -200_000i32..200_000, n in 1u32..30
        ) {
            let birth = d(2000, 1, 1) + chrono::TimeDelta::days(i64::from(b));
            let on = d(2000, 1, 1) + chrono::TimeDelta::days(i64::from(o));
            let reached = birthday(birth, n).is_some_and(|day| on >= day);
            proptest::prop_assert_eq!(completed_years(birth, on) >= n, reached);
        }
    }
}
