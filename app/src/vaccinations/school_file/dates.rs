//! Dates as both LOVS files write them, read quickly.

use chrono::NaiveDate;

use crate::validation::dates::{DateError, parse_date_it};

/// [`parse_date_it`], with its commonest spelling (`dd/mm/yyyy`, a real
/// day) read directly: a file of a million rows holds a few million dates.
/// Anything else, and every error, is [`parse_date_it`]'s own answer.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    if let [d1, d2, b'/', m1, m2, b'/', y1, y2, y3, y4] = *text.as_bytes() {
        let digits = [d1, d2, m1, m2, y1, y2, y3, y4];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |bytes: &[u8]| {
                bytes
                    .iter()
                    .fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'))
            };
            let year = n(&[y1, y2, y3, y4]);
            // parse_date_it refuses years before 1000.
            if year >= 1000
                && let Ok(year) = i32::try_from(year)
                && let Some(date) = NaiveDate::from_ymd_opt(year, n(&[m1, m2]), n(&[d1, d2]))
            {
                return Ok(date);
            }
        }
    }
    parse_date_it(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_answers_as_parse_date_it() {
        let mut texts: Vec<String> = Vec::new();
        for year in [
            "0999", "1000", "1900", "2000", "2019", "2020", "2023", "2024", "2100", "9999",
        ] {
            for month in 0..=13 {
                for day in 0..=32 {
                    texts.push(format!("{day:02}/{month:02}/{year}"));
                }
            }
        }
        texts.extend(
            [
                "",
                " 01/02/2020",
                "01/02/2020 ",
                "1/2/2020",
                "01/02/20",
                "2020-01-02",
                "01-02-2020",
                "01.02.2020",
                "aa/bb/cccc",
                "01/02/2O20",
                "01/0202020",
                "+1/02/2020",
                "01/02/+020",
                "٠١/٠٢/٢٠٢٠",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(parse_date(text), parse_date_it(text), "{text:?}");
        }
    }
}
