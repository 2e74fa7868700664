use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 24);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

fn good() -> DelegationForm {
    DelegationForm {
        // The code used throughout the codice fiscale tests (Mario Rossi,
        // 10/12/1985, Bagni di Lucca A562), check letter S.
        codice_fiscale: " rssmra85t10a562s ".into(),
        full_name: "  Mario   Rossi ".into(),
        email: "Mario.Rossi@Scuola.IT".into(),
        cases: Some("on".into()),
        absences: Some("on".into()),
        start_date: "24/11/2026".into(),
        end_date: "31/12/2026".into(),
        ..Default::default()
    }
}

#[test]
fn a_good_form_is_normalised() {
    let v = validate(&good(), today()).unwrap();
    assert_eq!(v.codice_fiscale, "RSSMRA85T10A562S");
    assert_eq!(v.full_name, "Mario Rossi");
    // The domain is lower-cased, the local part kept.
    assert_eq!(v.email, "Mario.Rossi@scuola.it");
    assert_eq!(v.modules, [Module::Cases, Module::Absences]);
    assert_eq!(
        (v.start_date, v.end_date),
        (d(2026, 11, 24), d(2026, 12, 31))
    );
}

#[test]
fn every_bad_field_gets_its_own_message() {
    let form = DelegationForm {
        codice_fiscale: "RSSMRA85T10A562X".into(),
        full_name: "   ".into(),
        email: "mario.rossi.scuola.it".into(),
        start_date: "23/11/2026".into(),
        end_date: "31/02/2027".into(),
        ..Default::default()
    };
    let errors = validate(&form, today()).unwrap_err();
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            CODICE_FISCALE,
            FULL_NAME,
            EMAIL,
            MODULES,
            START_DATE,
            END_DATE
        ]
    );
    assert!(
        errors.get(CODICE_FISCALE).unwrap().contains('S'),
        "{errors:?}"
    );
    assert!(
        errors.get(START_DATE).unwrap().contains("24/11/2026"),
        "{errors:?}"
    );
    // February 2027 has 28 days.
    assert!(
        errors.get(END_DATE).unwrap().contains("28 giorni"),
        "{errors:?}"
    );
}

#[test]
fn end_before_start_and_temporary_codes_are_refused() {
    let mut form = good();
    form.start_date = "10/12/2026".into();
    form.end_date = "09/12/2026".into();
    let errors = validate(&form, today()).unwrap_err();
    assert_eq!(
        errors.get(END_DATE),
        Some("La data di fine non può essere precedente alla data di inizio.")
    );
    assert_eq!(errors.0.len(), 1);

    // A delegate is a person with a personal codice fiscale.
    let mut form = good();
    form.codice_fiscale = "12345678903".into();
    assert!(
        validate(&form, today())
            .unwrap_err()
            .get(CODICE_FISCALE)
            .is_some()
    );
    // A one-day delegation for today is fine.
    let mut form = good();
    form.end_date = "24/11/2026".into();
    assert!(validate(&form, today()).is_ok());
}

#[test]
fn states_on_the_boundaries() {
    let (s, e) = (d(2026, 12, 1), d(2026, 12, 31));
    assert_eq!(
        DelegationState::of(s, e, None, d(2026, 11, 30)),
        DelegationState::Futura
    );
    assert_eq!(DelegationState::of(s, e, None, s), DelegationState::Attiva);
    assert_eq!(DelegationState::of(s, e, None, e), DelegationState::Attiva);
    assert_eq!(
        DelegationState::of(s, e, None, d(2027, 1, 1)),
        DelegationState::Scaduta
    );
    assert_eq!(
        DelegationState::of(s, e, Some(d(2026, 12, 5)), d(2026, 12, 5)),
        DelegationState::Revocata
    );
    assert!(DelegationState::Futura.revocable());
    assert!(!DelegationState::Scaduta.revocable());
}

fn facts(
    modules: &[Module],
    start: NaiveDate,
    end: NaiveDate,
    revoked: Option<NaiveDate>,
) -> DelegationFacts {
    DelegationFacts {
        principal_account_id: 7,
        modules: modules.to_vec(),
        start_date: start,
        end_date: end,
        revoked_on: revoked,
    }
}

#[test]
fn grants_pick_the_standing_that_matters() {
    let rows = [
        // Vaccinations: expired on 31/10, then a new one from 01/11 to 31/12.
        facts(
            &[Module::Vaccinations],
            d(2026, 9, 1),
            d(2026, 10, 31),
            None,
        ),
        facts(
            &[Module::Vaccinations, Module::Cases],
            d(2026, 11, 1),
            d(2026, 12, 31),
            None,
        ),
        // Removals: expired 30/06, then revoked 20/11: the revocation is later.
        facts(&[Module::Removals], d(2026, 1, 1), d(2026, 6, 30), None),
        facts(
            &[Module::Removals],
            d(2026, 9, 1),
            d(2027, 6, 30),
            Some(d(2026, 11, 20)),
        ),
        // Absences: only a future one.
        facts(&[Module::Absences], d(2027, 1, 7), d(2027, 6, 30), None),
    ];
    let g = grants(&rows, today());
    assert_eq!(g.standing(Module::Vaccinations), Some(Standing::Granted));
    assert_eq!(g.standing(Module::Cases), Some(Standing::Granted));
    assert_eq!(
        g.standing(Module::Removals),
        Some(Standing::Revoked(d(2026, 11, 20)))
    );
    assert_eq!(
        g.standing(Module::Absences),
        Some(Standing::NotYet(d(2027, 1, 7)))
    );
    assert_eq!(g.principal_account_id, Some(7));

    // The day after the end: expired; still recorded for the principal of
    // the latest delegation (here another one, 9).
    let mut late = rows[1].clone();
    late.principal_account_id = 9;
    let g = grants(&[rows[0].clone(), late], d(2027, 1, 1));
    assert_eq!(
        g.standing(Module::Cases),
        Some(Standing::Expired(d(2026, 12, 31)))
    );
    assert_eq!(g.principal_account_id, Some(9));
    assert_eq!(grants(&[], today()), DelegationGrants::default());
}
