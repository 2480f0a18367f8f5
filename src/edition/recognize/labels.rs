//! Page labels as continuations and page blocks name them (`第三版` → `3`, `Page B2` → `B2`),
//! their page order, and Chinese numerals.

/// Normalises a page label the way continuations and page blocks name pages: `第三版` → `3`,
/// `Page B2` → `B2`, `03` → `3`, `ａ３` → `A3`, `b02` → `B2`.
pub fn normalize_page_label(raw: &str) -> String {
    let mut label: String = raw.trim().chars().map(to_ascii_form).collect();
    for prefix in [
        "第", "Page ", "page ", "PAGE ", "Page", "page", "PAGE", "P.", "p.",
    ] {
        if let Some(rest) = label.strip_prefix(prefix) {
            label = rest.trim_start().to_owned();
            break;
        }
    }
    for suffix in ["版", "面"] {
        if let Some(rest) = label.strip_suffix(suffix) {
            label = rest.trim_end().to_owned();
        }
    }
    if let Some(n) = chinese_number(&label) {
        return n.to_string();
    }
    // Letter prefix then digits (B02 → B2); a plain number loses its leading zeros.
    let split = label
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(label.len());
    let (letters, digits) = label.split_at(split);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        let number = digits.trim_start_matches('0');
        let number = if number.is_empty() { "0" } else { number };
        return format!("{}{number}", letters.to_uppercase());
    }
    label
}

/// A sort key that puts normalised page labels in page order: plain numbers by value (`2`
/// before `10`), then letter-prefixed labels (`A2` before `A10`, `A` before `B`), then anything
/// else by its text.
pub fn label_order(label: &str) -> (u8, String, u64, String) {
    let split = label
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(label.len());
    let (letters, digits) = label.split_at(split);
    match digits.parse::<u64>() {
        Ok(n) if letters.is_empty() => (0, String::new(), n, String::new()),
        Ok(n) => (1, letters.to_owned(), n, String::new()),
        Err(_) => (2, String::new(), 0, label.to_owned()),
    }
}

/// Full-width ASCII forms (Ｂ２, ３) → ASCII.
fn to_ascii_form(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Chinese numerals up to 999: 一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 〇三 → 3.
pub fn chinese_number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
    };
    let mut total = 0;
    let mut current = None::<u32>;
    let mut positional = 0;
    let mut has_unit = false;
    for c in text.chars() {
        match c {
            '零' | '〇' if current.is_none() => current = Some(0),
            '两' => current = Some(2),
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
                has_unit = true;
            }
            '百' => {
                total += current.unwrap_or(1) * 100;
                current = None;
                has_unit = true;
            }
            c => {
                let d = digit(c)?;
                if has_unit {
                    current = Some(d);
                } else {
                    positional = positional * 10 + d;
                    current = Some(d);
                }
            }
        }
    }
    if has_unit {
        Some(total + current.unwrap_or(0))
    } else {
        Some(positional)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_labels() {
        let cases = [
            ("第一版", "1"),
            ("第三版", "3"),
            ("第十二版", "12"),
            ("二十", "20"),
            ("第二十一版", "21"),
            ("一百零五", "105"),
            ("03", "3"),
            ("3", "3"),
            ("Page B2", "B2"),
            ("page a1", "A1"),
            ("B02", "B2"),
            ("ａ３", "A3"),
            ("第３版", "3"),
            ("sports", "sports"),
            ("0", "0"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_page_label(raw), want, "label {raw:?}");
        }
    }

    #[test]
    fn page_labels_sort_in_page_order() {
        let mut labels = vec!["10", "B2", "2", "A10", "A2", "sports", "1", "B1"];
        labels.sort_by_key(|l| label_order(l));
        assert_eq!(labels, ["1", "2", "10", "A2", "A10", "B1", "B2", "sports"]);
    }
}
