//! Mean, sample standard deviation and the standardised statistic with the
//! zero-variance rule of ALERTS.md, shared by C1, C2, C3 and HLIMITS.

/// Below this the standard deviation counts as zero (ALERTS.md, "In f64").
pub const ZERO_SD: f64 = 1e-12;
/// Within this a rate counts as equal to the baseline mean (ALERTS.md).
pub const EQUAL_TOLERANCE: f64 = 1e-12;

/// A rate kept both as the exact fraction `num / den` (for the exact
/// equality test of the zero-variance rule) and as its `f64` value.
///
/// Counts stay below `7 * MAX_COUNT` (< 2^43), so cross products fit `u128`
/// with room to spare and the `f64` values of the counts are exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio {
    num: u64,
    den: u64,
    value: f64,
}

impl Ratio {
    /// `None` when the denominator is zero: a rate needs someone enrolled.
    pub fn new(num: u64, den: u64) -> Option<Self> {
        if den == 0 {
            return None;
        }
        Some(Self {
            num,
            den,
            value: num as f64 / den as f64,
        })
    }

    /// For callers that already guarantee `den > 0` (a zero `den` would
    /// give an infinite or NaN value, never a panic).
    pub(crate) fn from_parts(num: u64, den: u64) -> Self {
        Self {
            num,
            den,
            value: num as f64 / den as f64,
        }
    }

    pub fn numerator(&self) -> u64 {
        self.num
    }

    pub fn denominator(&self) -> u64 {
        self.den
    }

    /// The rate as `f64` (the correctly rounded quotient).
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Exact equality of the fractions (15/300 equals 16/320), by
    /// cross-multiplication.
    pub fn same_fraction(&self, other: &Ratio) -> bool {
        u128::from(self.num) * u128::from(other.den) == u128::from(other.num) * u128::from(self.den)
    }
}

/// Arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(values.iter().sum::<f64>() / values.len() as f64)
}

/// Sample standard deviation (divisor n - 1, two passes); `None` below two
/// values.
pub fn sample_sd(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let m = mean(values)?;
    let squares: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    Some((squares / (values.len() - 1) as f64).sqrt())
}

/// `(current - mean(baseline)) / sd(baseline)` with the zero-variance rule:
/// when the baseline rates are all equal (exactly as fractions, or with
/// `sd < 1e-12`) the result is `+inf` above the mean, `0` equal to it
/// (exactly, or within `1e-12`) and `-inf` below. `None` when the baseline
/// has fewer than two values (no sample sd).
///
/// Computed directly on each window (no rolling sums), so a statistic
/// depends only on its own window, never on rounding carried from history.
pub fn standardized(current: Ratio, baseline: &[Ratio]) -> Option<f64> {
    let n = baseline.len();
    if n < 2 {
        return None;
    }
    let count = n as f64;
    let m = baseline.iter().map(|r| r.value).sum::<f64>() / count;
    let squares: f64 = baseline.iter().map(|r| (r.value - m) * (r.value - m)).sum();
    let sd = (squares / (count - 1.0)).sqrt();
    let first = baseline.first()?;
    let exactly_flat = baseline.iter().all(|r| r.same_fraction(first));
    if exactly_flat || sd < ZERO_SD {
        let equal = (exactly_flat && current.same_fraction(first))
            || (current.value - m).abs() <= EQUAL_TOLERANCE;
        return Some(if equal {
            0.0
        } else if current.value > m {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        });
    }
    Some((current.value - m) / sd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(num: u64, den: u64) -> Ratio {
        Ratio::new(num, den).unwrap()
    }

    #[test]
    fn ratio_needs_a_denominator() {
        assert!(Ratio::new(1, 0).is_none());
        assert_eq!(r(1, 4).value(), 0.25);
    }

    #[test]
    fn same_fraction_is_exact() {
        assert!(r(15, 300).same_fraction(&r(16, 320)));
        assert!(!r(15, 300).same_fraction(&r(16, 321)));
        assert!(r(0, 7).same_fraction(&r(0, 9)));
    }

    #[test]
    fn mean_and_sample_sd_by_hand() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32,
        // sample variance 32/7.
        let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&v), Some(5.0));
        let sd = sample_sd(&v).unwrap();
        assert!((sd - (32.0f64 / 7.0).sqrt()).abs() < 1e-15);
        assert_eq!(mean(&[]), None);
        assert_eq!(sample_sd(&[1.0]), None);
    }

    #[test]
    fn standardized_zero_variance_rule() {
        let flat = [r(15, 300), r(16, 320), r(5, 100)];
        assert_eq!(standardized(r(1, 20), &flat), Some(0.0));
        assert_eq!(standardized(r(2, 20), &flat), Some(f64::INFINITY));
        assert_eq!(standardized(r(0, 20), &flat), Some(f64::NEG_INFINITY));
        assert_eq!(standardized(r(0, 20), &flat[..1]), None);
    }

    #[test]
    fn standardized_by_hand() {
        // Baseline 0.1, 0.2, 0.3: mean 0.2, sample sd 0.1; current 0.5
        // gives (0.5 - 0.2) / 0.1 = 3.
        let z = standardized(r(5, 10), &[r(1, 10), r(2, 10), r(3, 10)]).unwrap();
        assert!((z - 3.0).abs() < 1e-12);
    }
}
