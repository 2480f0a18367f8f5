use super::*;

use crate::library::synthetic;

/// The sample, every fixture kanbao reads (feeds, crawler folders, OCR pages, epapers) and a
/// generated feed library: every part of the model is in one of them.
fn editions() -> Vec<Edition> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let feeds = tempfile::tempdir().expect("tempdir");
    synthetic::write_feeds(feeds.path(), 3, 12, 2).expect("feeds written");
    let mut out = vec![crate::library::sample()];
    out.extend(crate::library::Library::load(&[fixtures, feeds.path().to_owned()]).editions);
    out
}

#[test]
fn an_edition_reads_back_as_it_was_kept() {
    let stamps = [(12, 34), (56, 78)];
    let all = editions();
    assert!(all.len() > 5, "too few editions to try: {}", all.len());
    for edition in all {
        let kept = pack(&edition, &stamps);
        assert_eq!(
            unpack(&kept, &stamps).as_ref(),
            Some(&edition),
            "{}",
            edition.id
        );
    }
}

#[test]
fn a_kept_edition_of_files_that_changed_is_not_used() {
    let edition = crate::library::sample();
    let kept = pack(&edition, &[(10, 20)]);
    assert!(unpack(&kept, &[(10, 20)]).is_some());
    assert_eq!(unpack(&kept, &[(11, 20)]), None, "another size");
    assert_eq!(unpack(&kept, &[(10, 21)]), None, "another time");
    assert_eq!(unpack(&kept, &[(10, 20), (1, 1)]), None, "another file");
}

#[test]
fn damage_anywhere_is_never_an_edition_and_never_a_panic() {
    let edition = crate::library::sample();
    let kept = pack(&edition, &[(1, 2)]);
    for cut in (0..kept.len()).step_by(97) {
        assert_eq!(unpack(&kept[..cut], &[(1, 2)]), None, "cut at {cut}");
    }
    for at in (0..kept.len()).step_by(89) {
        let mut bad = kept.clone();
        bad[at] ^= 0x40;
        assert_eq!(unpack(&bad, &[(1, 2)]), None, "byte {at} flipped");
    }
}

#[test]
fn text_from_a_kept_file_is_made_safe_like_any_file() {
    // A kept file written by hand (or damaged with a matching sum): its control characters
    // never reach the model.
    let mut edition = crate::library::sample();
    edition.pages[0].items[0].headline = Some("bad\u{1b}[2Jheadline".to_owned());
    let kept = pack(&edition, &[(1, 2)]);
    let back = unpack(&kept, &[(1, 2)]).expect("kept");
    let headline = back.pages[0].items[0].headline.clone().expect("a headline");
    assert!(!headline.contains('\u{1b}'), "{headline:?}");
}

#[test]
fn the_folder_is_trimmed_oldest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (n, len) in [(1, 100), (2, 100), (3, 100)] {
        let path = dir.path().join(format!("{n}.kept"));
        std::fs::write(&path, vec![0; len]).expect("the test folder");
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000 * n);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("the test folder")
            .set_modified(time)
            .expect("the test folder");
    }
    std::fs::write(dir.path().join("other.json"), vec![0; 500]).expect("the test folder");
    trim(dir.path(), 200);
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("the test folder")
        .map(|e| {
            e.expect("the test folder")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    left.sort();
    assert_eq!(left, ["2.kept", "3.kept", "other.json"]);
}
