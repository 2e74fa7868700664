use super::*;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[test]
fn ats_lists_are_normalised_and_checked() {
    let form = AtsForm {
        code: " ats-bg ".into(),
        name: "ATS di Bergamo".into(),
        provinces: "bg; mi".into(),
        chief_comuni: "016024, 015146".into(),
        ..Default::default()
    };
    let v = validate_ats(&form).unwrap();
    assert_eq!(
        (
            v.code.as_str(),
            v.provinces.as_str(),
            v.chief_comuni.as_str()
        ),
        ("ATS-BG", "BG,MI", "016024,015146")
    );
    let bad = AtsForm {
        code: "ATS BG".into(),
        provinces: "Bergamo".into(),
        chief_comuni: "16024".into(),
        ..Default::default()
    };
    let errors = validate_ats(&bad).unwrap_err();
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["code", "name", "provinces", "chief_comuni"]);
}

#[test]
fn schools_need_codes_and_places() {
    let ok = IstitutoForm {
        codice: "bgic80000x".into(),
        name: "IC Bergamo".into(),
        ats_id: Some(2),
        comune_belfiore: "a794".into(),
        id: None,
    };
    let v = validate_istituto(&ok).unwrap();
    assert_eq!(
        (v.codice.as_str(), v.comune_belfiore.as_str()),
        ("BGIC80000X", "A794")
    );
    let bad = PlessoForm {
        codice: "BG".into(),
        comune_belfiore: "Bergamo".into(),
        school_type: "liceo".into(),
        ..Default::default()
    };
    let fields: Vec<String> = validate_plesso(&bad)
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        [
            "codice",
            "istituto_id",
            "name",
            "comune_belfiore",
            "address",
            "school_type"
        ]
    );
}

#[test]
fn an_account_needs_the_placement_its_role_needs() {
    assert_eq!(
        parse_placement("istituto:3"),
        Some(PlacementChoice::Istituto(3))
    );
    assert_eq!(parse_placement("scuola:3"), None);
    assert_eq!(parse_placement(""), Some(PlacementChoice::None));
    let mut form = AccountForm {
        username: "Mario.Rossi".into(),
        full_name: "Mario Rossi".into(),
        role: "referente_plesso".into(),
        placement: "istituto:1".into(),
        login: "password".into(),
        ..Default::default()
    };
    let errors = validate_account(&form, today()).unwrap_err();
    assert_eq!(errors.get("placement"), Some("Scegliere il plesso."));
    form.placement = "plesso:2".into();
    let v = validate_account(&form, today()).unwrap();
    assert_eq!(v.username, "mario.rossi");
    assert_eq!(v.placement, PlacementChoice::Plesso(2));
    // SPID-only needs the codice fiscale it will be matched on.
    form.login = "spid".into();
    assert!(
        validate_account(&form, today())
            .unwrap_err()
            .get("codice_fiscale")
            .is_some()
    );
    form.codice_fiscale = "RSSMRA85T10A562S".into();
    assert!(!validate_account(&form, today()).unwrap().with_password);
}
