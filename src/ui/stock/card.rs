//! The product card: the edit form validated as the user types, receive / adjust dialogs, the
//! stock ledger with its running balance and the change history.

use super::*;
use crate::ui::record_editor::{Editable, RecordEditor};

/// A quantity typed by the user: a decimal with at most the stored decimals, whole when the
/// product is not divisible.
pub(super) fn check_qty(text: &str, divisible: bool) -> Result<Decimal, Tx> {
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
pub(super) fn check_opening(text: &str, divisible: bool) -> Result<Decimal, Tx> {
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
pub(super) enum MoveKind {
    Receive,
    Adjust,
}

/// A receipt's unit cost: empty is "at the product's cost", else an amount of 0 or more with at
/// most four decimals.
pub(super) fn check_cost(text: &str) -> Result<Option<Decimal>, Tx> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let cost = parse_decimal(text).ok_or(tm::ERR_NUMBER)?;
    crate::domain::bounds::check(cost, crate::domain::bounds::Kind::Price).map_err(|_| tm::ERR_COST)?;
    Ok(Some(cost))
}

/// Check a receive (qty > 0, optional reference) or an adjustment (qty ≠ 0, may be negative,
/// mandatory reason). The error names its field: "qty" or "text".
pub(super) fn check_movement(kind: MoveKind, qty: &str, text: &str, divisible: bool) -> Result<Decimal, FieldError> {
    let qty = check_qty(qty, divisible).map_err(|reason| FieldError { field: "qty", reason })?;
    match kind {
        MoveKind::Receive if qty <= Decimal::ZERO => Err(FieldError { field: "qty", reason: tm::ERR_QTY_POSITIVE }),
        MoveKind::Adjust if qty.is_zero() => Err(FieldError { field: "qty", reason: tm::ERR_QTY_NONZERO }),
        MoveKind::Adjust if text.trim().is_empty() => Err(FieldError { field: "text", reason: tm::ERR_REASON_REQUIRED }),
        _ => Ok(qty),
    }
}

/// The translated kind of a stock movement.
pub(super) fn movement_kind_text(kind: &str) -> Option<Tx> {
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
pub(super) fn signed_qty(qty: Decimal) -> String {
    if qty > Decimal::ZERO { format!("+{}", fmt_qty(qty)) } else { fmt_qty(qty) }
}

/// The product being edited in the card; its extra is the opening stock of a new product.
pub(super) type Editor = RecordEditor<Product>;

impl Editable for Product {
    type Form = ProductForm;
    type Extra = String;

    fn new_form() -> ProductForm {
        ProductForm { unit: "pcs".into(), reorder_point: "0".into(), active: true, ..ProductForm::default() }
    }

    fn to_form(&self) -> ProductForm {
        ProductForm::from_product(self)
    }

    fn parse(form: &ProductForm, base: &Product) -> Result<Product, Vec<FieldError>> {
        form.parse(base)
    }

    fn form_code(form: &ProductForm) -> &str {
        &form.sku
    }

    fn code(&self) -> &str {
        &self.sku
    }

    fn extra_error(opening: &String, form: &ProductForm) -> Option<FieldError> {
        check_opening(opening, form.divisible).err().map(|reason| FieldError { field: "opening_stock", reason })
    }

    fn extra_is_blank(opening: &String) -> bool {
        opening.trim().is_empty()
    }
}

/// The read-only parts of the product card, loaded when a product is selected.
#[derive(Default)]
pub(super) struct Detail {
    pub(super) movements: Vec<Movement>,
    pub(super) history: Vec<AuditEntry>,
    pub(super) error: Option<String>,
}

pub(super) fn try_load_detail(store: &Store, product: &Product) -> crate::store::Result<Detail> {
    Ok(Detail {
        movements: store.list_movements(product.id)?,
        history: store.list_audit("", "product", &product.sku, HISTORY_ROWS)?,
        error: None,
    })
}

/// The read of a product's card, to run off the window's thread.
pub(super) fn detail_read(product: &Product, _today: NaiveDate) -> crate::ui::master_card::DetailRead<Detail> {
    let product = product.clone();
    Box::new(move |store| try_load_detail(store, &product))
}

/// The card of a product whose movements could not be read: the reason.
pub(super) fn failed_detail(error: String) -> Detail {
    Detail { error: Some(error), ..Detail::default() }
}

/// The parts of the product card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Section {
    #[default]
    Edit,
    Ledger,
    History,
}

/// An open receive / adjust dialog.
pub(super) struct MovementDialog {
    pub(super) kind: MoveKind,
    pub(super) sku: String,
    pub(super) name: String,
    pub(super) divisible: bool,
    pub(super) qty: String,
    /// Reference (receive) or reason (adjust).
    pub(super) text: String,
    /// The quantity field has had the focus it opens with.
    pub(super) focused: bool,
    /// A receipt's unit cost and supplier.
    pub(super) cost: String,
    pub(super) supplier: String,
    /// The result of the last check (re-run when a field changes): quantity and cost.
    pub(super) check: Result<(Decimal, Option<Decimal>), FieldError>,
    pub(super) touched: bool,
}

impl MovementDialog {
    pub(super) fn new(kind: MoveKind, product: &Product) -> MovementDialog {
        let mut dialog = MovementDialog {
            kind,
            sku: product.sku.clone(),
            name: product.name.clone(),
            divisible: product.divisible,
            qty: String::new(),
            text: String::new(),
            focused: false,
            cost: String::new(),
            supplier: String::new(),
            check: Ok((Decimal::ZERO, None)),
            touched: false,
        };
        dialog.recheck();
        dialog
    }

    pub(super) fn recheck(&mut self) {
        self.check = check_movement(self.kind, &self.qty, &self.text, self.divisible).and_then(|qty| match self.kind {
            MoveKind::Receive => check_cost(&self.cost).map(|cost| (qty, cost)).map_err(|reason| FieldError { field: "cost", reason }),
            MoveKind::Adjust => Ok((qty, None)),
        });
    }
}

/// What the user asked for on the card this frame.
pub(super) enum Intent {
    Save(Box<Product>, Decimal),
    Revert,
    Close,
    Move(MoveKind),
}

/// The receive / adjust dialog. Returns None while it stays open, Some(None) when cancelled
/// and Some(Some(action)) when confirmed.
pub(super) fn movement_dialog_ui(ui: &Ui, dialog: &mut MovementDialog, lang: Lang) -> Option<Option<Action>> {
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
            // The cursor starts in Quantity: a receipt is typed, not clicked.
            let focus = !dialog.focused;
            dialog.focused = true;
            changed |= widgets::form_row_focus_ui(ui, tm::F_QTY.get(lang), &mut dialog.qty, true, qty_hint, &qty_reasons, focus);
            changed |= form_row_ui(ui, text_label.get(lang), &mut dialog.text, true, "", &text_reasons);
            if dialog.kind == MoveKind::Receive {
                let cost_reasons = reasons_of("cost");
                changed |= form_row_ui(ui, tm::F_UNIT_COST.get(lang), &mut dialog.cost, true, tm::HINT_UNIT_COST.get(lang), &cost_reasons);
                changed |= form_row_ui(ui, tm::F_SUPPLIER.get(lang), &mut dialog.supplier, true, "", &[]);
            }
        });
        if changed {
            dialog.touched = true;
            dialog.recheck();
        }
        ui.horizontal(|ui| {
            let ok = ui.add_enabled(dialog.check.is_ok(), egui::Button::new(t::OK.get(lang)));
            if ok.clicked()
                && let Ok(&(qty, cost)) = dialog.check.as_ref()
            {
                let sku = dialog.sku.clone();
                let text = dialog.text.trim().to_string();
                outcome = Some(Some(match dialog.kind {
                    MoveKind::Receive => Action::Receive {
                        sku,
                        qty,
                        receipt: crate::ops::Receipt { reference: text, cost, supplier: dialog.supplier.trim().to_string() },
                    },
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
pub(super) fn ledger_ui(ui: &mut Ui, movements: &[Movement], lang: Lang) {
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
        .column(Column::initial(70.0).at_least(40.0).resizable(true).clip(true))
        .column(Column::initial(80.0).at_least(40.0).resizable(true).clip(true))
        .column(Column::initial(90.0).at_least(40.0).resizable(true).clip(true))
        .column(Column::initial(110.0).at_least(50.0).resizable(true).clip(true))
        .column(Column::initial(130.0).at_least(50.0).resizable(true).clip(true))
        .column(Column::remainder().at_least(50.0).clip(true))
        .header(height, |mut header| {
            crate::ui::widgets::head_row(
                &mut header,
                [
                    tm::COL_WHEN,
                    tm::COL_KIND,
                    tm::COL_QTY,
                    tm::COL_BALANCE,
                    tm::COL_UNIT_COST,
                    tm::COL_VALUE,
                    tm::COL_WORTH,
                    tm::COL_REFERENCE,
                    tm::COL_REASON,
                    tm::COL_WHO,
                ],
                lang,
            )
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
                row.col(|ui| widgets::right_cell(ui, RichText::new(movement.unit_cost.map(fmt_money).unwrap_or_default())));
                row.col(|ui| widgets::right_cell(ui, RichText::new(fmt_money(movement.value))));
                row.col(|ui| widgets::right_cell(ui, RichText::new(fmt_money(movement.worth))));
                row.col(|ui| {
                    let reference = match (movement.reference.is_empty(), movement.supplier.is_empty()) {
                        (_, true) => movement.reference.clone(),
                        (true, false) => movement.supplier.clone(),
                        (false, false) => format!("{} · {}", movement.reference, movement.supplier),
                    };
                    text_cell(ui, reference)
                });
                row.col(|ui| {
                    if movement.reason == crate::store::products::REVALUATION {
                        text_cell(ui, tm::REASON_REVALUATION.get(lang))
                    } else {
                        text_cell(ui, &movement.reason)
                    }
                });
                row.col(|ui| text_cell(ui, &movement.user));
            });
        });
}

impl StockTab {
    pub(super) fn card_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let can_move = permits(ctx.role, Permission::MoveStock);
        let Some(editor) = &self.card.editor else { return };
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
        if let Some(error) = self.card.detail.as_ref().and_then(|detail| detail.error.as_deref()) {
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
                if let Some(detail) = &self.card.detail {
                    ledger_ui(ui, &detail.movements, lang);
                }
            }
            Section::History => {
                if let Some(detail) = &self.card.detail {
                    history_ui(ui, &detail.history, lang, "kaidan_product_history");
                }
            }
        }
        if let Some(intent) = intent {
            self.apply_intent(intent, &base, ctx);
        }
    }

    /// The edit form with its errors and Save / Revert.
    pub(super) fn form_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) -> Option<Intent> {
        let lang = ctx.lang;
        let can_edit = permits(ctx.role, Permission::EditMasterData);
        let can_price = permits(ctx.role, Permission::ChangePrices);
        let can_move = permits(ctx.role, Permission::MoveStock);
        let skus = &self.card.codes;
        let editor = self.card.editor.as_mut()?;
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
        // Stock on hand is valued at the cost: while there is some, the cost follows receipts
        // (stock that has no cost yet takes the first one typed here).
        let in_stock = !editor.base.on_hand.is_zero() && editor.base.cost.is_some();
        let form = &mut editor.form;
        let opening = &mut editor.extra;
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
            let cost_hint = if in_stock { tm::HINT_COST_FOLLOWS_RECEIPTS.get(lang) } else { tm::HINT_UNKNOWN.get(lang) };
            changed |= form_row_ui(ui, tm::F_COST.get(lang), &mut form.cost, prices && !in_stock, cost_hint, &cost_reasons);
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
                    if editor.is_new() { check_opening(&editor.extra, editor.form.divisible).unwrap_or_default() } else { Decimal::ZERO };
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

    pub(super) fn apply_intent(&mut self, intent: Intent, base: &Product, ctx: &mut TabCtx<'_>) {
        match intent {
            Intent::Save(product, opening_stock) => {
                if let Some(editor) = self.card.editor.as_mut() {
                    editor.saving = true;
                }
                ctx.push(Action::SaveProduct { product: *product, opening_stock });
            }
            Intent::Revert => {
                if let Some(editor) = self.card.editor.as_mut() {
                    *editor = Editor::new(editor.base.clone(), &self.card.codes);
                }
            }
            Intent::Close => self.card.close(),
            Intent::Move(kind) => self.movement = Some(MovementDialog::new(kind, base)),
        }
    }
}
