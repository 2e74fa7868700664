//! Builders shared by the compliance_*.rs integration tests.
#![allow(dead_code)]

use app::vaccinations::compliance::{
    Dose, Exemption, ExemptionKind, PupilRecord, Vaccine, Verdict, check,
};
use chrono::NaiveDate;

pub use Vaccine::*;

pub const ESAVALENTE: [Vaccine; 6] = [Polio, Diphtheria, Tetanus, HepatitisB, Pertussis, Hib];
pub const DTPA_IPV: [Vaccine; 4] = [Polio, Diphtheria, Tetanus, Pertussis];
pub const MPR: [Vaccine; 3] = [Measles, Rubella, Mumps];

pub fn d(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap()
}

/// A pupil found in the registry, with nothing recorded yet.
pub fn born(iso: &str) -> PupilRecord {
    PupilRecord {
        birth_date: d(iso),
        doses: Vec::new(),
        exemptions: Vec::new(),
        pending_appointment: false,
        in_registry: true,
    }
}

pub trait Build {
    /// `count` doses of each antigen in `vaccines`, dated `date`.
    fn with(self, vaccines: &[Vaccine], count: usize, date: &str) -> Self;
    /// `count` doses of each, dated on the birth date (early doses count, §6).
    fn given(self, vaccines: &[Vaccine], count: usize) -> Self;
    /// Everything due before 17: esavalente ×3, DTPa-IPV booster, MPR ×2,
    /// varicella ×2 (born ≥ 2017 only matters, but giving it never hurts).
    fn complete(self) -> Self;
    fn exempt(self, vaccine: Vaccine, kind: ExemptionKind, until: Option<&str>) -> Self;
    fn pending(self) -> Self;
    fn not_in_registry(self) -> Self;
}

impl Build for PupilRecord {
    fn with(mut self, vaccines: &[Vaccine], count: usize, date: &str) -> Self {
        for &vaccine in vaccines {
            for n in 0..count {
                self.doses.push(Dose {
                    vaccine,
                    dose: Some(u8::try_from(n + 1).unwrap()),
                    date: d(date),
                });
            }
        }
        self
    }
    fn given(self, vaccines: &[Vaccine], count: usize) -> Self {
        let birth = self.birth_date.format("%Y-%m-%d").to_string();
        self.with(vaccines, count, &birth)
    }
    fn complete(self) -> Self {
        self.given(&[Polio, Diphtheria, Tetanus, Pertussis], 4)
            .given(&[HepatitisB, Hib], 3)
            .given(&[Measles, Rubella, Mumps, Varicella], 2)
    }
    fn exempt(mut self, vaccine: Vaccine, kind: ExemptionKind, until: Option<&str>) -> Self {
        self.exemptions.push(Exemption {
            vaccine,
            kind,
            until: until.map(d),
        });
        self
    }
    fn pending(mut self) -> Self {
        self.pending_appointment = true;
        self
    }
    fn not_in_registry(mut self) -> Self {
        self.in_registry = false;
        self
    }
}

pub fn at(pupil: &PupilRecord, check_date: &str) -> Verdict {
    check(pupil, d(check_date))
}

/// `[(v, dose) for v in vaccines]`, in the order given (tests write §1 order).
pub fn each(vaccines: &[Vaccine], dose: u8) -> Vec<(Vaccine, u8)> {
    vaccines.iter().map(|&v| (v, dose)).collect()
}
