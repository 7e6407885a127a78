//! The edit form of a master record in its card (a customer, a product): the form as typed,
//! its field errors re-checked as the user types, the duplicate-code check against the loaded
//! list, and what happens to the form when the list reloads after a save. The tab says what a
//! record is ([`Editable`]) and draws the fields; the editor keeps the rest the same for all.

use super::list_view::{ListRow, ListView};
use super::widgets::is_duplicate;
use crate::domain::master::FieldError;
use std::collections::HashMap;

/// A record the tabs edit in a card.
pub trait Editable: ListRow + Clone + PartialEq + Default {
    /// The form as typed.
    type Form: Clone + PartialEq;
    /// What a new record's form asks for besides the record itself (a product's opening
    /// stock); `()` when nothing.
    type Extra: Clone + Default;

    /// The form of a new record, with its defaults.
    fn new_form() -> Self::Form;
    /// The form of a stored record.
    fn to_form(&self) -> Self::Form;
    /// The record the form says over `base` (id, version, flags), or every field error.
    fn parse(form: &Self::Form, base: &Self) -> Result<Self, Vec<FieldError>>;
    /// The code the form gives (customer code, SKU): another record's is a duplicate.
    fn form_code(form: &Self::Form) -> &str;
    /// The stored record's code.
    fn code(&self) -> &str;
    /// The error of a new record's extra, if any.
    fn extra_error(_extra: &Self::Extra, _form: &Self::Form) -> Option<FieldError> {
        None
    }
    /// Whether the extra was left as it started.
    fn extra_is_blank(_extra: &Self::Extra) -> bool {
        true
    }
}

/// The edit form of one record.
pub struct RecordEditor<R: Editable> {
    /// The stored record (id, version, flags), or a default one for a new record.
    pub base: R,
    pub form: R::Form,
    /// What a new record asks for besides (see [`Editable::Extra`]).
    pub extra: R::Extra,
    /// Every field error of the last check (re-run when a field changes).
    pub errors: Vec<FieldError>,
    /// Another loaded record has this code.
    pub duplicate: bool,
    /// A field was changed since the editor opened (a new record shows errors only then).
    pub touched: bool,
    /// Save was pressed and the reload may bring the saved record.
    pub saving: bool,
}

impl<R: Editable> RecordEditor<R> {
    /// An editor on `base` (a stored record, or `R::default()` for a new one), checked against
    /// the loaded `codes` (code → id).
    pub fn new(base: R, codes: &HashMap<String, i64>) -> RecordEditor<R> {
        let form = if base.id() == 0 { R::new_form() } else { base.to_form() };
        let mut editor =
            RecordEditor { base, form, extra: R::Extra::default(), errors: vec![], duplicate: false, touched: false, saving: false };
        editor.validate(codes);
        editor
    }

    pub fn is_new(&self) -> bool {
        self.base.id() == 0
    }

    /// Check the form again (after every change).
    pub fn validate(&mut self, codes: &HashMap<String, i64>) {
        let mut errors = R::parse(&self.form, &self.base).err().unwrap_or_default();
        if self.is_new()
            && let Some(error) = R::extra_error(&self.extra, &self.form)
        {
            errors.push(error);
        }
        self.errors = errors;
        self.duplicate = is_duplicate(codes, R::form_code(&self.form), self.base.id());
    }

    /// Whether the errors are shown: always for a stored record, once touched for a new one.
    pub fn shows_errors(&self) -> bool {
        !self.is_new() || self.touched
    }

    /// Nothing was changed since the editor was filled from `base`.
    pub fn is_clean(&self) -> bool {
        self.form == self.base.to_form() && R::extra_is_blank(&self.extra)
    }

    /// The form says exactly what `record` holds.
    pub fn matches(&self, record: &R) -> bool {
        matches!(R::parse(&self.form, record), Ok(parsed) if parsed == *record)
    }
}

/// After the list reloaded: take over the stored record when it is what the form says (the
/// save went through) or when the user changed nothing; otherwise keep the edits (a stale save
/// will be refused by the store). Returns the record to select, when the editor took one over.
pub fn refresh<R: Editable>(editor: &mut Option<RecordEditor<R>>, list: &ListView<R>, codes: &HashMap<String, i64>) -> Option<i64> {
    let editor = editor.as_mut()?;
    let id = if !editor.is_new() {
        Some(editor.base.id())
    } else if editor.saving {
        codes.get(R::form_code(&editor.form).trim()).copied()
    } else {
        None
    };
    match id.and_then(|id| list.get(id)) {
        Some(record) if editor.matches(record) || (!editor.is_new() && editor.is_clean()) => {
            *editor = RecordEditor::new(record.clone(), codes);
            Some(record.id())
        }
        _ => {
            editor.validate(codes);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::master::Customer;

    fn stored(id: i64, code: &str, name: &str) -> Customer {
        Customer { id, code: code.into(), name: name.into(), ..Customer::default() }
    }

    fn list_of(customers: Vec<Customer>, generation: u64) -> (ListView<Customer>, HashMap<String, i64>) {
        let codes = customers.iter().map(|c| (c.code.clone(), c.id)).collect();
        let mut list = ListView::default();
        list.load(generation, Ok::<_, String>(customers), |_| true);
        (list, codes)
    }

    #[test]
    fn a_saved_new_record_is_taken_over_and_stale_edits_are_kept() {
        let (_, codes) = list_of(vec![], 1);
        let mut editor = Some(RecordEditor::new(Customer::default(), &codes));
        let form = &mut editor.as_mut().expect("editor").form;
        form.code = "C9".into();
        form.name = "New shop".into();
        // Not saved yet: a reload leaves the typing alone.
        let (list, codes) = list_of(vec![stored(1, "C1", "Old")], 2);
        assert_eq!(refresh(&mut editor, &list, &codes), None);
        assert_eq!(editor.as_ref().expect("editor").form.name, "New shop");
        // Saved: the reload brings the stored record, which the editor takes over.
        editor.as_mut().expect("editor").saving = true;
        let saved = Customer { payment_terms_days: 30, ..stored(2, "C9", "New shop") };
        let (list, codes) = list_of(vec![stored(1, "C1", "Old"), saved], 3);
        assert_eq!(refresh(&mut editor, &list, &codes), Some(2));
        assert!(!editor.as_ref().expect("editor").is_new());
        // Someone else changed the stored record while this one was being edited: the edits stay.
        editor.as_mut().expect("editor").form.name = "My edit".into();
        let (list, codes) = list_of(vec![stored(1, "C1", "Old"), stored(2, "C9", "Their edit")], 4);
        assert_eq!(refresh(&mut editor, &list, &codes), None);
        assert_eq!(editor.as_ref().expect("editor").form.name, "My edit");
        assert!(editor.as_ref().expect("editor").duplicate.eq(&false), "its own code is no duplicate");
    }
}
