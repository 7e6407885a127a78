//! Messages of the command line.

crate::tx! {
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
}
