//! Tests of the places module against the real `data/places.csv`.
//! Expected values come from the source files (see data/SOURCES.md), read by
//! hand, not from this code.

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::*;

const PLACES_CSV: &str = include_str!("../../../data/places.csv");

fn places() -> &'static [Place] {
    static PLACES: OnceLock<Vec<Place>> = OnceLock::new();
    PLACES.get_or_init(|| parse_places_csv(PLACES_CSV).unwrap())
}

/// ATS Città Metropolitana di Milano: Milano (015146) and Lodi (098031).
fn chiefs() -> Vec<String> {
    vec!["015146".to_string(), "098031".to_string()]
}

fn names(found: &[&Place]) -> Vec<String> {
    found.iter().map(|p| p.label()).collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn real_file_loads_completely() {
    let all = places();
    // build_reference.py reported 19,567 rows: 7,894 current comuni, 222 countries.
    assert_eq!(all.len(), 19_567);
    let current_comuni = all
        .iter()
        .filter(|p| p.kind == PlaceKind::Comune && p.current)
        .count();
    assert_eq!(current_comuni, 7_894);
    assert_eq!(
        all.iter().filter(|p| p.kind == PlaceKind::Country).count(),
        222
    );
    let milano = lookup_belfiore(all, "F205", None).unwrap();
    assert_eq!(milano.istat.as_deref(), Some("015146"));
    assert_eq!(milano.region.as_deref(), Some("Lombardia"));
    assert_eq!(milano.valid_from, Some(day(1997, 7, 26)));
    assert_eq!(milano.valid_to, None);
}

#[test]
fn empty_query_gives_the_chief_comuni_in_order() {
    assert_eq!(
        names(&search(places(), "", &chiefs(), 10)),
        ["Milano (MI)", "Lodi (LO)"]
    );
    assert_eq!(
        names(&search(places(), "   ", &chiefs(), 10)),
        ["Milano (MI)", "Lodi (LO)"]
    );
    assert!(search(places(), "", &[], 10).is_empty());
}

#[test]
fn chief_comune_goes_first_then_alphabetical() {
    // Names starting with "lodi": Lodi (chief), "Lodi Vecchio", "Lodine":
    // ' ' sorts before 'n'. Lodè folds to "lode" and does not match.
    let found = search(places(), "lodi", &chiefs(), 3);
    assert_eq!(
        names(&found),
        ["Lodi (LO)", "Lodi Vecchio (LO)", "Lodine (NU)"]
    );
    // "mi": Milano first although "Miagliano" (BI) sorts before it.
    let found = search(places(), "mi", &chiefs(), 50);
    assert_eq!(found[0].label(), "Milano (MI)");
    assert_eq!(found[1].label(), "Miagliano (BI)");
    assert!(found.iter().skip(1).all(|p| p.name != "Milano"));
}

#[test]
fn sesto_lists_every_sesto_alphabetically() {
    // Current comuni starting with "sesto" in data/places.csv, sorted by hand
    // on folded names ("sesto" < "sesto al…" < "sesto cal…" < "sesto cam…").
    let found = search(places(), "sesto", &chiefs(), 8);
    assert_eq!(
        names(&found),
        [
            "Sesto (BZ)",
            "Sesto al Reghena (PN)",
            "Sesto Calende (VA)",
            "Sesto Campano (IS)",
            "Sesto ed Uniti (CR)",
            "Sesto Fiorentino (FI)",
            "Sesto San Giovanni (MI)",
            "Sestola (MO)",
        ]
    );
}

#[test]
fn reggio_finds_both_reggio() {
    let found = search(places(), "Reggio", &chiefs(), 3);
    assert_eq!(
        names(&found),
        [
            "Reggio di Calabria (RC)",
            "Reggio nell'Emilia (RE)",
            "Reggiolo (RE)"
        ]
    );
}

#[test]
fn case_and_accents_are_ignored() {
    // "forli" < "forli del sannio" < "forlimpopoli"
    let expected = ["Forlì (FC)", "Forlì del Sannio (IS)", "Forlimpopoli (FC)"];
    assert_eq!(names(&search(places(), "forli", &chiefs(), 3)), expected);
    assert_eq!(names(&search(places(), "FORLÌ", &chiefs(), 3)), expected);
    assert_eq!(names(&search(places(), "  Forlì ", &chiefs(), 3)), expected);
}

#[test]
fn later_words_and_apostrophes_match_after_name_prefixes() {
    let found = search(places(), "giovanni", &chiefs(), 200);
    assert!(names(&found).contains(&"Sesto San Giovanni (MI)".to_string()));
    let found = search(places(), "sant angelo lod", &chiefs(), 5);
    assert_eq!(names(&found), ["Sant'Angelo Lodigiano (LO)"]);
    let found = search(places(), "sant'angelo lodigiano", &chiefs(), 5);
    assert_eq!(names(&found), ["Sant'Angelo Lodigiano (LO)"]);
    // "emilia" is a later word of "Reggio nell'Emilia".
    let found = search(places(), "emilia", &chiefs(), 50);
    assert!(found.iter().any(|p| p.belfiore == "H223"));
}

#[test]
fn suppressed_comuni_and_countries_are_not_offered() {
    // Ronago (H521) merged into Uggiate con Ronago (M435) on 2024-01-01.
    let found = search(places(), "ronago", &chiefs(), 50);
    assert!(found.iter().all(|p| p.belfiore != "H521"));
    assert!(found.iter().any(|p| p.belfiore == "M435"));
    // Quero Vas (M332) was merged into Setteville in 2024.
    assert!(
        search(places(), "quero", &chiefs(), 50)
            .iter()
            .all(|p| p.belfiore != "M332")
    );
    for q in ["stati uniti", "albania", "francia"] {
        assert!(
            search(places(), q, &chiefs(), 50)
                .iter()
                .all(|p| p.kind == PlaceKind::Comune && p.current)
        );
    }
}

#[test]
fn limit_is_respected() {
    assert_eq!(search(places(), "s", &chiefs(), 5).len(), 5);
    assert!(search(places(), "s", &chiefs(), 0).is_empty());
    assert!(search(places(), "", &chiefs(), 1).len() == 1);
    assert!(search(places(), "zzzz", &chiefs(), 10).is_empty());
}

#[test]
fn lookup_picks_the_record_valid_on_the_date() {
    let all = places();
    // Montecopiolo moved from Pesaro-Urbino (PU, Marche) to Rimini (RN) on
    // 2021-06-17; its ISTAT code on 2020-01-01 was 041033.
    let before = lookup_belfiore(all, "F478", Some(day(2020, 1, 1))).unwrap();
    assert_eq!(before.province.as_deref(), Some("PU"));
    assert_eq!(before.istat.as_deref(), Some("041033"));
    assert!(!before.current);
    let last_day_pu = lookup_belfiore(all, "F478", Some(day(2021, 6, 16))).unwrap();
    assert_eq!(last_day_pu.province.as_deref(), Some("PU"));
    let after = lookup_belfiore(all, "F478", Some(day(2021, 6, 17))).unwrap();
    assert_eq!(after.province.as_deref(), Some("RN"));
    assert_eq!(after.region.as_deref(), Some("Emilia-Romagna"));
    assert_eq!(lookup_belfiore(all, "F478", None), Some(after));
    // Milano in 1950: the period 1932-10-21 .. 1962-12-29.
    let milano_1950 = lookup_belfiore(all, "F205", Some(day(1950, 6, 1))).unwrap();
    assert_eq!(milano_1950.valid_from, Some(day(1932, 10, 21)));
    assert_eq!(milano_1950.valid_to, Some(day(1962, 12, 29)));
}

#[test]
fn lookup_falls_back_to_current_then_latest() {
    let all = places();
    // Before Milano's first record (1873): the current record.
    let early = lookup_belfiore(all, "F205", Some(day(1800, 1, 1))).unwrap();
    assert!(early.current);
    // Ronago no longer exists: its latest record, ending 2023-12-31.
    let ronago = lookup_belfiore(all, "H521", None).unwrap();
    assert!(!ronago.current);
    assert_eq!(ronago.valid_to, Some(day(2023, 12, 31)));
    assert_eq!(ronago.label(), "Ronago (CO)");
    let ronago_today = lookup_belfiore(all, "H521", Some(day(2026, 11, 24))).unwrap();
    assert_eq!(ronago_today, ronago);
    // Case and blanks are ignored; unknown codes give nothing.
    assert_eq!(
        lookup_belfiore(all, " f205 ", None).unwrap().label(),
        "Milano (MI)"
    );
    assert_eq!(lookup_belfiore(all, "M999", None), None);
    assert_eq!(lookup_belfiore(all, "", None), None);
}

#[test]
fn countries_are_looked_up_and_labelled_without_province() {
    let usa = lookup_belfiore(places(), "Z404", None).unwrap();
    assert_eq!(usa.kind, PlaceKind::Country);
    assert_eq!(usa.label(), "Stati Uniti d'America");
    // Czechoslovakia ended on 1993-01-01.
    let cs = lookup_belfiore(places(), "Z105", Some(day(1980, 1, 1))).unwrap();
    assert_eq!(cs.name, "Cecoslovacchia");
    assert!(!cs.current);
    assert_eq!(cs.valid_to, Some(day(1993, 1, 1)));
}

#[test]
fn place_serializes_with_lowercase_kind() {
    let milano = lookup_belfiore(places(), "F205", None).unwrap();
    let json = serde_json::to_value(milano).unwrap();
    assert_eq!(json["kind"], "comune");
    assert_eq!(json["belfiore"], "F205");
    assert_eq!(json["valid_from"], "1997-07-26");
    assert_eq!(json["valid_to"], serde_json::Value::Null);
    let back: Place = serde_json::from_value(json).unwrap();
    assert_eq!(&back, milano);
}
