//! LOVS-RULES §3, §4, §6: each outcome, their precedence, exemptions per
//! antigen, expiry of postponements, which doses count. Expected values are
//! worked out by hand from the document.
//!
//! The base pupil is born 2015-05-10 and checked on 2024-05-10 (aged 9, in
//! scope until 2032-05-10): every dose of §2 up to the 7th birthday is due,
//! varicella is not (born before 2017).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod compliance_support;

use app::vaccinations::compliance::ExemptionKind::{Immunity, Omitted, Postponed};
use app::vaccinations::compliance::{Outcome, PupilRecord, Verdict};
use compliance_support::*;

const CHECK: &str = "2024-05-10";

/// Everything due, except the second MPR dose of measles (one dose only).
fn lacking_measles_2() -> PupilRecord {
    born("2015-05-10")
        .given(&[Polio, Diphtheria, Tetanus, Pertussis], 4)
        .given(&[HepatitisB, Hib], 3)
        .given(&[Rubella, Mumps], 2)
        .given(&[Measles], 1)
}

#[test]
fn in_regola_when_every_due_dose_is_received() {
    assert_eq!(
        at(&born("2015-05-10").complete(), CHECK),
        Verdict::clean(Outcome::InRegola)
    );
}

#[test]
fn non_in_regola_lists_the_missing_doses() {
    let verdict = at(&lacking_measles_2(), CHECK);
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    assert_eq!(verdict.missing, vec![(Measles, 2)]);
}

#[test]
fn in_corso_when_an_appointment_is_pending() {
    let verdict = at(&lacking_measles_2().pending(), CHECK);
    assert_eq!(verdict.outcome, Outcome::InCorso);
    assert_eq!(verdict.missing, vec![(Measles, 2)]);
}

#[test]
fn esonerato_when_only_exempt_doses_lack() {
    let pupil = lacking_measles_2().exempt(Measles, Immunity, None);
    assert_eq!(
        at(&pupil, CHECK),
        Verdict::clean(Outcome::EsoneratoDifferito)
    );
}

#[test]
fn non_presente_beats_everything() {
    // Not in the registry, aged 19, nothing recorded, appointment pending.
    let pupil = born("2005-01-01").pending().not_in_registry();
    assert_eq!(at(&pupil, CHECK), Verdict::clean(Outcome::NonPresente));
    let complete = born("2015-05-10").complete().not_in_registry();
    assert_eq!(at(&complete, CHECK), Verdict::clean(Outcome::NonPresente));
}

#[test]
fn aged_17_beats_missing_doses() {
    // Born 2007-05-10: 17 on 2024-05-10. Nothing recorded, no appointment.
    assert_eq!(
        at(&born("2007-05-10"), CHECK),
        Verdict::clean(Outcome::InRegola)
    );
}

#[test]
fn unexempt_missing_beats_exempt_missing() {
    // Measles 2 is exempt; Hib 3 is not: only Hib 3 is listed.
    let mut pupil = lacking_measles_2().exempt(Measles, Immunity, None);
    pupil.doses.retain(|dose| dose.vaccine != Hib);
    let pupil = pupil.given(&[Hib], 2);
    let verdict = at(&pupil, CHECK);
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    assert_eq!(verdict.missing, vec![(Hib, 3)]);
    let verdict = at(&pupil.pending(), CHECK);
    assert_eq!(verdict.outcome, Outcome::InCorso);
    assert_eq!(verdict.missing, vec![(Hib, 3)]);
}

#[test]
fn exempt_beats_pending_appointment() {
    // §4 step 3 needs an unexempt missing dose; step 4 ignores the flag.
    let pupil = lacking_measles_2()
        .exempt(Measles, Immunity, None)
        .pending();
    assert_eq!(
        at(&pupil, CHECK),
        Verdict::clean(Outcome::EsoneratoDifferito)
    );
}

#[test]
fn pending_appointment_with_nothing_missing_is_in_regola() {
    assert_eq!(
        at(&born("2015-05-10").complete().pending(), CHECK),
        Verdict::clean(Outcome::InRegola)
    );
}

#[test]
fn exemption_without_a_missing_dose_changes_nothing() {
    // "An exemption matters only for a dose that is due and not received."
    let pupil = born("2015-05-10").complete().exempt(Mumps, Postponed, None);
    assert_eq!(at(&pupil, CHECK), Verdict::clean(Outcome::InRegola));
}

#[test]
fn missing_follows_section_1_order_then_dose() {
    // Nothing after the primary cycle: boosters and MPR lacking.
    let pupil = born("2015-05-10").given(&ESAVALENTE, 3);
    let verdict = at(&pupil, CHECK);
    assert_eq!(
        verdict.missing,
        vec![
            (Polio, 4),
            (Diphtheria, 4),
            (Tetanus, 4),
            (Pertussis, 4),
            (Measles, 1),
            (Measles, 2),
            (Rubella, 1),
            (Rubella, 2),
            (Mumps, 1),
            (Mumps, 2)
        ]
    );
}

#[test]
fn immunity_to_measles_still_requires_rubella_and_mumps() {
    // No monovalent vaccines (§3): a measles-immune child still takes MPR.
    let base = born("2015-05-10")
        .given(&[Polio, Diphtheria, Tetanus, Pertussis], 4)
        .given(&[HepatitisB, Hib], 3);
    let immune_only = base.clone().exempt(Measles, Immunity, None);
    let verdict = at(&immune_only, CHECK);
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    assert_eq!(
        verdict.missing,
        vec![(Rubella, 1), (Rubella, 2), (Mumps, 1), (Mumps, 2)]
    );
    let with_mpr_for_others = immune_only.given(&[Rubella, Mumps], 2);
    assert_eq!(
        at(&with_mpr_for_others, CHECK),
        Verdict::clean(Outcome::EsoneratoDifferito)
    );
}

#[test]
fn immunity_to_varicella_still_requires_mpr_twice() {
    // Born 2017-03-01, checked 2024-05-10 (aged 7): MPRV ×2 due.
    let base = born("2017-03-01")
        .given(&[Polio, Diphtheria, Tetanus, Pertussis], 4)
        .given(&[HepatitisB, Hib], 3)
        .exempt(Varicella, Immunity, None);
    assert_eq!(
        at(&base, CHECK).missing,
        vec![
            (Measles, 1),
            (Measles, 2),
            (Rubella, 1),
            (Rubella, 2),
            (Mumps, 1),
            (Mumps, 2)
        ]
    );
    assert_eq!(
        at(&base.given(&MPR, 2), CHECK),
        Verdict::clean(Outcome::EsoneratoDifferito)
    );
}

#[test]
fn immunity_is_permanent_even_with_an_until_date() {
    let pupil = lacking_measles_2().exempt(Measles, Immunity, Some("2020-01-01"));
    assert_eq!(
        at(&pupil, CHECK),
        Verdict::clean(Outcome::EsoneratoDifferito)
    );
}

#[test]
fn postponement_expiring_the_day_before_the_check() {
    let pupil = lacking_measles_2().exempt(Measles, Postponed, Some("2024-05-09"));
    let verdict = at(&pupil, CHECK);
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    assert_eq!(verdict.missing, vec![(Measles, 2)]);
}

#[test]
fn postponement_expiring_on_the_check_day_is_still_valid() {
    // Decision (inclusive end): valid while check_date <= until.
    let pupil = lacking_measles_2().exempt(Measles, Postponed, Some("2024-05-10"));
    assert_eq!(
        at(&pupil, CHECK),
        Verdict::clean(Outcome::EsoneratoDifferito)
    );
}

#[test]
fn postponement_expiring_the_day_after_the_check() {
    let pupil = lacking_measles_2().exempt(Measles, Postponed, Some("2024-05-11"));
    assert_eq!(
        at(&pupil, CHECK),
        Verdict::clean(Outcome::EsoneratoDifferito)
    );
}

#[test]
fn omission_open_ended_or_expired() {
    let open = lacking_measles_2().exempt(Measles, Omitted, None);
    assert_eq!(
        at(&open, CHECK),
        Verdict::clean(Outcome::EsoneratoDifferito)
    );
    let expired = lacking_measles_2().exempt(Measles, Omitted, Some("2023-12-31"));
    assert_eq!(at(&expired, CHECK).missing, vec![(Measles, 2)]);
}

#[test]
fn exemption_of_another_antigen_does_not_cover() {
    let pupil = lacking_measles_2().exempt(Rubella, Immunity, None);
    assert_eq!(at(&pupil, CHECK).missing, vec![(Measles, 2)]);
}

#[test]
fn doses_after_the_check_date_are_ignored() {
    let late = lacking_measles_2().with(&[Measles], 1, "2024-05-11");
    let verdict = at(&late, CHECK);
    assert_eq!(verdict.outcome, Outcome::NonInRegola);
    assert_eq!(verdict.missing, vec![(Measles, 2)]);
    let on_the_day = lacking_measles_2().with(&[Measles], 1, CHECK);
    assert_eq!(at(&on_the_day, CHECK), Verdict::clean(Outcome::InRegola));
}

#[test]
fn doses_before_birth_are_ignored() {
    // Counted only if birth_date <= date (§2); a date error in the registry.
    let before = lacking_measles_2().with(&[Measles], 1, "2015-05-09");
    assert_eq!(at(&before, CHECK).missing, vec![(Measles, 2)]);
}

#[test]
fn dose_label_is_not_used() {
    // Two measles doses both labelled "1", or labelled 7 and 9: a count of 2.
    let mut pupil = lacking_measles_2().with(&[Measles], 1, "2022-01-01");
    for (dose, label) in pupil
        .doses
        .iter_mut()
        .filter(|d| d.vaccine == Measles)
        .zip([Some(1), Some(1)])
    {
        dose.dose = label;
    }
    assert_eq!(at(&pupil, CHECK), Verdict::clean(Outcome::InRegola));
    for (dose, label) in pupil
        .doses
        .iter_mut()
        .filter(|d| d.vaccine == Measles)
        .zip([Some(7), None])
    {
        dose.dose = label;
    }
    assert_eq!(at(&pupil, CHECK), Verdict::clean(Outcome::InRegola));
}

#[test]
fn dt_booster_covers_neither_pertussis_nor_polio() {
    // §6: a DT booster is recorded for diphtheria and tetanus only.
    let pupil = born("2015-05-10")
        .given(&ESAVALENTE, 3)
        .given(&MPR, 2)
        .with(&[Diphtheria, Tetanus], 1, "2022-06-01");
    assert_eq!(at(&pupil, CHECK).missing, vec![(Polio, 4), (Pertussis, 4)]);
}

#[test]
fn extra_hepatitis_b_birth_dose_just_adds_to_the_count() {
    // §6: HBsAg+ mother, birth dose + 2 esavalente = 3 hepatitis B doses.
    let pupil = born("2015-05-10").complete();
    let mut hbv = pupil.clone();
    hbv.doses.retain(|d| d.vaccine != HepatitisB);
    let hbv = hbv
        .with(&[HepatitisB], 1, "2015-05-10")
        .with(&[HepatitisB], 2, "2015-09-01");
    assert_eq!(at(&hbv, CHECK), Verdict::clean(Outcome::InRegola));
}

#[test]
fn labels_and_keys() {
    let table = [
        (
            Outcome::NonPresente,
            "non_presente",
            "Non presente in anagrafe vaccinale",
        ),
        (Outcome::InRegola, "in_regola", "In regola"),
        (Outcome::NonInRegola, "non_in_regola", "Non in regola"),
        (Outcome::InCorso, "in_corso", "In corso di regolarizzazione"),
        (
            Outcome::EsoneratoDifferito,
            "esonerato_differito",
            "Esonerato / differito",
        ),
    ];
    for (outcome, key, label) in table {
        assert_eq!(outcome.key(), key);
        assert_eq!(outcome.label_it(), label);
        assert_eq!(
            serde_json::to_string(&outcome).unwrap(),
            format!("\"{key}\"")
        );
    }
    let keys: Vec<&str> = app::vaccinations::compliance::Vaccine::ALL
        .iter()
        .map(|v| v.key())
        .collect();
    assert_eq!(
        keys,
        [
            "polio",
            "diphtheria",
            "tetanus",
            "hepatitis_b",
            "pertussis",
            "hib",
            "measles",
            "rubella",
            "mumps",
            "varicella"
        ]
    );
    assert_eq!(
        serde_json::to_string(&HepatitisB).unwrap(),
        "\"hepatitis_b\""
    );
}
