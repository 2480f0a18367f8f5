//! Files kanbao cannot use as they are (damaged, not a regular file, too large, a file where its
//! folder should be): how each is classified and named, read through the bookmarks document.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::store::bookmarks::BookmarksFile;
use crate::store::disk::read_capped;
use crate::store::document::{Loaded, load, parse};
use crate::store::file::Store;
use crate::store::format::MAX_STORE_BYTES;

fn classify(bytes: &[u8]) -> (&'static str, String) {
    match parse::<BookmarksFile>(bytes, Path::new("/d/bookmarks.toml")) {
        Loaded::Missing => ("missing", String::new()),
        Loaded::Good(_) => ("good", String::new()),
        Loaded::Corrupt(err) => ("corrupt", err.to_string()),
        Loaded::Newer(err) => ("newer", err.to_string()),
        Loaded::Unreadable(err) => ("unreadable", err.to_string()),
    }
}

#[test]
fn damaged_files_are_named_with_path_and_line() {
    let good = "version = 1\n\n[[bookmark]]\narticle_id = \"e/1/1\"\n";
    let cases: [(&[u8], &str, &str); 15] = [
        (good.as_bytes(), "good", ""),
        (b"version = 1\n", "good", ""),
        (b"", "corrupt", "bookmarks.toml: the file is empty"),
        (b" \n\n", "corrupt", "the file is empty"),
        (
            b"\0\0\0\0",
            "corrupt",
            "bookmarks.toml, line 1: the file holds NUL bytes",
        ),
        (
            b"version = 1\n\n\0\0",
            "corrupt",
            "line 3: the file holds NUL bytes",
        ),
        (
            b"version = 1\nx = \"\xff\xfe\"\n",
            "corrupt",
            "line 2: not UTF-8",
        ),
        (
            b"version = 1\n[[bookmark]]\narticle_id = \"e/1",
            "corrupt",
            "line 3: not valid TOML",
        ),
        (
            b"[[bookmark]]\narticle_id = \"x\"\n",
            "corrupt",
            "line 1: no 'version' key",
        ),
        (
            b"version = \"one\"\n",
            "corrupt",
            "line 1: unknown version '\"one\"'",
        ),
        (
            b"# c\nversion = 0\n",
            "corrupt",
            "line 2: unknown version '0'",
        ),
        // Not TOML (an integer too large) is damage, whatever the version says.
        (
            b"version = 2\nbyte = 18446744073709551616\n",
            "corrupt",
            "line 2: not valid TOML",
        ),
        (
            b"version = 7\n[[bookmark]]\nwhatever = 1\n",
            "newer",
            "line 1: written by a newer kanbao (format version 7",
        ),
        (
            b"version = 1\n[[bookmark]]\narticle_id = \"a\"\nheadlin = \"typo\"\n",
            "corrupt",
            "line 4: unknown field `headlin`",
        ),
        (
            b"version = 1\n[[bookmark]]\nheadline = \"x\"\n",
            "corrupt",
            "line 2: missing field `article_id`",
        ),
    ];
    for (bytes, kind, message) in cases {
        let (got_kind, got_message) = classify(bytes);
        assert_eq!(got_kind, kind, "{bytes:?}: {got_message}");
        assert!(
            got_message.contains(message),
            "{bytes:?}: '{got_message}' lacks '{message}'"
        );
    }
}

#[test]
fn error_messages_never_carry_escape_sequences() {
    let text = b"version = 1\n[[bookmark]]\narticle_id = \"a\"\n\x1b[31mevil\x1b[0m = 1\n";
    let (kind, message) = classify(text);
    assert_eq!(kind, "corrupt");
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(message.contains("line 4"), "{message}");
}

#[cfg(unix)]
#[test]
fn only_regular_files_up_to_the_cap_are_read_and_at_once() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let fifo = dir.path().join("fifo.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let zero = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let huge = dir.path().join("huge.toml");
    fs::File::create(&huge)
        .and_then(|f| f.set_len(MAX_STORE_BYTES + 1))
        .expect("a sparse file");
    let start = std::time::Instant::now();
    for path in [&fifo, &zero] {
        let err = read_capped(path, "bookmarks").expect_err("not a regular file");
        assert_eq!(
            err.to_string(),
            format!(
                "'{}' is not a regular file (a FIFO, socket, device or folder), so kanbao \
                 neither reads nor writes it; remove it or move it away",
                path.display()
            )
        );
    }
    let err = read_capped(&huge, "bookmarks").expect_err("too large");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: 16777217 bytes, more than the 16777216 kanbao reads from its own files, so \
             it was not read; kept as it is until a change is saved, which moves it aside \
             (or trim it by hand)",
            huge.display()
        )
    );
    assert!(matches!(load::<BookmarksFile>(&huge), Loaded::Corrupt(_)));
    assert!(start.elapsed() < Duration::from_secs(5), "no waiting");
    assert!(matches!(
        read_capped(&dir.path().join("none.toml"), "bookmarks"),
        Ok(None)
    ));
}

#[test]
fn a_file_where_the_folder_should_be_is_named_as_such() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let in_the_way = dir.path().join("kanbao");
    fs::write(&in_the_way, "").expect("a file");
    let file = in_the_way.join("bookmarks.toml");
    let expected = format!(
        "'{}' is a file, but it must be a folder: kanbao keeps its bookmarks in it \
         ('bookmarks.toml'); move or rename that file, and kanbao makes the folder",
        in_the_way.display()
    );
    let err = read_capped(&file, "bookmarks").expect_err("no folder");
    assert_eq!(err.to_string(), expected);
    let store = Store::<BookmarksFile>::open(file, Box::new(crate::store::FsWriter));
    assert_eq!(store.problem(), Some(expected.as_str()));
    let mut bookmarks = crate::store::Bookmarks::from_store(store);
    let b = crate::store::Bookmark {
        article_id: "e/1/1".to_owned(),
        edition_id: "e".to_owned(),
        paper: None,
        date: None,
        page: "1".to_owned(),
        headline: "H".to_owned(),
        excerpt: String::new(),
        file: String::new(),
        added: String::new(),
        note: None,
        position: crate::store::SavedPosition::default(),
    };
    let err = bookmarks.add(b).expect_err("no folder to save in");
    assert_eq!(err.to_string(), expected);
    assert_eq!(
        bookmarks.problem(),
        Some(format!("not saved (kept in memory for the next save): {expected}").as_str())
    );
}
