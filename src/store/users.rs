//! Users and roles. PINs are stored only as argon2 hashes.

use super::{Error, Result, Store};
use crate::domain::Role;
use crate::store::db::{OptionalExtension, params};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

/// A user as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
    pub has_pin: bool,
    pub active: bool,
}

fn hash_pin(pin: &str) -> Result<String> {
    let hash: PasswordHash = Argon2::default().hash_password(pin.as_bytes()).map_err(|error| Error::Invalid(format!("PIN: {error}")))?;
    Ok(hash.to_string())
}

impl Store {
    /// The role of an active user.
    pub fn get_user(&self, name: &str) -> Result<Option<User>> {
        self.db
            .prepare_cached("SELECT name, role, pin_hash IS NOT NULL, active FROM users WHERE name = ?1")?
            .query_row([name], map_user)
            .optional()
            .map_err(Error::from)
    }

    /// Every user, by name.
    pub fn list_users(&self) -> Result<Vec<User>> {
        let mut statement = self.db.prepare_cached("SELECT name, role, pin_hash IS NOT NULL, active FROM users ORDER BY name")?;
        let rows = statement.query_map([], map_user)?;
        Ok(rows.collect::<crate::store::db::Result<_>>()?)
    }

    /// Add a user (the caller has checked the actor may manage users).
    pub fn insert_user(&mut self, name: &str, role: Role, pin: Option<&str>, actor: &str, now: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 40 {
            return Err(Error::Invalid("name: 1 to 40 characters".into()));
        }
        if self.get_user(name)?.is_some() {
            return Err(Error::Invalid(format!("user \"{name}\" already exists")));
        }
        let pin_hash = match pin {
            Some(pin) if !pin.is_empty() => {
                if !(4..=12).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
                    return Err(Error::Invalid("PIN: 4 to 12 digits".into()));
                }
                Some(hash_pin(pin)?)
            }
            _ => None,
        };
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO users (name, role, pin_hash, active, created_at) VALUES (?1, ?2, ?3, 1, ?4)",
            params![name, role.as_str(), pin_hash, now],
        )?;
        super::audit::append_tx(&tx, now, actor, "user", name, "create", "", role.as_str())?;
        tx.commit()?;
        Ok(())
    }

    /// Set (or with `None` remove) a user's PIN; the caller has checked who may.
    pub fn set_pin(&mut self, name: &str, pin: Option<&str>, actor: &str, now: &str) -> Result<()> {
        let name = name.trim();
        let pin_hash = match pin {
            Some(pin) => {
                if !(4..=12).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
                    return Err(Error::Invalid("PIN: 4 to 12 digits".into()));
                }
                Some(hash_pin(pin)?)
            }
            None => None,
        };
        let tx = self.write_tx()?;
        let changed = tx.execute("UPDATE users SET pin_hash = ?2 WHERE name = ?1 AND active = 1", params![name, pin_hash])?;
        if changed == 0 {
            return Err(Error::NotFound(format!("user {name}")));
        }
        super::audit::append_tx(&tx, now, actor, "user", name, if pin.is_some() { "set PIN" } else { "remove PIN" }, "", "")?;
        tx.commit()?;
        Ok(())
    }

    /// Whether `pin` is right for `name` (a user without a PIN accepts any, including none).
    pub fn verify_pin(&self, name: &str, pin: &str) -> Result<bool> {
        let stored: Option<Option<String>> = self
            .db
            .prepare_cached("SELECT pin_hash FROM users WHERE name = ?1 AND active = 1")?
            .query_row([name], |row| row.get(0))
            .optional()?;
        Ok(match stored {
            None => false,
            Some(None) => true,
            Some(Some(hash)) => {
                PasswordHash::new(&hash).map(|parsed| Argon2::default().verify_password(pin.as_bytes(), &parsed).is_ok()).unwrap_or(false)
            }
        })
    }
}

fn map_user(row: &crate::store::db::Row<'_>) -> crate::store::db::Result<User> {
    let role: String = row.get(1)?;
    Ok(User { name: row.get(0)?, role: Role::parse(&role).unwrap_or(Role::Clerk), has_pin: row.get(2)?, active: row.get(3)? })
}
