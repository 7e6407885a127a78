//! Every label, button and message of the Exceptions tab (inbox, detail panel, statistics), in
//! English and Simplified Chinese. Shared words (Search, Export, OK, Cancel, severities, Reason,
//! Close, Save) live in `ui.rs` and are reused, not repeated here. Texts only: no logic.

crate::tx! {
    VIEW_INBOX = "Inbox", "待办";
    VIEW_STATS = "Statistics", "统计";
    SCAN_NOW = "Scan now", "立即扫描";
    SCAN_HINT = "Run the background checks now (unconfirmed and unshipped orders, invoices, stock).", "立即运行后台检查（未确认、未发货订单，发票，库存）。";
    LOAD_FAILED = "Could not load the exceptions: {error}", "无法加载异常：{error}";
    SHOWN_COUNT = "{shown} of {total} shown", "共 {total} 条，显示 {shown} 条";
    NOTHING_MATCHES = "No exception matches these filters.", "没有符合筛选条件的异常。";
    INBOX_EMPTY = "Nothing to handle. Well done.", "没有待处理的异常。";

    QUEUE_MINE = "My queue", "我的队列";
    QUEUE_ALL = "Everything", "全部";
    QUEUE_MINE_DEPARTMENT = "Exceptions of your department: {department}", "本部门的异常：{department}";
    QUEUE_MINE_ASSIGNED = "Exceptions assigned to you", "指派给您的异常";
    QUEUE_ALL_HINT = "Every department and assignee", "所有部门和负责人";

    FILTER_CODE = "Code", "代码";
    FILTER_SEVERITY = "Severity", "严重程度";
    FILTER_STATUS = "State", "状态";
    FILTER_DEPARTMENT = "Department", "部门";
    FILTER_ASSIGNEE = "Assignee", "负责人";
    FILTER_AGE = "Age", "时长";
    ALL_CODES = "All codes", "全部代码";
    ALL_SEVERITIES = "All severities", "全部级别";
    ALL_DEPARTMENTS = "All departments", "全部部门";
    STATUS_LIVE = "Open and in progress", "未处理和处理中";
    STATUS_ALL = "All states", "全部状态";
    ASSIGNEE_ANYONE = "Anyone", "任何人";
    ASSIGNEE_NOBODY = "Unassigned", "未指派";
    AGE_ANY = "Any age", "不限时长";
    AGE_OVER_1 = "Older than 1 day", "超过 1 天";
    AGE_OVER_7 = "Older than 7 days", "超过 7 天";
    AGE_OVER_30 = "Older than 30 days", "超过 30 天";

    COL_SEVERITY = "Severity", "级别";
    COL_CODE = "Code", "代码";
    COL_SUBJECT = "Subject", "对象";
    COL_LINE = "Line", "行";
    COL_CUSTOMER = "Customer", "客户";
    COL_AGE = "Days", "天数";
    COL_ASSIGNEE = "Assignee", "负责人";
    COL_STATUS = "State", "状态";
    COL_MESSAGE = "What is wrong", "问题";

    STATUS_OPEN = "Open", "未处理";
    STATUS_IN_PROGRESS = "In progress", "处理中";
    STATUS_RESOLVED = "Resolved", "已解决";
    STATUS_WAIVED = "Waived", "已豁免";

    DEPT_SALES = "Sales", "销售";
    DEPT_WAREHOUSE = "Warehouse", "仓库";
    DEPT_FINANCE = "Finance", "财务";

    CAUSE_INPUT_ERROR = "Input error", "录入错误";
    CAUSE_MASTER_DATA = "Wrong master data", "主数据错误";
    CAUSE_UNCLEAR_PROCESS = "Unclear process", "流程不清楚";
    CAUSE_NOT_IN_SYNC = "Data not in sync", "数据不同步";
    CAUSE_CUSTOMER_CHANGE = "Customer changed the order", "客户变更";
    CAUSE_SUPPLIER_DELAY = "Supplier delay", "供应商延误";
    CAUSE_OTHER = "Other", "其他";

    KIND_ORDER = "Order", "订单";
    KIND_INVOICE = "Invoice", "发票";
    KIND_PRODUCT = "Product", "商品";
    KIND_CUSTOMER = "Customer", "客户";
    KIND_SHIPMENT = "Shipment", "发货单";

    DETAIL_TITLE = "Exception {id}", "异常 {id}";
    DETAIL_SUBJECT = "Subject", "对象";
    DETAIL_LINE = "Line", "行";
    DETAIL_CUSTOMER = "Customer", "客户";
    DETAIL_ENTERED_BY = "Entered by", "录入人";
    DETAIL_OPENED = "Opened", "发现时间";
    DETAIL_CLOSED = "Closed", "关闭时间";
    DETAIL_STATE = "State", "状态";
    DETAIL_DEPARTMENT = "Department", "部门";
    DETAIL_ASSIGNEE = "Assignee", "负责人";
    DETAIL_ROOT_CAUSE = "Root cause", "根本原因";
    DETAIL_CAUSE_NOTE = "Cause note", "原因说明";
    DETAIL_ACTION = "Corrective action", "纠正措施";
    DETAIL_LOADING_FAILED = "Could not load this exception: {error}", "无法加载此异常：{error}";
    NOBODY = "nobody", "无";
    NOT_YET = "not yet", "暂无";

    TIMELINE = "History", "处理记录";
    TIMELINE_EMPTY = "No history yet.", "暂无记录。";
    EVENT_OPENED = "opened", "发现";
    EVENT_AUTO_RESOLVED = "resolved automatically", "自动解决";
    EVENT_ASSIGNED = "assigned", "指派";
    EVENT_COMMENT = "comment", "备注";
    EVENT_STARTED = "started", "开始处理";
    EVENT_RESOLVED = "resolved", "解决";
    EVENT_WAIVED = "waived", "豁免";

    WAYS_OUT = "Ways out", "处理办法";
    OPEN_ORDER = "Open order", "打开订单";
    APPROVE = "Approve…", "批准…";
    APPROVE_TITLE = "Approve {code} on {number}", "批准 {number} 的 {code}";
    APPROVE_MANAGERS_ONLY = "Only the owner or a manager may approve a block.", "只有店主或经理可以批准拦截。";
    APPROVE_OWN_ORDER = "You entered this order: someone else must approve it.", "这张订单是您录入的，须由他人批准。";
    CANCEL_ORDER = "Cancel order…", "取消订单…";
    CANCEL_TITLE = "Cancel order {number}", "取消订单 {number}";
    CANCEL_NOT_ALLOWED = "Your role may not cancel orders.", "您的角色不能取消订单。";
    RECEIVE = "Receive stock", "入库";
    RECEIVE_SKU = "SKU", "商品编码";
    RECEIVE_QTY = "Quantity", "数量";
    RECEIVE_REFERENCE = "Reference", "单据号";
    RECEIVE_BOOK = "Book receipt", "登记入库";
    RECEIVE_NOT_ALLOWED = "Your role may not move stock.", "您的角色不能办理出入库。";
    ISSUE_INVOICE = "Issue invoice", "开具发票";
    INVOICE_NOT_ALLOWED = "Your role may not issue invoices.", "您的角色不能开具发票。";
    RECORD_PAYMENT = "Record payment", "登记收款";
    PAY_AMOUNT = "Amount", "金额";
    PAY_METHOD = "Method", "方式";
    PAY_REFERENCE = "Reference", "参考号";
    PAY_BOOK = "Book payment", "登记收款";
    PAY_NOT_ALLOWED = "Your role may not record payments.", "您的角色不能登记收款。";
    CONTACT = "Contact customer", "联系客户";
    CONTACT_PHONE = "Phone", "电话";
    CONTACT_NO_PHONE = "No phone number on file.", "没有登记电话号码。";
    CONTACT_UNKNOWN_CUSTOMER = "This customer is not in the customer list.", "客户名单中没有此客户。";
    CONTACT_NOTE = "What was said", "沟通内容";
    CONTACT_LOG = "Log the contact", "记录联系";
    ERR_QTY = "Enter a quantity above 0.", "请输入大于 0 的数量。";
    ERR_AMOUNT = "Enter an amount above 0.", "请输入大于 0 的金额。";
    FILL_REQUIRED = "Fill in the fields first.", "请先填写各项。";

    HANDLING = "Handling", "处理";
    ASSIGN_TO = "Assign to", "指派给";
    ASSIGN = "Assign", "指派";
    CHOOSE = "Choose…", "请选择…";
    START = "Start", "开始处理";
    START_HINT = "Only an open exception can be started.", "只有未处理的异常可以开始处理。";
    COMMENT = "Comment", "备注";
    ADD_COMMENT = "Add comment", "添加备注";
    RESOLVE = "Resolve", "解决";
    RESOLVE_CAUSE = "Root cause", "根本原因";
    RESOLVE_NOTE = "Cause note", "原因说明";
    RESOLVE_ACTION = "Corrective action", "纠正措施";
    RESOLVE_NEEDS = "Choose a root cause and say what was done so it does not happen again.", "请选择根本原因，并说明采取了什么措施以防再次发生。";
    WAIVE = "Waive…", "豁免…";
    WAIVE_TITLE = "Waive exception {id} ({code})", "豁免异常 {id}（{code}）";
    WAIVE_MANAGERS_ONLY = "Only the owner or a manager may waive an exception.", "只有店主或经理可以豁免异常。";
    WAIVE_NOT_APPROVABLE = "This block cannot be approved, so it cannot be waived: correct the order instead.", "此拦截不可批准，因此不能豁免：请更正订单。";
    CLOSED_HINT = "This exception is closed; you can still add a comment.", "此异常已关闭，仍可添加备注。";

    EXPORT_ELLIPSIS = "Export…", "导出…";
    STATS_LOAD_FAILED = "Could not compute the statistics: {error}", "无法计算统计：{error}";
    STATS_WEEKLY = "Exceptions per week by code", "每周异常（按代码）";
    STATS_WEEK = "Week", "周";
    STATS_COUNT = "Exceptions", "异常数";
    STATS_RESOLVE = "Time to resolve (closed in the period)", "解决用时（期间内关闭的异常）";
    STATS_OVERALL = "All codes", "全部代码";
    STATS_CODE = "Code", "代码";
    STATS_MEDIAN = "Median", "中位数";
    STATS_WORST = "Worst", "最长";
    STATS_CLOSED_COUNT = "Closed", "已关闭";
    STATS_ROOT_CAUSES = "Top root causes", "主要根本原因";
    STATS_CAUSE = "Root cause", "根本原因";
    STATS_BY_CUSTOMER = "By customer (top 10)", "按客户（前 10 名）";
    STATS_CUSTOMER_CODE = "Customer", "客户";
    STATS_CUSTOMER_NAME = "Name", "名称";
    STATS_BY_CLERK = "By who entered the order", "按录入人";
    STATS_CLERK = "Entered by", "录入人";
    STATS_BACKLOG = "Open backlog by age, today", "当前未处理积压（按时长）";
    STATS_WINDOW_NOTE = "Weeks, root causes, customers and clerks count the exceptions opened in the period.", "每周、根本原因、客户和录入人统计期间内发现的异常。";
    STATS_NO_DATA = "No data yet.", "暂无数据。";
    BUCKET_0_1 = "0–1 days", "0–1 天";
    BUCKET_2_7 = "2–7 days", "2–7 天";
    BUCKET_8_30 = "8–30 days", "8–30 天";
    BUCKET_OVER_30 = "over 30 days", "30 天以上";
    HOURS = "{n} h", "{n} 小时";
    DAYS = "{n} d", "{n} 天";
}
