//! What the master-data tabs (Customers, Stock) keep the same way: the list, the codes for the
//! duplicate check as you type, the selected record with its editor and its read-only detail,
//! and the import/export dialogs. The tab adds its own switches, columns, card sections and the
//! detail it loads (`D`).

use super::list_view::ListView;
use super::record_editor::{Editable, RecordEditor, refresh};
use super::widgets::MasterTransfer;
use crate::i18n::{Lang, Tx, ui_master as tm};
use egui::Ui;
use std::collections::HashMap;

/// The list and the open card of a master-data tab.
pub struct MasterCard<R: Editable, D> {
    /// Every record, searched, sorted and filtered by the tab's switch.
    pub list: ListView<R>,
    /// Code → record id (duplicate check as you type).
    pub codes: HashMap<String, i64>,
    pub selected: Option<i64>,
    pub editor: Option<RecordEditor<R>>,
    /// The read-only parts of the card, loaded when a record is selected.
    pub detail: Option<D>,
    pub files: MasterTransfer,
}

impl<R: Editable, D> Default for MasterCard<R, D> {
    fn default() -> Self {
        MasterCard {
            list: ListView::default(),
            codes: HashMap::new(),
            selected: None,
            editor: None,
            detail: None,
            files: MasterTransfer::default(),
        }
    }
}

impl<R: Editable, D> MasterCard<R, D> {
    /// Take freshly loaded records (see [`ListView::load`]); the editor takes a saved record
    /// over or keeps its edits (see [`refresh`]).
    pub fn load<E: std::fmt::Display>(&mut self, generation: u64, loaded: Result<Vec<R>, E>, keep: impl Fn(&R) -> bool) {
        self.list.load(generation, loaded, keep);
        self.codes = self.list.rows().iter().map(|record| (record.code().to_string(), record.id())).collect();
        if let Some(id) = refresh(&mut self.editor, &self.list, &self.codes) {
            self.selected = Some(id);
        }
    }

    /// The loaded record `id`.
    pub fn get(&self, id: i64) -> Option<&R> {
        self.list.get(id)
    }

    /// The selected record, as loaded.
    pub fn selected_record(&self) -> Option<R> {
        self.selected.and_then(|id| self.get(id)).cloned()
    }

    /// Open record `id` in the card; the record, for the caller to load its detail.
    pub fn open(&mut self, id: i64) -> Option<R> {
        let record = self.get(id).cloned()?;
        self.selected = Some(id);
        self.editor = Some(RecordEditor::new(record.clone(), &self.codes));
        Some(record)
    }

    /// Open an empty card for a new record.
    pub fn open_new(&mut self) {
        self.selected = None;
        self.detail = None;
        self.editor = Some(RecordEditor::new(R::default(), &self.codes));
    }

    /// Close the card.
    pub fn close(&mut self) {
        self.selected = None;
        self.detail = None;
        self.editor = None;
    }

    /// The "New …" button (enabled for a role that may edit master data); true when clicked.
    pub fn new_button_ui(ui: &mut Ui, lang: Lang, may_edit: bool, label: Tx) -> bool {
        ui.add_enabled(may_edit, egui::Button::new(label.get(lang))).on_disabled_hover_text(tm::NOT_ALLOWED.get(lang)).clicked()
    }
}
