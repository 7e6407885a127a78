//! The settings dialog's words: each setting's name, its choices and what a value must be, in
//! both languages. Keys (`checks.backdate_days`) are the command line's; the window never shows
//! them.

use super::{Lang, Tx};
use crate::domain::Severity;
use crate::domain::settings::Kind;

crate::tx! {
    S_DUPLICATE_DAYS = "Duplicate orders: days apart", "重复订单：相隔天数以内";
    S_UNUSUAL_FACTOR = "Unusual quantity: times the usual", "异常数量：超过常规的倍数";
    S_BACKDATE_DAYS = "Order date: days back allowed", "订单日期：最多可倒填天数";
    S_MAX_DISCOUNT = "Highest discount without approval (%)", "免审批最高折扣（%）";
    S_PRICE_TOLERANCE = "Price below list allowed (%)", "允许低于标价（%）";
    S_OVERDUE_GRACE = "Overdue invoices: days of grace", "逾期发票：宽限天数";
    S_CONFIRM_WITHIN = "Orders confirmed within (days)", "订单须在几天内确认";
    S_INVOICE_WITHIN = "Shipments invoiced within (days)", "发货后须在几天内开票";
    S_DELIVERY_CONFIRM = "Signed slip back within (days)", "回单须在几天内返回";
    S_MANAGER_ABOVE = "Manager review above (amount, empty = never)", "超过此金额须经理审核（留空 = 不审核）";
    S_OWNER_ABOVE = "Owner review above (amount, empty = never)", "超过此金额须店主审核（留空 = 不审核）";
    S_TAX_RATE = "Tax rate (%)", "税率（%）";
    S_PRICES_INCLUDE_TAX = "Prices include tax", "价格含税";
    S_COMPANY_NAME = "Shop name on slips", "单据上的店名";
    S_COMPANY_ADDRESS = "Shop address on slips", "单据上的地址";
    S_COMPANY_PHONE = "Shop phone on slips", "单据上的电话";
    S_COMPANY_TAX_ID = "Shop tax ID on slips", "单据上的税号";
    S_PAPER = "Paper for slips", "单据纸张";
    S_PRINTER = "Printer (empty: save the PDF and open it)", "打印机（留空：保存 PDF 并打开）";
    S_PRINTER_ORDER = "Printer for order slips (empty: the printer above)", "订货单打印机（留空：用上面的打印机）";
    S_PRINTER_DISPATCH = "Printer for dispatch slips (empty: the printer above)", "发货单打印机（留空：用上面的打印机）";
    S_PRINTER_INVOICE = "Printer for invoices (empty: the printer above)", "发票打印机（留空：用上面的打印机）";
    BAD_PRINTER = "A printer's name, as the print service knows it (no double quotes; not starting with -).", "打印服务中的打印机名称（不含双引号，不以 - 开头）。";
    S_COPIES_ORDER = "Parts of an order slip (存根 / 客户联 …)", "订货单联数（存根、客户联……）";
    S_COPIES_DISPATCH = "Parts of a dispatch slip (存根 / 客户联 / 仓库联 …)", "送货单联数（存根、客户联、仓库联……）";
    S_COPIES_INVOICE = "Parts of an invoice", "发票联数";
    S_BACKUP_FOLDER = "Backup folder (empty = beside the database)", "备份文件夹（留空 = 数据库旁）";
    S_LOCK_AFTER = "Lock the window after idle minutes (0 = never)", "空闲几分钟后锁定窗口（0 = 不锁定）";
    S_RULE = "Check: {title}", "检查：{title}";
    S_SECTION_SHOP = "Shop and slips", "店铺与单据";
    S_SECTION_CHECKS = "Checks while typing", "录入检查";
    S_SECTION_RULES = "How strict each check is", "各项检查的严格程度";
    PAPER_A4 = "A4", "A4";
    PAPER_A5 = "A5", "A5";
    PAPER_RECEIPT = "80 mm receipt roll", "80 毫米小票";
    SEV_DEFAULT = "Default ({severity})", "默认（{severity}）";
    SEV_BLOCK = "Block", "拦截";
    SEV_WARN = "Warn", "警告";
    SEV_INFO = "Note", "提示";
    SEV_OFF = "Off", "关闭";
    BAD_DAYS = "Whole days from 0 to 3650.", "请输入 0 至 3650 的整数天数。";
    BAD_NUMBER = "A number of 0 or more.", "请输入不小于 0 的数字。";
    BAD_PERCENT = "A percentage from 0 to 100.", "请输入 0 至 100 的百分比。";
    BAD_MONEY = "An amount of 0 or more, or empty.", "请输入不小于 0 的金额，或留空。";
    BAD_TEXT = "At most 500 characters.", "最多 500 个字符。";
}

/// The name of a setting as the window shows it; None for a key the window does not edit.
pub fn setting_name(key: &str, lang: Lang) -> Option<String> {
    if let Some(code) = key.strip_prefix("rules.").and_then(|rest| rest.strip_suffix(".severity")) {
        let code = crate::domain::Code::parse(code)?;
        return Some(S_RULE.fill(lang, &[("title", &super::labels::code_title(code, lang))]));
    }
    let text: Tx = match key {
        "checks.duplicate_window_days" => S_DUPLICATE_DAYS,
        "checks.unusual_qty_factor" => S_UNUSUAL_FACTOR,
        "checks.backdate_days" => S_BACKDATE_DAYS,
        "checks.max_discount_pct" => S_MAX_DISCOUNT,
        "checks.price_tolerance_pct" => S_PRICE_TOLERANCE,
        "checks.overdue_grace_days" => S_OVERDUE_GRACE,
        "scans.confirm_within_days" => S_CONFIRM_WITHIN,
        "scans.invoice_within_days" => S_INVOICE_WITHIN,
        "scans.delivery_confirm_days" => S_DELIVERY_CONFIRM,
        "review.manager_above" => S_MANAGER_ABOVE,
        "review.owner_above" => S_OWNER_ABOVE,
        "tax.rate_pct" => S_TAX_RATE,
        "tax.prices_include_tax" => S_PRICES_INCLUDE_TAX,
        "company.name" => S_COMPANY_NAME,
        "company.address" => S_COMPANY_ADDRESS,
        "company.phone" => S_COMPANY_PHONE,
        "company.tax_id" => S_COMPANY_TAX_ID,
        "print.paper" => S_PAPER,
        "print.copies.order" => S_COPIES_ORDER,
        "print.copies.dispatch" => S_COPIES_DISPATCH,
        "print.copies.invoice" => S_COPIES_INVOICE,
        "print.printer" => S_PRINTER,
        "print.printer.order" => S_PRINTER_ORDER,
        "print.printer.dispatch" => S_PRINTER_DISPATCH,
        "print.printer.invoice" => S_PRINTER_INVOICE,
        "backup.folder" => S_BACKUP_FOLDER,
        "security.lock_after_minutes" => S_LOCK_AFTER,
        _ => return None,
    };
    Some(text.get(lang).to_string())
}

/// The words for one of a choice setting's stored values (`a4`, `warn`, "" = the default).
pub fn choice_name(value: &str, default: Option<Severity>, lang: Lang) -> String {
    let text = match value {
        "a4" => PAPER_A4,
        "a5" => PAPER_A5,
        "receipt80" => PAPER_RECEIPT,
        "block" => SEV_BLOCK,
        "warn" => SEV_WARN,
        "info" => SEV_INFO,
        "off" => SEV_OFF,
        "" => {
            let severity = default.map(|severity| severity_name(severity, lang)).unwrap_or_default();
            return SEV_DEFAULT.fill(lang, &[("severity", &severity)]);
        }
        other => return other.to_string(),
    };
    text.get(lang).to_string()
}

/// The name of a severity.
pub fn severity_name(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::Block => SEV_BLOCK,
        Severity::Warn => SEV_WARN,
        Severity::Info => SEV_INFO,
    }
    .get(lang)
}

/// What a value of this kind must be, when it is not.
pub fn kind_problem(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Days => BAD_DAYS,
        Kind::Decimal => BAD_NUMBER,
        Kind::Percent => BAD_PERCENT,
        Kind::OptionalMoney => BAD_MONEY,
        Kind::Printer => BAD_PRINTER,
        Kind::Text | Kind::Bool | Kind::Choice(_) => BAD_TEXT,
    }
    .get(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_the_window_edits_has_a_name_in_both_languages() {
        for setting in crate::domain::settings::SETTINGS.iter().filter(|s| !s.key.starts_with("ui.")) {
            for lang in [Lang::En, Lang::Zh] {
                let name = setting_name(setting.key, lang).unwrap_or_else(|| panic!("{} has no name", setting.key));
                assert!(!name.contains('.') && !name.contains('_'), "{name}");
            }
        }
        for code in crate::domain::Code::live_checks() {
            assert!(setting_name(&format!("rules.{code}.severity"), Lang::Zh).is_some_and(|name| name.starts_with("检查")));
        }
    }
}
