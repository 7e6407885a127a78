//! The inbox's statistics: new and resolved per week by code, time to resolve, the backlog by
//! age, root causes, the customers and clerks behind the most exceptions.

use super::*;

/// The statistics, computed once per generation and day.
pub(super) struct StatsCache {
    pub(super) generation: u64,
    pub(super) today: NaiveDate,
    /// The period the figures are of.
    pub(super) range: (NaiveDate, NaiveDate),
    pub(super) result: Result<ExceptionStats, String>,
}

/// The statistics open on the last twelve weeks.
pub(super) const PERIOD_DAYS: i64 = 84;

/// Colours of the stacked bars, one per code (as many as there are check codes, so no two codes
/// in one chart share a colour).
pub(super) const PALETTE: [Color32; 30] = [
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
    Color32::from_rgb(0xae, 0xc7, 0xe8),
    Color32::from_rgb(0xff, 0xbb, 0x78),
    Color32::from_rgb(0x98, 0xdf, 0x8a),
    Color32::from_rgb(0xff, 0x98, 0x96),
    Color32::from_rgb(0xc5, 0xb0, 0xd5),
    Color32::from_rgb(0xc4, 0x9c, 0x94),
    Color32::from_rgb(0xf7, 0xb6, 0xd2),
    Color32::from_rgb(0xdb, 0xdb, 0x8d),
    Color32::from_rgb(0x9e, 0xda, 0xe5),
    Color32::from_rgb(0x63, 0x79, 0x39),
    Color32::from_rgb(0x8c, 0x6d, 0x31),
    Color32::from_rgb(0x84, 0x3c, 0x39),
    Color32::from_rgb(0x7b, 0x41, 0x73),
    Color32::from_rgb(0x52, 0x54, 0xa3),
    Color32::from_rgb(0xb5, 0xcf, 0x6b),
    Color32::from_rgb(0xe7, 0xba, 0x52),
    Color32::from_rgb(0xd6, 0x61, 0x6b),
    Color32::from_rgb(0xce, 0x6d, 0xbd),
];

pub(super) fn stats_body_ui(ui: &mut Ui, lang: Lang, stats: &ExceptionStats) {
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
pub(super) fn weekly_chart_ui(ui: &mut Ui, lang: Lang, weekly: &[(String, Vec<(String, i64)>)]) {
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
    // The legend stands beside the plot, one line per code in the bars' colours, so it never
    // covers a week however many codes there are; the plot's own tooltip names a bar's code.
    let tallest = weekly.iter().map(|(_, counts)| counts.iter().map(|(_, count)| *count).sum::<i64>()).max().unwrap_or(0) as f64;
    let legend_width = 210.0;
    let height = 260.0_f32.max(20.0 * codes.len() as f32 + 40.0);
    ui.horizontal_top(|ui| {
        Plot::new("exceptions_per_week")
            .width((ui.available_width() - legend_width - 8.0).max(200.0))
            .height(height)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .include_y(0.0)
            .include_y((tallest * 1.1).max(1.0))
            .x_axis_label(text::STATS_WEEK.get(lang))
            .y_axis_label(text::STATS_COUNT.get(lang))
            // A mark at every week (every second or fourth when narrow), so each is named.
            .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 2.0, 4.0]))
            .x_axis_formatter(move |mark, _range| week_tick(&labels, mark.value))
            .show(ui, move |plot_ui| {
                for chart in charts {
                    plot_ui.bar_chart(chart);
                }
            });
        ui.vertical(|ui| {
            ui.set_width(legend_width);
            // The newest bar's order from top to bottom: the last code stacked is on top.
            for (index, code) in codes.iter().enumerate().rev() {
                ui.horizontal(|ui| {
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 2.0, PALETTE[index % PALETTE.len()]);
                    ui.label(crate::i18n::labels::code_title_of(code, lang)).on_hover_text(*code);
                });
            }
        });
    });
}

pub(super) fn resolve_times_ui(ui: &mut Ui, lang: Lang, stats: &ExceptionStats) {
    if stats.resolve_hours.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    let closed: usize = stats.resolve_hours.iter().map(|(_, _, _, count)| count).sum();
    egui::Grid::new("exception_resolve_times").striped(true).show(ui, |ui| {
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

pub(super) fn backlog_ui(ui: &mut Ui, lang: Lang, backlog: &[i64; 4]) {
    let buckets = [text::BUCKET_0_1, text::BUCKET_2_7, text::BUCKET_8_30, text::BUCKET_OVER_30];
    egui::Grid::new("exception_backlog").striped(true).show(ui, |ui| {
        for (bucket, count) in buckets.iter().zip(backlog) {
            ui.label(bucket.get(lang));
            widgets::right_cell(ui, count.to_string());
            ui.end_row();
        }
    });
}

pub(super) fn root_causes_ui(ui: &mut Ui, lang: Lang, causes: &[(String, i64)]) {
    if causes.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    egui::Grid::new("exception_root_causes").striped(true).show(ui, |ui| {
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

pub(super) fn customers_ui(ui: &mut Ui, lang: Lang, customers: &[(String, String, i64)]) {
    if customers.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    egui::Grid::new("exception_by_customer").striped(true).show(ui, |ui| {
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

pub(super) fn clerks_ui(ui: &mut Ui, lang: Lang, clerks: &[(String, i64)]) {
    if clerks.is_empty() {
        ui.label(text::STATS_NO_DATA.get(lang));
        return;
    }
    egui::Grid::new("exception_by_clerk").striped(true).show(ui, |ui| {
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

/// Hours under two days as hours, longer ones as days, one decimal.
pub(super) fn fmt_duration(hours: f64, lang: Lang) -> String {
    if hours < 48.0 {
        text::HOURS.fill(lang, &[("n", &format!("{hours:.1}"))])
    } else {
        text::DAYS.fill(lang, &[("n", &format!("{:.1}", hours / 24.0))])
    }
}

/// The x-axis tick of the weekly chart: "W47" under a bar, nothing between bars.
pub(super) fn week_tick(labels: &[String], value: f64) -> String {
    let rounded = value.round();
    if (value - rounded).abs() > 1e-6 || rounded < 0.0 {
        return String::new();
    }
    labels.get(rounded as usize).map(|label| label.split_once('-').map_or(label.as_str(), |(_, week)| week).to_string()).unwrap_or_default()
}
