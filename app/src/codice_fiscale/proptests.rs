//! Property tests: the encoder and the parser agree, single-character
//! changes are caught, and nothing panics.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::tests::oracle_check;
use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// Long-lived comuni and countries, all in any Belfiore set.
const PLACES: [&str; 12] = [
    "H501", "F205", "L219", "F839", "A944", "D612", "A562", "Z404", "Z112", "Z133", "Z210", "Z600",
];

fn person() -> impl Strategy<Value = (String, String, NaiveDate, Sex, &'static str)> {
    let surname = "[A-Za-zàèéìòùÀÈ' ]{0,10}[A-Za-z][A-Za-z ]{0,6}";
    let name = "[A-Za-zàèéìòù ]{0,10}[A-Za-z][a-z]{0,6}";
    // Years the century rule maps back to themselves: today's and the 99
    // before it.
    let year = (today().year() - 99)..=today().year();
    let date = (year, 1u32..=366)
        .prop_filter_map("day of year", |(y, doy)| NaiveDate::from_yo_opt(y, doy));
    let sex = prop_oneof![Just(Sex::M), Just(Sex::F)];
    (surname, name, date, sex, prop::sample::select(&PLACES[..]))
}

/// The oracle's normalisation: drop whitespace, upper-case ASCII.
fn oracle_normalise(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Value of a digit or omocodia letter, per DESIGN.md.
fn digit_value(c: char) -> Option<u32> {
    c.to_digit(10)
        .or_else(|| "LMNPQRSTUV".find(c).map(|i| i as u32))
}

/// True when `candidate` is a valid spelling of the same code as the valid
/// `original`: 16 characters, equal everywhere except that a digit position
/// may swap between a digit and an omocodia letter of the same value, and
/// the 16th letter is the check letter of the first 15.
fn same_code_spelt_validly(original: &str, candidate: &str) -> bool {
    let a = oracle_normalise(original);
    let b = oracle_normalise(candidate);
    if b.len() != 16 {
        return false;
    }
    let digit_positions = [6, 7, 9, 10, 12, 13, 14];
    let positions_ok = (0..15).all(|i| {
        a[i] == b[i]
            || (digit_positions.contains(&i)
                && digit_value(a[i]).is_some()
                && digit_value(a[i]) == digit_value(b[i]))
    });
    let first15: String = b[..15].iter().collect();
    positions_ok && oracle_check(&first15) == b[15]
}

/// A replacement character: anything, or one likely to fool a validator.
fn replacement() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>(),
        prop::sample::select(
            "0123456789LMNPQRSTUVABCDEFGHIJKWXYZabclmnv -"
                .chars()
                .collect::<Vec<_>>()
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn encoded_codes_validate_and_decode_back(
        (surname, name, date, sex, place) in person(),
        mask in 0u8..128,
    ) {
        let code = encode(&surname, &name, date, sex, place).unwrap();
        prop_assert_eq!(code.len(), 16);
        prop_assert_eq!(oracle_check(&code[..15]), code.chars().nth(15).unwrap());
        let cf = parse(&code, today()).unwrap();
        prop_assert_eq!(cf.as_str(), code.as_str());
        prop_assert_eq!(cf.birth_date(), date);
        prop_assert_eq!(cf.sex(), sex);
        prop_assert_eq!(cf.belfiore().as_str(), place);
        prop_assert_eq!(cf.is_foreign(), place.starts_with('Z'));
        prop_assert!(!cf.is_omocode());
        let data = PersonData {
            surname: Some(&surname),
            name: Some(&name),
            birth_date: Some(date),
            sex: Some(sex),
            belfiore: Some(place),
        };
        prop_assert_eq!(check_consistency(&cf, &data), vec![]);

        // Any omocode pattern decodes to the same person.
        let variant = cf.with_omocode_mask(mask);
        let parsed = parse(variant.as_str(), today()).unwrap();
        prop_assert_eq!(parsed, variant);
        prop_assert_eq!(parsed.omocode_mask(), mask);
        prop_assert_eq!(parsed.is_omocode(), mask != 0);
        prop_assert_eq!(parsed.canonical(), cf);
        prop_assert_eq!(parsed.birth_date(), date);
        prop_assert_eq!(parsed.sex(), sex);
        prop_assert_eq!(parsed.belfiore(), cf.belfiore());
        prop_assert!(same_code_spelt_validly(&code, parsed.as_str()));
        prop_assert_eq!(check_consistency(&parsed, &data), vec![]);

        // And survives the trip to the browser.
        let json = serde_json::to_string(&parsed).unwrap();
        prop_assert_eq!(serde_json::from_str::<CodiceFiscale>(&json).unwrap(), parsed);
    }

    /// A single-character change is accepted exactly when the result is
    /// still a valid spelling of the same code (see the unit test
    /// `every_single_substitution_is_refused_except_case` for why that
    /// reduces to a change of letter case).
    #[test]
    fn single_character_changes_are_caught(
        (surname, name, date, sex, place) in person(),
        mask in 0u8..128,
        pos in 0usize..16,
        with in replacement(),
    ) {
        let cf = parse(&encode(&surname, &name, date, sex, place).unwrap(), today())
            .unwrap()
            .with_omocode_mask(mask);
        let original = cf.as_str();
        let mutated: String = original
            .chars()
            .enumerate()
            .map(|(i, c)| if i == pos { with } else { c })
            .collect();
        let accepted = parse(&mutated, today());
        prop_assert_eq!(accepted.is_ok(), same_code_spelt_validly(original, &mutated), "{}", mutated);
        if let Ok(other) = accepted {
            prop_assert_eq!(other.canonical(), cf.canonical());
            // By the argument in the unit test, only case can have changed.
            prop_assert_eq!(other.as_str(), original);
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        exercise(&s);
    }

    #[test]
    fn near_codes_never_panic_and_agree_with_the_oracle(
        s in "[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]",
    ) {
        exercise(&s);
        if let Ok(cf) = parse(&s, today()) {
            prop_assert_eq!(oracle_check(&s[..15]), s.chars().nth(15).unwrap());
            let canon = cf.canonical();
            let c = canon.as_str();
            let day: u32 = c[9..11].parse().unwrap();
            prop_assert_eq!(cf.birth_date().day(), day % 40);
            prop_assert_eq!(cf.sex() == Sex::F, day > 40);
            prop_assert_eq!(cf.belfiore().as_str(), &c[11..15]);
        }
    }

    #[test]
    fn code_like_strings_never_panic(s in "[ A-Za-z0-9\t\u{a0}àÀ]{0,24}") {
        exercise(&s);
    }
}

/// Calls every entry point; panics are the failure.
fn exercise(s: &str) {
    let t = today();
    let _ = parse(s, t);
    let _ = parse_fiscal_id(s, t, Accept::ALL);
    let _ = parse_fiscal_id(s, t, Accept::PERSONAL);
    let _ = TemporaryCode::parse(s);
    let _ = StpEniCode::parse(s);
    let _ = BelfioreCode::parse(s);
    let line = cli::check_line(s, t);
    assert!(!line.contains('\n'), "{line:?}");
    let columns = line.split('\t').count();
    assert!(
        (line.starts_with("OK\t") && (columns == 3 || columns == 5))
            || (line.starts_with("ERR\t") && columns == 3),
        "{line:?}"
    );
    let _ = encode(s, s, t, Sex::F, s);
    let _ = surname_letters(s);
    let _ = name_letters(s);
    if let Ok(cf) = parse(s, t) {
        let data = PersonData {
            surname: Some(s),
            name: Some(s),
            birth_date: Some(t),
            sex: Some(Sex::M),
            belfiore: Some(s),
        };
        let _ = check_consistency(&cf, &data);
    }
}
