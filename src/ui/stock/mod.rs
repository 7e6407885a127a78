//! The Stock tab: the product list (every product loaded once per data generation; search by
//! SKU, name, spec, barcode or pinyin in memory; sortable; low stock in amber, negative in red;
//! a "to reorder" view), the product card (edit form validated as the user types, the stock
//! ledger with its running balance, the change history), receive / adjust dialogs, a stock
//! count sheet, and import / export of products.
//!
//! Owns: its cached rows, the typed counts of a stock count and the dialogs.
//! Must not: write to the store (it pushes [`Action`]s), query the store every frame (only on a
//! generation change or a user event such as selecting a row), or show text that is not a
//! [`Tx`] (data and codes aside).
//!
//! The product card is in `card`, the count sheet in `count`, the signed slips coming back in
//! `slips`; this file holds the list and the tab.

use super::TabCtx;
use super::list_view::{ListRow, TableLook};
use super::master_card::MasterCard;
use super::widgets;
use super::widgets::{
    HISTORY_ROWS, MasterFiles, PreviewTable, field_reasons, form_row_ui, history_ui, load_error_ui, row_height, text_cell, yes_no,
};
use crate::action::Action;
use crate::domain::master::{FieldError, Product, ProductForm};
use crate::domain::money::{fmt_money, fmt_qty, parse_decimal};
use crate::domain::pinyin_key::search_key;
use crate::domain::{Permission, permits};
use crate::i18n::{Lang, Tx, ui as t, ui_master as tm};
use crate::store::QTY_SCALE;
use crate::store::audit::AuditEntry;
use crate::store::products::Movement;
use crate::tabular::{RowError, Table};
use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::HashMap;

mod card;
mod count;
mod slips;

use crate::store::Store;
use card::*;
use chrono::NaiveDate;
#[cfg(test)]
use count::*;

/// Column titles of the product list, in column order (the sort column index).
const HEADERS: [Tx; 10] = [
    tm::COL_SKU,
    tm::COL_NAME,
    tm::COL_SPEC,
    tm::COL_UNIT,
    tm::COL_PRICE,
    tm::COL_ON_HAND,
    tm::COL_RESERVED,
    tm::COL_AVAILABLE,
    tm::COL_REORDER_POINT,
    tm::COL_ACTIVE,
];

// ---------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------

/// How a product's available stock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StockLevel {
    Fine,
    /// Available at or below a (positive) reorder point.
    Low,
    /// Less available than nothing: more reserved than on hand, or on hand below zero.
    Negative,
}

/// The low-stock rule: available < 0 is negative; available ≤ reorder point (when the reorder
/// point is above zero) is low.
fn stock_level(product: &Product) -> StockLevel {
    let available = product.available();
    if available < Decimal::ZERO {
        StockLevel::Negative
    } else if product.reorder_point > Decimal::ZERO && available <= product.reorder_point {
        StockLevel::Low
    } else {
        StockLevel::Fine
    }
}

/// The text colour of a stock level (None: the normal colour).
fn level_color(level: StockLevel) -> Option<Color32> {
    match level {
        StockLevel::Fine => None,
        StockLevel::Low => Some(widgets::WARN),
        StockLevel::Negative => Some(widgets::BLOCK),
    }
}

/// Shown in the "to reorder" view: an active product whose stock is low or negative.
fn to_reorder(product: &Product) -> bool {
    product.active && stock_level(product) != StockLevel::Fine
}

impl ListRow for Product {
    fn id(&self) -> i64 {
        self.id
    }

    /// SKU, name, spec and barcode, with the pinyin of Chinese.
    fn search_key(&self) -> String {
        search_key(&[&self.sku, &self.name, &self.spec, &self.barcode])
    }

    fn compare(&self, other: &Product, column: usize) -> Ordering {
        let (a, b) = (self, other);
        match column {
            0 => a.sku.cmp(&b.sku),
            1 => a.name.cmp(&b.name),
            2 => a.spec.cmp(&b.spec),
            3 => a.unit.cmp(&b.unit),
            4 => a.price.cmp(&b.price),
            5 => a.on_hand.cmp(&b.on_hand),
            6 => a.reserved.cmp(&b.reserved),
            7 => a.available().cmp(&b.available()),
            8 => a.reorder_point.cmp(&b.reorder_point),
            _ => a.active.cmp(&b.active),
        }
    }
}

/// The list's columns.
fn columns() -> [Column; 10] {
    let number = Column::initial(80.0).at_least(50.0).resizable(true).clip(true);
    [
        Column::initial(100.0).at_least(50.0).resizable(true).clip(true),
        Column::initial(200.0).at_least(80.0).resizable(true).clip(true),
        Column::initial(120.0).at_least(50.0).resizable(true).clip(true),
        Column::initial(50.0).at_least(36.0).resizable(true).clip(true),
        number,
        number,
        number,
        number,
        number,
        Column::remainder().at_least(50.0).clip(true),
    ]
}

/// The product import preview: the first parsed rows, or every row error.
fn preview_products(table: &Table, lang: Lang) -> Result<PreviewTable, Vec<RowError>> {
    let records = crate::tabular::parse_products(table, lang)?;
    Ok(PreviewTable::of(
        &records,
        vec![
            tm::COL_ROW,
            tm::COL_SKU,
            tm::COL_NAME,
            tm::COL_SPEC,
            tm::COL_UNIT,
            tm::COL_PRICE,
            tm::COL_MIN_PRICE,
            tm::COL_OPENING_STOCK,
            tm::COL_REORDER_POINT,
            tm::COL_ACTIVE,
        ],
        |record| {
            vec![
                record.row.to_string(),
                record.sku.clone(),
                record.name.clone(),
                record.spec.clone().unwrap_or_default(),
                record.unit.clone().unwrap_or_default(),
                fmt_money(record.price),
                record.min_price.flatten().map(fmt_money).unwrap_or_default(),
                record.stock.map(fmt_qty).unwrap_or_default(),
                record.reorder_point.map(fmt_qty).unwrap_or_default(),
                record.active.map(|active| yes_no(active, lang).to_string()).unwrap_or_default(),
            ]
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/// The list, the count sheet or the signed slips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    List,
    Count,
    /// Signed slips back (回单).
    Slips,
}

/// The Stock tab.
#[derive(Default)]
pub struct StockTab {
    /// The list (filtered by the reorder switch) and the open card.
    card: MasterCard<Product, Detail>,
    reorder_only: bool,
    mode: Mode,
    section: Section,
    movement: Option<MovementDialog>,
    /// Counted quantities as typed, by product id (only non-empty ones are kept).
    counted: HashMap<i64, String>,
    /// The counts sent with the last "Book count": cleared from the sheet once booked.
    pending_count: Vec<(i64, Decimal)>,
    /// The data generation when they were sent: only rows read after the booking tell.
    pending_since: u64,
    count_message: Option<String>,
    slips: slips::SlipsView,
}

impl StockTab {
    // ---- data ----

    /// Ask for the products when they are older than the data; take what has come.
    fn reload(&mut self, ctx: &TabCtx<'_>) {
        let keep = self.keep();
        if !self.card.refresh(ctx, |store| store.list_products(), keep, detail_read, failed_detail) {
            return;
        }
        // Counts that were booked (on hand now equals the count) leave the sheet, judged by rows
        // read after the booking (the booking bumps the generation).
        if self.card.list.loaded_at().is_some_and(|generation| generation > self.pending_since) {
            self.take_booked_counts();
        }
        let list = &self.card.list;
        self.counted.retain(|id, _| list.contains(*id));
    }

    /// Drop from the sheet the counts the booking sent whose product now has that on hand.
    fn take_booked_counts(&mut self) {
        for (id, qty) in std::mem::take(&mut self.pending_count) {
            if self.product(id).is_some_and(|product| product.on_hand == qty) {
                self.counted.remove(&id);
            }
        }
    }

    /// Which products the list shows besides the search: only those to reorder when asked.
    fn keep(&self) -> impl Fn(&Product) -> bool + use<> {
        let reorder_only = self.reorder_only;
        move |product| !reorder_only || to_reorder(product)
    }

    fn product(&self, id: i64) -> Option<&Product> {
        self.card.get(id)
    }

    fn select(&mut self, id: i64, ctx: &TabCtx<'_>) {
        let Some(product) = self.card.open(id) else { return };
        // Another product's movements never show under this one's name meanwhile.
        self.card.detail = None;
        self.card.ask_detail(ctx, &product, detail_read);
    }

    fn new_product(&mut self) {
        self.mode = Mode::List;
        self.section = Section::Edit;
        self.card.open_new();
    }

    // ---- drawing ----

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_edit = permits(ctx.role, Permission::EditMasterData);
        ui.horizontal_wrapped(|ui| {
            if MasterCard::<Product, Detail>::new_button_ui(ui, lang, can_edit, tm::NEW_PRODUCT) {
                self.new_product();
            }
            let files = MasterFiles {
                import: crate::tabular::Master::Products,
                import_title: tm::IMPORT_PRODUCTS,
                preview: preview_products,
                export: crate::exports::List::Products,
                export_title: tm::EXPORT_PRODUCTS,
                file_name: "products.xlsx",
            };
            self.card.files.buttons_ui(ui, lang, can_edit, &files);
            ui.separator();
            ui.selectable_value(&mut self.mode, Mode::List, tm::MODE_PRODUCTS.get(lang));
            ui.selectable_value(&mut self.mode, Mode::Count, tm::MODE_COUNT.get(lang));
            ui.selectable_value(&mut self.mode, Mode::Slips, t::SLIPS_TITLE.get(lang));
            // The product filters belong to the lists of products, not to the signed slips.
            if self.mode != Mode::Slips {
                ui.separator();
                self.card.list.search_ui(ui, lang, self.keep());
                if ui.checkbox(&mut self.reorder_only, tm::TO_REORDER.get(lang)).changed() {
                    self.card.list.refilter(self.keep());
                }
                self.card.list.shown_of_ui(ui, lang);
            }
            if self.card.is_loading() {
                crate::ui::fetch::loading_ui(ui, lang);
            }
        });
        self.card.list.load_error_ui(ui, lang);
    }

    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let look = TableLook { id_salt: "kaidan_products_table", columns: &columns(), headers: &HEADERS, empty: tm::NO_PRODUCTS };
        let keep = self.keep();
        let clicked = self.card.list.table_ui(ui, lang, &look, self.card.selected, keep, |row, product| {
            let color = level_color(stock_level(product));
            let rich = |text: String| match color {
                Some(color) => RichText::new(text).color(color),
                None => RichText::new(text),
            };
            row.col(|ui| text_cell(ui, rich(product.sku.clone())));
            row.col(|ui| text_cell(ui, rich(product.name.clone())));
            row.col(|ui| text_cell(ui, rich(product.spec.clone())));
            row.col(|ui| text_cell(ui, rich(product.unit.clone())));
            row.col(|ui| widgets::right_cell(ui, rich(fmt_money(product.price))));
            row.col(|ui| widgets::right_cell(ui, rich(fmt_qty(product.on_hand))));
            row.col(|ui| widgets::right_cell(ui, rich(fmt_qty(product.reserved))));
            row.col(|ui| widgets::right_cell(ui, rich(fmt_qty(product.available())).strong()));
            row.col(|ui| widgets::right_cell(ui, rich(fmt_qty(product.reorder_point))));
            row.col(|ui| text_cell(ui, rich(yes_no(product.active, lang).to_string())));
        });
        if let Some(id) = clicked {
            self.select(id, ctx);
        }
    }

    fn dialogs_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        if let Some(dialog) = self.movement.as_mut()
            && let Some(action) = movement_dialog_ui(ui, dialog, lang)
        {
            if let Some(action) = action {
                ctx.push(action);
            }
            self.movement = None;
        }
        self.card.files.dialogs_ui(ui, lang, ctx.actions);
    }
}

impl crate::ui::TabView for StockTab {
    /// Draw the tab: toolbar, then the list with the card of the selected (or new) product, or
    /// the count sheet.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        self.reload(ctx);
        self.toolbar_ui(ui, ctx);
        ui.separator();
        match self.mode {
            Mode::List => {
                if self.card.editor.is_some() {
                    egui::Panel::right("kaidan_product_card").resizable(true).default_size(560.0).min_size(380.0).show(ui, |ui| {
                        self.card_ui(ui, ctx);
                    });
                }
                egui::CentralPanel::no_frame().show(ui, |ui| {
                    self.table_ui(ui, ctx);
                });
            }
            Mode::Count => {
                egui::CentralPanel::no_frame().show(ui, |ui| {
                    self.count_ui(ui, ctx);
                });
            }
            Mode::Slips => {
                egui::CentralPanel::no_frame().show(ui, |ui| {
                    self.slips.ui(ui, ctx);
                });
            }
        }
        self.dialogs_ui(ui, ctx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::{Sort, filter_by_key};

    /// Row indices in the list's order for `sort`.
    fn sorted(products: &[Product], sort: Sort) -> Vec<usize> {
        let mut order: Vec<usize> = (0..products.len()).collect();
        order.sort_by(|&a, &b| sort.order(products[a].compare(&products[b], sort.column)));
        order
    }

    fn dec(text: &str) -> Decimal {
        text.parse().expect("test decimal")
    }

    fn product(id: i64, sku: &str, name: &str, on_hand: &str, reserved: &str, reorder: &str) -> Product {
        Product {
            id,
            sku: sku.into(),
            name: name.into(),
            on_hand: dec(on_hand),
            reserved: dec(reserved),
            reorder_point: dec(reorder),
            active: true,
            divisible: true,
            ..Product::default()
        }
    }

    #[test]
    fn low_stock_rule() {
        assert_eq!(stock_level(&product(1, "A", "a", "10", "0", "5")), StockLevel::Fine);
        assert_eq!(stock_level(&product(1, "A", "a", "10", "5", "5")), StockLevel::Low, "available equals the reorder point");
        assert_eq!(stock_level(&product(1, "A", "a", "3", "0", "5")), StockLevel::Low);
        assert_eq!(stock_level(&product(1, "A", "a", "0", "0", "0")), StockLevel::Fine, "no reorder point: zero is not low");
        assert_eq!(stock_level(&product(1, "A", "a", "2", "3", "0")), StockLevel::Negative);
        assert_eq!(stock_level(&product(1, "A", "a", "-1", "0", "5")), StockLevel::Negative);
        let mut inactive = product(1, "A", "a", "1", "0", "5");
        assert!(to_reorder(&inactive));
        inactive.active = false;
        assert!(!to_reorder(&inactive), "inactive products are not reordered");
    }

    #[test]
    fn products_are_found_by_pinyin_and_spec() {
        let mut products = [product(1, "P001", "六角螺栓", "1", "0", "0"), product(2, "P002", "Steel nut", "1", "0", "0")];
        products[0].spec = "M8x40".into();
        products[1].barcode = "6901234567892".into();
        let keys: Vec<String> = products.iter().map(ListRow::search_key).collect();
        let order = [0, 1];
        assert_eq!(filter_by_key(&order, &keys, "ljls", |_| true), vec![0]);
        assert_eq!(filter_by_key(&order, &keys, "m8x", |_| true), vec![0]);
        assert_eq!(filter_by_key(&order, &keys, "690123", |_| true), vec![1]);
        assert_eq!(filter_by_key(&order, &keys, "p00", |index| index == 1), vec![1]);
    }

    #[test]
    fn count_parsing() {
        assert_eq!(parse_count("", true), Count::Empty);
        assert_eq!(parse_count("  ", false), Count::Empty);
        assert_eq!(parse_count("12", false), Count::Value(dec("12")));
        assert_eq!(parse_count(" 2.5 ", true), Count::Value(dec("2.5")));
        assert_eq!(parse_count("１２", false), Count::Value(dec("12")), "full-width digits");
        assert_eq!(parse_count("0", false), Count::Value(Decimal::ZERO));
        assert_eq!(parse_count("2.5", false), Count::Bad, "whole units only");
        assert_eq!(parse_count("-1", true), Count::Bad);
        assert_eq!(parse_count("1.2345", true), Count::Bad, "more decimals than stored");
        assert_eq!(parse_count("abc", true), Count::Bad);
        assert_eq!(parse_count("1,000", true), Count::Bad);
    }

    #[test]
    fn counts_are_collected_or_refused() {
        let products = [product(1, "A", "a", "5", "0", "0"), product(2, "B", "b", "5", "0", "0"), product(3, "C", "c", "5", "0", "0")];
        let mut counted = HashMap::new();
        counted.insert(1, "4".to_string());
        counted.insert(3, "5".to_string());
        let lines = collect_counts(&products, &counted).expect("valid");
        assert_eq!(lines, vec![CountLine { id: 1, sku: "A".into(), qty: dec("4") }, CountLine { id: 3, sku: "C".into(), qty: dec("5") }]);
        counted.insert(2, "x".to_string());
        assert_eq!(collect_counts(&products, &counted), Err(vec!["B".to_string()]));
        assert_eq!(collect_counts(&products, &HashMap::new()), Ok(vec![]));
    }

    #[test]
    fn movements_are_checked() {
        assert_eq!(check_movement(MoveKind::Receive, "5", "", true), Ok(dec("5")));
        assert_eq!(check_movement(MoveKind::Receive, "0", "", true).map_err(|e| e.reason), Err(tm::ERR_QTY_POSITIVE));
        assert_eq!(check_movement(MoveKind::Receive, "-2", "", true).map_err(|e| e.field), Err("qty"));
        assert_eq!(check_movement(MoveKind::Adjust, "-2", "broken", true), Ok(dec("-2")));
        assert_eq!(check_movement(MoveKind::Adjust, "-2", " ", true).map_err(|e| e.field), Err("text"));
        assert_eq!(check_movement(MoveKind::Adjust, "0", "x", true).map_err(|e| e.reason), Err(tm::ERR_QTY_NONZERO));
        assert_eq!(check_movement(MoveKind::Adjust, "1.5", "x", false).map_err(|e| e.reason), Err(tm::ERR_WHOLE));
        assert_eq!(check_opening("", false), Ok(Decimal::ZERO));
        assert_eq!(check_opening("-3", true), Err(tm::ERR_NOT_NEGATIVE_QTY));
    }

    #[test]
    fn editor_checks_opening_stock_and_duplicate_skus() {
        let skus: HashMap<String, i64> = [("P001".to_string(), 1)].into_iter().collect();
        let mut editor = Editor::new(Product::default(), &skus);
        editor.form.sku = "P001".into();
        editor.form.name = "Bolt".into();
        editor.form.price = "2".into();
        editor.extra = "1.5".into();
        editor.validate(&skus);
        assert!(editor.duplicate);
        assert_eq!(editor.errors.iter().map(|e| e.field).collect::<Vec<_>>(), vec!["opening_stock"]);
        editor.form.divisible = true;
        editor.validate(&skus);
        assert!(editor.errors.is_empty());
    }

    #[test]
    fn sorting_by_available() {
        let products = [product(1, "A", "a", "5", "0", "0"), product(2, "B", "b", "5", "4", "0"), product(3, "C", "c", "9", "0", "0")];
        assert_eq!(sorted(&products, Sort { column: 7, descending: false, chosen: true }), vec![1, 0, 2]);
        assert_eq!(sorted(&products, Sort { column: 7, descending: true, chosen: true }), vec![2, 0, 1]);
    }
}
