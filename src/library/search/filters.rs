//! What narrows a search: the paper, a date range (whole years and months allowed) and how many
//! results to keep. Dates are checked against the calendar when they are given, so a typo is an
//! error rather than an empty result.
//!
//! The query vocabulary, below the scan and the index: it must never import the scan
//! ([`super::scan`]), the threads, the index ([`index`](crate::library::search::index)) or the choice between
//! them ([`crate::library::search`]'s own items).

use crate::edition::assemble::slug;

/// Which editions a search looks at, and how many results it keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// The paper as its front matter names it (`许昌日报`) or as its file or folder name does
    /// (`xuchang-daily`), without regard to case.
    pub paper: Option<String>,
    /// Editions on or after this date.
    pub since: Option<DateBound>,
    /// Editions on or before this date (a whole year or month when given as one).
    pub until: Option<DateBound>,
    /// At most this many results, the newest.
    pub limit: Option<usize>,
}

impl Filters {
    /// Whether an edition with this paper (from its front matter, and from its file name) and
    /// date is searched. An edition without a date is left out once a date range is given.
    pub fn admits(
        &self,
        paper: Option<&str>,
        name_paper: Option<&str>,
        date: Option<&str>,
    ) -> bool {
        if let Some(wanted) = &self.paper {
            let same =
                |p: &&str| p.to_lowercase() == wanted.to_lowercase() || slug(p) == slug(wanted);
            if !paper.iter().chain(name_paper.iter()).any(same) {
                return false;
            }
        }
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(date) = date else {
            return false;
        };
        self.since.as_ref().is_none_or(|s| s.at_or_before(date))
            && self.until.as_ref().is_none_or(|u| u.at_or_after(date))
    }

    /// Whether only paper and dates are set (no limit): used to skip work early.
    pub fn narrows(&self) -> bool {
        self.paper.is_some() || self.since.is_some() || self.until.is_some()
    }
}

/// A day, month or year: `2023-02-28`, `2023-02`, `2023`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateBound(String);

/// A date that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a date: {reason}; write YYYY-MM-DD (or YYYY-MM, or YYYY)")]
pub struct DateError {
    pub value: String,
    pub reason: String,
}

impl DateBound {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, checking months and days against the calendar.
    pub fn parse(text: &str) -> Result<DateBound, DateError> {
        let value = text.trim();
        let error = |reason: &str| DateError {
            value: text.to_owned(),
            reason: reason.to_owned(),
        };
        let parts: Vec<&str> = value.split('-').collect();
        if parts.len() > 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(error("expected digits separated by '-'"));
        }
        if parts[0].len() != 4 {
            return Err(error("the year needs four digits"));
        }
        let year: u32 = parts[0].parse().map_err(|_| error("bad year"))?;
        if let Some(month) = parts.get(1) {
            let month: u32 = month.parse().map_err(|_| error("bad month"))?;
            if parts[1].len() != 2 || !(1..=12).contains(&month) {
                return Err(error("the month must be 01 to 12"));
            }
            if let Some(day) = parts.get(2) {
                let day: u32 = day.parse().map_err(|_| error("bad day"))?;
                let days = crate::edition::recognize::days_in(year, month);
                if parts[2].len() != 2 || !(1..=days).contains(&day) {
                    return Err(error(&format!("{year}-{month:02} has {days} days")));
                }
            }
        }
        Ok(DateBound(value.to_owned()))
    }

    /// The bound as written (`2023-02`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `date` (ISO) is on or after the start of this day, month or year.
    fn at_or_before(&self, date: &str) -> bool {
        date.get(..self.0.len()).unwrap_or(date) >= self.0.as_str()
    }

    /// `date` (ISO) is on or before the end of this day, month or year.
    fn at_or_after(&self, date: &str) -> bool {
        date.get(..self.0.len()).unwrap_or(date) <= self.0.as_str()
    }
}

impl std::str::FromStr for DateBound {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DateBound::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        for good in ["2023-02-28", "2024-02-29", "2000-02-29", "2023-12", "2023"] {
            assert_eq!(DateBound::parse(good).map(|d| d.0), Ok(good.to_owned()));
        }
        let bad = [
            ("2023-02-29", "2023-02 has 28 days"),
            ("1900-02-29", "1900-02 has 28 days"),
            ("2023-13-01", "the month must be 01 to 12"),
            ("2023-4-01", "the month must be 01 to 12"),
            ("23-04-01", "the year needs four digits"),
            ("yesterday", "expected digits separated by '-'"),
            ("2023/04/01", "expected digits separated by '-'"),
            ("2023-04-01-05", "expected digits separated by '-'"),
            ("", "expected digits separated by '-'"),
        ];
        for (text, reason) in bad {
            let err = DateBound::parse(text).expect_err(text);
            assert_eq!(err.reason, reason, "{text}");
            assert!(err.to_string().contains(&format!("'{text}'")));
        }
    }

    #[test]
    fn filters_admit_papers_by_either_name_and_dates_by_period() {
        let since = |s: &str| Some(DateBound::parse(s).expect("a date"));
        let filters = Filters {
            paper: Some("Xuchang-Daily".to_owned()),
            since: since("2013-02"),
            until: since("2013"),
            limit: None,
        };
        let daily = Some("xuchang-daily");
        assert!(filters.admits(Some("许昌日报"), daily, Some("2013-02-01")));
        assert!(filters.admits(None, daily, Some("2013-12-31")));
        assert!(!filters.admits(Some("许昌日报"), daily, Some("2013-01-31")));
        assert!(!filters.admits(Some("许昌日报"), daily, Some("2014-01-01")));
        assert!(!filters.admits(Some("许昌日报"), daily, None));
        assert!(!filters.admits(
            Some("许昌周末"),
            Some("xuchang-weekend"),
            Some("2013-05-05")
        ));
        let by_name = Filters {
            paper: Some("许昌日报".to_owned()),
            ..Filters::default()
        };
        assert!(by_name.admits(Some("许昌日报"), daily, None));
        let spaced = Filters {
            paper: Some("springfield gazette".to_owned()),
            ..Filters::default()
        };
        assert!(spaced.admits(
            Some("The Springfield Gazette"),
            Some("springfield-gazette"),
            None
        ));
    }
}
