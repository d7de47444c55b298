//! ISO 8601 dates as JavaScript's `Date.parse` and the JupiterOne API read them, for both
//! dialects: `2024-05-01`, `2024-05-01T10:00`, seconds, fractions, `Z` or a `±hh:mm` offset
//! (none is UTC). Every field is range-checked: `2024-02-31` and `T25:99` are no dates.

/// Epoch milliseconds of an ISO 8601 date or date-time, `None` when it is none.
pub fn parse_iso(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let mut millis = days_from_civil(year, month, day) * 86_400_000;
    if b.len() == 10 {
        return Some(millis);
    }
    if !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let (hours, minutes) = (digits(11..13)?, digits(14..16)?);
    if b.get(13) != Some(&b':') || hours > 23 || minutes > 59 {
        return None;
    }
    millis += (hours * 60 + minutes) * 60_000;
    let mut at = 16;
    if b.get(at) == Some(&b':') {
        let seconds = digits(at + 1..at + 3)?;
        if seconds > 59 {
            return None;
        }
        millis += seconds * 1000;
        at += 3;
        if b.get(at) == Some(&b'.') {
            let count = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if count == 0 {
                return None;
            }
            // Milliseconds: the first three digits, padded (`.5` is 500).
            let fraction = (0..3).fold(0, |ms, i| {
                let digit = if i < count {
                    i64::from(b[at + 1 + i] - b'0')
                } else {
                    0
                };
                ms * 10 + digit
            });
            millis += fraction;
            at += 1 + count;
        }
    }
    match &b[at..] {
        [] | [b'Z'] => Some(millis),
        [sign @ (b'+' | b'-'), ..] if b.len() == at + 6 && b[at + 3] == b':' => {
            let (hours, minutes) = (digits(at + 1..at + 3)?, digits(at + 4..at + 6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = (hours * 60 + minutes) * 60_000;
            Some(if *sign == b'+' {
                millis - offset
            } else {
                millis + offset
            })
        }
        _ => None,
    }
}

/// An epoch-milliseconds instant as an ISO 8601 UTC date-time to the second
/// (`2024-05-01T00:00:00Z`).
pub fn format_iso_seconds(millis: i64) -> String {
    let (year, month, day) = civil_from_days(millis.div_euclid(86_400_000));
    let in_day = millis.rem_euclid(86_400_000) / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (the inverse of
/// `days_from_civil`, from the same algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_parse() {
        assert_eq!(parse_iso("1970-01-01"), Some(0));
        assert_eq!(parse_iso("2024-11-01T00:00:00Z"), Some(1_730_419_200_000));
        assert_eq!(
            parse_iso("2024-11-01T02:00:00.5+02:00"),
            Some(1_730_419_200_500)
        );
        assert_eq!(
            parse_iso("2024-11-01 00:00:00.123456Z"),
            Some(1_730_419_200_123)
        );
        assert_eq!(parse_iso("2000-02-29T12:30"), Some(951_827_400_000));
        assert_eq!(parse_iso("2024-02-29"), Some(1_709_164_800_000));
    }

    #[test]
    fn fields_out_of_range_are_no_dates() {
        for text in [
            "2024-02-31T25:99",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-01-01T24:00",
            "2024-01-01T23:60",
            "2024-01-01T23:59:60Z",
            "2024-01-01T10:00+24:00",
            "2024-01-01T10:00+02:60",
        ] {
            assert_eq!(parse_iso(text), None, "{text}");
        }
    }

    #[test]
    fn malformed_text_is_no_date() {
        for text in [
            "yesterday",
            "2024-1-01",
            "2024-01-01T1a:00",
            "2024-01-01T+1:00",
            "2024-01-01T10:00:00.",
            "2024-01-01T10:00:00Zulu",
            "2024-01-01T10:00+0200",
            "2024-01-01X",
            "+024-01-01",
        ] {
            assert_eq!(parse_iso(text), None, "{text}");
        }
    }

    #[test]
    fn instants_read_back_as_dates() {
        assert_eq!(format_iso_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            format_iso_seconds(1_714_521_600_000),
            "2024-05-01T00:00:00Z"
        );
        assert_eq!(format_iso_seconds(-1), "1969-12-31T23:59:59Z");
        for text in [
            "1999-12-31T23:59:59Z",
            "2024-02-29T08:05:09Z",
            "2100-03-01T00:00:00Z",
        ] {
            assert_eq!(format_iso_seconds(parse_iso(text).unwrap()), text);
        }
    }
}
