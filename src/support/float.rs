//! Decimal text to `f64`, correctly rounded, as `str::parse::<f64>` reads it (the same grammar:
//! an optional sign, digits with an optional point and exponent, `inf`, `infinity`, `nan`).
//!
//! Core's parser keeps a table of 650 128-bit powers of five for its fast algorithm: 10 KB of
//! data that gzip cannot shrink, plus the code around it, in a module held to a size budget.
//! Most numbers in graph data are short decimals (`7.5`, `0.25`, `1.5e3`), and those are exact
//! here by Clinger's fast path: a significand of at most 53 bits times or divided by an exactly
//! representable power of ten is one correctly rounded operation. The rest (17 significant
//! digits, huge or tiny exponents) go to the host's parser: core's natively, and in the
//! browser or Node JavaScript's `parseFloat`, which is correctly rounded too (V8's and
//! SpiderMonkey's both fall back to big-number arithmetic) and is already in the page.

/// The powers of ten that an `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Significands up to 2^53 are exact in an `f64`.
const MAX_EXACT_SIGNIFICAND: u64 = 1 << 53;

/// Significant digits that fit a `u64` whatever they are.
const MAX_DIGITS: u32 = 19;

/// `text` as a float, `None` where `str::parse::<f64>` would fail.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, unsigned) = split_sign(text);
    let magnitude =
        if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
            f64::INFINITY
        } else if unsigned.eq_ignore_ascii_case("nan") {
            f64::NAN
        } else {
            let decimal = Decimal::read(unsigned)?;
            decimal.exact().unwrap_or_else(|| host_parse(unsigned))
        };
    Some(if negative { -magnitude } else { magnitude })
}

/// Whether `text`, which `parse_f64` reads, is a finite float: what a JSON reader asks of
/// every number with a fraction or an exponent. A value below 10^308 is finite whatever its
/// digits, so only numbers near the largest float or past it are parsed to tell.
pub fn is_finite(text: &str) -> bool {
    match Decimal::read(split_sign(text).1) {
        Some(decimal) if decimal.below_10_to_308() => true,
        _ => parse_f64(text).is_some_and(f64::is_finite),
    }
}

/// Whether `text` starts with a minus, and the rest after its sign.
fn split_sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

/// A decimal literal read as `significand × 10^exponent`, with whether the significand holds
/// every significant digit.
struct Decimal {
    significand: u64,
    /// How many digits `significand` has, leading zeros not counted.
    digits: u32,
    exponent: i64,
    complete: bool,
}

impl Decimal {
    /// Reads `digits [. digits] [e|E [+|-] digits]`, with a digit on at least one side of
    /// the point; `None` for anything else.
    fn read(text: &str) -> Option<Decimal> {
        let bytes = text.as_bytes();
        let mut decimal = Decimal {
            significand: 0,
            digits: 0,
            exponent: 0,
            complete: true,
        };
        let mut at = 0;
        let mut mantissa_digits = 0;
        let mut in_fraction = false;
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b'0'..=b'9' => {
                    mantissa_digits += 1;
                    let digit = u64::from(byte - b'0');
                    let significant = decimal.significand != 0 || digit != 0;
                    if !significant || decimal.digits < MAX_DIGITS {
                        decimal.significand = decimal.significand * 10 + digit;
                        decimal.digits += u32::from(significant);
                        if in_fraction {
                            decimal.exponent -= 1;
                        }
                    } else {
                        // A digit past the ones the significand holds: dropped, it scales
                        // the value in the integer part, and a nonzero one makes it inexact.
                        decimal.complete &= digit == 0;
                        if !in_fraction {
                            decimal.exponent += 1;
                        }
                    }
                }
                b'.' if !in_fraction => in_fraction = true,
                _ => break,
            }
            at += 1;
        }
        if mantissa_digits == 0 {
            return None;
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            let negative = match bytes.get(at) {
                Some(b'-') => {
                    at += 1;
                    true
                }
                Some(b'+') => {
                    at += 1;
                    false
                }
                _ => false,
            };
            let start = at;
            let mut written: i64 = 0;
            while let Some(&byte @ b'0'..=b'9') = bytes.get(at) {
                // Far past any finite or nonzero float: saturating keeps the sum in range.
                written = (written * 10 + i64::from(byte - b'0')).min(1 << 40);
                at += 1;
            }
            if at == start {
                return None;
            }
            decimal.exponent += if negative { -written } else { written };
        }
        (at == bytes.len()).then_some(decimal)
    }

    /// Whether the value is below 10^308: `significand` is below 10^`digits`.
    fn below_10_to_308(&self) -> bool {
        i64::from(self.digits) + self.exponent <= 308
    }

    /// The float, where one exact operation gives it.
    fn exact(&self) -> Option<f64> {
        if self.significand == 0 {
            return Some(0.0);
        }
        if !self.complete || self.significand > MAX_EXACT_SIGNIFICAND {
            return None;
        }
        // Through `try_from`: a cast would wrap an exponent past 2^32 into the table in wasm32.
        let index = usize::try_from(self.exponent.unsigned_abs()).ok()?;
        let power = *EXACT_POWERS_OF_TEN.get(index)?;
        let significand = self.significand as f64;
        Some(if self.exponent < 0 {
            significand / power
        } else {
            significand * power
        })
    }
}

/// A literal `Decimal::read` accepted, parsed by the host.
#[cfg(not(target_arch = "wasm32"))]
fn host_parse(literal: &str) -> f64 {
    literal.parse().unwrap_or(f64::NAN)
}

/// A literal `Decimal::read` accepted, parsed by the host.
#[cfg(target_arch = "wasm32")]
fn host_parse(literal: &str) -> f64 {
    js_sys::parse_float(literal)
}

#[cfg(test)]
mod tests {
    use super::parse_f64;

    fn same(text: &str) {
        let expected = text.parse::<f64>().ok();
        let got = parse_f64(text);
        assert_eq!(
            got.map(f64::to_bits),
            expected.map(f64::to_bits),
            "{text}: {got:?}, core says {expected:?}"
        );
    }

    #[test]
    fn reads_what_core_reads_and_refuses_what_it_refuses() {
        for text in [
            "0",
            "-0",
            "+0",
            "0.0",
            "-0.0",
            "00012",
            "1",
            "1.",
            ".5",
            "-.5",
            "7.5",
            "0.1",
            "0.25",
            "1e3",
            "1E3",
            "1e+3",
            "1.5e-3",
            "123456789012345678",
            "9007199254740992",
            "9007199254740993",
            "0.30000000000000004",
            "1e22",
            "1e23",
            "1e-22",
            "1e-23",
            "4.9e-324",
            "2.5e-324",
            "1e-400",
            "1e400",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072011e-308",
            "12345678901234567890123",
            "0.000000000000000000000000000001",
            "0e999999999999",
            "1e-99999999999999999999",
            "1e4294967301",
            "1e-4294967301",
            "1e18446744073709551621",
            "100000000000000000000000000000000000000000e-20",
            "inf",
            "-Infinity",
            "NaN",
            "infinity",
            "INF",
            "",
            "-",
            "+",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1..2",
            " 1",
            "1 ",
            "0x10",
            "1_000",
            "--1",
            "+-1",
            "1e5.0",
            "infinit",
            "nan1",
            "1f",
        ] {
            same(text);
        }
    }

    #[test]
    fn tells_finite_numbers_from_those_past_the_largest_float() {
        for text in [
            "1.5",
            "-2e307",
            "9.99e307",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "-1.7976931348623158e308",
            "1.7976931348623159e308",
            "1.8e308",
            "1e309",
            "0.0001e312",
            "1e-400",
            "123456789012345678901234e290",
        ] {
            assert_eq!(
                super::is_finite(text),
                text.parse::<f64>().unwrap().is_finite(),
                "{text}"
            );
        }
    }

    #[test]
    fn every_short_decimal_is_exact() {
        // Short decimals take the fast path; each must round as core rounds it.
        for significand in (0..20_000).step_by(7) {
            for exponent in -25..=25 {
                same(&format!("{significand}e{exponent}"));
                same(&format!("{}.{:03}", significand / 1000, significand % 1000));
            }
        }
    }
}
