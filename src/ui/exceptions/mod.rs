//! The Exceptions tab: the inbox of open problems (most urgent first, each role's own queue by
//! default), the detail panel of one exception with its history and its ways out as buttons,
//! and the statistics view. Rows are cached and reloaded only when the data generation changes
//! or the "all states" filter does; the other filters run over the cache once per change, never
//! per frame. Must not query the store every frame, write to it (it pushes `Action`s; the apply
//! layer re-checks every role rule), or hold SQL (that lives in `store::stats`).
//!
//! One file per part: `inbox` (filters and the table), `detail` (one exception and its ways
//! out), `stats` (the statistics view); this one holds the tab, its caches and the shared labels.

use super::TabCtx;
use super::widgets::{self, PathPicker};
use crate::action::Action;
use crate::domain::master::Customer;
use crate::domain::money::parse_decimal;
use crate::domain::{Code, Department, ExceptionStatus, PaymentMethod, Permission, Role, RootCause, Severity, permits};
use crate::i18n::{Lang, Tx, ui as common, ui_exceptions as text};
use crate::ops::Handle;
use crate::store::Store;
use crate::store::exceptions::{Exception, ExceptionEvent, ExceptionFilter};
use crate::store::stats::ExceptionStats;
use chrono::NaiveDate;
use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Plot};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

mod detail;
mod inbox;
mod stats;

use detail::*;
use inbox::*;
use stats::*;

/// Which of the two views of the tab is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum View {
    #[default]
    Inbox,
    Statistics,
}

/// The Exceptions tab.
/// What the statistics were asked at: data generation, day, and the period's first and last day.
type StatsKey = (u64, NaiveDate, NaiveDate, NaiveDate);

#[derive(Default)]
pub struct ExceptionsTab {
    view: View,
    rows: Vec<Row>,
    /// (generation, all states) the rows were loaded at.
    loaded: Option<(u64, bool)>,
    load_error: Option<String>,
    open_count: usize,
    filter: InboxFilter,
    /// The filter and day `filtered` was computed for.
    applied: Option<(InboxFilter, NaiveDate)>,
    /// Indexes into `rows` that pass the filter, in the store's order (most urgent first).
    filtered: Vec<usize>,
    /// The user and role the default queue was set for.
    queue_for: Option<(String, Role)>,
    users: Vec<String>,
    users_loaded_at: Option<u64>,
    /// The reads on their way: the rows, the users, the statistics.
    rows_fetch: crate::ui::fetch::Fetch<Vec<Row>>,
    users_fetch: crate::ui::fetch::Fetch<Vec<String>>,
    stats_fetch: crate::ui::fetch::Fetch<(u64, NaiveDate, ExceptionStats), StatsKey>,
    detail: Option<Detail>,
    stats: Option<StatsCache>,
    /// The statistics' period (the last twelve weeks until another is chosen).
    stats_period: Option<widgets::PeriodBar>,
    export: Option<PathPicker>,
}

impl ExceptionsTab {
    /// How many open and in-progress exceptions the last load found (for the tab badge).
    pub fn open_count(&self) -> usize {
        self.open_count
    }

    /// On a new user or role, start from that role's own queue.
    fn apply_role_queue(&mut self, ctx: &TabCtx<'_>) {
        if self.queue_for.as_ref().is_some_and(|(user, role)| user == ctx.user && *role == ctx.role) {
            return;
        }
        self.filter = default_filter(ctx.role);
        self.queue_for = Some((ctx.user.to_string(), ctx.role));
        self.detail = None;
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.view, View::Inbox, text::VIEW_INBOX.get(lang));
            ui.selectable_value(&mut self.view, View::Statistics, text::VIEW_STATS.get(lang));
            ui.separator();
            if ui.button(text::SCAN_NOW.get(lang)).on_hover_text(text::SCAN_HINT.get(lang)).clicked() {
                ctx.push(Action::RunScans);
            }
        });
    }

    // ---- inbox ----

    fn inbox_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        self.reload_rows(ctx);
        self.reload_users(ctx);
        self.filters_ui(ui, ctx);
        self.refilter(ctx.today);
        ui.horizontal(|ui| {
            ui.label(text::SHOWN_COUNT.fill(lang, &[("shown", &self.filtered.len()), ("total", &self.rows.len())]));
            if let Some(error) = &self.load_error {
                ui.colored_label(widgets::BLOCK, text::LOAD_FAILED.fill(lang, &[("error", error)]));
            }
            if self.rows_fetch.is_waiting() || self.detail.as_ref().is_some_and(Detail::is_loading) {
                crate::ui::fetch::loading_ui(ui, lang);
            }
        });
        self.refresh_detail(ctx);
        let mut close = false;
        if let Some(detail) = self.detail.as_mut() {
            let users = &self.users;
            egui::Panel::right("exception_detail").resizable(true).default_size(460.0).min_size(320.0).show(ui, |ui| {
                close = detail_ui(ui, ctx, detail, users);
            });
        }
        if close {
            self.detail = None;
        }
        let today = ctx.today;
        egui::CentralPanel::no_frame().show(ui, |ui| self.table_ui(ui, lang, today));
    }

    /// Load the rows when the data changed or the "all states" need changed; never otherwise.
    fn reload_rows(&mut self, ctx: &TabCtx<'_>) {
        let all = self.filter.status.needs_all();
        if self.loaded != Some((ctx.generation, all)) {
            // The key holds both: the generation and whether closed ones were asked for.
            let key = ctx.generation * 2 + u64::from(all);
            self.rows_fetch.ask_once(ctx.at(), key, move |store| {
                store.list_exceptions(&ExceptionFilter { all, ..Default::default() }).map(|list| list.into_iter().map(Row::new).collect())
            });
        }
        let Some((key, answer)) = self.rows_fetch.answer() else { return };
        crate::ui::widgets::take_rows(answer, &mut self.rows, &mut self.load_error);
        self.open_count = self.rows.iter().filter(|row| is_live(row.exception.status)).count();
        self.loaded = Some((key / 2, key % 2 == 1));
        self.applied = None;
    }

    /// The active users (assignee filter and the Assign list), once per generation.
    fn reload_users(&mut self, ctx: &TabCtx<'_>) {
        if self.users_loaded_at != Some(ctx.generation) {
            self.users_fetch.ask_once(ctx.at(), ctx.generation, |store| {
                store.list_users().map(|users| users.into_iter().filter(|user| user.active).map(|user| user.name).collect::<Vec<String>>())
            });
        }
        if let Some((generation, users)) = self.users_fetch.answer() {
            self.users = users.unwrap_or_default();
            self.users_loaded_at = Some(generation);
        }
    }

    /// Filter the cache again only when a filter or the day changed.
    fn refilter(&mut self, today: NaiveDate) {
        if self.applied.as_ref().is_some_and(|(filter, day)| *filter == self.filter && *day == today) {
            return;
        }
        self.filtered = filter_rows(&self.rows, &self.filter, today);
        self.applied = Some((self.filter.clone(), today));
    }

    fn refresh_detail(&mut self, ctx: &TabCtx<'_>) {
        if let Some(detail) = self.detail.as_mut() {
            detail.refresh(ctx);
        }
    }

    // ---- statistics ----

    fn statistics_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let period = self.stats_period.get_or_insert_with(|| widgets::PeriodBar::new(widgets::PeriodStart::LastDays(stats::PERIOD_DAYS)));
        let range = period.ui(ui, ctx.today, lang, |_| {});
        let stale =
            self.stats.as_ref().is_none_or(|cache| cache.generation != ctx.generation || cache.today != ctx.today || cache.range != range);
        if stale {
            let (generation, today, (from, to)) = (ctx.generation, ctx.today, range);
            let key = (generation, today, from, to);
            self.stats_fetch.ask_once(ctx.at(), key, move |store| {
                store.exception_stats_between(from, to, today).map(|stats| (generation, today, stats))
            });
        }
        if let Some(((_, _, from, to), answer)) = self.stats_fetch.answer() {
            let (generation, today, result) = match answer {
                Ok((generation, today, stats)) => (generation, today, Ok(stats)),
                Err(error) => (ctx.generation, ctx.today, Err(error)),
            };
            self.stats = Some(StatsCache { generation, today, range: (from, to), result });
        }
        self.export_ui(ui, ctx);
        ui.separator();
        if self.stats_fetch.is_waiting() {
            crate::ui::fetch::loading_ui(ui, lang);
        }
        let Some(cache) = &self.stats else { return };
        match &cache.result {
            Err(error) => {
                ui.colored_label(widgets::BLOCK, text::STATS_LOAD_FAILED.fill(lang, &[("error", error)]));
            }
            Ok(stats) => {
                egui::ScrollArea::vertical().id_salt("exception_stats_scroll").auto_shrink([false, false]).show(ui, |ui| {
                    stats_body_ui(ui, lang, stats);
                });
            }
        }
    }

    fn export_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        if ui.add(egui::Button::selectable(self.export.is_some(), text::EXPORT_ELLIPSIS.get(lang))).clicked()
            && self.export.take().is_none()
        {
            self.export = Some(PathPicker::new("exceptions.xlsx", true, &["xlsx", "csv"]));
        }
        let mut done = false;
        if let Some(picker) = self.export.as_mut() {
            picker.ui(ui, lang);
            ui.horizontal(|ui| {
                let ready = !picker.path.trim().is_empty();
                if ui.add_enabled(ready, egui::Button::new(common::EXPORT.get(lang))).clicked()
                    && let Some(path) = picker.take()
                {
                    ctx.push(Action::Export { kind: crate::exports::List::Exceptions, path });
                    done = true;
                }
                if ui.button(common::CANCEL.get(lang)).clicked() {
                    done = true;
                }
            });
        }
        if done {
            self.export = None;
        }
    }
}

// ---- detail panel ----

// ---- statistics drawing ----

// ---- pure helpers ----

fn is_live(status: ExceptionStatus) -> bool {
    matches!(status, ExceptionStatus::Open | ExceptionStatus::InProgress)
}

/// Whole days from `opened` to `today` (never negative).
fn age_days(opened: NaiveDate, today: NaiveDate) -> i64 {
    today.signed_duration_since(opened).num_days().max(0)
}

/// Why `role`/`user` may not approve this block, if they may not (the apply layer re-checks).
fn approve_refusal(role: Role, user: &str, exception: &Exception) -> Option<Tx> {
    if !permits(role, Permission::Approve) {
        Some(text::APPROVE_MANAGERS_ONLY)
    } else if exception.entered_by == user {
        Some(text::APPROVE_OWN_ORDER)
    } else {
        None
    }
}

/// Why `role` may not waive this exception, if it may not: managers only, never a block that
/// cannot be approved.
fn waive_refusal(role: Role, exception: &Exception) -> Option<Tx> {
    if !permits(role, Permission::Waive) {
        Some(text::WAIVE_MANAGERS_ONLY)
    } else if exception.severity == Severity::Block && !exception.approvable {
        Some(text::WAIVE_NOT_APPROVABLE)
    } else {
        None
    }
}

/// A positive decimal typed by a person, if it is one.
fn positive(typed: &str) -> Option<Decimal> {
    parse_decimal(typed).filter(|value| *value > Decimal::ZERO)
}

/// An instant as stored ("2026-11-20T09:30:00") shown as "2026-11-20 09:30:00".
fn stamp(at: &str) -> String {
    at.replacen('T', " ", 1)
}

/// The message in the UI language (English when the Chinese one is missing).
fn message(exception: &Exception, lang: Lang) -> &str {
    match lang {
        Lang::Zh if !exception.message_zh.is_empty() => &exception.message_zh,
        _ => &exception.message_en,
    }
}

fn status_text(status: ExceptionStatus, lang: Lang) -> &'static str {
    crate::i18n::labels::exception_status(status, lang)
}

fn status_color(status: ExceptionStatus) -> Color32 {
    match status {
        ExceptionStatus::Open => widgets::WARN,
        ExceptionStatus::InProgress | ExceptionStatus::Waived => widgets::INFO,
        ExceptionStatus::Resolved => widgets::OK,
    }
}

fn department_text(department: Department, lang: Lang) -> &'static str {
    crate::i18n::labels::department(department, lang)
}

fn cause_text(cause: RootCause, lang: Lang) -> &'static str {
    crate::i18n::labels::root_cause(cause, lang)
}

fn payment_text(method: PaymentMethod, lang: Lang) -> &'static str {
    crate::i18n::labels::payment_method(method, lang)
}

fn subject_kind_text(kind: &str, lang: Lang) -> &str {
    match kind {
        "order" => text::KIND_ORDER.get(lang),
        "invoice" => text::KIND_INVOICE.get(lang),
        "product" => text::KIND_PRODUCT.get(lang),
        "customer" => text::KIND_CUSTOMER.get(lang),
        "shipment" => text::KIND_SHIPMENT.get(lang),
        other => other,
    }
}

fn event_kind_text(kind: &str, lang: Lang) -> &str {
    match kind {
        "opened" => text::EVENT_OPENED.get(lang),
        "auto_resolved" => text::EVENT_AUTO_RESOLVED.get(lang),
        "assigned" => text::EVENT_ASSIGNED.get(lang),
        "comment" => text::EVENT_COMMENT.get(lang),
        "started" => text::EVENT_STARTED.get(lang),
        "resolved" => text::EVENT_RESOLVED.get(lang),
        "waived" => text::EVENT_WAIVED.get(lang),
        other => other,
    }
}

impl crate::ui::TabView for ExceptionsTab {
    /// Draw the tab: the view switch, "Scan now", and the inbox or the statistics.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        self.apply_role_queue(ctx);
        self.toolbar_ui(ui, ctx);
        ui.separator();
        match self.view {
            View::Inbox => self.inbox_ui(ui, ctx),
            View::Statistics => self.statistics_ui(ui, ctx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn exception(id: i64, code: Code, status: ExceptionStatus, opened: &str) -> Exception {
        let (severity, approvable) = code.default_rule();
        Exception {
            id,
            code: code.as_str().to_string(),
            severity,
            approvable,
            subject_kind: "order".into(),
            subject: format!("SO-2026-{id:05}"),
            line: None,
            customer_code: "C001".into(),
            entered_by: "li".into(),
            department: code.department(),
            status,
            opened: opened.into(),
            opened_at: format!("{opened}T09:00:00"),
            assignee: None,
            root_cause: None,
            root_cause_note: String::new(),
            corrective_action: String::new(),
            message_en: format!("Problem number {id}"),
            message_zh: format!("问题 {id} 库存不足"),
            closed_at: None,
            version: 1,
        }
    }

    fn sample() -> Vec<Row> {
        let mut assigned = exception(3, Code::InvoiceOverdue, ExceptionStatus::InProgress, "2026-10-01");
        assigned.assignee = Some("wang".into());
        vec![
            Row::new(exception(1, Code::StockShort, ExceptionStatus::Open, "2026-11-20")),
            Row::new(exception(2, Code::PriceMismatch, ExceptionStatus::Open, "2026-11-10")),
            Row::new(assigned),
            Row::new(exception(4, Code::StockShort, ExceptionStatus::Resolved, "2026-11-01")),
        ]
    }

    fn ids(rows: &[Row], filter: &InboxFilter) -> Vec<i64> {
        filter_rows(rows, filter, day("2026-11-20")).into_iter().map(|index| rows[index].exception.id).collect()
    }

    #[test]
    fn default_filter_shows_live_rows_in_cache_order() {
        let rows = sample();
        assert_eq!(ids(&rows, &InboxFilter::default()), vec![1, 2, 3]);
        let all = InboxFilter { status: StatusFilter::All, ..InboxFilter::default() };
        assert_eq!(ids(&rows, &all), vec![1, 2, 3, 4]);
        let resolved = InboxFilter { status: StatusFilter::Only(ExceptionStatus::Resolved), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &resolved), vec![4]);
    }

    #[test]
    fn text_search_ignores_case_and_reads_both_languages() {
        let rows = sample();
        let by_subject = InboxFilter { text: "so-2026-00002".into(), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &by_subject), vec![2]);
        let by_code = InboxFilter { text: " stock_short ".into(), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &by_code), vec![1]);
        let in_chinese = InboxFilter { text: "问题 3".into(), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &in_chinese), vec![3]);
        let by_customer = InboxFilter { text: "c001".into(), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &by_customer), vec![1, 2, 3]);
    }

    #[test]
    fn code_severity_department_assignee_and_age_filters() {
        let rows = sample();
        let code = InboxFilter { code: Some(Code::PriceMismatch), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &code), vec![2]);
        let blocks = InboxFilter { severity: Some(Severity::Block), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &blocks), vec![2]);
        let finance = InboxFilter { department: Some(Department::Finance), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &finance), vec![3]);
        let nobody = InboxFilter { assignee: AssigneeFilter::Nobody, ..InboxFilter::default() };
        assert_eq!(ids(&rows, &nobody), vec![1, 2]);
        let wang = InboxFilter { assignee: AssigneeFilter::User("wang".into()), ..InboxFilter::default() };
        assert_eq!(ids(&rows, &wang), vec![3]);
        let over_7 = InboxFilter { age: AgeFilter::Over7, ..InboxFilter::default() };
        assert_eq!(ids(&rows, &over_7), vec![2, 3]);
        let over_30 = InboxFilter { age: AgeFilter::Over30, ..InboxFilter::default() };
        assert_eq!(ids(&rows, &over_30), vec![3]);
    }

    #[test]
    fn ages_count_whole_days_and_never_go_negative() {
        assert_eq!(age_days(day("2026-11-19"), day("2026-11-20")), 1);
        assert_eq!(age_days(day("2026-11-20"), day("2026-11-20")), 0);
        assert_eq!(age_days(day("2026-11-21"), day("2026-11-20")), 0);
    }

    #[test]
    fn each_role_starts_in_its_own_queue() {
        assert_eq!(default_filter(Role::Warehouse).department, Some(Department::Warehouse));
        assert_eq!(default_filter(Role::Bookkeeper).department, Some(Department::Finance));
        assert_eq!(default_filter(Role::Clerk).department, Some(Department::Sales));
        assert_eq!(default_filter(Role::Owner).department, None);
        assert_eq!(default_filter(Role::Manager), InboxFilter::default());
        assert!(is_my_queue(&default_filter(Role::Clerk), Role::Clerk, "li"));
        let mut manager = default_filter(Role::Manager);
        assert!(!is_my_queue(&manager, Role::Manager, "boss"));
        set_my_queue(&mut manager, Role::Manager, "boss");
        assert_eq!(manager.assignee, AssigneeFilter::User("boss".into()));
        assert!(is_my_queue(&manager, Role::Manager, "boss"));
    }

    #[test]
    fn only_all_states_needs_closed_rows_from_the_store() {
        assert!(!StatusFilter::Live.needs_all());
        assert!(!StatusFilter::Only(ExceptionStatus::InProgress).needs_all());
        assert!(StatusFilter::Only(ExceptionStatus::Waived).needs_all());
        assert!(StatusFilter::All.needs_all());
    }

    #[test]
    fn approve_and_waive_follow_the_role_rules() {
        let block = exception(2, Code::PriceMismatch, ExceptionStatus::Open, "2026-11-10");
        assert_eq!(approve_refusal(Role::Clerk, "zhao", &block), Some(text::APPROVE_MANAGERS_ONLY));
        assert_eq!(approve_refusal(Role::Manager, "li", &block), Some(text::APPROVE_OWN_ORDER));
        assert_eq!(approve_refusal(Role::Owner, "boss", &block), None);
        assert_eq!(waive_refusal(Role::Warehouse, &block), Some(text::WAIVE_MANAGERS_ONLY));
        assert_eq!(waive_refusal(Role::Manager, &block), None);
        let hard = exception(5, Code::CustomerBlocked, ExceptionStatus::Open, "2026-11-10");
        assert_eq!(waive_refusal(Role::Owner, &hard), Some(text::WAIVE_NOT_APPROVABLE));
        let warning = exception(1, Code::StockShort, ExceptionStatus::Open, "2026-11-20");
        assert_eq!(waive_refusal(Role::Manager, &warning), None);
    }

    #[test]
    fn durations_ticks_and_typed_numbers() {
        assert_eq!(fmt_duration(5.0, Lang::En), "5.0 h");
        assert_eq!(fmt_duration(47.96, Lang::En), "48.0 h");
        assert_eq!(fmt_duration(72.0, Lang::Zh), "3.0 天");
        let labels = ["2026-W46".to_string(), "2026-W47".to_string()];
        assert_eq!(week_tick(&labels, 1.0), "W47");
        assert_eq!(week_tick(&labels, 0.5), "");
        assert_eq!(week_tick(&labels, 2.0), "");
        assert_eq!(week_tick(&labels, -1.0), "");
        assert_eq!(positive("12.5"), Some(Decimal::new(125, 1)));
        assert_eq!(positive("0"), None);
        assert_eq!(positive("abc"), None);
        assert_eq!(stamp("2026-11-20T09:30:00"), "2026-11-20 09:30:00");
    }
}
