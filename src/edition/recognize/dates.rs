//! Dates in file and folder names: `xuchang-daily-2023-02-28`, `rmrb-20200115`,
//! `19160415-sn83030214`, checked against the calendar.

/// A date at the end of a name: `xuchang-daily-2023-02-28` → `2023-02-28` (also `_`, `.` or no
/// separators: `20230228`).
pub fn find_date(name: &str) -> Option<String> {
    date_at_end(name).map(|(date, _)| date)
}

/// A date at the end or, failing that, at the start of a name, and the rest of the name without
/// it and its separators: `rmrb-20200115` → (`2020-01-15`, `rmrb`), `19160415-sn83030214` →
/// (`1916-04-15`, `sn83030214`), `2023-02-28` → (`2023-02-28`, ``).
pub fn split_date(name: &str) -> Option<(String, &str)> {
    const SEPARATORS: [char; 4] = ['-', '_', '.', ' '];
    if let Some((date, len)) = date_at_end(name) {
        let rest = name[..name.len() - len].trim_end_matches(SEPARATORS);
        return Some((date, rest));
    }
    let (date, len) = date_at_start(name)?;
    Some((date, name[len..].trim_start_matches(SEPARATORS)))
}

/// The date that ends `name` and its length in bytes (10 with separators, 8 without). An
/// 8-digit date must not be the tail of a longer number.
fn date_at_end(name: &str) -> Option<(String, usize)> {
    let bytes = name.as_bytes();
    for len in [10, 8] {
        let Some(start) = bytes.len().checked_sub(len) else {
            continue;
        };
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            continue;
        }
        if let Some(date) = name.get(start..).and_then(parse_date) {
            return Some((date, len));
        }
    }
    None
}

/// The date that opens `name` and its length in bytes.
fn date_at_start(name: &str) -> Option<(String, usize)> {
    let bytes = name.as_bytes();
    for len in [10, 8] {
        if bytes.len() < len || bytes.get(len).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if let Some(date) = name.get(..len).and_then(parse_date) {
            return Some((date, len));
        }
    }
    None
}

/// `2023-02-28`, `2023_02_28`, `2023.02.28` or `20230228`, checked against the calendar.
fn parse_date(candidate: &str) -> Option<String> {
    let b = candidate.as_bytes();
    let separators_ok = match b.len() {
        10 => matches!(b[4], b'-' | b'_' | b'.') && b[7] == b[4],
        8 => true,
        _ => false,
    };
    let digits: String = candidate.chars().filter(char::is_ascii_digit).collect();
    if !separators_ok || digits.len() != 8 {
        return None;
    }
    if b.len() == 8 && !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year: u32 = digits[..4].parse().ok()?;
    let month: u32 = digits[4..6].parse().ok()?;
    let day: u32 = digits[6..].parse().ok()?;
    ((1800..=2999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in(year, month)).contains(&day))
    .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Days in `month` (1–12) of `year`, leap years counted.
pub fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_names() {
        let cases = [
            ("xuchang-daily-2023-02-28", Some("2023-02-28")),
            ("paper_2023_02_28", Some("2023-02-28")),
            ("20230228", Some("2023-02-28")),
            ("2024-02-29", Some("2024-02-29")),
            ("2023-02-29", None),
            ("2023-13-01", None),
            ("000_f409d700cfb95473", None),
            ("日报2023-02-28", Some("2023-02-28")),
            ("sn83030214", None),
            ("x120230228", None),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(find_date(name).as_deref(), want, "name {name:?}");
        }
    }

    #[test]
    fn dates_split_from_names() {
        let cases = [
            ("rmrb-20200115", Some(("2020-01-15", "rmrb"))),
            (
                "xuchang-daily-20230228",
                Some(("2023-02-28", "xuchang-daily")),
            ),
            (
                "xuchang-daily-2023-02-28",
                Some(("2023-02-28", "xuchang-daily")),
            ),
            ("19160415-sn83030214", Some(("1916-04-15", "sn83030214"))),
            ("20230228-gazette", Some(("2023-02-28", "gazette"))),
            ("2023-02-28_gazette", Some(("2023-02-28", "gazette"))),
            ("2023-02-28", Some(("2023-02-28", ""))),
            ("20200115-01-01", Some(("2020-01-15", "01-01"))),
            ("gazette", None),
            ("202302281-x", None),
        ];
        for (name, want) in cases {
            assert_eq!(
                split_date(name),
                want.map(|(d, r)| (d.to_owned(), r)),
                "name {name:?}"
            );
        }
    }
}
