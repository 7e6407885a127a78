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

use super::TabCtx;
use super::list_view::{ListRow, ListView, TableLook};
use super::widgets;
use super::widgets::{
    ExportDialog, HISTORY_ROWS, ImportDialog, PreviewTable, field_reasons, form_row_ui, history_ui, is_duplicate, load_error_ui,
    row_height, text_cell, yes_no,
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

/// Rows of an import file shown in the preview.
const PREVIEW_ROWS: usize = 50;

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

/// A quantity typed by the user: a decimal with at most the stored decimals, whole when the
/// product is not divisible.
fn check_qty(text: &str, divisible: bool) -> Result<Decimal, Tx> {
    let qty = parse_decimal(text).ok_or(tm::ERR_NUMBER)?;
    if qty.abs().trunc() > crate::domain::bounds::max_value() {
        return Err(tm::ERR_QTY_TOO_LARGE);
    }
    if qty.normalize().scale() > QTY_SCALE {
        return Err(tm::ERR_QTY_DECIMALS);
    }
    if !divisible && !qty.fract().is_zero() {
        return Err(tm::ERR_WHOLE);
    }
    Ok(qty)
}

/// The opening stock of a new product: empty is zero, else a quantity of 0 or more.
fn check_opening(text: &str, divisible: bool) -> Result<Decimal, Tx> {
    if text.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    let qty = check_qty(text, divisible)?;
    if qty < Decimal::ZERO {
        return Err(tm::ERR_NOT_NEGATIVE_QTY);
    }
    Ok(qty)
}

/// Receive or adjust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MoveKind {
    Receive,
    Adjust,
}

/// Check a receive (qty > 0, optional reference) or an adjustment (qty ≠ 0, may be negative,
/// mandatory reason). The error names its field: "qty" or "text".
fn check_movement(kind: MoveKind, qty: &str, text: &str, divisible: bool) -> Result<Decimal, FieldError> {
    let qty = check_qty(qty, divisible).map_err(|reason| FieldError { field: "qty", reason })?;
    match kind {
        MoveKind::Receive if qty <= Decimal::ZERO => Err(FieldError { field: "qty", reason: tm::ERR_QTY_POSITIVE }),
        MoveKind::Adjust if qty.is_zero() => Err(FieldError { field: "qty", reason: tm::ERR_QTY_NONZERO }),
        MoveKind::Adjust if text.trim().is_empty() => Err(FieldError { field: "text", reason: tm::ERR_REASON_REQUIRED }),
        _ => Ok(qty),
    }
}

/// One cell of the count sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Count {
    Empty,
    Value(Decimal),
    Bad,
}

/// Parse a counted quantity: empty is no count; a count is a number of 0 or more with at most
/// the stored decimals, whole when the product is not divisible.
fn parse_count(text: &str, divisible: bool) -> Count {
    if text.trim().is_empty() {
        return Count::Empty;
    }
    match check_qty(text, divisible) {
        Ok(qty) if qty >= Decimal::ZERO => Count::Value(qty),
        _ => Count::Bad,
    }
}

/// One product to book in a stock count.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CountLine {
    id: i64,
    sku: String,
    qty: Decimal,
}

/// Every product with a counted value, in list order; or the SKUs whose value is not a count.
fn collect_counts(products: &[Product], counted: &HashMap<i64, String>) -> Result<Vec<CountLine>, Vec<String>> {
    let mut lines = vec![];
    let mut bad = vec![];
    for product in products {
        let Some(text) = counted.get(&product.id) else { continue };
        match parse_count(text, product.divisible) {
            Count::Empty => {}
            Count::Value(qty) => lines.push(CountLine { id: product.id, sku: product.sku.clone(), qty }),
            Count::Bad => bad.push(product.sku.clone()),
        }
    }
    if bad.is_empty() { Ok(lines) } else { Err(bad) }
}

/// The translated kind of a stock movement.
fn movement_kind_text(kind: &str) -> Option<Tx> {
    match kind {
        "opening" => Some(tm::MK_OPENING),
        "receipt" => Some(tm::MK_RECEIPT),
        "shipment" => Some(tm::MK_SHIPMENT),
        "adjustment" => Some(tm::MK_ADJUSTMENT),
        "count" => Some(tm::MK_COUNT),
        "return" => Some(tm::MK_RETURN),
        _ => None,
    }
}

/// A signed quantity: "+5", "-2.5", "0".
fn signed_qty(qty: Decimal) -> String {
    if qty > Decimal::ZERO { format!("+{}", fmt_qty(qty)) } else { fmt_qty(qty) }
}

/// The product import preview: the first parsed rows, or every row error.
fn preview_products(table: &Table, lang: Lang) -> Result<PreviewTable, Vec<RowError>> {
    let records = crate::tabular::parse_products(table, lang)?;
    let rows = records
        .iter()
        .take(PREVIEW_ROWS)
        .map(|record| {
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
        })
        .collect();
    Ok(PreviewTable {
        headers: vec![
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
        rows,
        total: records.len(),
    })
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/// The product being edited (or created) and the state of its validation.
struct Editor {
    /// The stored product (id, stock, version), or a default one for a new product.
    base: Product,
    form: ProductForm,
    /// Opening stock, only for a new product.
    opening: String,
    /// Every field error of the last check (re-run when a field changes).
    errors: Vec<FieldError>,
    /// Another loaded product has this SKU.
    duplicate: bool,
    /// A field was changed since the editor opened (new products show errors only then).
    touched: bool,
    /// Save was pressed and the reload may bring the saved record.
    saving: bool,
}

impl Editor {
    fn new(base: Product, skus: &HashMap<String, i64>) -> Editor {
        let form = if base.id == 0 {
            ProductForm { unit: "pcs".into(), reorder_point: "0".into(), active: true, ..ProductForm::default() }
        } else {
            ProductForm::from_product(&base)
        };
        let mut editor = Editor { base, form, opening: String::new(), errors: vec![], duplicate: false, touched: false, saving: false };
        editor.validate(skus);
        editor
    }

    fn is_new(&self) -> bool {
        self.base.id == 0
    }

    fn validate(&mut self, skus: &HashMap<String, i64>) {
        let mut errors = self.form.parse(&self.base).err().unwrap_or_default();
        if self.is_new()
            && let Err(reason) = check_opening(&self.opening, self.form.divisible)
        {
            errors.push(FieldError { field: "opening_stock", reason });
        }
        self.errors = errors;
        self.duplicate = is_duplicate(skus, &self.form.sku, self.base.id);
    }

    fn shows_errors(&self) -> bool {
        !self.is_new() || self.touched
    }

    /// Nothing was changed since the editor was filled from `base`.
    fn is_clean(&self) -> bool {
        self.form == ProductForm::from_product(&self.base) && self.opening.trim().is_empty()
    }

    /// The form says exactly what `product` holds.
    fn matches(&self, product: &Product) -> bool {
        matches!(self.form.parse(product), Ok(parsed) if parsed == *product)
    }
}

/// The read-only parts of the product card, loaded when a product is selected.
#[derive(Default)]
struct Detail {
    movements: Vec<Movement>,
    history: Vec<AuditEntry>,
    error: Option<String>,
}

fn try_load_detail(ctx: &TabCtx<'_>, product: &Product) -> crate::store::Result<Detail> {
    Ok(Detail {
        movements: ctx.store.list_movements(product.id)?,
        history: ctx.store.list_audit("", "product", &product.sku, HISTORY_ROWS)?,
        error: None,
    })
}

fn load_detail(ctx: &TabCtx<'_>, product: &Product) -> Detail {
    try_load_detail(ctx, product).unwrap_or_else(|error| Detail { error: Some(error.to_string()), ..Detail::default() })
}

/// The parts of the product card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    #[default]
    Edit,
    Ledger,
    History,
}

/// The list or the count sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    List,
    Count,
}

/// An open receive / adjust dialog.
struct MovementDialog {
    kind: MoveKind,
    sku: String,
    name: String,
    divisible: bool,
    qty: String,
    /// Reference (receive) or reason (adjust).
    text: String,
    /// The result of the last check (re-run when a field changes).
    check: Result<Decimal, FieldError>,
    touched: bool,
}

impl MovementDialog {
    fn new(kind: MoveKind, product: &Product) -> MovementDialog {
        let mut dialog = MovementDialog {
            kind,
            sku: product.sku.clone(),
            name: product.name.clone(),
            divisible: product.divisible,
            qty: String::new(),
            text: String::new(),
            check: Ok(Decimal::ZERO),
            touched: false,
        };
        dialog.recheck();
        dialog
    }

    fn recheck(&mut self) {
        self.check = check_movement(self.kind, &self.qty, &self.text, self.divisible);
    }
}

/// What the user asked for on the card this frame.
enum Intent {
    Save(Box<Product>, Decimal),
    Revert,
    Close,
    Move(MoveKind),
}

/// The Stock tab.
#[derive(Default)]
pub struct StockTab {
    /// Every product, searched, sorted and filtered by the reorder switch.
    list: ListView<Product>,
    /// SKU → product id (duplicate check as you type).
    skus: HashMap<String, i64>,
    reorder_only: bool,
    mode: Mode,
    selected: Option<i64>,
    editor: Option<Editor>,
    detail: Option<Detail>,
    section: Section,
    movement: Option<MovementDialog>,
    /// Counted quantities as typed, by product id (only non-empty ones are kept).
    counted: HashMap<i64, String>,
    /// The counts sent with the last "Book count": cleared from the sheet once booked.
    pending_count: Vec<(i64, Decimal)>,
    count_message: Option<String>,
    import: Option<ImportDialog>,
    export: Option<ExportDialog>,
}

impl StockTab {
    // ---- data ----

    fn reload(&mut self, ctx: &TabCtx<'_>) {
        let keep = self.keep();
        self.list.load(ctx.generation, ctx.store.list_products(), keep);
        self.skus = self.list.rows().iter().map(|product| (product.sku.clone(), product.id)).collect();
        // Counts that were booked (on hand now equals the count) leave the sheet.
        for (id, qty) in std::mem::take(&mut self.pending_count) {
            if self.product(id).is_some_and(|product| product.on_hand == qty) {
                self.counted.remove(&id);
            }
        }
        let list = &self.list;
        self.counted.retain(|id, _| list.contains(*id));
        self.refresh_editor();
        self.reload_detail(ctx);
    }

    /// Which products the list shows besides the search: only those to reorder when asked.
    fn keep(&self) -> impl Fn(&Product) -> bool + use<> {
        let reorder_only = self.reorder_only;
        move |product| !reorder_only || to_reorder(product)
    }

    fn product(&self, id: i64) -> Option<&Product> {
        self.list.get(id)
    }

    /// After a reload: take over the stored record when it is what the form says (the save went
    /// through) or when the user changed nothing; otherwise keep the edits (a stale save will be
    /// refused by the store).
    fn refresh_editor(&mut self) {
        let Some(editor) = self.editor.as_mut() else { return };
        let id = if !editor.is_new() {
            Some(editor.base.id)
        } else if editor.saving {
            self.skus.get(editor.form.sku.trim()).copied()
        } else {
            None
        };
        let reloaded = id.and_then(|id| self.list.get(id));
        match reloaded {
            Some(product) if editor.matches(product) || (!editor.is_new() && editor.is_clean()) => {
                *editor = Editor::new(product.clone(), &self.skus);
                self.selected = Some(product.id);
            }
            _ => editor.validate(&self.skus),
        }
    }

    fn reload_detail(&mut self, ctx: &TabCtx<'_>) {
        let product = self.selected.and_then(|id| self.product(id)).cloned();
        self.detail = product.map(|product| load_detail(ctx, &product));
    }

    fn select(&mut self, id: i64, ctx: &TabCtx<'_>) {
        let Some(product) = self.product(id).cloned() else { return };
        self.selected = Some(id);
        self.editor = Some(Editor::new(product.clone(), &self.skus));
        self.detail = Some(load_detail(ctx, &product));
    }

    fn new_product(&mut self) {
        self.mode = Mode::List;
        self.selected = None;
        self.detail = None;
        self.section = Section::Edit;
        self.editor = Some(Editor::new(Product::default(), &self.skus));
    }

    fn close_card(&mut self) {
        self.selected = None;
        self.detail = None;
        self.editor = None;
    }

    // ---- drawing ----

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_edit = permits(ctx.role, Permission::EditMasterData);
        ui.horizontal_wrapped(|ui| {
            let new =
                ui.add_enabled(can_edit, egui::Button::new(tm::NEW_PRODUCT.get(lang))).on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
            if new.clicked() {
                self.new_product();
            }
            let import =
                ui.add_enabled(can_edit, egui::Button::new(tm::IMPORT_DOTS.get(lang))).on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
            if import.clicked() {
                self.import = Some(ImportDialog::new(crate::tabular::Master::Products, tm::IMPORT_PRODUCTS, preview_products));
            }
            if ui.button(tm::EXPORT_DOTS.get(lang)).clicked() {
                self.export = Some(ExportDialog::new(crate::exports::List::Products, tm::EXPORT_PRODUCTS, "products.xlsx"));
            }
            ui.separator();
            ui.selectable_value(&mut self.mode, Mode::List, tm::MODE_PRODUCTS.get(lang));
            ui.selectable_value(&mut self.mode, Mode::Count, tm::MODE_COUNT.get(lang));
            ui.separator();
            self.list.search_ui(ui, lang, self.keep());
            if ui.checkbox(&mut self.reorder_only, tm::TO_REORDER.get(lang)).changed() {
                self.list.refilter(self.keep());
            }
            self.list.shown_of_ui(ui, lang);
        });
        self.list.load_error_ui(ui, lang);
    }

    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let look = TableLook { id_salt: "kaidan_products_table", columns: &columns(), headers: &HEADERS, empty: tm::NO_PRODUCTS };
        let keep = self.keep();
        let clicked = self.list.table_ui(ui, lang, &look, self.selected, keep, |row, product| {
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

    fn card_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_move = permits(ctx.role, Permission::MoveStock);
        let Some(editor) = &self.editor else { return };
        let is_new = editor.is_new();
        let title = if is_new { tm::NEW_PRODUCT.get(lang).to_string() } else { format!("{}  {}", editor.base.sku, editor.base.name) };
        let base = editor.base.clone();
        let mut intent = None;
        ui.horizontal(|ui| {
            ui.heading(title);
            if ui.button(t::CLOSE.get(lang)).clicked() {
                intent = Some(Intent::Close);
            }
        });
        if !is_new {
            ui.horizontal_wrapped(|ui| {
                let level = stock_level(&base);
                let available = RichText::new(tm::STOCK_LINE.fill(
                    lang,
                    &[
                        ("on_hand", &fmt_qty(base.on_hand)),
                        ("reserved", &fmt_qty(base.reserved)),
                        ("available", &fmt_qty(base.available())),
                        ("unit", &base.unit),
                    ],
                ));
                ui.label(match level_color(level) {
                    Some(color) => available.color(color).strong(),
                    None => available,
                });
                let receive = ui
                    .add_enabled(can_move, egui::Button::new(tm::RECEIVE_DOTS.get(lang)))
                    .on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
                if receive.clicked() {
                    intent = Some(Intent::Move(MoveKind::Receive));
                }
                let adjust = ui
                    .add_enabled(can_move, egui::Button::new(tm::ADJUST_DOTS.get(lang)))
                    .on_disabled_hover_text(tm::NOT_ALLOWED.get(lang));
                if adjust.clicked() {
                    intent = Some(Intent::Move(MoveKind::Adjust));
                }
            });
            ui.horizontal_wrapped(|ui| {
                ui.selectable_value(&mut self.section, Section::Edit, tm::SECTION_EDIT.get(lang));
                ui.selectable_value(&mut self.section, Section::Ledger, tm::SECTION_LEDGER.get(lang));
                ui.selectable_value(&mut self.section, Section::History, tm::SECTION_HISTORY.get(lang));
            });
        } else {
            self.section = Section::Edit;
        }
        ui.separator();
        if let Some(error) = self.detail.as_ref().and_then(|detail| detail.error.as_deref()) {
            load_error_ui(ui, error, lang);
        }
        match self.section {
            Section::Edit => {
                egui::ScrollArea::vertical().id_salt("kaidan_product_form_scroll").auto_shrink([false, false]).show(ui, |ui| {
                    if let Some(form_intent) = self.form_ui(ui, ctx) {
                        intent = Some(form_intent);
                    }
                });
            }
            Section::Ledger => {
                if let Some(detail) = &self.detail {
                    ledger_ui(ui, &detail.movements, lang);
                }
            }
            Section::History => {
                if let Some(detail) = &self.detail {
                    history_ui(ui, &detail.history, lang, "kaidan_product_history");
                }
            }
        }
        if let Some(intent) = intent {
            self.apply_intent(intent, &base, ctx);
        }
    }

    /// The edit form with its errors and Save / Revert.
    fn form_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) -> Option<Intent> {
        let lang = ctx.lang;
        let can_edit = permits(ctx.role, Permission::EditMasterData);
        let can_price = permits(ctx.role, Permission::ChangePrices);
        let can_move = permits(ctx.role, Permission::MoveStock);
        let skus = &self.skus;
        let editor = self.editor.as_mut()?;
        let is_new = editor.is_new();
        let show = editor.shows_errors();
        let shown: &[FieldError] = if show { &editor.errors } else { &[] };
        let mut sku_reasons = field_reasons(shown, "sku", lang);
        if show && editor.duplicate {
            sku_reasons.push(tm::ERR_DUPLICATE_SKU.get(lang));
        }
        let name_reasons = field_reasons(shown, "name", lang);
        let price_reasons = field_reasons(shown, "price", lang);
        let min_reasons = field_reasons(shown, "min_price", lang);
        let cost_reasons = field_reasons(shown, "cost", lang);
        let reorder_reasons = field_reasons(shown, "reorder_point", lang);
        let opening_reasons = field_reasons(shown, "opening_stock", lang);
        let form = &mut editor.form;
        let opening = &mut editor.opening;
        let mut changed = false;
        egui::Grid::new("kaidan_product_form").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            changed |= form_row_ui(ui, tm::F_SKU.get(lang), &mut form.sku, can_edit, "", &sku_reasons);
            changed |= form_row_ui(ui, tm::F_NAME.get(lang), &mut form.name, can_edit, "", &name_reasons);
            changed |= form_row_ui(ui, tm::F_SPEC.get(lang), &mut form.spec, can_edit, "", &[]);
            changed |= form_row_ui(ui, tm::F_UNIT.get(lang), &mut form.unit, can_edit, "", &[]);
            changed |= form_row_ui(ui, tm::F_BARCODE.get(lang), &mut form.barcode, can_edit, "", &[]);
            let prices = can_edit && can_price;
            changed |= form_row_ui(ui, tm::F_PRICE.get(lang), &mut form.price, prices, "", &price_reasons);
            changed |= form_row_ui(ui, tm::F_MIN_PRICE.get(lang), &mut form.min_price, prices, tm::HINT_NO_MIN.get(lang), &min_reasons);
            changed |= form_row_ui(ui, tm::F_COST.get(lang), &mut form.cost, prices, tm::HINT_UNKNOWN.get(lang), &cost_reasons);
            changed |= form_row_ui(ui, tm::F_REORDER_POINT.get(lang), &mut form.reorder_point, can_edit, "", &reorder_reasons);
            if is_new {
                changed |= form_row_ui(ui, tm::F_OPENING_STOCK.get(lang), opening, can_edit && can_move, "0", &opening_reasons);
            }
            ui.label("");
            changed |= ui.add_enabled(can_edit, egui::Checkbox::new(&mut form.active, tm::F_ACTIVE.get(lang))).changed();
            ui.end_row();
            ui.label("");
            changed |= ui.add_enabled(can_edit, egui::Checkbox::new(&mut form.divisible, tm::F_DIVISIBLE.get(lang))).changed();
            ui.end_row();
        });
        if changed {
            editor.touched = true;
            editor.saving = false;
            editor.validate(skus);
        }
        if !can_price {
            ui.weak(tm::PRICES_NEED_MANAGER.get(lang));
        }
        let mut intent = None;
        ui.horizontal(|ui| {
            let ready = can_edit && editor.errors.is_empty() && !editor.duplicate;
            let save = ui.add_enabled(ready, egui::Button::new(t::SAVE.get(lang))).on_disabled_hover_text(tm::FIX_ERRORS.get(lang));
            if save.clicked()
                && let Ok(product) = editor.form.parse(&editor.base)
            {
                let opening =
                    if editor.is_new() { check_opening(&editor.opening, editor.form.divisible).unwrap_or_default() } else { Decimal::ZERO };
                intent = Some(Intent::Save(Box::new(product), opening));
            }
            if ui.button(tm::REVERT.get(lang)).clicked() {
                intent = Some(if editor.is_new() { Intent::Close } else { Intent::Revert });
            }
        });
        if !is_new {
            ui.weak(tm::UPDATED_AT.fill(lang, &[("at", &editor.base.updated_at.replace('T', " "))]));
        }
        intent
    }

    fn apply_intent(&mut self, intent: Intent, base: &Product, ctx: &mut TabCtx<'_>) {
        match intent {
            Intent::Save(product, opening_stock) => {
                if let Some(editor) = self.editor.as_mut() {
                    editor.saving = true;
                }
                ctx.push(Action::SaveProduct { product: *product, opening_stock });
            }
            Intent::Revert => {
                if let Some(editor) = self.editor.as_mut() {
                    *editor = Editor::new(editor.base.clone(), &self.skus);
                }
            }
            Intent::Close => self.close_card(),
            Intent::Move(kind) => self.movement = Some(MovementDialog::new(kind, base)),
        }
    }

    fn count_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_count = permits(ctx.role, Permission::MoveStock);
        ui.label(tm::COUNT_HELP.get(lang));
        let mut book = false;
        ui.horizontal_wrapped(|ui| {
            let ready = can_count && !self.counted.is_empty();
            let button = ui.add_enabled(ready, egui::Button::new(tm::BOOK_COUNT.get(lang)));
            if button.clicked() {
                book = true;
            }
            if ui.add_enabled(!self.counted.is_empty(), egui::Button::new(tm::CLEAR_COUNTS.get(lang))).clicked() {
                self.counted.clear();
                self.count_message = None;
            }
            ui.weak(tm::COUNTED_N.fill(lang, &[("n", &self.counted.len())]));
        });
        if !can_count {
            ui.weak(tm::NOT_ALLOWED.get(lang));
        }
        if book {
            match collect_counts(self.list.rows(), &self.counted) {
                Ok(lines) if lines.is_empty() => self.count_message = Some(tm::NOTHING_COUNTED.get(lang).to_string()),
                Ok(lines) => {
                    self.pending_count = lines.iter().map(|line| (line.id, line.qty)).collect();
                    ctx.push(Action::BookCount(lines.into_iter().map(|line| (line.sku, line.qty)).collect()));
                    self.count_message = None;
                }
                Err(bad) => self.count_message = Some(tm::COUNT_BAD.fill(lang, &[("skus", &bad.join(", "))])),
            }
        }
        if let Some(message) = &self.count_message {
            ui.colored_label(widgets::BLOCK, message);
        }
        ui.separator();
        if self.list.shown() == 0 {
            let text = if self.list.rows().is_empty() { tm::NO_PRODUCTS } else { tm::NO_MATCH };
            ui.weak(text.get(lang));
            return;
        }
        let height = row_height(ui) + 4.0;
        let list = &self.list;
        let counted = &mut self.counted;
        TableBuilder::new(ui)
            .id_salt("kaidan_count_table")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(110.0).at_least(50.0).resizable(true).clip(true))
            .column(Column::initial(220.0).at_least(80.0).resizable(true).clip(true))
            .column(Column::initial(60.0).at_least(36.0).resizable(true).clip(true))
            .column(Column::initial(90.0).at_least(50.0).resizable(true).clip(true))
            .column(Column::initial(120.0).at_least(80.0).resizable(true))
            .column(Column::remainder().at_least(80.0).clip(true))
            .header(height, |mut header| {
                for title in [tm::COL_SKU, tm::COL_NAME, tm::COL_UNIT, tm::COL_ON_HAND, tm::COL_COUNTED, tm::COL_DIFFERENCE] {
                    header.col(|ui| {
                        ui.strong(title.get(lang));
                    });
                }
            })
            .body(|body| {
                body.rows(height, list.shown(), |mut row| {
                    let Some(product) = list.shown_row(row.index()) else { return };
                    row.col(|ui| text_cell(ui, &product.sku));
                    row.col(|ui| text_cell(ui, &product.name));
                    row.col(|ui| text_cell(ui, &product.unit));
                    row.col(|ui| widgets::right_cell(ui, fmt_qty(product.on_hand)));
                    row.col(|ui| {
                        let mut text = counted.get(&product.id).cloned().unwrap_or_default();
                        let bad = parse_count(&text, product.divisible) == Count::Bad;
                        let edit = egui::TextEdit::singleline(&mut text)
                            .desired_width(100.0)
                            .id(egui::Id::unique(("kaidan_stock_count", product.id)))
                            .text_color_opt(bad.then_some(widgets::BLOCK));
                        let response =
                            ui.add_enabled(can_count, edit).accessible_name(tm::COUNTED_FOR.fill(lang, &[("sku", &product.sku)]));
                        if response.changed() {
                            if text.trim().is_empty() {
                                counted.remove(&product.id);
                            } else {
                                counted.insert(product.id, text);
                            }
                        }
                    });
                    row.col(|ui| {
                        let cell = counted.get(&product.id).map(|text| parse_count(text, product.divisible)).unwrap_or(Count::Empty);
                        match cell {
                            Count::Empty => {}
                            Count::Value(qty) => {
                                let difference = qty - product.on_hand;
                                let text = RichText::new(signed_qty(difference));
                                let text = if difference.is_zero() { text.weak() } else { text.color(widgets::WARN).strong() };
                                widgets::right_cell(ui, text);
                            }
                            Count::Bad => {
                                ui.colored_label(widgets::BLOCK, tm::ERR_COUNT.get(lang));
                            }
                        }
                    });
                });
            });
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
        if let Some(dialog) = self.import.as_mut() {
            let mut open = true;
            if let Some(action) = dialog.ui(ui, lang, &mut open) {
                ctx.push(action);
            }
            if !open {
                self.import = None;
            }
        }
        if let Some(dialog) = self.export.as_mut() {
            let mut open = true;
            if let Some(action) = dialog.ui(ui, lang, &mut open) {
                ctx.push(action);
            }
            if !open {
                self.export = None;
            }
        }
    }
}

/// The receive / adjust dialog. Returns None while it stays open, Some(None) when cancelled
/// and Some(Some(action)) when confirmed.
fn movement_dialog_ui(ui: &Ui, dialog: &mut MovementDialog, lang: Lang) -> Option<Option<Action>> {
    let mut outcome = None;
    let modal = egui::Modal::new(egui::Id::unique("kaidan_stock_movement")).show(ui.ctx(), |ui| {
        ui.set_min_width(440.0);
        let title = match dialog.kind {
            MoveKind::Receive => tm::RECEIVE_TITLE,
            MoveKind::Adjust => tm::ADJUST_TITLE,
        };
        ui.heading(title.fill(lang, &[("sku", &dialog.sku)]));
        ui.label(&dialog.name);
        let error = match (&dialog.check, dialog.touched) {
            (Err(error), true) => Some(error.clone()),
            _ => None,
        };
        let reasons_of =
            |field: &str| -> Vec<&'static str> { error.iter().filter(|e| e.field == field).map(|e| e.reason.get(lang)).collect() };
        let qty_reasons = reasons_of("qty");
        let text_reasons = reasons_of("text");
        let (qty_hint, text_label) = match dialog.kind {
            MoveKind::Receive => ("", tm::F_REFERENCE),
            MoveKind::Adjust => (tm::HINT_ADJUST_QTY.get(lang), tm::F_REASON),
        };
        let mut changed = false;
        egui::Grid::new("kaidan_stock_movement_form").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            changed |= form_row_ui(ui, tm::F_QTY.get(lang), &mut dialog.qty, true, qty_hint, &qty_reasons);
            changed |= form_row_ui(ui, text_label.get(lang), &mut dialog.text, true, "", &text_reasons);
        });
        if changed {
            dialog.touched = true;
            dialog.recheck();
        }
        ui.horizontal(|ui| {
            let ok = ui.add_enabled(dialog.check.is_ok(), egui::Button::new(t::OK.get(lang)));
            if ok.clicked()
                && let Ok(&qty) = dialog.check.as_ref()
            {
                let sku = dialog.sku.clone();
                let text = dialog.text.trim().to_string();
                outcome = Some(Some(match dialog.kind {
                    MoveKind::Receive => Action::Receive { sku, qty, reference: text },
                    MoveKind::Adjust => Action::Adjust { sku, qty, reason: text },
                }));
            }
            if ui.button(t::CANCEL.get(lang)).clicked() {
                outcome = Some(None);
            }
        });
    });
    // A click beside the dialog does not throw away what was typed (Escape or Cancel does).
    let escape = ui.input(|input| input.key_pressed(egui::Key::Escape));
    if outcome.is_none() && modal.should_close() && (!dialog.touched || escape) {
        outcome = Some(None);
    }
    outcome
}

/// The stock ledger of a product, oldest first, with the running balance.
fn ledger_ui(ui: &mut Ui, movements: &[Movement], lang: Lang) {
    if movements.is_empty() {
        ui.weak(tm::NO_MOVEMENTS.get(lang));
        return;
    }
    let height = row_height(ui);
    TableBuilder::new(ui)
        .id_salt("kaidan_product_ledger")
        .striped(true)
        .stick_to_bottom(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(140.0).at_least(60.0).resizable(true).clip(true))
        .column(Column::initial(70.0).at_least(50.0).resizable(true).clip(true))
        .column(Column::initial(70.0).at_least(40.0).resizable(true).clip(true))
        .column(Column::initial(70.0).at_least(40.0).resizable(true).clip(true))
        .column(Column::initial(110.0).at_least(50.0).resizable(true).clip(true))
        .column(Column::initial(130.0).at_least(50.0).resizable(true).clip(true))
        .column(Column::remainder().at_least(50.0).clip(true))
        .header(height, |mut header| {
            for title in [tm::COL_WHEN, tm::COL_KIND, tm::COL_QTY, tm::COL_BALANCE, tm::COL_REFERENCE, tm::COL_REASON, tm::COL_WHO] {
                header.col(|ui| {
                    ui.strong(title.get(lang));
                });
            }
        })
        .body(|body| {
            body.rows(height, movements.len(), |mut row| {
                let Some(movement) = movements.get(row.index()) else { return };
                let kind = movement_kind_text(&movement.kind).map(|text| text.get(lang)).unwrap_or(movement.kind.as_str());
                row.col(|ui| text_cell(ui, movement.at.replace('T', " ")));
                row.col(|ui| text_cell(ui, kind));
                row.col(|ui| {
                    let color = if movement.qty < Decimal::ZERO { widgets::BLOCK } else { widgets::OK };
                    widgets::right_cell(ui, RichText::new(signed_qty(movement.qty)).color(color));
                });
                row.col(|ui| {
                    let text = RichText::new(fmt_qty(movement.balance));
                    widgets::right_cell(ui, if movement.balance < Decimal::ZERO { text.color(widgets::BLOCK) } else { text });
                });
                row.col(|ui| text_cell(ui, &movement.reference));
                row.col(|ui| text_cell(ui, &movement.reason));
                row.col(|ui| text_cell(ui, &movement.user));
            });
        });
}

impl crate::ui::TabView for StockTab {
    /// Draw the tab: toolbar, then the list with the card of the selected (or new) product, or
    /// the count sheet.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        if self.list.is_stale(ctx.generation) {
            self.reload(ctx);
        }
        self.toolbar_ui(ui, ctx);
        ui.separator();
        match self.mode {
            Mode::List => {
                if self.editor.is_some() {
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
        products[1].barcode = "6901234567890".into();
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
        editor.opening = "1.5".into();
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
