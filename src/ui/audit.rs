//! The audit log view: who changed what and when, newest first, filtered by user, record type,
//! key and days, under a banner that says whether the hash chain of the log is intact.
//!
//! Owns its filters, the rows of the last load and the verdict of the last chain check. Reloads
//! only when the effective filters or the data generation change, checks the chain and loads the
//! user list once per generation — never every frame. Must not write to the store or hold SQL
//! (the queries live in `store::audit`).

use super::TabCtx;
use super::widgets::{BLOCK, OK};
use super::widgets::{audit_change_text, row_height, text_cell};
use crate::i18n::{Lang, Tx, ui_audit as t};
use crate::store::Store;
use crate::store::audit::AuditEntry;
use crate::ui::fetch::Fetch;
use chrono::NaiveDate;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// At most this many rows are loaded (the newest); narrower filters reach older ones.
pub const ROW_LIMIT: usize = 5000;

/// A change longer than this (in characters) shows the full before and after on hover.
const HOVER_AFTER: usize = 40;

/// The record types kaidan writes audit rows for, with their names.
const ENTITIES: [(&str, Tx); 11] = [
    ("customer", t::ENTITY_CUSTOMER),
    ("product", t::ENTITY_PRODUCT),
    ("order", t::ENTITY_ORDER),
    ("invoice", t::ENTITY_INVOICE),
    ("shipment", t::ENTITY_SHIPMENT),
    ("exception", t::ENTITY_EXCEPTION),
    ("setting", t::ENTITY_SETTING),
    ("user", t::ENTITY_USER),
    ("demo", t::ENTITY_DEMO),
    ("stock", t::ENTITY_STOCK),
    ("import", t::ENTITY_IMPORT),
];

/// Column titles, in column order.
const HEADERS: [Tx; 6] = [t::COL_AT, t::COL_USER, t::COL_ENTITY, t::COL_KEY, t::COL_ACTION, t::COL_CHANGE];

// ---------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------

/// A day bound as typed into a date field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayBound {
    /// Nothing typed: no bound.
    Open,
    Day(NaiveDate),
    /// Not a `YYYY-MM-DD` date.
    Invalid,
}

/// Read a typed day: blank is no bound; `2026-3-5` is read as 2026-03-05.
fn parse_bound(text: &str) -> DayBound {
    let text = text.trim();
    if text.is_empty() {
        return DayBound::Open;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or(DayBound::Invalid, DayBound::Day)
}

/// The filters as the store takes them: trimmed, days written `YYYY-MM-DD`, "" = any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Query {
    user: String,
    entity: String,
    key: String,
    from: String,
    to: String,
}

/// The query the typed filters stand for; None while a date field holds no valid date.
fn query_of(user: &str, entity: &str, key: &str, from: &str, to: &str) -> Option<Query> {
    let day = |text: &str| match parse_bound(text) {
        DayBound::Open => Some(String::new()),
        DayBound::Day(date) => Some(date.to_string()),
        DayBound::Invalid => None,
    };
    Some(Query { user: user.to_string(), entity: entity.to_string(), key: key.trim().to_string(), from: day(from)?, to: day(to)? })
}

/// The name of a record type (an unknown one as written).
fn entity_text(entity: &str, lang: Lang) -> &str {
    ENTITIES.iter().find(|(name, _)| *name == entity).map_or(entity, |(_, text)| text.get(lang))
}

/// Whether a row's change is long enough to need its full before and after on hover.
fn is_long(entry: &AuditEntry, shown: &str) -> bool {
    shown.chars().count() > HOVER_AFTER || entry.before.chars().count().max(entry.after.chars().count()) > HOVER_AFTER
}

/// The full before and after of a row, one per line, for the hover text.
fn full_change(entry: &AuditEntry, lang: Lang) -> String {
    let side = |text: &str| if text.is_empty() { "—".to_string() } else { text.to_string() };
    format!("{}\n{}", t::BEFORE.fill(lang, &[("text", &side(&entry.before))]), t::AFTER.fill(lang, &[("text", &side(&entry.after))]))
}

/// What the chain check found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    /// Intact, with this many rows.
    Intact(i64),
    /// The first altered or missing row.
    Altered(i64),
    /// The check itself failed.
    Failed(String),
}

fn verdict(store: &Store) -> Verdict {
    match store.verify_audit() {
        Ok(None) => match store.count_audit() {
            Ok(count) => Verdict::Intact(count),
            Err(error) => Verdict::Failed(error.to_string()),
        },
        Ok(Some(id)) => Verdict::Altered(id),
        Err(error) => Verdict::Failed(error.to_string()),
    }
}

/// The rows of a query, newest first (the day filter only when a day is set).
fn load_rows(store: &Store, query: &Query) -> crate::store::Result<Vec<AuditEntry>> {
    if query.from.is_empty() && query.to.is_empty() {
        store.list_audit(&query.user, &query.entity, &query.key, ROW_LIMIT)
    } else {
        store.list_audit_between(&query.user, &query.entity, &query.key, &query.from, &query.to, ROW_LIMIT)
    }
}

// ---------------------------------------------------------------------------------------------
// The view
// ---------------------------------------------------------------------------------------------

/// The audit log view: an integrity banner, filters and a virtualised table of rows.
#[derive(Default)]
pub struct AuditView {
    /// Filters as typed or chosen ("" = any).
    user: String,
    entity: String,
    key: String,
    from: String,
    to: String,
    /// User names for the user filter, and the generation they were loaded for.
    users: Vec<String>,
    users_loaded: Option<u64>,
    users_error: Option<String>,
    /// The generation and query the rows were loaded for.
    loaded: Option<(u64, Query)>,
    rows: Vec<AuditEntry>,
    error: Option<String>,
    /// The chain check and the generation it was made for.
    verified: Option<(u64, Verdict)>,
    /// The reads on their way: the chain check, the users, the rows (of a generation and query).
    verifying: Fetch<Verdict>,
    users_fetch: Fetch<Vec<crate::store::users::User>>,
    rows_fetch: Fetch<Vec<AuditEntry>, (u64, Query)>,
}

impl AuditView {
    /// Draw the view. Checks the chain and loads the users once per data generation, and loads
    /// the rows only when the filters or the generation changed.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        self.refresh(ctx);
        self.banner_ui(ui, lang);
        ui.add_space(4.0);
        self.filters_ui(ui, lang);
        let query = query_of(&self.user, &self.entity, &self.key, &self.from, &self.to);
        let valid = query.is_some();
        if let Some(query) = query {
            self.load(ctx, query);
        }
        self.status_ui(ui, lang, valid);
        ui.separator();
        self.table_ui(ui, lang);
    }

    /// The chain verdict and the user list, once per generation (asked, taken when answered).
    fn refresh(&mut self, ctx: &TabCtx<'_>) {
        let generation = ctx.generation;
        if self.verified.as_ref().is_none_or(|(seen, _)| *seen != generation) {
            self.verifying.ask_once(ctx.at(), generation, |store| Ok::<_, String>(verdict(store)));
        }
        if let Some((seen, answer)) = self.verifying.answer() {
            self.verified = Some((seen, answer.unwrap_or_else(Verdict::Failed)));
        }
        if self.users_loaded != Some(generation) {
            self.users_fetch.ask_once(ctx.at(), generation, |store| store.list_users());
        }
        if let Some((seen, answer)) = self.users_fetch.answer() {
            self.users_loaded = Some(seen);
            match answer {
                Ok(users) => {
                    self.users = users.into_iter().map(|user| user.name).collect();
                    self.users_error = None;
                }
                Err(error) => {
                    self.users.clear();
                    self.users_error = Some(error);
                }
            }
        }
    }

    /// Load the rows of `query` unless they are already loaded (or asked) for this generation.
    fn load(&mut self, ctx: &TabCtx<'_>, query: Query) {
        let key = (ctx.generation, query);
        if self.loaded.as_ref() != Some(&key) {
            let query = key.1.clone();
            self.rows_fetch.ask_once(ctx.at(), key, move |store| load_rows(store, &query));
        }
        if let Some((key, answer)) = self.rows_fetch.answer() {
            crate::ui::widgets::take_rows(answer, &mut self.rows, &mut self.error);
            self.loaded = Some(key);
        }
    }

    /// Green when the chain is intact, red when a row was altered or the check failed.
    fn banner_ui(&self, ui: &mut Ui, lang: Lang) {
        let Some((_, verdict)) = &self.verified else { return };
        let (color, text) = match verdict {
            Verdict::Intact(count) => (OK, t::INTACT.fill(lang, &[("count", count)])),
            Verdict::Altered(id) => (BLOCK, t::ALTERED.fill(lang, &[("id", id)])),
            Verdict::Failed(error) => (BLOCK, t::VERIFY_FAILED.fill(lang, &[("error", error)])),
        };
        egui::Frame::new()
            .fill(color.gamma_multiply(0.15))
            .stroke(egui::Stroke::new(1.0, color))
            .corner_radius(4)
            .inner_margin(egui::Margin::symmetric(10, 6))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(text).color(color).strong());
            });
    }

    /// User and record type pickers, the key and the two days, and a reset button.
    fn filters_ui(&mut self, ui: &mut Ui, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            let user_text = if self.user.is_empty() { t::ALL_USERS.get(lang).to_string() } else { self.user.clone() };
            super::widgets::combo(ui, "kaidan_audit_user", t::FILTER_USER.get(lang)).selected_text(user_text).show_ui(ui, |ui| {
                ui.selectable_value(&mut self.user, String::new(), t::ALL_USERS.get(lang));
                for name in &self.users {
                    ui.selectable_value(&mut self.user, name.clone(), name.as_str());
                }
            });

            let entity_now =
                if self.entity.is_empty() { t::ALL_ENTITIES.get(lang).to_string() } else { entity_text(&self.entity, lang).to_string() };
            super::widgets::combo(ui, "kaidan_audit_entity", t::FILTER_ENTITY.get(lang)).selected_text(entity_now).show_ui(ui, |ui| {
                ui.selectable_value(&mut self.entity, String::new(), t::ALL_ENTITIES.get(lang));
                for (name, text) in ENTITIES {
                    ui.selectable_value(&mut self.entity, name.to_string(), text.get(lang));
                }
            });

            ui.separator();
            let key_label = ui.label(t::FILTER_KEY.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.key).hint_text(t::KEY_HINT.get(lang)).desired_width(140.0))
                .labelled_by(key_label.id);
            let from_label = ui.label(t::FROM.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.from).hint_text(t::DATE_HINT.get(lang)).desired_width(100.0))
                .labelled_by(from_label.id);
            let to_label = ui.label(t::TO.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.to).hint_text(t::DATE_HINT.get(lang)).desired_width(100.0))
                .labelled_by(to_label.id);

            let any = [&self.user, &self.entity, &self.key, &self.from, &self.to].iter().any(|text| !text.trim().is_empty());
            if ui.add_enabled(any, egui::Button::new(t::CLEAR.get(lang))).clicked() {
                for text in [&mut self.user, &mut self.entity, &mut self.key, &mut self.from, &mut self.to] {
                    text.clear();
                }
            }
        });
    }

    /// Load errors, a bad date, and how many rows are shown.
    fn status_ui(&self, ui: &mut Ui, lang: Lang, valid: bool) {
        if let Some(error) = &self.users_error {
            ui.colored_label(BLOCK, t::USERS_FAILED.fill(lang, &[("error", error)]));
        }
        if let Some(error) = &self.error {
            ui.colored_label(BLOCK, t::LOAD_FAILED.fill(lang, &[("error", error)]));
        }
        if !valid {
            ui.colored_label(BLOCK, t::BAD_DATE.get(lang));
        }
        let shown = self.rows.len();
        let text = if shown >= ROW_LIMIT { t::SHOWN_LIMIT } else { t::SHOWN };
        ui.weak(text.fill(lang, &[("shown", &shown)]));
        if self.rows_fetch.is_waiting() || self.verifying.is_waiting() {
            crate::ui::fetch::loading_ui(ui, lang);
        }
    }

    /// The rows in a virtualised table (only the visible rows are laid out).
    fn table_ui(&self, ui: &mut Ui, lang: Lang) {
        if self.rows.is_empty() {
            ui.weak(t::NOTHING.get(lang));
            return;
        }
        let height = row_height(ui);
        let rows = &self.rows;
        ui.scope(|ui| {
            TableBuilder::new(ui)
                .id_salt("kaidan_audit_table")
                .striped(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(150.0).at_least(90.0).resizable(true).clip(true))
                .column(Column::initial(80.0).at_least(50.0).resizable(true).clip(true))
                .column(Column::initial(90.0).at_least(50.0).resizable(true).clip(true))
                .column(Column::initial(140.0).at_least(50.0).resizable(true).clip(true))
                .column(Column::initial(110.0).at_least(50.0).resizable(true).clip(true))
                .column(Column::remainder().at_least(120.0).clip(true))
                .header(height, |mut header| crate::ui::widgets::head_row(&mut header, HEADERS, lang))
                .body(|body| {
                    body.rows(height, rows.len(), |mut row| {
                        let Some(entry) = rows.get(row.index()) else { return };
                        row.col(|ui| text_cell(ui, entry.at.replacen('T', " ", 1)));
                        row.col(|ui| text_cell(ui, entry.user.as_str()));
                        row.col(|ui| text_cell(ui, entity_text(&entry.entity, lang)));
                        row.col(|ui| text_cell(ui, entry.entity_key.as_str()));
                        row.col(|ui| text_cell(ui, crate::i18n::labels::audit_action(&entry.action, lang)));
                        row.col(|ui| change_cell_ui(ui, entry, lang));
                    });
                });
        });
    }
}

/// The change of a row ("before → after", or only the fields that differ), cut to its cell;
/// a long one shows its full before and after on hover.
fn change_cell_ui(ui: &mut Ui, entry: &AuditEntry, lang: Lang) {
    let shown = audit_change_text(&entry.before, &entry.after);
    if is_long(entry, &shown) {
        ui.add(egui::Label::new(shown).truncate().show_tooltip_when_elided(false)).on_hover_text(full_change(entry, lang));
    } else {
        text_cell(ui, shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::domain::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn entry(before: &str, after: &str) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2026-03-15T09:00:00".into(),
            user: "li".into(),
            entity: "customer".into(),
            entity_key: "C001".into(),
            action: "update".into(),
            before: before.into(),
            after: after.into(),
        }
    }

    #[test]
    fn day_bounds_are_read_and_normalised() {
        assert_eq!(parse_bound(""), DayBound::Open);
        assert_eq!(parse_bound("   "), DayBound::Open);
        assert_eq!(parse_bound(" 2026-03-05 "), DayBound::Day(day("2026-03-05")));
        assert_eq!(parse_bound("2026-3-5"), DayBound::Day(day("2026-03-05")));
        assert_eq!(parse_bound("2026-02-30"), DayBound::Invalid);
        assert_eq!(parse_bound("2026-03"), DayBound::Invalid);
        assert_eq!(parse_bound("yesterday"), DayBound::Invalid);
    }

    #[test]
    fn a_query_needs_valid_days() {
        let query = query_of("li", "customer", "  C001 ", "2026-3-1", "").expect("valid");
        assert_eq!(
            query,
            Query { user: "li".into(), entity: "customer".into(), key: "C001".into(), from: "2026-03-01".into(), to: String::new() }
        );
        assert_eq!(query_of("", "", "", "", "").expect("no filters"), Query::default());
        assert_eq!(query_of("", "", "", "2026-03-01", "15.3.2026"), None);
        assert_eq!(query_of("", "", "", "March", ""), None);
    }

    #[test]
    fn entities_have_names_and_long_changes_hover() {
        assert_eq!(entity_text("customer", Lang::Zh), "客户");
        assert_eq!(entity_text("demo", Lang::En), "Demo data");
        assert_eq!(entity_text("backup", Lang::En), "backup");
        let short = entry("code=C001; name=A", "code=C001; name=B");
        assert!(!is_long(&short, &audit_change_text(&short.before, &short.after)));
        let long = entry("", &"x".repeat(HOVER_AFTER + 1));
        assert!(is_long(&long, &audit_change_text(&long.before, &long.after)));
        assert_eq!(full_change(&long, Lang::En), format!("Before: —\nAfter: {}", "x".repeat(HOVER_AFTER + 1)));
    }

    /// The view on a store, as a tab would show it.
    struct Fixture {
        view: AuditView,
        store: Store,
        actions: Vec<Action>,
        generation: u64,
    }

    impl Fixture {
        fn ui(&mut self, ui: &mut Ui) {
            let mut ctx = TabCtx {
                store: &self.store,
                reader: &crate::ui::fetch::Reader::Inline,
                lang: Lang::Zh,
                user: "admin",
                role: Role::Owner,
                today: day("2026-03-15"),
                generation: self.generation,
                actions: &mut self.actions,
            };
            self.view.ui(ui, &mut ctx);
        }
    }

    fn store_with_rows() -> Store {
        let store = Store::open_in_memory().expect("store");
        let tx = store.write_tx().expect("tx");
        for (at, user, entity, key, after) in [
            ("2026-03-01T09:00:00", "li", "customer", "C001", "code=C001; name=A"),
            ("2026-03-02T10:00:00", "wang", "order", "SO-2026-00001", "open"),
            ("2026-03-03T11:00:00", "li", "customer", "C001", "code=C001; name=B"),
        ] {
            crate::store::audit::append_tx(&tx, at, user, entity, key, "update", "", after).expect("append");
        }
        tx.commit().expect("commit");
        store
    }

    fn shows(harness: &Harness<'_, Fixture>, text: &str) -> bool {
        harness.query_all_by_label_contains(text).next().is_some()
    }

    #[test]
    fn the_view_checks_the_chain_and_follows_the_filters() {
        let fixture = Fixture { view: AuditView::default(), store: store_with_rows(), actions: Vec::new(), generation: 1 };
        let mut harness = Harness::builder()
            .with_size([1200.0, 700.0])
            .with_context_setup(crate::app::install_fonts)
            .build_ui_state(|ui: &mut Ui, fixture: &mut Fixture| fixture.ui(ui), fixture);
        assert!(shows(&harness, "审计日志完整（共 3 条）"), "the green banner");
        assert_eq!(harness.state().view.rows.len(), 3);

        harness.state_mut().view.key = "C001".into();
        harness.run_steps(2);
        assert_eq!(harness.state().view.rows.len(), 2);

        harness.state_mut().view.from = "2026-03-02".into();
        harness.run_steps(2);
        assert_eq!(harness.state().view.rows.len(), 1);

        // A date being typed keeps the last rows and says how dates are written.
        harness.state_mut().view.to = "2026-03".into();
        harness.run_steps(2);
        assert_eq!(harness.state().view.rows.len(), 1);
        assert!(shows(&harness, "日期请写成"));
        harness.state_mut().view.to.clear();
        harness.run_steps(2);

        // A new row shows only once the data generation moves on: nothing reloads every frame.
        {
            let store = &mut harness.state_mut().store;
            let tx = store.write_tx().expect("tx");
            crate::store::audit::append_tx(&tx, "2026-03-04T12:00:00", "li", "customer", "C001", "update", "", "code=C001; name=D")
                .expect("append");
            tx.commit().expect("commit");
        }
        harness.run_steps(2);
        assert_eq!(harness.state().view.rows.len(), 1, "same filters and generation: not reloaded");
        harness.state_mut().generation = 2;
        harness.run_steps(2);
        assert_eq!(harness.state().view.rows.len(), 2);
        assert!(shows(&harness, "审计日志完整（共 4 条）"), "checked again for the new generation");
    }
}
