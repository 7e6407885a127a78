//! Every text of the Invoices tab (to issue, invoices, ageing, reconciliation) and the Reports
//! tab, in English and Simplified Chinese. Shared words (Cancel, Search, payment methods, order
//! states) stay in `ui.rs`.

crate::tx! {
    // Views
    VIEW_TO_ISSUE = "To issue", "待开票";
    VIEW_INVOICES = "Invoices", "发票";
    VIEW_AGEING = "Ageing", "账龄";
    VIEW_RECON = "Reconciliation", "对账";

    // Invoice states
    ST_ISSUED = "Issued", "已开票";
    ST_PARTLY_PAID = "Partly paid", "部分收款";
    ST_PAID = "Paid", "已收款";
    ST_OVERDUE = "Overdue", "逾期";
    ST_VOID = "Void", "作废";
    ST_PROBLEM = "Problem", "有差异";
    ST_TO_ISSUE = "To issue", "待开票";

    // Columns
    COL_ORDER = "Order", "订单";
    COL_CUSTOMER = "Customer", "客户";
    COL_CODE = "Code", "编码";
    COL_STATUS = "Status", "状态";
    COL_STATE = "State", "状态";
    COL_ORDER_DATE = "Order date", "下单日期";
    COL_LAST_SHIPPED = "Last shipped", "最近发货";
    COL_LINES = "Lines", "行数";
    COL_VALUE = "Uninvoiced value", "未开票金额";
    COL_ACTION = "Action", "操作";
    COL_INVOICE = "Invoice", "发票号";
    COL_ISSUED = "Issued", "开票日期";
    COL_DUE = "Due", "到期日";
    COL_TOTAL = "Total", "合计";
    COL_PAID = "Paid", "已收";
    COL_BALANCE = "Balance", "余额";
    COL_CREDIT = "Credit", "多收/预收";
    COL_SKU = "SKU", "商品编码";
    COL_PRODUCT = "Product", "商品";
    COL_QTY = "Qty", "数量";
    COL_PRICE = "Unit price", "单价";
    COL_DISCOUNT = "Disc. %", "折扣%";
    COL_AMOUNT = "Amount", "金额";
    COL_DATE = "Date", "日期";
    COL_METHOD = "Method", "方式";
    COL_REFERENCE = "Reference", "凭证号";
    COL_USER = "By", "经办人";
    COL_APPLIED = "Applied", "本次分配";
    COL_OPEN_INVOICES = "Open invoices", "未结发票";
    COL_CURRENT = "Not yet due", "未到期";
    COL_1_30 = "1–30 days", "1–30 天";
    COL_31_60 = "31–60 days", "31–60 天";
    COL_61_90 = "61–90 days", "61–90 天";
    COL_OVER_90 = "Over 90 days", "90 天以上";
    COL_OLDEST_DUE = "Oldest due", "最早到期";
    COL_ORDERED = "Ordered", "订货金额";
    COL_SHIPPED = "Shipped", "已发货金额";
    COL_INVOICED = "Invoiced", "已开票金额";
    COL_INVOICED_TOTAL = "Invoiced incl. tax", "开票含税";
    COL_OVERDUE = "Overdue", "逾期未收";
    COL_EXCEPTION = "Exception", "异常";
    COL_ORDERS = "Orders", "订单数";
    COL_WITH_DIFFERENCE = "With differences", "有差异";
    COL_SHIPPED_FLAG = "Shipped flag", "发货标记";
    COL_INVOICED_FLAG = "Invoiced flag", "开票标记";
    COL_PAID_FLAG = "Paid flag", "收款标记";
    FLAG_BEHIND = "behind", "未完成";
    FLAG_EXCESS = "too much", "超出";

    // Shared
    LOAD_FAILED = "Could not load: {error}", "无法加载：{error}";
    ROWS_CAPPED = "Only the first {count} rows are shown.", "仅显示前 {count} 行。";
    SELECT_ALL = "Select all", "全选";
    SELECT_NONE = "Clear selection", "取消选择";
    SELECT_FIRST = "Tick the rows first.", "请先勾选。";
    OPEN_ORDER = "Open order", "打开订单";
    TOTALS = "Total", "合计";
    CUSTOMER_COUNT = "{count} customers", "{count} 个客户";
    EXPORT_BUTTON = "Export…", "导出…";
    EXPORT_TITLE = "Export table", "导出表格";

    // To issue
    TO_ISSUE_COUNT = "{count} orders with shipped goods not invoiced, worth {value} before tax.", "{count} 个订单已发货未开票，金额（税前）{value}。";
    NOTHING_TO_ISSUE = "Nothing is waiting to be invoiced.", "没有待开票的订单。";
    NO_CUSTOMER = "This order has no customer record, so it cannot be invoiced.", "此订单没有客户档案，无法开票。";
    ISSUE_SELECTED = "Issue all selected ({count})…", "批量开票（{count}）…";
    PREVIEW_TITLE = "Issue {count} invoices", "开具 {count} 张发票";
    PREVIEW_HELP = "One invoice per order, for what has shipped and is not invoiced yet:", "每个订单开一张发票，金额为已发货未开票部分：";
    PREVIEW_TOTAL = "Total before tax: {value}", "税前合计：{value}";
    TAX_ADDED = "Tax of {rate} % is added on each invoice.", "每张发票另加 {rate}% 税。";
    TAX_INCLUDED = "Prices include tax of {rate} %.", "价格已含 {rate}% 税。";
    CONFIRM_ISSUE = "Issue {count} invoices", "开具 {count} 张发票";

    // Invoices
    FILTER_STATE = "State", "状态";
    ALL_STATES = "All states", "全部状态";
    SEARCH_HINT = "Invoice, order or customer", "发票号、订单号或客户";
    SHOWN = "{shown} of {total} invoices", "显示 {shown} / 共 {total} 张发票";
    CAPPED = "Only the newest {count} invoices are loaded.", "仅加载最新的 {count} 张发票。";
    PAY_HINT = "Tick unpaid invoices of one customer to pay them together.", "勾选同一客户的未付发票可合并收款。";
    PAY_SELECTED = "Pay ticked invoices ({count})…", "合并收款（{count}）…";
    ONE_CUSTOMER_ONLY = "Only invoices of one customer can be paid together.", "只能合并同一客户的发票。";
    SELECT_INVOICE = "Select an invoice to see its lines and payments.", "选择一张发票查看明细和收款记录。";
    DETAIL_LINES = "Lines", "明细";
    DETAIL_PAYMENTS = "Payments", "收款记录";
    NO_LINES = "No lines.", "没有明细。";
    NO_PAYMENTS = "No payments yet.", "尚无收款。";
    VOID_REASON = "Voided on {date}: {reason}", "已于 {date} 作废：{reason}";
    IS_VOID = "This invoice is void.", "此发票已作废。";
    RECORD_PAYMENT = "Record payment…", "登记收款…";
    VOID = "Void…", "作废…";
    REFUND = "Refund…", "退款…";
    NOTHING_TO_REFUND = "Nothing has been paid on this invoice.", "此发票尚无收款。";
    REFUND_FIRST = "Payments are on this invoice: refund them first, so no money vanishes.", "此发票已有收款：请先退款，款项才不会凭空消失。";
    REFUND_TITLE = "Refund on {number}", "{number} 退款";
    REFUND_AMOUNT = "Amount (at most what was paid)", "金额（不超过已收款）";
    VOID_TITLE = "Void invoice {number}", "作废发票 {number}";
    PRINT_INVOICE = "Print invoice…", "打印发票…";
    PRINT_TITLE = "Print invoice {number}", "打印发票 {number}";
    PROBLEM_HEAD = "This invoice differs from the shipped lines it covers.", "此发票与其对应的发货明细不一致。";
    PROBLEM_VALUE = "Invoice subtotal {amount}; at the order's prices these shipped lines are worth {value} (difference {diff}).", "发票小计 {amount}；按订单价格，这些发货明细应为 {value}（差额 {diff}）。";
    PROBLEM_LINES_SUM = "Its lines add up to {sum}, not to the subtotal {amount}.", "明细合计为 {sum}，与小计 {amount} 不符。";
    PROBLEM_NO_LINES = "The invoice has no lines.", "此发票没有明细。";
    LINE_PRICE = "Line {line} ({sku}): invoiced at {invoiced}, ordered at {ordered}.", "第 {line} 行（{sku}）：开票单价 {invoiced}，订单单价 {ordered}。";
    LINE_DISCOUNT = "Line {line} ({sku}): discount {invoiced} % on the invoice, {ordered} % on the order.", "第 {line} 行（{sku}）：发票折扣 {invoiced}%，订单折扣 {ordered}%。";
    LINE_OVER = "Line {line} ({sku}): {invoiced} invoiced but only {shipped} shipped.", "第 {line} 行（{sku}）：已开票 {invoiced}，但只发货 {shipped}。";
    LINE_AMOUNT = "Line {line} ({sku}): {qty} invoiced for {amount}; the order line values them at {value}.", "第 {line} 行（{sku}）：开票数量 {qty}，金额 {amount}；按订单行应为 {value}。";

    // Payment prompt
    PAY_TITLE = "Record a payment for {number}", "登记发票 {number} 的收款";
    MULTI_TITLE = "One payment for {count} invoices of {customer}", "{customer} 的 {count} 张发票合并收款";
    BALANCE_IS = "Open balance: {balance}", "未收余额：{balance}";
    AMOUNT = "Amount", "金额";
    METHOD = "Method", "收款方式";
    REFERENCE = "Reference", "凭证号";
    SPLIT_HEAD = "Split over the invoices, oldest due first:", "按到期日从早到晚分配：";
    OVERPAY_NOTE = "{credit} more than is open: at most {open} can be recorded.", "超出未收余额 {credit}：最多只能登记 {open}。";
    ERR_AMOUNT = "Enter an amount above 0 with at most two decimals.", "请输入大于 0、最多两位小数的金额。";
    RECORD = "Record payment", "登记收款";

    // Ageing
    AGEING_NOTE = "Open balances by days past the due date, on {date}.", "截至 {date}，按逾期天数统计的未收余额。";
    NO_BALANCES = "No customer has an open balance or a credit.", "没有客户有未收余额或多付款。";
    SHOW_INVOICES = "Invoices", "查看发票";

    // Reconciliation
    PER_ORDER = "Per order", "按订单";
    PER_CUSTOMER = "Per customer", "按客户";
    PERIOD = "Orders of", "订单范围";
    LAST_DAYS = "the last {days} days", "最近 {days} 天";
    SHOW_ALL = "Show all rows, not only differences", "显示全部，不只差异";
    RECON_NOTE = "Ordered, shipped and invoiced are line values before tax; paid is compared with the invoiced amount including tax. Amber: still to do (shipped not invoiced, unpaid past due, shipped short on a finished or cancelled order). Red: too much (shipped more than ordered, invoiced more than shipped, paid more than invoiced). Hover a coloured amount for the reason.", "订货、发货、开票金额均为税前明细金额；收款与含税开票金额比较。黄色：尚待处理（已发货未开票、逾期未收、已完成或已取消订单发货不足）。红色：超出（发货多于订货、开票多于发货、收款多于开票）。鼠标停在彩色金额上可看原因。";
    NO_DIFFERENCES = "No differences.", "没有差异。";
    DIFF_SHIP_SHORT = "Marked as shipped, but less was shipped than ordered.", "已标记发货完成，但发货少于订货。";
    DIFF_SHIP_CANCELLED = "Goods were shipped on this cancelled order.", "此订单已取消，但有已发货商品。";
    DIFF_SHIP_OVER = "More was shipped than ordered.", "发货多于订货。";
    DIFF_INV_SHORT = "Shipped goods are not invoiced yet.", "已发货商品尚未开票。";
    DIFF_INV_OVER = "More was invoiced than shipped.", "开票多于发货。";
    DIFF_PAY_OVER = "More was paid than invoiced.", "收款多于开票金额。";
    DIFF_PAY_OVERDUE = "{amount} unpaid past the due date.", "逾期未收 {amount}。";
    DIFF_CUSTOMER_SHIPPED = "Some orders were shipped short, over or after cancelling.", "部分订单发货不足、超发或取消后发货。";

    // Reports
    R_PERIOD = "Period", "周期";
    R_WEEK = "Per week", "按周";
    R_MONTH = "Per month", "按月";
    R_REVENUE = "Revenue", "营业额";
    R_ORDERS = "Orders", "订单数";
    R_REVENUE_TITLE = "Revenue (invoice totals, void invoices left out)", "营业额（发票合计，不含作废发票）";
    R_ORDERS_TITLE = "Orders (cancelled orders left out)", "订单数（不含已取消订单）";
    R_X_WEEK = "Week starting", "周起始日";
    R_X_MONTH = "Month", "月份";
    R_TOP_CUSTOMERS = "Top 10 customers by revenue, {from} to {to}", "营业额前 10 名客户（{from} 至 {to}）";
    R_TOP_PRODUCTS = "Top 10 products by revenue, {from} to {to}", "销售额前 10 名商品（{from} 至 {to}）";
    R_RECEIVABLES = "Receivables at each month end", "各月末应收余额";
    R_RECEIVABLES_LINE = "Open balance", "未收余额";
    R_NO_DATA = "No data yet.", "暂无数据。";
    R_COL_PERIOD = "Period", "周期";
    R_COL_RANK = "No.", "名次";
    R_COL_CODE = "Code", "编码";
    R_COL_CUSTOMER = "Customer", "客户";
    R_COL_INVOICES = "Invoices", "发票数";
    R_COL_SKU = "SKU", "商品编码";
    R_COL_PRODUCT = "Product", "商品";
    R_COL_QTY = "Qty", "数量";
    R_COL_UNIT = "Unit", "单位";
    R_COL_LINE_REVENUE = "Revenue (line totals)", "销售额（明细合计）";
    R_COL_DATE = "Date", "日期";

    // Any period, margin and the stock summary
    R_FROM = "From", "从";
    R_TO = "to", "至";
    R_BAD_PERIOD = "Type two dates, the first not after the second.", "请输入两个日期，开始日期不晚于结束日期。";
    R_THIS_MONTH = "This month", "本月";
    R_LAST_MONTH = "Last month", "上月";
    R_THIS_YEAR = "This year", "今年";
    R_LAST_12 = "Last 12 months", "近 12 个月";
    R_SHOW = "Show", "查询";
    R_MARGIN_TITLE = "Gross margin, {from} to {to}", "毛利（{from} 至 {to}）";
    R_MARGIN_NOTE = "Revenue: net of tax, goods shipped less goods returned. Cost: what they left at.", "收入：不含税，发货减退货；成本：出库时的成本。";
    R_MARGIN_BY = "By", "按";
    R_BY_ORDER = "Order", "订单";
    R_BY_PRODUCT = "Product", "商品";
    R_BY_CUSTOMER = "Customer", "客户";
    R_TOTAL = "Total", "合计";
    R_COL_SECTION = "Section", "类别";
    R_COL_KEY = "Number / code", "单号/编码";
    R_COL_NAME = "Name", "名称";
    R_COL_REVENUE = "Revenue", "收入";
    R_COL_COST = "Cost", "成本";
    R_COL_MARGIN = "Margin", "毛利";
    R_COL_MARGIN_PCT = "Margin %", "毛利率";
    R_COL_NO_COST = "Lines without cost", "无成本行数";
    R_WITHOUT_COST = "{count} lines had no cost and count at 0.", "有 {count} 行没有成本，按 0 计。";
    R_STOCK_TITLE = "Stock summary, {from} to {to}", "进销存汇总（{from} 至 {to}）";
    R_STOCK_NOTE = "Quantity and value of the ledger; adjusted holds corrections, counts and opening stock entered.", "数量与金额均取自库存台账；调整含更正、盘点及期初录入。";
    R_COL_OPENING = "Opening", "期初";
    R_COL_RECEIVED = "Received", "入库";
    R_COL_RETURNED = "Returned", "退货入库";
    R_COL_SHIPPED = "Shipped", "发货出库";
    R_COL_ADJUSTED = "Adjusted", "调整";
    R_COL_CLOSING = "Closing", "期末";
    R_COL_VALUE_OF = "{column} value", "{column}金额";
    R_AS_LOADED = "Margin and stock summary as loaded ({seconds} s to read): Refresh for later changes.", "毛利与进销存按载入时的数据（读取用时 {seconds} 秒）；之后的变动请点刷新。";
    R_REFRESH = "Refresh", "刷新";
    R_ROWS_SHOWN = "{shown} of {count} rows shown; the export has them all.", "显示 {shown} / {count} 行；导出包含全部。";
}
