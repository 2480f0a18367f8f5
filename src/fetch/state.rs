//! `.kanbao-fetch.json` in the library folder: what the next fetch needs to ask only for what
//! changed. Validators (`ETag`, `Last-Modified`) per feed and page address, and the articles
//! already written (by address or feed id) with the edition folder that holds each. Versioned,
//! written atomically; a damaged file is moved aside and the fetch starts afresh.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::store::{AtomicWrite as _, FsWriter};

/// The state file's name in the library folder (hidden: the library skips it).
pub const STATE_FILE: &str = ".kanbao-fetch.json";

const VERSION: u32 = 1;

/// What a server said identifies a response, for a conditional request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct State {
    version: u32,
    /// Validators by address.
    #[serde(default)]
    validators: BTreeMap<String, Validators>,
    /// Article key (address or feed id) → edition folder name that holds it.
    #[serde(default)]
    seen: BTreeMap<String, String>,
    /// Feeds whose last fetch left an edition incomplete: asked for unconditionally.
    #[serde(default)]
    pending: std::collections::BTreeSet<String>,
}

impl State {
    /// Reads the state in `dir`; a missing file is an empty state, a damaged or newer one is
    /// moved aside (the message says where) and the fetch starts afresh.
    pub fn load(dir: &Path) -> (State, Option<String>) {
        let path = dir.join(STATE_FILE);
        let fresh = State {
            version: VERSION,
            ..State::default()
        };
        // A FIFO, a device or a file past the size cap in its place reads as no state, at once.
        let Ok(bytes) = crate::edition::read::read_regular(&path) else {
            return (fresh, None);
        };
        match serde_json::from_slice::<State>(&bytes) {
            Ok(state) if state.version == VERSION => (state, None),
            Ok(_) | Err(_) => {
                let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
                let aside = dir.join(format!("{STATE_FILE}.corrupt-{stamp}"));
                let moved = std::fs::rename(&path, &aside);
                let message = match moved {
                    Ok(()) => format!(
                        "'{}' could not be read (damaged, or from another kanbao version); moved to '{}', everything is fetched afresh",
                        path.display(),
                        aside.display()
                    ),
                    Err(err) => format!(
                        "'{}' could not be read and not moved aside ({err}); everything is fetched afresh",
                        path.display()
                    ),
                };
                (fresh, Some(message))
            }
        }
    }

    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        FsWriter.write_atomic(&dir.join(STATE_FILE), &json)
    }

    pub fn validators(&self, url: &str) -> Option<&Validators> {
        self.validators.get(url).filter(|v| !v.is_empty())
    }

    pub fn set_validators(&mut self, url: &str, validators: Validators) {
        if validators.is_empty() {
            self.validators.remove(url);
        } else {
            self.validators.insert(url.to_owned(), validators);
        }
    }

    /// The edition folder an article was written to, if any.
    pub fn seen_in(&self, key: &str) -> Option<&str> {
        self.seen.get(key).map(String::as_str)
    }

    pub fn is_pending(&self, feed_url: &str) -> bool {
        self.pending.contains(feed_url)
    }

    pub fn set_pending(&mut self, feed_url: &str, pending: bool) {
        if pending {
            self.pending.insert(feed_url.to_owned());
        } else {
            self.pending.remove(feed_url);
        }
    }

    pub fn mark_seen(&mut self, key: &str, folder: &str) {
        self.seen.insert(key.to_owned(), folder.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_moves_a_damaged_file_aside() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let (mut state, warning) = State::load(dir.path());
        assert!(warning.is_none());
        state.set_validators(
            "http://x/feed",
            Validators {
                etag: Some("\"a\"".into()),
                last_modified: None,
            },
        );
        state.mark_seen("http://x/1", "paper-2026-08-21");
        state.save(dir.path()).expect("saved");
        let (again, warning) = State::load(dir.path());
        assert!(warning.is_none());
        assert_eq!(again, state);
        std::fs::write(dir.path().join(STATE_FILE), "{not json").expect("file access");
        let (fresh, warning) = State::load(dir.path());
        assert!(fresh.seen_in("http://x/1").is_none());
        assert!(warning.expect("a warning").contains("moved to"));
        assert!(!dir.path().join(STATE_FILE).exists());
    }

    /// The fetcher's own files in the destination are read as regular files only: a FIFO in
    /// their place is no state, said at once (it hung the fetch), and so is a link to a device.
    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_in_place_of_the_fetchers_files_are_not_waited_on() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let state = dir.path().join(STATE_FILE);
        let made = std::process::Command::new("mkfifo")
            .arg(&state)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let (fresh, _) = State::load(dir.path());
        assert!(fresh.seen_in("http://x/1").is_none());
        let dest = dir.path().join("paper-2026-08-21");
        std::fs::create_dir(&dest).expect("made");
        std::os::unix::fs::symlink("/dev/zero", dest.join("edition.toml")).expect("linked");
        assert_eq!(
            crate::fetch::write::on_disk(&dest),
            crate::fetch::write::OnDisk::Missing
        );
        let made = std::process::Command::new("mkfifo")
            .arg(dest.join(crate::fetch::write::DRAFT_FILE))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        assert!(crate::fetch::write::Draft::read_previous(&dest).is_none());
    }
}
