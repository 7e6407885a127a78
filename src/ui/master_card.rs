//! What the master-data tabs (Customers, Stock) keep the same way: the list, the codes for the
//! duplicate check as you type, the selected record with its editor and its read-only detail,
//! and the import/export dialogs. The tab adds its own switches, columns, card sections and the
//! detail it loads (`D`).

use super::TabCtx;
use super::fetch::Fetch;
use super::list_view::ListView;
use super::record_editor::{Editable, RecordEditor, refresh};
use super::widgets::MasterTransfer;
use crate::i18n::{Lang, Tx, ui_master as tm};
use crate::store::Store;
use chrono::NaiveDate;
use egui::Ui;
use std::collections::HashMap;

/// The read of a record's card detail, to run off the window's thread.
pub type DetailRead<D> = Box<dyn FnOnce(&Store) -> crate::store::Result<D> + Send>;

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
    /// The rows on their way (asked at a data generation) and the detail on its way (asked
    /// for a record id).
    rows_fetch: Fetch<Vec<R>>,
    detail_fetch: Fetch<D>,
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
            rows_fetch: Fetch::default(),
            detail_fetch: Fetch::default(),
        }
    }
}

impl<R: Editable + Send + 'static, D: Send + 'static> MasterCard<R, D> {
    /// Ask for the rows when they are older than the data generation (`read` off the window's
    /// thread in the real window), and for the selected record's detail again with them
    /// (`detail` reads it). Takes whatever has come: new rows (kept with `keep`), the selected
    /// record's detail (a failed read becomes `failed(message)`). True when rows came.
    pub fn refresh<E: std::fmt::Display>(
        &mut self,
        ctx: &TabCtx<'_>,
        read: impl FnOnce(&Store) -> Result<Vec<R>, E> + Send + 'static,
        keep: impl Fn(&R) -> bool,
        detail: impl Fn(&R, NaiveDate) -> DetailRead<D> + Copy,
        failed: impl Fn(String) -> D,
    ) -> bool {
        if self.list.is_stale(ctx.generation) {
            self.rows_fetch.ask_once(ctx.at(), ctx.generation, read);
        }
        let mut came = false;
        if let Some((generation, rows)) = self.rows_fetch.answer() {
            self.load(generation, rows, keep);
            came = true;
            if let Some(record) = self.selected_record() {
                self.ask_detail(ctx, &record, detail);
            }
        }
        if let Some((id, answer)) = self.detail_fetch.answer()
            && self.selected.is_some_and(|selected| selected as u64 == id)
        {
            self.detail = Some(answer.unwrap_or_else(failed));
        }
        came
    }

    /// Ask for the detail of `record` (what it had shows until the answer comes).
    pub fn ask_detail(&mut self, ctx: &TabCtx<'_>, record: &R, detail: impl Fn(&R, NaiveDate) -> DetailRead<D>) {
        let read = detail(record, ctx.today);
        self.detail_fetch.ask(ctx.at(), record.id() as u64, read);
    }

    /// Whether rows or a detail are on their way.
    pub fn is_loading(&self) -> bool {
        self.rows_fetch.is_waiting() || self.detail_fetch.is_waiting()
    }

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
