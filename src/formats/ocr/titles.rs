//! A paper's name from its Library of Congress control number (LCCN), for the papers whose
//! pages ship as fixtures and a few of the most common in Chronicling America's 1916 pages.
//! A paper not listed is named from its masthead when OCR kept it legible, else by its LCCN.

/// LCCN → the paper's title as printed on its masthead (not the catalogue's lower-case form).
const TITLES: [(&str, &str); 14] = [
    ("sn82014682", "Honolulu Star-Bulletin"),
    ("sn83030193", "The Evening World"),
    ("sn83030214", "New-York Tribune"),
    ("sn83030272", "The Sun"),
    ("sn83045211", "Evening Public Ledger"),
    ("sn83045389", "Richmond Times-Dispatch"),
    ("sn83045433", "The Washington Herald"),
    ("sn83045462", "Evening Star"),
    ("sn84020558", "Arizona Republican"),
    ("sn84026749", "The Washington Times"),
    ("sn85038411", "Harrisburg Telegraph"),
    ("sn85042344", "Tulsa Daily World"),
    ("sn86088049", "The Daily Panhandle"),
    ("sn86088527", "Corpus Christi Caller and Daily Herald"),
];

/// The title of the paper with this LCCN (any case), when the table knows it.
pub fn lccn_title(lccn: &str) -> Option<&'static str> {
    let lccn = lccn.to_ascii_lowercase();
    TITLES
        .binary_search_by(|(id, _)| (*id).cmp(lccn.as_str()))
        .ok()
        .map(|idx| TITLES[idx].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_found_in_any_case() {
        assert!(TITLES.windows(2).all(|w| w[0].0 < w[1].0), "sorted by LCCN");
        assert_eq!(lccn_title("sn83030214"), Some("New-York Tribune"));
        assert_eq!(
            lccn_title("SN86088527"),
            Some("Corpus Christi Caller and Daily Herald")
        );
        assert_eq!(lccn_title("sn99999999"), None);
    }
}
