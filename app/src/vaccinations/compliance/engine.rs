//! The check itself: one pupil, one check date (LOVS-RULES §2–§4).
//!
//! Everything per antigen lives in fixed arrays indexed by [`Vaccine::index`]
//! and due doses in one byte per antigen (bit n−1 = dose n), so a compliant
//! pupil is checked without allocating; only a non-empty `missing` allocates.

use chrono::NaiveDate;

use super::model::{Exemption, ExemptionKind, Outcome, PupilRecord, Vaccine, Verdict};
use super::schedule::{
    EXEMPTION_UNTIL_INCLUSIVE, OBLIGATIONS, OUT_OF_SCOPE_OUTCOME, SCHEDULE, SCOPE_END_BIRTHDAY,
    completed_years,
};

/// Decides the outcome for `pupil` on `check_date`, first match wins (§4):
/// not in the registry; aged 17 or more; some due dose neither received nor
/// exempt (in corso if an appointment is pending); some due dose covered only
/// by an exemption; otherwise in regola.
///
/// A birth date after `check_date` makes nothing due (the runner rejects such
/// input before calling this).
pub fn check(pupil: &PupilRecord, check_date: NaiveDate) -> Verdict {
    if !pupil.in_registry {
        return Verdict::clean(Outcome::NonPresente);
    }
    let birth = pupil.birth_date;
    let years = completed_years(birth, check_date);
    if years >= SCOPE_END_BIRTHDAY {
        return Verdict::clean(OUT_OF_SCOPE_OUTCOME);
    }
    let age_days = check_date.signed_duration_since(birth).num_days();

    let due = due_doses(birth, age_days, years);
    let received = received_counts(pupil, check_date);
    let exempt = exempt_antigens(&pupil.exemptions, check_date);

    // Due doses not received, per antigen; split by whether an exemption covers them.
    let mut lacking = [0u8; Vaccine::COUNT];
    let mut unexempt_count = 0u32;
    let mut any_exempt = false;
    for (i, slot) in lacking.iter_mut().enumerate() {
        let (Some(&d), Some(&r), Some(&e)) = (due.get(i), received.get(i), exempt.get(i)) else {
            continue;
        };
        *slot = d & !received_mask(r);
        if *slot != 0 {
            if e {
                any_exempt = true;
            } else {
                unexempt_count += slot.count_ones();
            }
        }
    }

    if unexempt_count > 0 {
        let mut missing = Vec::with_capacity(unexempt_count as usize);
        for ((vaccine, bits), is_exempt) in Vaccine::ALL.into_iter().zip(lacking).zip(exempt) {
            if is_exempt {
                continue;
            }
            for dose in 1..=8u8 {
                if bits & dose_bit(dose) != 0 {
                    missing.push((vaccine, dose));
                }
            }
        }
        let outcome = if pupil.pending_appointment {
            Outcome::InCorso
        } else {
            Outcome::NonInRegola
        };
        return Verdict { outcome, missing };
    }
    if any_exempt {
        return Verdict::clean(Outcome::EsoneratoDifferito);
    }
    Verdict::clean(Outcome::InRegola)
}

/// Whether `exemption` covers its antigen on `on` (§3): immunity always;
/// omission and postponement while `on` is not past `until`.
pub fn exemption_valid_on(exemption: &Exemption, on: NaiveDate) -> bool {
    match (exemption.kind, exemption.until) {
        (ExemptionKind::Immunity, _) | (_, None) => true,
        (_, Some(until)) if EXEMPTION_UNTIL_INCLUSIVE => on <= until,
        (_, Some(until)) => on < until,
    }
}

/// Bit per due dose, per applicable antigen.
fn due_doses(birth: NaiveDate, age_days: i64, years: u32) -> [u8; Vaccine::COUNT] {
    let mut applies = [false; Vaccine::COUNT];
    for obligation in &OBLIGATIONS {
        if let Some(slot) = applies.get_mut(obligation.vaccine.index()) {
            *slot = obligation.applies(birth, years);
        }
    }
    let mut due = [0u8; Vaccine::COUNT];
    for row in &SCHEDULE {
        if !row.due_from.is_due(age_days, years) {
            continue;
        }
        let bit = dose_bit(row.dose);
        for vaccine in row.vaccines {
            let i = vaccine.index();
            if let (Some(slot), Some(true)) = (due.get_mut(i), applies.get(i)) {
                *slot |= bit;
            }
        }
    }
    due
}

/// Doses per antigen dated from birth to `check_date` inclusive; the
/// registry's dose label is not read (§2).
fn received_counts(pupil: &PupilRecord, check_date: NaiveDate) -> [u8; Vaccine::COUNT] {
    let mut counts = [0u8; Vaccine::COUNT];
    for dose in &pupil.doses {
        if pupil.birth_date <= dose.date
            && dose.date <= check_date
            && let Some(count) = counts.get_mut(dose.vaccine.index())
        {
            *count = count.saturating_add(1);
        }
    }
    counts
}

fn exempt_antigens(exemptions: &[Exemption], on: NaiveDate) -> [bool; Vaccine::COUNT] {
    let mut exempt = [false; Vaccine::COUNT];
    for exemption in exemptions {
        if exemption_valid_on(exemption, on)
            && let Some(slot) = exempt.get_mut(exemption.vaccine.index())
        {
            *slot = true;
        }
    }
    exempt
}

/// The bit of dose `dose` (1..=8); 0 for anything else.
const fn dose_bit(dose: u8) -> u8 {
    match dose {
        1..=8 => 1 << (dose - 1),
        _ => 0,
    }
}

/// Bits of doses 1..=count: having n doses means doses 1..=n are received.
const fn received_mask(count: u8) -> u8 {
    if count >= 8 {
        u8::MAX
    } else {
        (1u8 << count) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(dose_bit(1), 0b1);
        assert_eq!(dose_bit(5), 0b1_0000);
        assert_eq!(dose_bit(0), 0);
        assert_eq!(dose_bit(9), 0);
        assert_eq!(received_mask(0), 0);
        assert_eq!(received_mask(3), 0b111);
        assert_eq!(received_mask(8), 0xFF);
        assert_eq!(received_mask(200), 0xFF);
    }
}
