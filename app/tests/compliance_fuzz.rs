//! No panic on any input: the runner's parsing under arbitrary bytes,
//! arbitrary JSON, and valid files with one field mutated.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use app::vaccinations::compliance::{RunnerError, run};
use proptest::prelude::*;
use serde_json::{Value, json};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
        prop::sample::select(vec![
            "polio",
            "hib",
            "varicella",
            "immunity",
            "postponed",
            "id"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "id",
                    "birth_date",
                    "check_date",
                    "doses",
                    "exemptions",
                    "vaccine",
                    "dose",
                    "date",
                    "kind",
                    "until",
                    "pending_appointment",
                    "in_registry",
                    "x",
                ]),
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

fn valid_pupil() -> Value {
    json!({
        "id": "A1", "birth_date": "2016-02-29", "check_date": "2024-05-10",
        "doses": [
            {"vaccine": "polio", "dose": 1, "date": "2016-06-01"},
            {"vaccine": "measles", "dose": 1, "date": "2017-06-01"}
        ],
        "exemptions": [{"vaccine": "mumps", "kind": "postponed", "until": "2024-05-10"}],
        "pending_appointment": false, "in_registry": true
    })
}

/// Paths (object key or array index) to every node of the valid pupil.
const PATHS: &[&[&str]] = &[
    &["id"],
    &["birth_date"],
    &["check_date"],
    &["doses"],
    &["doses", "0"],
    &["doses", "0", "vaccine"],
    &["doses", "0", "dose"],
    &["doses", "1", "date"],
    &["exemptions"],
    &["exemptions", "0"],
    &["exemptions", "0", "vaccine"],
    &["exemptions", "0", "kind"],
    &["exemptions", "0", "until"],
    &["pending_appointment"],
    &["in_registry"],
];

fn set(value: &mut Value, path: &[&str], new: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = value;
    for key in parents {
        node = match node {
            Value::Object(m) => m.get_mut(*key).unwrap(),
            Value::Array(a) => &mut a[key.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    match (node, new) {
        (Value::Object(m), Some(new)) => {
            m.insert((*last).to_owned(), new);
        }
        (Value::Object(m), None) => {
            m.remove(*last);
        }
        (Value::Array(a), Some(new)) => a[last.parse::<usize>().unwrap()] = new,
        (Value::Array(a), None) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        _ => unreachable!(),
    }
}

/// Whatever `run` returns must be well formed: one line per pupil with two
/// tabs each, or a one-line message naming a position when it is per pupil.
fn check_result(
    result: Result<String, RunnerError>,
    pupils: Option<usize>,
) -> Result<(), TestCaseError> {
    match result {
        Ok(out) => {
            if let Some(n) = pupils {
                prop_assert_eq!(out.lines().count(), n);
            }
            prop_assert!(out.is_empty() || out.ends_with('\n'));
            for line in out.lines() {
                prop_assert_eq!(line.matches('\t').count(), 2, "{:?}", line);
            }
        }
        Err(error) => {
            let message = error.to_string();
            prop_assert!(
                !message.is_empty() && !message.contains('\n'),
                "{:?}",
                message
            );
            if let RunnerError::Field { .. } | RunnerError::PupilNotObject { .. } = error {
                prop_assert!(message.contains("posizione"), "{:?}", message);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_result(run(&bytes), None)?;
    }

    #[test]
    fn arbitrary_json(value in any_json()) {
        let pupils = value.as_array().map(Vec::len);
        check_result(run(value.to_string().as_bytes()), pupils)?;
    }

    #[test]
    fn arbitrary_json_arrays(items in prop::collection::vec(any_json(), 0..4)) {
        let n = items.len();
        check_result(run(Value::Array(items).to_string().as_bytes()), Some(n))?;
    }

    #[test]
    fn one_field_mutated(
        path in prop::sample::select(PATHS.to_vec()),
        new in prop::option::of(any_json()),
    ) {
        let mut pupil = valid_pupil();
        set(&mut pupil, path, new);
        check_result(run(Value::Array(vec![valid_pupil(), pupil]).to_string().as_bytes()), Some(2))?;
    }

    #[test]
    fn valid_file_with_bytes_flipped(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = Value::Array(vec![valid_pupil()]).to_string().into_bytes();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        check_result(run(&bytes), None)?;
        let end = cut.index(bytes.len());
        check_result(run(&bytes[..end]), None)?;
    }
}

#[test]
fn the_valid_template_is_valid() {
    // Born 2016-02-29, aged 8 on 2024-05-10: one polio and one measles dose
    // only, so most doses lack; mumps is postponed until the check day.
    let out = run(Value::Array(vec![valid_pupil()]).to_string().as_bytes()).unwrap();
    assert_eq!(
        out,
        "A1\tnon_in_regola\tpolio:2,polio:3,polio:4,diphtheria:1,diphtheria:2,diphtheria:3,\
         diphtheria:4,tetanus:1,tetanus:2,tetanus:3,tetanus:4,hepatitis_b:1,hepatitis_b:2,\
         hepatitis_b:3,pertussis:1,pertussis:2,pertussis:3,pertussis:4,hib:1,hib:2,hib:3,\
         measles:2,rubella:1,rubella:2\n"
    );
}
