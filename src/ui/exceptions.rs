//! The Exceptions tab: the inbox of open problems (most urgent first, each role's own queue by
//! default), the detail panel of one exception with its history and its ways out as buttons,
//! and the statistics view. Rows are cached and reloaded only when the data generation changes
//! or the "all states" filter does; the other filters run over the cache once per change, never
//! per frame. Must not query the store every frame, write to it (it pushes `Action`s; the apply
//! layer re-checks every role rule), or hold SQL (that lives in `store::stats`).

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
use egui_plot::{Bar, BarChart, Legend, Plot};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Which of the two views of the tab is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum View {
    #[default]
    Inbox,
    Statistics,
}

/// The state filter. Only `All` and the closed states need the store to load closed rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum StatusFilter {
    /// Open and in progress.
    #[default]
    Live,
    Only(ExceptionStatus),
    All,
}

impl StatusFilter {
    /// Whether the cache must hold resolved and waived exceptions too.
    fn needs_all(self) -> bool {
        match self {
            StatusFilter::Live => false,
            StatusFilter::Only(status) => !is_live(status),
            StatusFilter::All => true,
        }
    }

    fn text(self, lang: Lang) -> &'static str {
        match self {
            StatusFilter::Live => text::STATUS_LIVE.get(lang),
            StatusFilter::Only(status) => status_text(status, lang),
            StatusFilter::All => text::STATUS_ALL.get(lang),
        }
    }
}

/// The age filter: older than so many days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum AgeFilter {
    #[default]
    Any,
    Over1,
    Over7,
    Over30,
}

impl AgeFilter {
    const ALL: [AgeFilter; 4] = [AgeFilter::Any, AgeFilter::Over1, AgeFilter::Over7, AgeFilter::Over30];

    /// Rows must be strictly older than this many days.
    fn min_days(self) -> Option<i64> {
        match self {
            AgeFilter::Any => None,
            AgeFilter::Over1 => Some(1),
            AgeFilter::Over7 => Some(7),
            AgeFilter::Over30 => Some(30),
        }
    }

    fn text(self, lang: Lang) -> &'static str {
        match self {
            AgeFilter::Any => text::AGE_ANY.get(lang),
            AgeFilter::Over1 => text::AGE_OVER_1.get(lang),
            AgeFilter::Over7 => text::AGE_OVER_7.get(lang),
            AgeFilter::Over30 => text::AGE_OVER_30.get(lang),
        }
    }
}

/// The assignee filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum AssigneeFilter {
    #[default]
    Anyone,
    Nobody,
    User(String),
}

/// Every inbox filter; compared each frame (cheap) to know when to filter the cache again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct InboxFilter {
    text: String,
    code: Option<Code>,
    severity: Option<Severity>,
    status: StatusFilter,
    department: Option<Department>,
    assignee: AssigneeFilter,
    age: AgeFilter,
}

/// One cached exception with what filtering needs, computed once at load.
struct Row {
    exception: Exception,
    /// Subject, code, customer and both messages, lower-cased, for the text search.
    haystack: String,
    opened: Option<NaiveDate>,
}

impl Row {
    fn new(exception: Exception) -> Row {
        let haystack = format!(
            "{} {} {} {} {}",
            exception.subject, exception.code, exception.customer_code, exception.message_en, exception.message_zh
        )
        .to_lowercase();
        let opened = NaiveDate::parse_from_str(&exception.opened, "%Y-%m-%d").ok();
        Row { exception, haystack, opened }
    }
}

/// The small form opened by a "way out" button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WayOut {
    Receive,
    Payment,
    Contact,
}

/// What the reason modal is asking a reason for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReasonFor {
    Approve,
    Cancel,
    Waive,
}

/// The typed-in state of the detail panel's forms; reset when another exception is opened.
#[derive(Default)]
struct DetailForms {
    open: Option<WayOut>,
    modal: Option<ReasonFor>,
    reason: String,
    receive_sku: String,
    receive_qty: String,
    receive_reference: String,
    pay_amount: String,
    pay_method: Option<PaymentMethod>,
    pay_reference: String,
    contact_note: String,
    assign_to: Option<String>,
    comment: String,
    cause: Option<RootCause>,
    cause_note: String,
    action: String,
}

/// The opened exception, its history and customer, loaded once per generation.
struct Detail {
    id: i64,
    loaded_at: Option<u64>,
    exception: Option<Exception>,
    events: Vec<ExceptionEvent>,
    customer: Option<Customer>,
    /// The customer code `customer` was loaded for (loaded once, not per generation).
    customer_for: Option<String>,
    error: Option<String>,
    forms: DetailForms,
}

impl Detail {
    fn new(id: i64) -> Detail {
        Detail {
            id,
            loaded_at: None,
            exception: None,
            events: Vec::new(),
            customer: None,
            customer_for: None,
            error: None,
            forms: DetailForms::default(),
        }
    }

    fn load(&mut self, store: &Store, generation: u64) {
        let first = self.loaded_at.is_none();
        self.loaded_at = Some(generation);
        self.error = None;
        match store.get_exception(self.id) {
            Ok(exception) => {
                if self.customer_for.as_deref() != Some(exception.customer_code.as_str()) {
                    self.customer = if exception.customer_code.is_empty() {
                        None
                    } else {
                        store.get_customer_by_code(&exception.customer_code).ok().flatten()
                    };
                    self.customer_for = Some(exception.customer_code.clone());
                }
                if first {
                    self.forms.receive_sku = prefill_sku(store, &exception);
                }
                self.exception = Some(exception);
            }
            Err(error) => {
                self.exception = None;
                self.error = Some(error.to_string());
            }
        }
        match store.list_exception_events(self.id) {
            Ok(events) => self.events = events,
            Err(error) => {
                self.events.clear();
                if self.error.is_none() {
                    self.error = Some(error.to_string());
                }
            }
        }
    }
}

/// The SKU a "Receive stock" form starts with: the product itself, or the short order line.
fn prefill_sku(store: &Store, exception: &Exception) -> String {
    if exception.subject_kind == "product" {
        return exception.subject.clone();
    }
    if exception.subject_kind == "order"
        && exception.code == Code::StockShort.as_str()
        && let Some(line) = exception.line
        && let Ok(order) = store.get_order(&exception.subject)
        && let Some(found) = order.lines.iter().find(|order_line| i64::try_from(order_line.line_no).is_ok_and(|no| no == line))
    {
        return found.sku.clone();
    }
    String::new()
}

/// The statistics, computed once per generation and day.
struct StatsCache {
    generation: u64,
    today: NaiveDate,
    result: Result<ExceptionStats, String>,
}

/// The Exceptions tab.
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
    detail: Option<Detail>,
    stats: Option<StatsCache>,
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
        if self.loaded == Some((ctx.generation, all)) {
            return;
        }
        match ctx.store.list_exceptions(&ExceptionFilter { all, ..Default::default() }) {
            Ok(list) => {
                self.rows = list.into_iter().map(Row::new).collect();
                self.load_error = None;
            }
            Err(error) => {
                self.rows.clear();
                self.load_error = Some(error.to_string());
            }
        }
        self.open_count = self.rows.iter().filter(|row| is_live(row.exception.status)).count();
        self.loaded = Some((ctx.generation, all));
        self.applied = None;
    }

    /// The active users (assignee filter and the Assign list), once per generation.
    fn reload_users(&mut self, ctx: &TabCtx<'_>) {
        if self.users_loaded_at == Some(ctx.generation) {
            return;
        }
        self.users = ctx
            .store
            .list_users()
            .map(|users| users.into_iter().filter(|user| user.active).map(|user| user.name).collect::<Vec<String>>())
            .unwrap_or_default();
        self.users_loaded_at = Some(ctx.generation);
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
        if let Some(detail) = self.detail.as_mut()
            && detail.loaded_at != Some(ctx.generation)
        {
            detail.load(ctx.store, ctx.generation);
        }
    }

    fn filters_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
        let lang = ctx.lang;
        let (role, user) = (ctx.role, ctx.user);
        let Self { filter, users, .. } = self;
        ui.horizontal_wrapped(|ui| {
            let mine = is_my_queue(filter, role, user);
            let everything = filter.department.is_none() && filter.assignee == AssigneeFilter::Anyone;
            let mine_hint = match queue_department(role) {
                Some(department) => text::QUEUE_MINE_DEPARTMENT.fill(lang, &[("department", &department_text(department, lang))]),
                None => text::QUEUE_MINE_ASSIGNED.get(lang).to_string(),
            };
            if ui.add(egui::Button::selectable(mine, text::QUEUE_MINE.get(lang))).on_hover_text(mine_hint).clicked() {
                set_my_queue(filter, role, user);
            }
            if ui
                .add(egui::Button::selectable(everything, text::QUEUE_ALL.get(lang)))
                .on_hover_text(text::QUEUE_ALL_HINT.get(lang))
                .clicked()
            {
                filter.department = None;
                filter.assignee = AssigneeFilter::Anyone;
            }
            ui.separator();

            let label = ui.label(common::SEARCH.get(lang));
            ui.add(egui::TextEdit::singleline(&mut filter.text).desired_width(180.0)).labelled_by(label.id);

            widgets::combo(ui, "exceptions_filter_code", text::FILTER_CODE.get(lang))
                .selected_text(filter.code.map_or(text::ALL_CODES.get(lang), |code| crate::i18n::labels::code_title(code, lang)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.code, None, text::ALL_CODES.get(lang));
                    for code in Code::ALL {
                        ui.selectable_value(&mut filter.code, Some(*code), crate::i18n::labels::code_title(*code, lang));
                    }
                });

            widgets::combo(ui, "exceptions_filter_severity", text::FILTER_SEVERITY.get(lang))
                .selected_text(filter.severity.map_or(text::ALL_SEVERITIES.get(lang), |severity| widgets::severity_text(severity, lang)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.severity, None, text::ALL_SEVERITIES.get(lang));
                    for severity in Severity::ALL {
                        ui.selectable_value(&mut filter.severity, Some(*severity), widgets::severity_text(*severity, lang));
                    }
                });

            widgets::combo(ui, "exceptions_filter_status", text::FILTER_STATUS.get(lang)).selected_text(filter.status.text(lang)).show_ui(
                ui,
                |ui| {
                    ui.selectable_value(&mut filter.status, StatusFilter::Live, StatusFilter::Live.text(lang));
                    for status in ExceptionStatus::ALL {
                        let choice = StatusFilter::Only(*status);
                        ui.selectable_value(&mut filter.status, choice, choice.text(lang));
                    }
                    ui.selectable_value(&mut filter.status, StatusFilter::All, StatusFilter::All.text(lang));
                },
            );

            widgets::combo(ui, "exceptions_filter_department", text::FILTER_DEPARTMENT.get(lang))
                .selected_text(filter.department.map_or(text::ALL_DEPARTMENTS.get(lang), |department| department_text(department, lang)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.department, None, text::ALL_DEPARTMENTS.get(lang));
                    for department in Department::ALL {
                        ui.selectable_value(&mut filter.department, Some(*department), department_text(*department, lang));
                    }
                });

            let assignee_text = match &filter.assignee {
                AssigneeFilter::Anyone => text::ASSIGNEE_ANYONE.get(lang).to_string(),
                AssigneeFilter::Nobody => text::ASSIGNEE_NOBODY.get(lang).to_string(),
                AssigneeFilter::User(name) => name.clone(),
            };
            widgets::combo(ui, "exceptions_filter_assignee", text::FILTER_ASSIGNEE.get(lang)).selected_text(assignee_text).show_ui(
                ui,
                |ui| {
                    ui.selectable_value(&mut filter.assignee, AssigneeFilter::Anyone, text::ASSIGNEE_ANYONE.get(lang));
                    ui.selectable_value(&mut filter.assignee, AssigneeFilter::Nobody, text::ASSIGNEE_NOBODY.get(lang));
                    for name in users.iter() {
                        ui.selectable_value(&mut filter.assignee, AssigneeFilter::User(name.clone()), name.as_str());
                    }
                },
            );

            widgets::combo(ui, "exceptions_filter_age", text::FILTER_AGE.get(lang)).selected_text(filter.age.text(lang)).show_ui(
                ui,
                |ui| {
                    for age in AgeFilter::ALL {
                        ui.selectable_value(&mut filter.age, age, age.text(lang));
                    }
                },
            );
        });
    }

    /// The virtualised table of filtered rows; a click opens the detail panel.
    fn table_ui(&mut self, ui: &mut Ui, lang: Lang, today: NaiveDate) {
        if self.filtered.is_empty() {
            let empty = if self.rows.is_empty() && !self.filter.status.needs_all() { text::INBOX_EMPTY } else { text::NOTHING_MATCHES };
            ui.label(empty.get(lang));
            return;
        }
        let rows = &self.rows;
        let filtered = &self.filtered;
        let selected = self.detail.as_ref().map(|detail| detail.id);
        let mut clicked = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body).max(16.0) + 8.0;
        let available = ui.available_height();
        let headers = [
            text::COL_SEVERITY,
            text::COL_CODE,
            text::COL_SUBJECT,
            text::COL_LINE,
            text::COL_CUSTOMER,
            text::COL_AGE,
            text::COL_ASSIGNEE,
            text::COL_STATUS,
            text::COL_MESSAGE,
        ];
        TableBuilder::new(ui)
            .id_salt("exceptions_inbox_table")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .auto_shrink([false, false])
            .min_scrolled_height(0.0)
            .max_scroll_height(available)
            .column(Column::initial(80.0).at_least(60.0))
            .column(Column::initial(170.0).at_least(60.0).clip(true))
            .column(Column::initial(120.0).at_least(60.0).clip(true))
            .column(Column::initial(40.0).at_least(30.0))
            .column(Column::initial(90.0).at_least(50.0).clip(true))
            .column(Column::initial(50.0).at_least(40.0))
            .column(Column::initial(80.0).at_least(50.0).clip(true))
            .column(Column::initial(90.0).at_least(50.0).clip(true))
            .column(Column::remainder().at_least(120.0).clip(true))
            .header(row_height, |mut header| {
                for title in headers {
                    header.col(|ui| {
                        ui.strong(title.get(lang));
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, filtered.len(), |mut row| {
                    let Some(item) = filtered.get(row.index()).and_then(|&index| rows.get(index)) else {
                        return;
                    };
                    let exception = &item.exception;
                    row.set_selected(selected == Some(exception.id));
                    row.col(|ui| {
                        widgets::tag(ui, widgets::severity_text(exception.severity, lang), widgets::severity_color(exception.severity))
                    });
                    row.col(|ui| {
                        ui.label(crate::i18n::labels::code_title_of(&exception.code, lang)).on_hover_text(exception.code.as_str());
                    });
                    row.col(|ui| {
                        ui.label(exception.subject.as_str());
                    });
                    row.col(|ui| {
                        ui.label(exception.line.map(|line| line.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| {
                        ui.label(exception.customer_code.as_str());
                    });
                    row.col(|ui| {
                        widgets::right_cell(ui, item.opened.map(|opened| age_days(opened, today).to_string()).unwrap_or_default())
                    });
                    row.col(|ui| {
                        ui.label(exception.assignee.as_deref().unwrap_or(""));
                    });
                    row.col(|ui| {
                        ui.colored_label(status_color(exception.status), status_text(exception.status, lang));
                    });
                    row.col(|ui| {
                        ui.label(message(exception, lang));
                    });
                    if row.response().clicked() {
                        clicked = Some(exception.id);
                    }
                });
            });
        if let Some(id) = clicked {
            if self.detail.as_ref().is_none_or(|detail| detail.id != id) {
                self.detail = Some(Detail::new(id));
            }
            ui.request_repaint();
        }
    }

    // ---- statistics ----

    fn statistics_ui(&mut self, ui: &mut Ui, ctx: &mut TabCtx<'_>) {
        let lang = ctx.lang;
        let stale = self.stats.as_ref().is_none_or(|cache| cache.generation != ctx.generation || cache.today != ctx.today);
        if stale {
            let result = ctx.store.exception_stats(ctx.today).map_err(|error| error.to_string());
            self.stats = Some(StatsCache { generation: ctx.generation, today: ctx.today, result });
        }
        self.export_ui(ui, ctx);
        ui.separator();
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

/// Draw the detail of the opened exception; returns true when the user closed it.
fn detail_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, detail: &mut Detail, users: &[String]) -> bool {
    let lang = ctx.lang;
    let mut close = false;
    ui.horizontal(|ui| {
        ui.heading(text::DETAIL_TITLE.fill(lang, &[("id", &detail.id)]));
        if ui.button(common::CLOSE.get(lang)).clicked() {
            close = true;
        }
    });
    if let Some(error) = &detail.error {
        ui.colored_label(widgets::BLOCK, text::DETAIL_LOADING_FAILED.fill(lang, &[("error", error)]));
    }
    let Some(exception) = detail.exception.clone() else {
        return close;
    };
    let customer = detail.customer.as_ref();
    let events = &detail.events;
    let forms = &mut detail.forms;
    // One scroll position per exception: a newly opened one starts at its headline.
    egui::ScrollArea::vertical().id_salt(("exception_detail_scroll", exception.id)).auto_shrink([false, false]).show(ui, |ui| {
        facts_ui(ui, lang, &exception, customer);
        ui.separator();
        ways_out_ui(ui, ctx, &exception, customer, forms);
        ui.separator();
        handling_ui(ui, ctx, &exception, users, forms);
        ui.separator();
        timeline_ui(ui, lang, events);
    });
    reason_modal_ui(ui, ctx, &exception, forms);
    close
}

/// What is wrong, in big text, and the facts about it.
fn facts_ui(ui: &mut Ui, lang: Lang, exception: &Exception, customer: Option<&Customer>) {
    ui.horizontal_wrapped(|ui| {
        widgets::tag(ui, widgets::severity_text(exception.severity, lang), widgets::severity_color(exception.severity));
        ui.label(RichText::new(crate::i18n::labels::code_title_of(&exception.code, lang)).strong()).on_hover_text(exception.code.as_str());
        widgets::tag(ui, status_text(exception.status, lang), status_color(exception.status));
    });
    ui.add(
        egui::Label::new(RichText::new(message(exception, lang)).size(18.0).strong().color(widgets::severity_color(exception.severity)))
            .wrap(),
    );
    ui.add_space(4.0);
    egui::Grid::new("exception_facts").num_columns(2).striped(true).show(ui, |ui| {
        fact_row_ui(
            ui,
            text::DETAIL_SUBJECT.get(lang),
            format!("{} {}", subject_kind_text(&exception.subject_kind, lang), exception.subject),
        );
        if let Some(line) = exception.line {
            fact_row_ui(ui, text::DETAIL_LINE.get(lang), line.to_string());
        }
        let customer_text = match customer {
            Some(found) => format!("{} {}", found.code, found.name),
            None => exception.customer_code.clone(),
        };
        fact_row_ui(ui, text::DETAIL_CUSTOMER.get(lang), customer_text);
        fact_row_ui(ui, text::DETAIL_ENTERED_BY.get(lang), exception.entered_by.clone());
        fact_row_ui(ui, text::DETAIL_OPENED.get(lang), stamp(&exception.opened_at));
        fact_row_ui(ui, text::DETAIL_STATE.get(lang), status_text(exception.status, lang).to_string());
        fact_row_ui(ui, text::DETAIL_DEPARTMENT.get(lang), department_text(exception.department, lang).to_string());
        fact_row_ui(ui, text::DETAIL_ASSIGNEE.get(lang), exception.assignee.clone().unwrap_or_else(|| text::NOBODY.get(lang).to_string()));
        fact_row_ui(
            ui,
            text::DETAIL_ROOT_CAUSE.get(lang),
            exception.root_cause.map_or(text::NOT_YET.get(lang), |cause| cause_text(cause, lang)).to_string(),
        );
        if !exception.root_cause_note.is_empty() {
            fact_row_ui(ui, text::DETAIL_CAUSE_NOTE.get(lang), exception.root_cause_note.clone());
        }
        let action =
            if exception.corrective_action.is_empty() { text::NOT_YET.get(lang).to_string() } else { exception.corrective_action.clone() };
        fact_row_ui(ui, text::DETAIL_ACTION.get(lang), action);
        if let Some(closed) = &exception.closed_at {
            fact_row_ui(ui, text::DETAIL_CLOSED.get(lang), stamp(closed));
        }
    });
}

fn fact_row_ui(ui: &mut Ui, label: &str, value: String) {
    ui.strong(label);
    ui.add(egui::Label::new(value).wrap());
    ui.end_row();
}

/// The buttons that fix the cause: open, approve or cancel the order, receive stock, invoice,
/// record a payment, contact the customer. Disabled buttons say why in a tooltip.
fn ways_out_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, exception: &Exception, customer: Option<&Customer>, forms: &mut DetailForms) {
    let lang = ctx.lang;
    let live = is_live(exception.status);
    let is_order = exception.subject_kind == "order";
    let code = Code::parse(&exception.code);
    ui.strong(text::WAYS_OUT.get(lang));
    ui.horizontal_wrapped(|ui| {
        if is_order && ui.button(text::OPEN_ORDER.get(lang)).clicked() {
            ctx.push(Action::OpenOrder(exception.subject.clone()));
        }
        if live && is_order && exception.severity == Severity::Block && exception.approvable {
            let refusal = approve_refusal(ctx.role, ctx.user, exception);
            let response = ui
                .add_enabled(refusal.is_none(), egui::Button::new(text::APPROVE.get(lang)))
                .on_disabled_hover_text(refusal.map_or("", |why| why.get(lang)));
            if response.clicked() {
                forms.modal = Some(ReasonFor::Approve);
                forms.reason.clear();
            }
        }
        if live
            && is_order
            && ui
                .add_enabled(permits(ctx.role, Permission::EnterOrders), egui::Button::new(text::CANCEL_ORDER.get(lang)))
                .on_disabled_hover_text(text::CANCEL_NOT_ALLOWED.get(lang))
                .clicked()
        {
            forms.modal = Some(ReasonFor::Cancel);
            forms.reason.clear();
        }
        if live && matches!(code, Some(Code::StockShort | Code::StockBelowReorder)) {
            way_out_button_ui(
                ui,
                forms,
                WayOut::Receive,
                text::RECEIVE.get(lang),
                permits(ctx.role, Permission::MoveStock),
                text::RECEIVE_NOT_ALLOWED.get(lang),
            );
        }
        if live
            && code == Some(Code::InvoiceNotIssued)
            && ui
                .add_enabled(permits(ctx.role, Permission::Invoice), egui::Button::new(text::ISSUE_INVOICE.get(lang)))
                .on_disabled_hover_text(text::INVOICE_NOT_ALLOWED.get(lang))
                .clicked()
        {
            ctx.push(Action::IssueInvoice(exception.subject.clone()));
        }
        if live && code == Some(Code::InvoiceOverdue) {
            way_out_button_ui(
                ui,
                forms,
                WayOut::Payment,
                text::RECORD_PAYMENT.get(lang),
                permits(ctx.role, Permission::RecordPayments),
                text::PAY_NOT_ALLOWED.get(lang),
            );
        }
        if !exception.customer_code.is_empty() {
            way_out_button_ui(ui, forms, WayOut::Contact, text::CONTACT.get(lang), true, "");
        }
    });
    match forms.open {
        Some(WayOut::Receive) => receive_form_ui(ui, ctx, forms),
        Some(WayOut::Payment) => payment_form_ui(ui, ctx, exception, forms),
        Some(WayOut::Contact) => contact_form_ui(ui, ctx, exception, customer, forms),
        None => {}
    }
}

/// A toggle button opening (or closing) one of the small way-out forms.
fn way_out_button_ui(ui: &mut Ui, forms: &mut DetailForms, which: WayOut, label: &str, allowed: bool, refusal: &str) {
    let open = forms.open == Some(which);
    if ui.add_enabled(allowed, egui::Button::selectable(open, label)).on_disabled_hover_text(refusal).clicked() {
        forms.open = if open { None } else { Some(which) };
    }
}

/// A label and a one-line text field named by it, as one grid row.
fn labelled_edit_ui(ui: &mut Ui, label: &str, value: &mut String) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(220.0)).labelled_by(label.id);
    ui.end_row();
}

fn receive_form_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, forms: &mut DetailForms) {
    let lang = ctx.lang;
    egui::Grid::new("exception_receive_form").num_columns(2).show(ui, |ui| {
        labelled_edit_ui(ui, text::RECEIVE_SKU.get(lang), &mut forms.receive_sku);
        labelled_edit_ui(ui, text::RECEIVE_QTY.get(lang), &mut forms.receive_qty);
        labelled_edit_ui(ui, text::RECEIVE_REFERENCE.get(lang), &mut forms.receive_reference);
    });
    let qty = positive(&forms.receive_qty);
    if qty.is_none() && !forms.receive_qty.trim().is_empty() {
        ui.colored_label(widgets::BLOCK, text::ERR_QTY.get(lang));
    }
    let ready = qty.is_some() && !forms.receive_sku.trim().is_empty();
    if ui
        .add_enabled(ready, egui::Button::new(text::RECEIVE_BOOK.get(lang)))
        .on_disabled_hover_text(text::FILL_REQUIRED.get(lang))
        .clicked()
        && let Some(qty) = qty
    {
        ctx.push(Action::Receive { sku: forms.receive_sku.trim().to_string(), qty, reference: forms.receive_reference.trim().to_string() });
        forms.receive_qty.clear();
        forms.receive_reference.clear();
        forms.open = None;
    }
}

fn payment_form_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, exception: &Exception, forms: &mut DetailForms) {
    let lang = ctx.lang;
    let mut method = forms.pay_method.unwrap_or(PaymentMethod::BankTransfer);
    egui::Grid::new("exception_payment_form").num_columns(2).show(ui, |ui| {
        labelled_edit_ui(ui, text::PAY_AMOUNT.get(lang), &mut forms.pay_amount);
        let label = ui.label(text::PAY_METHOD.get(lang));
        egui::ComboBox::from_id_salt("exception_payment_method")
            .selected_text(payment_text(method, lang))
            .show_ui(ui, |ui| {
                for choice in PaymentMethod::ALL {
                    ui.selectable_value(&mut method, *choice, payment_text(*choice, lang));
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        labelled_edit_ui(ui, text::PAY_REFERENCE.get(lang), &mut forms.pay_reference);
    });
    forms.pay_method = Some(method);
    let amount = positive(&forms.pay_amount);
    if amount.is_none() && !forms.pay_amount.trim().is_empty() {
        ui.colored_label(widgets::BLOCK, text::ERR_AMOUNT.get(lang));
    }
    if ui
        .add_enabled(amount.is_some(), egui::Button::new(text::PAY_BOOK.get(lang)))
        .on_disabled_hover_text(text::FILL_REQUIRED.get(lang))
        .clicked()
        && let Some(amount) = amount
    {
        ctx.push(Action::RecordPayment {
            invoice: exception.subject.clone(),
            amount,
            method,
            reference: forms.pay_reference.trim().to_string(),
        });
        forms.pay_amount.clear();
        forms.pay_reference.clear();
        forms.open = None;
    }
}

fn contact_form_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, exception: &Exception, customer: Option<&Customer>, forms: &mut DetailForms) {
    let lang = ctx.lang;
    match customer {
        Some(found) => {
            ui.horizontal_wrapped(|ui| {
                ui.strong(text::CONTACT_PHONE.get(lang));
                if found.phone.trim().is_empty() {
                    ui.label(text::CONTACT_NO_PHONE.get(lang));
                } else {
                    ui.label(RichText::new(found.phone.as_str()).monospace().size(16.0));
                }
                ui.label(found.name.as_str());
            });
        }
        None => {
            ui.label(text::CONTACT_UNKNOWN_CUSTOMER.get(lang));
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label(text::CONTACT_NOTE.get(lang));
        ui.add(egui::TextEdit::singleline(&mut forms.contact_note).desired_width(240.0)).labelled_by(label.id);
    });
    let ready = !forms.contact_note.trim().is_empty();
    if ui.add_enabled(ready, egui::Button::new(text::CONTACT_LOG.get(lang))).on_disabled_hover_text(text::FILL_REQUIRED.get(lang)).clicked()
    {
        let note = forms.contact_note.trim().to_string();
        ctx.push(Action::HandleException { id: exception.id, step: Handle::Comment(format!("contacted customer: {note}")) });
        forms.contact_note.clear();
        forms.open = None;
    }
}

/// Assign, start, comment, resolve with a root cause, waive.
fn handling_ui(ui: &mut Ui, ctx: &mut TabCtx<'_>, exception: &Exception, users: &[String], forms: &mut DetailForms) {
    let lang = ctx.lang;
    let id = exception.id;
    let live = is_live(exception.status);
    ui.strong(text::HANDLING.get(lang));
    if !live {
        ui.label(RichText::new(text::CLOSED_HINT.get(lang)).weak());
    } else {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(text::ASSIGN_TO.get(lang));
            let chosen = forms.assign_to.clone().unwrap_or_else(|| text::CHOOSE.get(lang).to_string());
            egui::ComboBox::from_id_salt("exception_assign_to")
                .selected_text(chosen)
                .show_ui(ui, |ui| {
                    for name in users {
                        ui.selectable_value(&mut forms.assign_to, Some(name.clone()), name.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            if ui.add_enabled(forms.assign_to.is_some(), egui::Button::new(text::ASSIGN.get(lang))).clicked()
                && let Some(who) = forms.assign_to.take()
            {
                ctx.push(Action::HandleException { id, step: Handle::Assign(who) });
            }
            ui.separator();
            if ui
                .add_enabled(exception.status == ExceptionStatus::Open, egui::Button::new(text::START.get(lang)))
                .on_disabled_hover_text(text::START_HINT.get(lang))
                .clicked()
            {
                ctx.push(Action::HandleException { id, step: Handle::Start });
            }
            let refusal = waive_refusal(ctx.role, exception);
            if ui
                .add_enabled(refusal.is_none(), egui::Button::new(text::WAIVE.get(lang)))
                .on_disabled_hover_text(refusal.map_or("", |why| why.get(lang)))
                .clicked()
            {
                forms.modal = Some(ReasonFor::Waive);
                forms.reason.clear();
            }
        });
    }
    ui.horizontal(|ui| {
        let label = ui.label(text::COMMENT.get(lang));
        ui.add(egui::TextEdit::singleline(&mut forms.comment).desired_width(240.0)).labelled_by(label.id);
        let ready = !forms.comment.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new(text::ADD_COMMENT.get(lang))).clicked() {
            ctx.push(Action::HandleException { id, step: Handle::Comment(forms.comment.trim().to_string()) });
            forms.comment.clear();
        }
    });
    if !live {
        return;
    }
    ui.add_space(4.0);
    ui.strong(text::RESOLVE.get(lang));
    egui::Grid::new("exception_resolve_form").num_columns(2).show(ui, |ui| {
        let label = ui.label(text::RESOLVE_CAUSE.get(lang));
        egui::ComboBox::from_id_salt("exception_resolve_cause")
            .selected_text(forms.cause.map_or(text::CHOOSE.get(lang), |cause| cause_text(cause, lang)))
            .show_ui(ui, |ui| {
                for cause in RootCause::ALL {
                    ui.selectable_value(&mut forms.cause, Some(*cause), cause_text(*cause, lang));
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        labelled_edit_ui(ui, text::RESOLVE_NOTE.get(lang), &mut forms.cause_note);
        let label = ui.label(text::RESOLVE_ACTION.get(lang));
        ui.add(egui::TextEdit::multiline(&mut forms.action).desired_rows(2).desired_width(220.0)).labelled_by(label.id);
        ui.end_row();
    });
    let ready = forms.cause.is_some() && !forms.action.trim().is_empty();
    if ui.add_enabled(ready, egui::Button::new(text::RESOLVE.get(lang))).on_disabled_hover_text(text::RESOLVE_NEEDS.get(lang)).clicked()
        && let Some(cause) = forms.cause
    {
        ctx.push(Action::HandleException {
            id,
            step: Handle::Resolve { cause, cause_note: forms.cause_note.trim().to_string(), action: forms.action.trim().to_string() },
        });
        forms.cause = None;
        forms.cause_note.clear();
        forms.action.clear();
    }
}

/// The history, oldest first: "at — user — kind — detail".
fn timeline_ui(ui: &mut Ui, lang: Lang, events: &[ExceptionEvent]) {
    ui.strong(text::TIMELINE.get(lang));
    if events.is_empty() {
        ui.label(text::TIMELINE_EMPTY.get(lang));
        return;
    }
    for event in events {
        let kind = event_kind_text(&event.kind, lang);
        let line = if event.detail.is_empty() {
            format!("{} — {} — {kind}", stamp(&event.at), event.user)
        } else {
            format!("{} — {} — {kind} — {}", stamp(&event.at), event.user, crate::i18n::labels::history_detail(&event.detail, lang))
        };
        ui.add(egui::Label::new(line).wrap());
    }
}

/// The reason prompt for approve, cancel and waive; pushes the action once confirmed.
fn reason_modal_ui(ui: &Ui, ctx: &mut TabCtx<'_>, exception: &Exception, forms: &mut DetailForms) {
    let Some(purpose) = forms.modal else { return };
    let lang = ctx.lang;
    let title = match purpose {
        ReasonFor::Approve => text::APPROVE_TITLE
            .fill(lang, &[("code", &crate::i18n::labels::code_title_of(&exception.code, lang)), ("number", &exception.subject)]),
        ReasonFor::Cancel => text::CANCEL_TITLE.fill(lang, &[("number", &exception.subject)]),
        ReasonFor::Waive => {
            text::WAIVE_TITLE.fill(lang, &[("id", &exception.id), ("code", &crate::i18n::labels::code_title_of(&exception.code, lang))])
        }
    };
    let mut open = true;
    if let Some(reason) = widgets::reason_modal(ui, "exception_reason_modal", &title, &mut forms.reason, &mut open, lang) {
        let action = match purpose {
            ReasonFor::Approve => Action::ApproveOrder { number: exception.subject.clone(), reason, code: Code::parse(&exception.code) },
            ReasonFor::Cancel => Action::CancelOrder { number: exception.subject.clone(), reason },
            ReasonFor::Waive => Action::HandleException { id: exception.id, step: Handle::Waive(reason) },
        };
        ctx.push(action);
    }
    if !open {
        forms.modal = None;
        forms.reason.clear();
    }
}

// ---- statistics drawing ----

/// Colours of the stacked bars, one per code, repeating after twelve.
const PALETTE: [Color32; 12] = [
    Color32::from_rgb(0x1f, 0x77, 0xb4),
    Color32::from_rgb(0xff, 0x7f, 0x0e),
    Color32::from_rgb(0x2c, 0xa0, 0x2c),
    Color32::from_rgb(0xd6, 0x27, 0x28),
    Color32::from_rgb(0x94, 0x67, 0xbd),
    Color32::from_rgb(0x8c, 0x56, 0x4b),
    Color32::from_rgb(0xe3, 0x77, 0xc2),
    Color32::from_rgb(0x7f, 0x7f, 0x7f),
    Color32::from_rgb(0xbc, 0xbd, 0x22),
    Color32::from_rgb(0x17, 0xbe, 0xcf),
    Color32::from_rgb(0x39, 0x3b, 0x79),
    Color32::from_rgb(0xad, 0x49, 0x4a),
];

fn stats_body_ui(ui: &mut Ui, lang: Lang, stats: &ExceptionStats) {
    ui.heading(text::STATS_WEEKLY.get(lang));
    weekly_chart_ui(ui, lang, &stats.weekly);
    ui.add_space(8.0);
    ui.columns(2, |columns| {
        columns[0].heading(text::STATS_RESOLVE.get(lang));
        resolve_times_ui(&mut columns[0], lang, stats);
        columns[1].heading(text::STATS_BACKLOG.get(lang));
        backlog_ui(&mut columns[1], lang, &stats.backlog);
    });
    ui.add_space(8.0);
    ui.columns(3, |columns| {
        columns[0].heading(text::STATS_ROOT_CAUSES.get(lang));
        root_causes_ui(&mut columns[0], lang, &stats.root_causes);
        columns[1].heading(text::STATS_BY_CUSTOMER.get(lang));
        customers_ui(&mut columns[1], lang, &stats.by_customer);
        columns[2].heading(text::STATS_BY_CLERK.get(lang));
        clerks_ui(&mut columns[2], lang, &stats.by_clerk);
    });
    ui.add_space(4.0);
    ui.label(RichText::new(text::STATS_WINDOW_NOTE.get(lang)).weak());
}

/// Exceptions per week, one stacked bar chart per code (legend entries name the codes).
fn weekly_chart_ui(ui: &mut Ui, lang: Lang, weekly: &[(String, Vec<(String, i64)>)]) {
    let codes: BTreeSet<&str> = weekly.iter().flat_map(|(_, counts)| counts.iter().map(|(code, _)| code.as_str())).collect();
    if codes.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    let mut charts: Vec<BarChart> = Vec::with_capacity(codes.len());
    for (index, code) in codes.iter().enumerate() {
        let bars: Vec<Bar> = weekly
            .iter()
            .enumerate()
            .map(|(week, (label, counts))| {
                let count = counts.iter().find(|(counted, _)| counted.as_str() == *code).map_or(0, |(_, count)| *count);
                Bar::new(week as f64, count as f64).name(format!("{label} {}", crate::i18n::labels::code_title_of(code, lang)))
            })
            .collect();
        let chart = {
            let below: Vec<&BarChart> = charts.iter().collect();
            BarChart::new(crate::i18n::labels::code_title_of(code, lang), bars)
                .color(PALETTE[index % PALETTE.len()])
                .width(0.7)
                .stack_on(&below)
        };
        charts.push(chart);
    }
    let labels: Vec<String> = weekly.iter().map(|(label, _)| label.clone()).collect();
    // The legend sits top left, above the bars: the y range leaves a line of headroom per
    // code, so it never covers the weeks (the newest are on the right).
    let tallest = weekly.iter().map(|(_, counts)| counts.iter().map(|(_, count)| *count).sum::<i64>()).max().unwrap_or(0) as f64;
    let headroom = tallest * (1.15 + 0.09 * codes.len() as f64);
    Plot::new("exceptions_per_week")
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .height(260.0 + 14.0 * codes.len().min(8) as f32)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(headroom)
        .x_axis_label(text::STATS_WEEK.get(lang))
        .y_axis_label(text::STATS_COUNT.get(lang))
        .x_axis_formatter(move |mark, _range| week_tick(&labels, mark.value))
        .show(ui, move |plot_ui| {
            for chart in charts {
                plot_ui.bar_chart(chart);
            }
        });
}

fn resolve_times_ui(ui: &mut Ui, lang: Lang, stats: &ExceptionStats) {
    if stats.resolve_hours.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    let closed: usize = stats.resolve_hours.iter().map(|(_, _, _, count)| count).sum();
    egui::Grid::new("exception_resolve_times").num_columns(4).striped(true).show(ui, |ui| {
        ui.strong(text::STATS_CODE.get(lang));
        ui.strong(text::STATS_MEDIAN.get(lang));
        ui.strong(text::STATS_WORST.get(lang));
        ui.strong(text::STATS_CLOSED_COUNT.get(lang));
        ui.end_row();
        ui.strong(text::STATS_OVERALL.get(lang));
        widgets::right_cell(ui, stats.overall_median_hours.map(|hours| fmt_duration(hours, lang)).unwrap_or_default());
        widgets::right_cell(ui, stats.overall_worst_hours.map(|hours| fmt_duration(hours, lang)).unwrap_or_default());
        widgets::right_cell(ui, closed.to_string());
        ui.end_row();
        for (code, median, worst, count) in &stats.resolve_hours {
            ui.label(crate::i18n::labels::code_title_of(code, lang)).on_hover_text(code.as_str());
            widgets::right_cell(ui, fmt_duration(*median, lang));
            widgets::right_cell(ui, fmt_duration(*worst, lang));
            widgets::right_cell(ui, count.to_string());
            ui.end_row();
        }
    });
}

fn backlog_ui(ui: &mut Ui, lang: Lang, backlog: &[i64; 4]) {
    let buckets = [text::BUCKET_0_1, text::BUCKET_2_7, text::BUCKET_8_30, text::BUCKET_OVER_30];
    egui::Grid::new("exception_backlog").num_columns(2).striped(true).show(ui, |ui| {
        for (bucket, count) in buckets.iter().zip(backlog) {
            ui.label(bucket.get(lang));
            widgets::right_cell(ui, count.to_string());
            ui.end_row();
        }
    });
}

fn root_causes_ui(ui: &mut Ui, lang: Lang, causes: &[(String, i64)]) {
    if causes.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    egui::Grid::new("exception_root_causes").num_columns(2).striped(true).show(ui, |ui| {
        ui.strong(text::STATS_CAUSE.get(lang));
        ui.strong(text::STATS_COUNT.get(lang));
        ui.end_row();
        for (cause, count) in causes {
            ui.label(RootCause::parse(cause).map_or(cause.as_str(), |known| cause_text(known, lang)));
            widgets::right_cell(ui, count.to_string());
            ui.end_row();
        }
    });
}

fn customers_ui(ui: &mut Ui, lang: Lang, customers: &[(String, String, i64)]) {
    if customers.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    egui::Grid::new("exception_by_customer").num_columns(3).striped(true).show(ui, |ui| {
        ui.strong(text::STATS_CUSTOMER_CODE.get(lang));
        ui.strong(text::STATS_CUSTOMER_NAME.get(lang));
        ui.strong(text::STATS_COUNT.get(lang));
        ui.end_row();
        for (code, name, count) in customers {
            ui.label(code.as_str());
            ui.label(name.as_str());
            widgets::right_cell(ui, count.to_string());
            ui.end_row();
        }
    });
}

fn clerks_ui(ui: &mut Ui, lang: Lang, clerks: &[(String, i64)]) {
    if clerks.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    egui::Grid::new("exception_by_clerk").num_columns(2).striped(true).show(ui, |ui| {
        ui.strong(text::STATS_CLERK.get(lang));
        ui.strong(text::STATS_COUNT.get(lang));
        ui.end_row();
        for (clerk, count) in clerks {
            ui.label(clerk.as_str());
            widgets::right_cell(ui, count.to_string());
            ui.end_row();
        }
    });
}

// ---- pure helpers ----

fn is_live(status: ExceptionStatus) -> bool {
    matches!(status, ExceptionStatus::Open | ExceptionStatus::InProgress)
}

/// Whole days from `opened` to `today` (never negative).
fn age_days(opened: NaiveDate, today: NaiveDate) -> i64 {
    today.signed_duration_since(opened).num_days().max(0)
}

/// The department whose queue a role works by default; None (everything) for owner and manager.
fn queue_department(role: Role) -> Option<Department> {
    match role {
        Role::Warehouse => Some(Department::Warehouse),
        Role::Bookkeeper => Some(Department::Finance),
        Role::Clerk => Some(Department::Sales),
        Role::Owner | Role::Manager => None,
    }
}

/// The filters a role starts with: its own department's live exceptions.
fn default_filter(role: Role) -> InboxFilter {
    InboxFilter { department: queue_department(role), ..InboxFilter::default() }
}

/// "My queue": the role's department, or for owner and manager what is assigned to them.
fn is_my_queue(filter: &InboxFilter, role: Role, user: &str) -> bool {
    match queue_department(role) {
        Some(department) => filter.department == Some(department),
        None => matches!(&filter.assignee, AssigneeFilter::User(name) if name == user),
    }
}

fn set_my_queue(filter: &mut InboxFilter, role: Role, user: &str) {
    match queue_department(role) {
        Some(department) => filter.department = Some(department),
        None => {
            filter.department = None;
            filter.assignee = AssigneeFilter::User(user.to_string());
        }
    }
}

/// The indexes of the rows passing every filter, in cache order.
fn filter_rows(rows: &[Row], filter: &InboxFilter, today: NaiveDate) -> Vec<usize> {
    let needle = filter.text.trim().to_lowercase();
    rows.iter().enumerate().filter(|(_, row)| row_matches(row, filter, &needle, today)).map(|(index, _)| index).collect()
}

fn row_matches(row: &Row, filter: &InboxFilter, needle: &str, today: NaiveDate) -> bool {
    let exception = &row.exception;
    let status_ok = match filter.status {
        StatusFilter::Live => is_live(exception.status),
        StatusFilter::Only(status) => exception.status == status,
        StatusFilter::All => true,
    };
    let assignee_ok = match &filter.assignee {
        AssigneeFilter::Anyone => true,
        AssigneeFilter::Nobody => exception.assignee.as_deref().is_none_or(|name| name.trim().is_empty()),
        AssigneeFilter::User(name) => exception.assignee.as_deref() == Some(name.as_str()),
    };
    status_ok
        && assignee_ok
        && (needle.is_empty() || row.haystack.contains(needle))
        && filter.code.is_none_or(|code| exception.code == code.as_str())
        && filter.severity.is_none_or(|severity| exception.severity == severity)
        && filter.department.is_none_or(|department| exception.department == department)
        && filter.age.min_days().is_none_or(|min| row.opened.is_some_and(|opened| age_days(opened, today) > min))
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

/// Hours under two days as hours, longer ones as days, one decimal.
fn fmt_duration(hours: f64, lang: Lang) -> String {
    if hours < 48.0 {
        text::HOURS.fill(lang, &[("n", &format!("{hours:.1}"))])
    } else {
        text::DAYS.fill(lang, &[("n", &format!("{:.1}", hours / 24.0))])
    }
}

/// The x-axis tick of the weekly chart: "W47" under a bar, nothing between bars.
fn week_tick(labels: &[String], value: f64) -> String {
    let rounded = value.round();
    if (value - rounded).abs() > 1e-6 || rounded < 0.0 {
        return String::new();
    }
    labels.get(rounded as usize).map(|label| label.split_once('-').map_or(label.as_str(), |(_, week)| week).to_string()).unwrap_or_default()
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
