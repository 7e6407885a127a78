//! The change history of a record (its audit rows) as the Customers and Stock cards show it.

use super::INFO;
use crate::i18n::{Lang, Tx, ui_master as tm};
use crate::store::audit::AuditEntry;
use egui::{RichText, Ui};

/// How many audit rows a card's history shows.
pub const HISTORY_ROWS: usize = 200;

/// The translated name of an audit action, if it is one kaidan writes.
fn audit_action_text(action: &str) -> Option<Tx> {
    match action {
        "create" => Some(tm::AUDIT_CREATE),
        "update" => Some(tm::AUDIT_UPDATE),
        "agreed_price" => Some(tm::AUDIT_AGREED_PRICE),
        _ => None,
    }
}

/// `key=value; key=value` as pairs, None when the text is not in that form.
fn audit_fields(text: &str) -> Option<Vec<(&str, &str)>> {
    if text.is_empty() {
        return None;
    }
    text.split("; ").map(|part| part.split_once('=')).collect()
}

/// What an audit row changed: only the fields that differ when both sides are `key=value`
/// lists ("phone: 123 → 456"), else the whole "before → after" (or the one side there is).
pub fn audit_change_text(before: &str, after: &str) -> String {
    if let (Some(old), Some(new)) = (audit_fields(before), audit_fields(after)) {
        let changes: Vec<String> = new
            .iter()
            .filter_map(|(key, value)| {
                let old_value = old.iter().find(|(old_key, _)| old_key == key).map(|(_, v)| *v).unwrap_or("");
                (old_value != *value).then(|| format!("{key}: {old_value} → {value}"))
            })
            .collect();
        if !changes.is_empty() {
            return changes.join("; ");
        }
    }
    match (before.is_empty(), after.is_empty()) {
        (true, _) => after.to_string(),
        (false, true) => before.to_string(),
        (false, false) => format!("{before} → {after}"),
    }
}

/// The change history of a record (audit rows, newest first): when, who, what, and the change.
pub fn history_ui(ui: &mut Ui, entries: &[AuditEntry], lang: Lang, id_salt: &str) {
    if entries.is_empty() {
        ui.weak(tm::NO_HISTORY.get(lang));
        return;
    }
    egui::ScrollArea::vertical().id_salt(id_salt).auto_shrink([false, false]).show(ui, |ui| {
        for entry in entries {
            ui.horizontal_wrapped(|ui| {
                ui.strong(entry.at.replace('T', " "));
                ui.label(&entry.user);
                let action = audit_action_text(&entry.action).map(|text| text.get(lang)).unwrap_or(entry.action.as_str());
                ui.label(RichText::new(action).color(INFO));
            });
            ui.add(egui::Label::new(audit_change_text(&entry.before, &entry.after)).wrap());
            ui.separator();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_changes_show_only_what_differs() {
        assert_eq!(audit_change_text("code=C1; name=A; phone=1", "code=C1; name=B; phone=1"), "name: A → B");
        assert_eq!(audit_change_text("", "code=C1; name=A"), "code=C1; name=A");
        assert_eq!(audit_change_text("P001", "12.5"), "P001 → 12.5");
        assert_eq!(audit_change_text("x=1", "x=1"), "x=1 → x=1");
    }
}
