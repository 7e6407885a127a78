//! The list behind a master-data tab (Customers, Stock): every row loaded once per data
//! generation, a search key per row, searched in memory, sorted by any column, filtered by the
//! tab's switch, drawn virtualised with clickable headers, with its load error and its "shown of
//! total" line. The tab says what a row is ([`ListRow`]) and how its cells look; the list does
//! the rest the same way for every tab.

use super::widgets::{self, Sort, filter_by_key, load_error_ui, row_height};
use crate::i18n::{Lang, Tx, ui as t, ui_master as tm};
use egui::Ui;
use egui_extras::{Column, TableBuilder, TableRow};
use std::cmp::Ordering;
use std::collections::HashMap;

/// What the list needs to know of a row.
pub trait ListRow {
    /// The record's id (selection survives a reload by it).
    fn id(&self) -> i64;
    /// The lowercase search key: codes, names and the pinyin of Chinese.
    fn search_key(&self) -> String;
    /// Ascending comparison by a list column.
    fn compare(&self, other: &Self, column: usize) -> Ordering;
}

/// How a list's table looks: its id, columns, header titles and the text when it is empty.
pub struct TableLook<'a> {
    pub id_salt: &'a str,
    pub columns: &'a [Column],
    pub headers: &'a [Tx],
    /// Shown when there are no rows at all (else "nothing matches").
    pub empty: Tx,
}

/// The rows of a list and how they are shown.
pub struct ListView<T> {
    /// The data generation the rows were loaded at.
    loaded: Option<u64>,
    rows: Vec<T>,
    /// Search key per row (same index as `rows`).
    keys: Vec<String>,
    /// Record id → row index.
    ids: HashMap<i64, usize>,
    /// Every row index in the current sort order.
    order: Vec<usize>,
    /// The rows shown: `order` filtered by the search and the tab's switch.
    visible: Vec<usize>,
    search: String,
    sort: Sort,
    load_error: Option<String>,
}

impl<T> Default for ListView<T> {
    fn default() -> Self {
        ListView {
            loaded: None,
            rows: vec![],
            keys: vec![],
            ids: HashMap::new(),
            order: vec![],
            visible: vec![],
            search: String::new(),
            sort: Sort::default(),
            load_error: None,
        }
    }
}

impl<T: ListRow> ListView<T> {
    /// Whether the rows are older than `generation` (then the tab loads them again).
    pub fn is_stale(&self, generation: u64) -> bool {
        self.loaded != Some(generation)
    }

    /// Take freshly loaded rows (or the error that kept them from loading: the old rows stay,
    /// with the error above them), then sort and filter them with `keep`.
    pub fn load<E: std::fmt::Display>(&mut self, generation: u64, loaded: Result<Vec<T>, E>, keep: impl Fn(&T) -> bool) {
        self.loaded = Some(generation);
        match loaded {
            Ok(rows) => {
                self.load_error = None;
                self.keys = rows.iter().map(ListRow::search_key).collect();
                self.ids = rows.iter().enumerate().map(|(index, row)| (row.id(), index)).collect();
                self.rows = rows;
                self.resort(keep);
            }
            Err(error) => self.load_error = Some(error.to_string()),
        }
    }

    /// The data generation the rows were loaded at.
    pub fn loaded_at(&self) -> Option<u64> {
        self.loaded
    }

    /// Every row, in load order.
    pub fn rows(&self) -> &[T] {
        &self.rows
    }

    /// The row of record `id`.
    pub fn get(&self, id: i64) -> Option<&T> {
        self.ids.get(&id).and_then(|&index| self.rows.get(index))
    }

    /// Whether record `id` is loaded.
    pub fn contains(&self, id: i64) -> bool {
        self.ids.contains_key(&id)
    }

    /// The rows shown, in order.
    pub fn visible(&self) -> impl Iterator<Item = &T> {
        self.visible.iter().filter_map(|&index| self.rows.get(index))
    }

    /// The `index`th row shown.
    pub fn shown_row(&self, index: usize) -> Option<&T> {
        self.visible.get(index).and_then(|&row| self.rows.get(row))
    }

    /// How many rows are shown.
    pub fn shown(&self) -> usize {
        self.visible.len()
    }

    /// Sort by the chosen column again (stable: ties keep the load order), then filter.
    fn resort(&mut self, keep: impl Fn(&T) -> bool) {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        let (rows, sort) = (&self.rows, self.sort);
        order.sort_by(|&a, &b| sort.order(rows[a].compare(&rows[b], sort.column)));
        self.order = order;
        self.refilter(keep);
    }

    /// Filter by the search and `keep` (the tab's switch) again.
    pub fn refilter(&mut self, keep: impl Fn(&T) -> bool) {
        let rows = &self.rows;
        self.visible = filter_by_key(&self.order, &self.keys, &self.search, |index| rows.get(index).is_some_and(&keep));
    }

    /// The search box; filters again (with `keep`) as the user types.
    pub fn search_ui(&mut self, ui: &mut Ui, lang: Lang, keep: impl Fn(&T) -> bool) {
        if widgets::search_box(ui, &mut self.search, t::SEARCH.get(lang)) {
            self.refilter(keep);
        }
    }

    /// "12 of 340 shown", kept on one line (moved to the next row of the toolbar when it does
    /// not fit, never split).
    pub fn shown_of_ui(&self, ui: &mut Ui, lang: Lang) {
        let text = tm::SHOWN_OF.fill(lang, &[("shown", &self.visible.len()), ("total", &self.rows.len())]);
        ui.add(egui::Label::new(egui::RichText::new(text).weak()).wrap_mode(egui::TextWrapMode::Extend));
    }

    /// The load error in red, if the last load failed.
    pub fn load_error_ui(&self, ui: &mut Ui, lang: Lang) {
        if let Some(error) = &self.load_error {
            load_error_ui(ui, error, lang);
        }
    }

    /// The table: clickable headers that sort (filtering again with `keep`), the shown rows
    /// drawn by `cells` (only those on screen), `selected` highlighted. Returns the id of a
    /// clicked row.
    pub fn table_ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        look: &TableLook<'_>,
        selected: Option<i64>,
        keep: impl Fn(&T) -> bool,
        mut cells: impl FnMut(&mut TableRow<'_, '_>, &T),
    ) -> Option<i64> {
        if self.visible.is_empty() {
            let text = if self.rows.is_empty() { look.empty } else { tm::NO_MATCH };
            ui.weak(text.get(lang));
            return None;
        }
        let height = row_height(ui);
        let mut sort = self.sort;
        let mut sort_changed = false;
        let mut clicked = None;
        let (rows, visible) = (&self.rows, &self.visible);
        ui.scope(|ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt(look.id_salt)
                .striped(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
            for column in look.columns {
                builder = builder.column(*column);
            }
            builder
                .header(height, |mut header| {
                    for (column, title) in look.headers.iter().enumerate() {
                        header.col(|ui| {
                            if sort.header(ui, column, title.get(lang)) {
                                sort_changed = true;
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(height, visible.len(), |mut row| {
                        let Some(record) = visible.get(row.index()).and_then(|&index| rows.get(index)) else { return };
                        row.set_selected(selected == Some(record.id()));
                        cells(&mut row, record);
                        if row.response().clicked() {
                            clicked = Some(record.id());
                        }
                    });
                });
        });
        if sort_changed {
            self.sort = sort;
            self.resort(keep);
        }
        clicked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Row {
        id: i64,
        code: &'static str,
        qty: i64,
        archived: bool,
    }

    impl ListRow for Row {
        fn id(&self) -> i64 {
            self.id
        }
        fn search_key(&self) -> String {
            crate::domain::pinyin_key::search_key(&[self.code])
        }
        fn compare(&self, other: &Self, column: usize) -> Ordering {
            if column == 0 { self.code.cmp(other.code) } else { self.qty.cmp(&other.qty) }
        }
    }

    fn codes(list: &ListView<Row>) -> Vec<&'static str> {
        list.visible().map(|row| row.code).collect()
    }

    #[test]
    fn loads_sorts_filters_and_keeps_old_rows_on_a_failed_load() {
        let rows = vec![
            Row { id: 1, code: "B2", qty: 5, archived: false },
            Row { id: 2, code: "A1", qty: 9, archived: true },
            Row { id: 3, code: "C3", qty: 1, archived: false },
        ];
        let mut list = ListView::default();
        assert!(list.is_stale(4));
        list.load(4, Ok::<_, String>(rows), |_| true);
        assert!(!list.is_stale(4));
        assert_eq!(codes(&list), vec!["A1", "B2", "C3"], "by the first column until a header is clicked");
        list.sort = Sort { column: 1, descending: true, chosen: true };
        list.resort(|_| true);
        assert_eq!(codes(&list), vec!["A1", "B2", "C3"], "by quantity, largest first");
        list.refilter(|row| !row.archived);
        assert_eq!(codes(&list), vec!["B2", "C3"], "the tab's switch");
        list.search = "c3".into();
        list.refilter(|row| !row.archived);
        assert_eq!(codes(&list), vec!["C3"]);
        assert_eq!(list.get(2).map(|row| row.code), Some("A1"), "by id, shown or not");
        list.load(5, Err::<Vec<Row>, _>("disk gone"), |_| true);
        assert_eq!(list.load_error.as_deref(), Some("disk gone"));
        assert_eq!(list.rows().len(), 3, "the rows already shown stay");
        assert_eq!(list.shown(), 1);
    }
}
