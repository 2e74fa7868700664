//! The output CSV: `date,series,method,statistic,threshold,alert`.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::NamedSeries;
use crate::absences::alerts::{Method, evaluate};

const OUTPUT_HEADER: [&str; 6] = [
    "date",
    "series",
    "method",
    "statistic",
    "threshold",
    "alert",
];

/// Evaluates every series and writes the output CSV. Written by hand
/// rather than through the csv writer: only the series name can need
/// quoting, and it is quoted once per series with the csv crate's rule.
pub fn render(series: &[NamedSeries]) -> String {
    let rows: usize = series.iter().map(|s| s.series.len() * 4).sum();
    let mut out = String::with_capacity(rows * 48 + 64);
    out.push_str(&OUTPUT_HEADER.join(","));
    out.push('\n');
    let mut date = String::with_capacity(16);
    for s in series {
        let name = csv_field(&s.name);
        let mut last_date: Option<NaiveDate> = None;
        for e in evaluate(&s.series) {
            if last_date != Some(e.date) {
                last_date = Some(e.date);
                date.clear();
                write_iso_date(&mut date, e.date);
            }
            out.push_str(&date);
            out.push(',');
            out.push_str(&name);
            out.push(',');
            out.push_str(e.method.name());
            out.push(',');
            write_statistic(&mut out, e.statistic);
            out.push_str(match e.method {
                Method::C1 | Method::C2 => ",3,",
                Method::C3 | Method::Hlimits => ",2,",
            });
            out.push_str(if e.alert { "1\n" } else { "0\n" });
        }
    }
    out
}

/// A CSV field, quoted (quotes doubled) when it holds a comma, a quote or
/// a line break: the csv crate's `QuoteStyle::Necessary` rule.
fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\r', '\n']) {
        std::borrow::Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `YYYY-MM-DD`; dates come from 4-digit input years, and `Display` covers
/// any other year the same way chrono prints it.
fn write_iso_date(out: &mut String, date: NaiveDate) {
    let year = date.year();
    let _ = if (0..=9999).contains(&year) {
        write!(out, "{year:04}-{:02}-{:02}", date.month(), date.day())
    } else {
        write!(out, "{date}")
    };
}

/// 9 decimals, `inf`/`-inf`, and no negative zero (see the module doc).
fn write_statistic(out: &mut String, x: f64) {
    if x == f64::INFINITY {
        out.push_str("inf");
    } else if x == f64::NEG_INFINITY {
        out.push_str("-inf");
    } else {
        let start = out.len();
        let _ = write!(out, "{x:.9}");
        if out.get(start..) == Some("-0.000000000") {
            out.truncate(start);
            out.push_str("0.000000000");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_print_without_negative_zero() {
        let text = |x: f64| {
            let mut s = String::new();
            write_statistic(&mut s, x);
            s
        };
        assert_eq!(text(0.0), "0.000000000");
        assert_eq!(text(-0.0), "0.000000000");
        assert_eq!(text(-4e-10), "0.000000000");
        assert_eq!(text(-6e-10), "-0.000000001");
        assert_eq!(text(2.5), "2.500000000");
        assert_eq!(text(f64::INFINITY), "inf");
        assert_eq!(text(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn csv_fields_quoted_only_when_needed() {
        assert_eq!(csv_field("A"), "A");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    }
}
