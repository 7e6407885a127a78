//! Messages of the command line.

crate::tx! {
    DEMO_PLANNING = "Planning the demo shop", "规划演示店铺";
    DEMO_WRITING = "Writing customers, products and orders", "写入客户、商品和订单";
    DEMO_CHECKING = "Checking the newest orders", "检查最新订单";
    DEMO_SCANNING = "First scan", "首次扫描";
    BAD_VALUE = "{key}: {value} is not valid: expected {expected}", "{key}：{value} 无效，应为{expected}";
    UNKNOWN_KEY = "unknown setting \"{key}\"", "未知设置项“{key}”";
    NO_FINDINGS = "No findings.", "未发现问题。";
    SUBTOTAL = "Subtotal", "小计";
    TAX = "Tax", "税额";
    TOTAL = "Total", "合计";
    DEMO_DONE = "Demo shop ready in {path}: {customers} customers, {products} products, {orders} orders, {invoices} invoices, {exceptions} open exceptions.", "演示店铺已生成于 {path}：{customers} 个客户，{products} 个商品，{orders} 张订单，{invoices} 张发票，{exceptions} 个未处理异常。";
    AUDIT_OK = "Audit log intact.", "审计日志完整。";
    AUDIT_BROKEN = "Audit log altered: entry {id} does not match its hash chain.", "审计日志被篡改：第 {id} 条记录与哈希链不符。";
    SCAN_DONE = "Scan done: {opened} opened, {resolved} resolved, {open} open.", "扫描完成：新开 {opened} 个，自动解决 {resolved} 个，未处理 {open} 个。";
    IMPORT_DONE = "Imported: {inserted} new, {updated} updated, {unchanged} unchanged.", "导入完成：新增 {inserted}，更新 {updated}，未变 {unchanged}。";
    RESTORED = "Restored from {from}; the replaced file was kept as {kept}.", "已从 {from} 恢复；被替换的文件保存为 {kept}。";
    RESTORED_NEW = "Restored from {from} into {db} (it held no shop before).", "已从 {from} 恢复到 {db}（此前没有店铺数据）。";
    TOO_BIG = "{file}: larger than {max}; nothing was read", "{file}：超过 {max}，未读取";
    NOT_UTF8 = "the file is not UTF-8 text", "文件不是 UTF-8 文本";
    STATEMENT_PERIOD = "--from {from} is after --to {to}.", "--from {from} 晚于 --to {to}。";
    STATEMENT_ALL_OUT = "{out}: --all writes one PDF (OUT ending in .pdf) or a folder of files, one per customer (a folder, with --format pdf, xlsx or csv).", "{out}：--all 可写成一个 PDF（OUT 以 .pdf 结尾），或写入文件夹、每个客户一个文件（文件夹，配合 --format pdf、xlsx 或 csv）。";
    STATEMENT_FORMAT = "{format}: say pdf, xlsx or csv (by the file's extension or --format).", "{format}：请用 pdf、xlsx 或 csv（文件扩展名或 --format）。";
    NO_DEPOSIT = "Order {number} holds no unapplied deposit to refund.", "订单 {number} 没有可退的未使用订金。";
    AUDIT_CUT = "Audit log cut: entry {id}, anchored on this PC, is missing.", "审计日志被截断：本机锚定的第 {id} 条记录已不存在。";
    AUDIT_REWRITTEN = "Audit log rewritten: entry {id} no longer has the hash anchored on this PC.", "审计日志被改写：第 {id} 条记录的哈希与本机锚定的不符。";
    AUDIT_NOT_ANCHORED = "note: this PC holds no anchor for this file yet; the chain was checked on its own.", "提示：本机尚无该文件的锚点，仅校验了哈希链本身。";
    IMPORT_SHEET = "{file}: read the sheet \"{sheet}\" (the first visible one).", "{file}：已读取工作表“{sheet}”（第一个可见工作表）。";
}
