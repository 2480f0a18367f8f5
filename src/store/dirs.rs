//! Where kanbao keeps its files when no folder is given: the platform data and state
//! directories. It imports nothing from the store.

use std::path::PathBuf;

/// The platform data directory for kanbao (`$XDG_DATA_HOME/kanbao`, `~/.local/share/kanbao`),
/// or `None` when there is no home directory to put it in.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "kanbao").map(|dirs| dirs.data_dir().to_owned())
}

/// The platform state directory for kanbao (`$XDG_STATE_HOME/kanbao`), falling back to
/// [`data_dir`] on platforms without one.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kanbao")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_dir())
            .to_owned(),
    )
}
