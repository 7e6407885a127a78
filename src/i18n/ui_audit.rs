//! Every label and message of the audit log view (the integrity banner, the filters, the table),
//! in English and Simplified Chinese. Texts only: no logic.

crate::tx! {
    TITLE = "Audit log", "审计日志";
    INTACT = "Audit log intact ({count} entries)", "审计日志完整（共 {count} 条）";
    ALTERED = "Audit log altered at entry {id} — someone changed the file outside kaidan", "审计日志在第 {id} 条被改动——有人在 kaidan 之外修改了数据文件";
    VERIFY_FAILED = "Could not check the audit log: {error}", "无法校验审计日志：{error}";
    LOAD_FAILED = "Could not load the audit log: {error}", "无法加载审计日志：{error}";
    USERS_FAILED = "Could not load the users: {error}", "无法加载用户：{error}";

    FILTER_USER = "User", "用户";
    ALL_USERS = "All users", "全部用户";
    FILTER_ENTITY = "Record type", "记录类型";
    ALL_ENTITIES = "All records", "全部记录";
    FILTER_KEY = "Key", "编号";
    KEY_HINT = "e.g. C001", "例如 C001";
    FROM = "From", "从";
    TO = "To", "至";
    DATE_HINT = "YYYY-MM-DD", "年-月-日";
    BAD_DATE = "Write dates as YYYY-MM-DD, e.g. 2026-03-15. The list shows the last valid filters.", "日期请写成 年-月-日，例如 2026-03-15。列表仍按上次有效的筛选条件显示。";
    CLEAR = "Clear filters", "清除筛选";

    SHOWN = "{shown} entries, newest first", "共 {shown} 条，最新的在前";
    SHOWN_LIMIT = "The newest {shown} entries; narrow the filters to see older ones.", "仅显示最新的 {shown} 条；缩小筛选范围可查看更早的记录。";
    NOTHING = "No audit entry matches these filters.", "没有符合筛选条件的审计记录。";

    COL_AT = "When", "时间";
    COL_USER = "User", "用户";
    COL_ENTITY = "Record", "记录";
    COL_KEY = "Key", "编号";
    COL_ACTION = "Action", "操作";
    COL_CHANGE = "Before → after", "修改前 → 修改后";
    BEFORE = "Before: {text}", "修改前：{text}";
    AFTER = "After: {text}", "修改后：{text}";

    ENTITY_CUSTOMER = "Customer", "客户";
    ENTITY_PRODUCT = "Product", "商品";
    ENTITY_ORDER = "Order", "订单";
    ENTITY_INVOICE = "Invoice", "发票";
    ENTITY_SHIPMENT = "Shipment", "发货单";
    ENTITY_EXCEPTION = "Exception", "异常";
    ENTITY_SETTING = "Setting", "设置";
    ENTITY_USER = "User", "用户";
    ENTITY_DEMO = "Demo data", "演示数据";
    ENTITY_STOCK = "Stock", "库存";
    ENTITY_IMPORT = "Import", "导入";
}
