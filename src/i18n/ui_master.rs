//! Every label, button and message of the master-data tabs (Customers, Stock): lists, cards,
//! forms, import / export dialogs, stock movements and counts. Shared words (Search, Save,
//! OK, Cancel, Close, Import, Export, field errors of the forms) live in `ui.rs`.

crate::tx! {
    // ---- common ----
    LOAD_FAILED = "Could not load: {error}", "无法加载：{error}";
    SHOWN_OF = "{shown} of {total}", "{shown} / {total}";
    NO_MATCH = "Nothing matches the search.", "没有符合搜索条件的记录。";
    NOT_ALLOWED = "Your role may not do this.", "您的角色无权执行此操作。";
    FIX_ERRORS = "Correct the fields marked in red first.", "请先改正标红的字段。";
    REVERT = "Discard changes", "放弃修改";
    YES = "Yes", "是";
    NO = "No", "否";
    NO_HISTORY = "No changes recorded.", "暂无修改记录。";
    SECTION_HISTORY = "History", "修改记录";
    AUDIT_CREATE = "Created", "新建";
    AUDIT_UPDATE = "Changed", "修改";
    AUDIT_AGREED_PRICE = "Agreed price", "协议价";
    IMPORT_DOTS = "Import…", "导入…";
    EXPORT_DOTS = "Export…", "导出…";
    PRICES_NEED_MANAGER = "Prices can only be changed by an owner or manager.", "只有店主或经理可以修改价格。";

    // ---- import / export dialogs ----
    IMPORT_CUSTOMERS = "Import customers", "导入客户";
    IMPORT_PRODUCTS = "Import products", "导入商品";
    EXPORT_CUSTOMERS = "Export customers", "导出客户";
    EXPORT_PRODUCTS = "Export products", "导出商品";
    IMPORT_HELP = "Choose a CSV or Excel (.xlsx) file and preview it. Nothing is saved until you press Import.", "选择 CSV 或 Excel（.xlsx）文件并预览。按“导入”之前不会保存任何内容。";
    EXPORT_HELP = "Choose where to save the file (.xlsx or .csv).", "选择文件的保存位置（.xlsx 或 .csv）。";
    PREVIEW = "Preview", "预览";
    PREVIEW_FIRST = "Preview the file first; it must have no errors.", "请先预览文件，且文件中不能有错误。";
    PREVIEW_HINT = "Press Preview to check the file.", "按“预览”检查文件。";
    NO_FILE = "Choose a file first.", "请先选择文件。";
    IMPORT_ERRORS = "{n} problem(s) found. Correct the file and preview again; nothing was imported.", "发现 {n} 个问题。请修改文件后重新预览；尚未导入任何内容。";
    IMPORT_READY = "{n} row(s) ready to import (first {shown} shown).", "{n} 行可以导入（显示前 {shown} 行）。";
    COL_ROW = "Row", "行号";

    // ---- customers list ----
    NEW_CUSTOMER = "New customer", "新建客户";
    SHOW_ARCHIVED = "Show archived", "显示已归档";
    NO_CUSTOMERS = "No customers yet.", "还没有客户。";
    COL_CODE = "Code", "编号";
    COL_NAME = "Name", "名称";
    COL_PHONE = "Phone", "电话";
    COL_ADDRESS = "Address", "地址";
    COL_CREDIT_LIMIT = "Credit limit", "信用额度";
    COL_TERMS = "Terms (days)", "账期（天）";
    COL_DISCOUNT = "Discount %", "折扣 %";
    COL_STATE = "State", "状态";
    COL_BLOCKED = "Blocked", "已冻结";
    NO_LIMIT = "No limit", "不限额";
    STATE_BLOCKED = "Blocked", "已冻结";
    STATE_ARCHIVED = "Archived", "已归档";

    // ---- customer card ----
    SECTION_DETAILS = "Details", "资料";
    SECTION_ORDERS = "Orders", "订单";
    SECTION_INVOICES = "Invoices", "发票";
    SECTION_PRICES = "Agreed prices", "协议价";
    F_CODE = "Code", "编号";
    F_NAME = "Name", "名称";
    F_PHONE = "Phone", "电话";
    F_ADDRESS = "Address", "地址";
    F_TAX_ID = "Tax ID", "税号";
    F_CREDIT_LIMIT = "Credit limit", "信用额度";
    F_TERMS = "Payment terms (days)", "账期（天）";
    F_DISCOUNT = "Discount %", "折扣 %";
    HINT_NO_LIMIT = "empty = no limit", "留空 = 不限额";
    ERR_DUPLICATE_CODE = "Another customer already has this code.", "已有其他客户使用此编号。";
    CREDIT_NEEDS_MANAGER = "Credit limit and discount can only be changed by an owner or manager.", "只有店主或经理可以修改信用额度和折扣。";
    BLOCK = "Block…", "冻结…";
    UNBLOCK = "Unblock…", "解除冻结…";
    BLOCK_TITLE = "Block customer {code}", "冻结客户 {code}";
    UNBLOCK_TITLE = "Unblock customer {code}", "解除冻结客户 {code}";
    BLOCKED_BECAUSE = "Blocked: {reason}", "已冻结：{reason}";
    ARCHIVE = "Archive", "归档";
    UNARCHIVE = "Bring back from archive", "取消归档";
    IS_ARCHIVED_NOTE = "Archived: not offered in order entry. Customers are never deleted.", "已归档：开单时不再列出。客户永不删除。";
    UPDATED_BY = "Last changed {at} by {user}", "最后修改：{at}，{user}";
    ACCOUNT = "Account", "往来账";
    BALANCE_OWED = "Balance owed", "欠款余额";
    OPEN_ORDERS_VALUE = "Open orders not yet invoiced", "未开票的未结订单";
    STATEMENT_BUTTON = "Statement…", "对账单…";
    STATEMENT = "Statement of account", "对账单";
    STATEMENT_FROM = "From", "从";
    STATEMENT_TO = "To", "到";
    STATEMENT_BAD_PERIOD = "Type two dates, the first not after the second.", "请输入两个日期，开始日期不得晚于结束日期。";
    STATEMENT_SAVE = "Save statement", "保存对账单";
    MONTH_END_BUTTON = "Month-end statements…", "月末对账单…";
    MONTH_END_TITLE = "Month-end statements", "月末对账单";
    MONTH_END_HINT = "Every customer with an entry in the period or a balance at its end.", "期间内有往来或期末有余额的每个客户。";
    MONTH_END_ONE_PDF = "One PDF with every statement (to print in one go)", "全部对账单合成一个 PDF（一次打印）";
    MONTH_END_FOLDER = "One file per customer, in a folder (to send)", "每个客户一个文件，存入文件夹（便于发送）";
    MONTH_END_FOLDER_FIELD = "Folder", "文件夹";
    MONTH_END_FORMAT = "Format", "格式";
    MONTH_END_WRITE = "Write statements", "生成对账单";
    MONTH_END_NEEDS_PDF = "Name a PDF file (ending in .pdf).", "请填写 PDF 文件名（以 .pdf 结尾）。";
    MONTH_END_NEEDS_FOLDER = "Name the folder to write into.", "请填写要保存到的文件夹。";
    MONTH_END_FOLDER_HAS_FILES = "This folder has files: a customer's statement of the same name is written over.", "该文件夹已有文件：同名的客户对账单将被覆盖。";
    DEPOSITS_HELD = "Deposits held (not yet on an invoice)", "未抵扣的订金";
    EXPOSURE = "Total exposure", "信用占用合计";
    AVAILABLE_CREDIT = "Available credit", "可用额度";
    OVERDUE = "Overdue", "已逾期";
    AGEING = "Ageing of the balance", "欠款账龄";
    AGE_CURRENT = "Not yet due", "未到期";
    AGE_1_30 = "1–30 days", "1–30 天";
    AGE_31_60 = "31–60 days", "31–60 天";
    AGE_61_90 = "61–90 days", "61–90 天";
    AGE_OVER_90 = "Over 90 days", "90 天以上";
    NO_ORDERS = "No orders yet.", "还没有订单。";
    COL_ORDER = "Order", "订单号";
    COL_DATE = "Date", "日期";
    COL_STATUS = "Status", "状态";
    COL_TOTAL = "Total", "合计";
    OPEN = "Open", "打开";
    REPEAT = "Repeat", "再来一单";
    REPEAT_HINT = "Start a new order with the same lines", "按相同明细新建订单";
    NO_INVOICES = "No invoices yet.", "还没有发票。";
    COL_INVOICE = "Invoice", "发票号";
    COL_DUE = "Due", "到期日";
    COL_AMOUNT = "Amount", "金额";
    COL_PAID = "Paid", "已付";
    IS_ISSUED = "Issued", "已开具";
    IS_PARTLY_PAID = "Partly paid", "部分付款";
    IS_PAID = "Paid", "已付清";
    IS_OVERDUE = "Overdue", "已逾期";
    IS_VOID = "Void", "已作废";
    SET_PRICE = "Set price", "设定价格";
    CHANGE = "Change", "修改";
    REMOVE = "Remove", "删除";
    NO_PRICES = "No agreed prices.", "暂无协议价。";
    ERR_SKU_REQUIRED = "Enter a SKU.", "请输入商品编号。";
    ERR_PRICE = "Enter a price of 0 or more with at most 4 decimals.", "请输入不小于 0 且最多 4 位小数的价格。";
    ERR_UNKNOWN_SKU = "No product has the SKU {sku}.", "没有编号为 {sku} 的商品。";

    // ---- order states ----

    // ---- products list ----
    NEW_PRODUCT = "New product", "新建商品";
    NO_PRODUCTS = "No products yet.", "还没有商品。";
    MODE_PRODUCTS = "Products", "商品";
    MODE_COUNT = "Stock count", "盘点";
    TO_REORDER = "To reorder only", "只看需补货";
    COL_SKU = "SKU", "商品编号";
    COL_SPEC = "Spec", "规格";
    COL_UNIT = "Unit", "单位";
    COL_PRICE = "Price", "单价";
    COL_MIN_PRICE = "Min. price", "最低价";
    COL_OPENING_STOCK = "Opening stock", "期初库存";
    COL_ON_HAND = "On hand", "现有库存";
    COL_RESERVED = "Reserved", "已预留";
    COL_AVAILABLE = "Available", "可用";
    COL_REORDER_POINT = "Reorder point", "补货点";
    COL_ACTIVE = "Active", "在售";

    // ---- product card ----
    SECTION_EDIT = "Details", "资料";
    SECTION_LEDGER = "Stock ledger", "库存流水";
    STOCK_LINE = "On hand {on_hand}, reserved {reserved}, available {available} {unit}", "现有 {on_hand}，预留 {reserved}，可用 {available} {unit}";
    RECEIVE_DOTS = "Receive…", "入库…";
    ADJUST_DOTS = "Adjust…", "调整…";
    F_SKU = "SKU", "商品编号";
    F_SPEC = "Spec", "规格";
    F_UNIT = "Unit", "单位";
    F_BARCODE = "Barcode", "条码";
    F_PRICE = "Price", "单价";
    F_MIN_PRICE = "Minimum price", "最低价";
    F_COST = "Cost", "成本价";
    F_REORDER_POINT = "Reorder point", "补货点";
    F_OPENING_STOCK = "Opening stock", "期初库存";
    F_ACTIVE = "Active (offered in order entry)", "在售（开单时可选）";
    F_DIVISIBLE = "Sold in fractions (e.g. 2.5 m)", "可按小数销售（如 2.5 米）";
    HINT_NO_MIN = "empty = no minimum", "留空 = 无最低价";
    HINT_UNKNOWN = "empty = unknown", "留空 = 未知";
    ERR_DUPLICATE_SKU = "Another product already has this SKU.", "已有其他商品使用此编号。";
    ERR_NOT_NEGATIVE_QTY = "Enter a quantity of 0 or more.", "请输入不小于 0 的数量。";
    UPDATED_AT = "Last changed {at}", "最后修改：{at}";
    NO_MOVEMENTS = "No stock movements yet.", "还没有库存流水。";
    COL_WHEN = "When", "时间";
    COL_KIND = "Kind", "类型";
    COL_QTY = "Qty", "数量";
    COL_BALANCE = "Balance", "结存";
    COL_UNIT_COST = "Unit cost", "单位成本";
    COL_VALUE = "Value", "金额";
    COL_WORTH = "Stock value", "结存金额";
    REASON_REVALUATION = "Stock valued at the first cost", "按首次成本计价";
    COL_REFERENCE = "Reference", "单据号";
    COL_REASON = "Reason", "原因";
    COL_WHO = "Who", "经办人";

    // ---- movement kinds (stock_movements.kind) ----
    MK_OPENING = "Opening", "期初";
    MK_RECEIPT = "Receipt", "入库";
    MK_SHIPMENT = "Shipment", "发货";
    MK_ADJUSTMENT = "Adjustment", "调整";
    MK_COUNT = "Count", "盘点";
    MK_RETURN = "Return", "退货";

    // ---- receive / adjust ----
    RECEIVE_TITLE = "Receive stock of {sku}", "{sku} 入库";
    ADJUST_TITLE = "Adjust stock of {sku}", "调整 {sku} 的库存";
    F_QTY = "Quantity", "数量";
    F_REFERENCE = "Reference (delivery note…)", "单据号（送货单等）";
    F_REASON = "Reason (required)", "原因（必填）";
    F_UNIT_COST = "Unit cost", "进价";
    HINT_COST_FOLLOWS_RECEIPTS = "moving average of receipts while in stock", "有库存时为入库移动平均价";
    HINT_UNIT_COST = "empty: at the product's cost", "留空：按商品成本";
    F_SUPPLIER = "Supplier", "供应商";
    ERR_COST = "A cost of 0 or more, at most 4 decimals.", "成本须为 0 或以上，最多 4 位小数。";
    HINT_ADJUST_QTY = "negative takes stock out", "负数表示减少库存";
    ERR_NUMBER = "Enter a number, e.g. 12 or 2.5.", "请输入数字，如 12 或 2.5。";
    ERR_QTY_DECIMALS = "At most 3 decimals.", "最多 3 位小数。";
    ERR_WHOLE = "This product is sold in whole units only.", "此商品只能按整数销售。";
    ERR_QTY_POSITIVE = "Enter a quantity above 0.", "请输入大于 0 的数量。";
    ERR_QTY_TOO_LARGE = "Enter at most 999,999,999,999.", "数量不能超过 999,999,999,999。";
    ERR_QTY_NONZERO = "The adjustment may not be 0.", "调整数量不能为 0。";
    ERR_REASON_REQUIRED = "A reason is required.", "必须填写原因。";

    // ---- stock count ----
    COUNT_HELP = "Type the counted quantity of each product you counted; empty rows are left alone. Booking records the difference to on hand.", "输入每个已盘点商品的实盘数量；空行不作处理。过账时记录与现有库存的差异。";
    BOOK_COUNT = "Book count", "盘点过账";
    CLEAR_COUNTS = "Clear counts", "清空盘点数";
    COUNTED_N = "{n} product(s) counted", "已盘点 {n} 个商品";
    COUNTED_FOR = "Counted quantity of {sku}", "{sku} 的实盘数量";
    COL_COUNTED = "Counted", "实盘数量";
    COL_DIFFERENCE = "Difference", "差异";
    ERR_COUNT = "Not a valid count", "盘点数量无效";
    COUNT_BAD = "Not booked: correct the counts of {skus} (numbers of 0 or more; whole units where the product is not divisible).", "未过账：请改正 {skus} 的盘点数量（不小于 0 的数字；不可拆分的商品须为整数）。";
    NOTHING_COUNTED = "Nothing counted yet.", "还没有输入盘点数量。";
}
