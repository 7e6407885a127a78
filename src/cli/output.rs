//! What the commands print: findings as text or JSON, exceptions as JSON, progress bars on a
//! terminal (nothing when stderr is not one).

use super::*;

/// A progress bar on stderr for long work — only when stderr is a terminal, so scripts and
/// `--json` output stay clean. `len` 0 gives a spinner with a count.
pub(super) fn progress(len: u64, message: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = if len == 0 {
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        spinner
    } else {
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}%")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    };
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

pub(super) fn finding_json(finding: &Finding, lang: Lang) -> Value {
    json!({
        "code": finding.code.as_str(),
        "severity": finding.severity.as_str(),
        "approvable": finding.approvable,
        "field": finding.field,
        "line": finding.line,
        "message": finding.message.render(lang),
    })
}

pub(super) fn totals_json(totals: &Totals) -> Value {
    json!({"subtotal": fmt_money(totals.subtotal), "tax": fmt_money(totals.tax), "total": fmt_money(totals.total)})
}

pub(super) fn check_json(findings: &[Finding], totals: &Totals, lang: Lang) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("ok".into(), json!(!findings.iter().any(|f| f.severity == crate::domain::Severity::Block)));
    map.insert("totals".into(), totals_json(totals));
    map.insert("findings".into(), Value::Array(findings.iter().map(|f| finding_json(f, lang)).collect()));
    map
}

pub(super) fn print_findings(findings: &[Finding], totals: &Totals, lang: Lang) {
    for finding in findings {
        let place = match finding.line {
            Some(line) => format!("line {line} {}", finding.field),
            None => finding.field.to_string(),
        };
        println!("{:<5} {:<24} {place}: {}", finding.severity.as_str().to_uppercase(), finding.code.as_str(), finding.message.render(lang));
    }
    if findings.is_empty() {
        println!("{}", text::NO_FINDINGS.get(lang));
    }
    println!(
        "{} {}  {} {}  {} {}",
        text::SUBTOTAL.get(lang),
        fmt_money(totals.subtotal),
        text::TAX.get(lang),
        fmt_money(totals.tax),
        text::TOTAL.get(lang),
        fmt_money(totals.total)
    );
}

pub(super) fn exception_json(exception: &Exception, lang: Lang) -> Value {
    json!({
        "id": exception.id,
        "code": exception.code,
        "severity": exception.severity.as_str(),
        "subject": exception.subject,
        "line": exception.line,
        "status": exception.status.as_str(),
        "opened": exception.opened,
        "assignee": exception.assignee,
        "root_cause": exception.root_cause.map(|c| c.as_str()),
        "message": if lang == Lang::Zh { &exception.message_zh } else { &exception.message_en },
    })
}

pub(super) fn print_json(value: &Value) {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string()));
}
