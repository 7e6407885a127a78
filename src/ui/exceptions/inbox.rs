//! The inbox list: each role's own queue, filters by state, code, severity, department,
//! assignee and age, a text search in both languages, and the table.

use super::*;

/// The state filter. Only `All` and the closed states need the store to load closed rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum StatusFilter {
    /// Open and in progress.
    #[default]
    Live,
    Only(ExceptionStatus),
    All,
}

impl StatusFilter {
    /// Whether the cache must hold resolved and waived exceptions too.
    pub(super) fn needs_all(self) -> bool {
        match self {
            StatusFilter::Live => false,
            StatusFilter::Only(status) => !is_live(status),
            StatusFilter::All => true,
        }
    }

    pub(super) fn text(self, lang: Lang) -> &'static str {
        match self {
            StatusFilter::Live => text::STATUS_LIVE.get(lang),
            StatusFilter::Only(status) => status_text(status, lang),
            StatusFilter::All => text::STATUS_ALL.get(lang),
        }
    }
}

/// The age filter: older than so many days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum AgeFilter {
    #[default]
    Any,
    Over1,
    Over7,
    Over30,
}

impl AgeFilter {
    const ALL: [AgeFilter; 4] = [AgeFilter::Any, AgeFilter::Over1, AgeFilter::Over7, AgeFilter::Over30];

    /// Rows must be strictly older than this many days.
    pub(super) fn min_days(self) -> Option<i64> {
        match self {
            AgeFilter::Any => None,
            AgeFilter::Over1 => Some(1),
            AgeFilter::Over7 => Some(7),
            AgeFilter::Over30 => Some(30),
        }
    }

    pub(super) fn text(self, lang: Lang) -> &'static str {
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
pub(super) enum AssigneeFilter {
    #[default]
    Anyone,
    Nobody,
    User(String),
}

/// Every inbox filter; compared each frame (cheap) to know when to filter the cache again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct InboxFilter {
    pub(super) text: String,
    pub(super) code: Option<Code>,
    pub(super) severity: Option<Severity>,
    pub(super) status: StatusFilter,
    pub(super) department: Option<Department>,
    pub(super) assignee: AssigneeFilter,
    pub(super) age: AgeFilter,
}

/// One cached exception with what filtering needs, computed once at load.
pub(super) struct Row {
    pub(super) exception: Exception,
    /// Subject, code, customer and both messages, lower-cased, for the text search.
    pub(super) haystack: String,
    pub(super) opened: Option<NaiveDate>,
}

impl Row {
    pub(super) fn new(exception: Exception) -> Row {
        let haystack = format!(
            "{} {} {} {} {}",
            exception.subject, exception.code, exception.customer_code, exception.message_en, exception.message_zh
        )
        .to_lowercase();
        let opened = NaiveDate::parse_from_str(&exception.opened, "%Y-%m-%d").ok();
        Row { exception, haystack, opened }
    }
}

/// The department whose queue a role works by default; None (everything) for owner and manager.
pub(super) fn queue_department(role: Role) -> Option<Department> {
    match role {
        Role::Warehouse => Some(Department::Warehouse),
        Role::Bookkeeper => Some(Department::Finance),
        Role::Clerk => Some(Department::Sales),
        Role::Owner | Role::Manager => None,
    }
}

/// The filters a role starts with: its own department's live exceptions.
pub(super) fn default_filter(role: Role) -> InboxFilter {
    InboxFilter { department: queue_department(role), ..InboxFilter::default() }
}

/// "My queue": the role's department, or for owner and manager what is assigned to them.
pub(super) fn is_my_queue(filter: &InboxFilter, role: Role, user: &str) -> bool {
    match queue_department(role) {
        Some(department) => filter.department == Some(department),
        None => matches!(&filter.assignee, AssigneeFilter::User(name) if name == user),
    }
}

pub(super) fn set_my_queue(filter: &mut InboxFilter, role: Role, user: &str) {
    match queue_department(role) {
        Some(department) => filter.department = Some(department),
        None => {
            filter.department = None;
            filter.assignee = AssigneeFilter::User(user.to_string());
        }
    }
}

/// The indexes of the rows passing every filter, in cache order.
pub(super) fn filter_rows(rows: &[Row], filter: &InboxFilter, today: NaiveDate) -> Vec<usize> {
    let needle = filter.text.trim().to_lowercase();
    rows.iter().enumerate().filter(|(_, row)| row_matches(row, filter, &needle, today)).map(|(index, _)| index).collect()
}

pub(super) fn row_matches(row: &Row, filter: &InboxFilter, needle: &str, today: NaiveDate) -> bool {
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

impl ExceptionsTab {
    pub(super) fn filters_ui(&mut self, ui: &mut Ui, ctx: &TabCtx<'_>) {
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
    pub(super) fn table_ui(&mut self, ui: &mut Ui, lang: Lang, today: NaiveDate) {
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
            .header(row_height, |mut header| crate::ui::widgets::head_row(&mut header, headers, lang))
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
}
