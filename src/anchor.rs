//! The audit chain's anchor outside the database: after every command, the newest audit row's
//! (id, hash) is written to a small file in this PC's per-user data directory, keyed by the
//! database's path (a server database's host, port and name). Whoever holds only the database file can drop the append-only triggers and
//! cut or re-hash the chain, but cannot move this anchor: `audit verify` then finds the anchored
//! row gone (a cut) or with another hash (a rewrite). The anchor only moves forward; any row it
//! ever named must still be there, unchanged. A restore sets it to the restored file's head.
//! The key is the database's path and its shop id (migration 0010): a new shop made where an
//! old one was starts a new anchor instead of looking like a rewrite of the old chain.
//! Owns the anchor files; must not write to the database.

use crate::store::{self, Store};
use std::path::{Path, PathBuf};

/// What the anchor says about a database's audit chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorCheck {
    /// The anchored row is there with its hash (or nothing was anchored yet on this PC).
    Intact,
    /// No anchor for this file on this PC (first use here, or the file was moved).
    NotAnchored,
    /// The anchored row is gone: the newest rows were cut off.
    Cut { anchored: i64 },
    /// The anchored row's hash changed: the chain was rewritten.
    Rewritten { anchored: i64 },
}

/// The folder holding the anchors: `KAIDAN_ANCHOR_DIR`, else the per-user data directory.
fn folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("KAIDAN_ANCHOR_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "kaidan").map(|dirs| dirs.data_dir().join("anchors"))
}

/// The anchor file of the database at `db` whose shop id is `shop`.
pub fn anchor_path(db: &Path, shop: &str) -> Option<PathBuf> {
    use sha2::{Digest, Sha256};
    // A file by its canonical path; a server database by its URL without the password (the
    // same database reached with another user's login is the same chain).
    let place = match store::server_url(db) {
        Some(url) => crate::local::display_name(url).split_once('@').map_or_else(|| url.to_string(), |(_, at)| at.to_string()),
        None => std::fs::canonicalize(db).ok()?.to_string_lossy().to_string(),
    };
    let digest = Sha256::digest(format!("{place}\u{1f}{shop}").as_bytes());
    let name: String = digest.iter().take(16).map(|byte| format!("{byte:02x}")).collect();
    Some(folder()?.join(format!("{name}.anchor")))
}

/// The anchored (id, hash), if any.
pub fn read(db: &Path, shop: &str) -> Option<(i64, String)> {
    let text = std::fs::read_to_string(anchor_path(db, shop)?).ok()?;
    let mut parts = text.split_whitespace();
    Some((parts.next()?.parse().ok()?, parts.next()?.to_string()))
}

/// Move the anchor forward to the store's newest audit row (never backward, unless `reset`).
/// A failure to write only weakens the next check; it is not an error for the command.
pub fn update(db: &Path, store: &Store, reset: bool) {
    let Ok(Some((id, hash))) = store.audit_head() else { return };
    let shop = store.get_setting("state.shop_id").unwrap_or_default();
    if !reset && read(db, &shop).is_some_and(|(anchored, _)| anchored >= id) {
        return;
    }
    let Some(path) = anchor_path(db, &shop) else { return };
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&temporary, format!("{id} {hash}\n{}\n", db.display())).is_ok() {
        let _ = std::fs::rename(&temporary, &path);
    }
}

/// Compare the store's chain with the anchor of `db`.
pub fn check(db: &Path, store: &Store) -> store::Result<AnchorCheck> {
    let shop = store.get_setting("state.shop_id")?;
    let Some((anchored, hash)) = read(db, &shop) else { return Ok(AnchorCheck::NotAnchored) };
    Ok(match store.audit_hash(anchored)? {
        None => AnchorCheck::Cut { anchored },
        Some(found) if found != hash => AnchorCheck::Rewritten { anchored },
        Some(_) => AnchorCheck::Intact,
    })
}
