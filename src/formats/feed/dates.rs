//! An item's edition date, in the feed's own offset: the wall-clock time a timestamp was
//! written with, and a date in the article's link (`/202608/21/`, `_20260821_`).

use crate::edition::recognize::find_date;

/// `Fri, 21 Aug 2026 07:30:00 +0800`, `2026-08-21T07:30:00+08:00` or `2026年8月21日 07:30` →
/// `2026-08-21T07:30:00Z`: the wall-clock time as written, whatever the offset, so the date is
/// the feed's own.
pub(super) fn wall_clock(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut numbers: Vec<&str> = Vec::new();
    let mut month_word = None;
    let mut first_is_year = None;
    for token in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if token.is_empty() {
            continue;
        }
        if token.bytes().all(|b| b.is_ascii_digit()) {
            first_is_year.get_or_insert(token.len() == 4);
            numbers.push(token);
        } else if token.bytes().all(|b| b.is_ascii_alphabetic()) {
            let lower = token.to_ascii_lowercase();
            if month_word.is_none() && numbers.len() < 3 {
                month_word = MONTHS
                    .iter()
                    .position(|m| lower.starts_with(m))
                    .map(|m| m + 1);
            }
        } else if let Some(digits) = token.strip_suffix(['T', 't'])
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            // `21T07` never happens after splitting on `-`/`:`, but `2026-08-21T07:30` splits
            // into `21T07`: treat it as two numbers.
            numbers.push(digits);
        } else if let Some((day, hour)) = token.split_once(['T', 't'])
            && day.bytes().all(|b| b.is_ascii_digit())
            && hour.bytes().all(|b| b.is_ascii_digit())
        {
            numbers.push(day);
            numbers.push(hour);
        }
    }
    let num = |idx: usize| numbers.get(idx).and_then(|n| n.parse::<u32>().ok());
    let (year, month, day, time_at) = if first_is_year == Some(true) && month_word.is_none() {
        (num(0)?, num(1)?, num(2)?, 3)
    } else {
        let month = month_word?;
        let year_idx = numbers.iter().position(|n| n.len() == 4)?;
        let day = numbers[..year_idx]
            .iter()
            .chain(numbers.get(year_idx + 1..).unwrap_or(&[]).iter().take(1))
            .find_map(|n| n.parse::<u32>().ok().filter(|d| (1..=31).contains(d)))?;
        (
            num(year_idx)?,
            u32::try_from(month).ok()?,
            day,
            year_idx + 1,
        )
    };
    let date = find_date(&format!("{year:04}{month:02}{day:02}"))?;
    let hour = num(time_at).filter(|h| *h < 24).unwrap_or(0);
    let minute = num(time_at + 1).filter(|m| *m < 60).unwrap_or(0);
    let second = num(time_at + 2).filter(|s| *s < 60).unwrap_or(0);
    Some(format!("{date}T{hour:02}:{minute:02}:{second:02}Z"))
}

/// The edition date in an article link: `/202608/21/`, `/2026-08/21/`, `/2026/08/21/`,
/// `/2026-08-21/`, `/20260821/` or `_20260821_`.
pub(super) fn link_date(link: &str) -> Option<String> {
    let path = link.split_once("://").map_or(link, |(_, rest)| {
        rest.find('/').map_or("", |slash| &rest[slash..])
    });
    let bytes = path.as_bytes();
    // Runs of digits with the byte that follows each.
    let mut runs: Vec<(&str, Option<u8>)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((&path[start..i], bytes.get(i).copied()));
        } else {
            i += 1;
        }
    }
    let valid = |y: &str, m: &str, d: &str| find_date(&format!("{y}{m}{d}"));
    for (n, &(run, next)) in runs.iter().enumerate() {
        let following = |k: usize| runs.get(n + k).map(|&(r, _)| r);
        let found = match (run.len(), next) {
            (8, _) => valid(&run[..4], &run[4..6], &run[6..]),
            (6, Some(b'/')) => following(1)
                .filter(|d| d.len() == 2)
                .and_then(|d| valid(&run[..4], &run[4..], d)),
            (4, Some(b'-' | b'/')) => match (following(1), following(2)) {
                (Some(m), Some(d)) if m.len() == 2 && d.len() == 2 => valid(run, m, d),
                _ => None,
            },
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_keeps_the_offset() {
        for (raw, want) in [
            (
                "Fri, 21 Aug 2026 07:30:00 +0800",
                Some("2026-08-21T07:30:00Z"),
            ),
            ("2026-08-21T07:30:00+08:00", Some("2026-08-21T07:30:00Z")),
            ("2026-08-20T23:30:00-05:00", Some("2026-08-20T23:30:00Z")),
            ("2026-08-21", Some("2026-08-21T00:00:00Z")),
            ("21 August 2026 7:05 GMT", Some("2026-08-21T07:05:00Z")),
            ("Aug 21 2026 07:30:00", Some("2026-08-21T07:30:00Z")),
            ("2026年8月21日 07:30", Some("2026-08-21T07:30:00Z")),
            ("Thursday", None),
            ("2026-02-30", None),
            ("", None),
        ] {
            assert_eq!(wall_clock(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn dates_in_links() {
        for (link, want) in [
            (
                "http://paper.people.com.cn/rmrb/pc/content/202608/21/content_30012345.html",
                Some("2026-08-21"),
            ),
            (
                "http://paper.people.com.cn/rmrb/html/2026-08/21/nw.D110000renmrb_20260821_1-01.htm",
                Some("2026-08-21"),
            ),
            (
                "https://example.com/2026/08/21/mill-reopens",
                Some("2026-08-21"),
            ),
            (
                "https://example.com/news/2026-08-21/mill",
                Some("2026-08-21"),
            ),
            ("https://example.com/a/20260821/1.html", Some("2026-08-21")),
            ("https://20260821.example.com/story/12345", None),
            ("https://example.com/story/12345678", None),
            ("https://example.com/story", None),
        ] {
            assert_eq!(link_date(link).as_deref(), want, "{link}");
        }
    }
}
