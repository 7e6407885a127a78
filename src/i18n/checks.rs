//! Messages of the live checks and scans: what is wrong and what to do, in both languages.

crate::tx! {
    EMPTY_ORDER = "The order has no lines. Add at least one product.", "订单没有任何明细，请至少添加一个商品。";
    CUSTOMER_MISSING = "No customer chosen. Pick the customer first.", "未选择客户，请先选择客户。";
    CUSTOMER_UNKNOWN = "Customer \"{code}\" does not exist. Check the code or create the customer.", "客户“{code}”不存在，请检查编码或先新建客户。";
    CUSTOMER_BLOCKED = "{name} is blocked ({reason}). Ask the owner before taking this order.", "{name} 已被停用（{reason}），接单前请先请示店主。";
    NO_PHONE = "{name} has no phone number. Add one so the order can be confirmed by phone.", "{name} 没有电话号码，请补充以便电话确认订单。";
    NO_ADDRESS = "{name} has no delivery address, but the order is for delivery. Add the address.", "{name} 没有送货地址，但本单需要送货，请补充地址。";
    PRODUCT_EMPTY = "The line has no product. Enter a SKU or delete the line.", "该行没有商品，请输入商品编码或删除此行。";
    PRODUCT_UNKNOWN = "Product \"{sku}\" does not exist. Check the SKU.", "商品“{sku}”不存在，请检查商品编码。";
    PRODUCT_INACTIVE = "{sku} {name} is discontinued. Choose another product.", "{sku} {name} 已停售，请选择其他商品。";
    QTY_NOT_POSITIVE = "Quantity {qty} is not valid. Enter a quantity above zero.", "数量 {qty} 无效，请输入大于零的数量。";
    QTY_NOT_WHOLE = "{sku} is sold in whole {unit}; {qty} cannot be split. Enter a whole number.", "{sku} 按整{unit}销售，{qty} 不能拆分，请输入整数。";
    HISTORY_CUSTOMER = "this customer usually orders", "该客户通常订购";
    HISTORY_ALL = "customers usually order", "客户通常订购";
    QTY_UNUSUAL = "{qty} {unit} is more than {factor}× what {whose} ({typical}). Check for a typing error.", "{qty} {unit} 超过{whose_zh}数量（{typical}）的 {factor} 倍，请检查是否输错。";
    PRICE_AGREED = "the agreed price", "协议价";
    PRICE_CATALOGUE = "the catalogue price", "目录价";
    PRICE_MISMATCH = "Unit price {price} differs from {which} {reference}. Use {reference} or ask for approval.", "单价 {price} 与{which_zh} {reference} 不符，请改用 {reference} 或申请审批。";
    BARCODE_CHECK_DIGIT = "check digit should be {digit}", "校验位应为 {digit}";
    BARCODE_CHARACTERS = "a barcode is letters, digits and - . _ / only, at most {max} long", "条码只能由字母、数字和 - . _ / 组成，最长 {max} 位";
    BARCODE_TAKEN = "barcode {barcode} already belongs to {other}", "条码 {barcode} 已属于商品 {other}";
    SKU_OR_BARCODE = "give sku or barcode, not both", "sku 与 barcode 只能填写其一";
    ABOVE_LAST_PRICE = "Net price {net} is above the {last} {customer} paid on {order} ({date}). Check before the customer does.", "折后单价 {net} 高于 {customer} 上次的成交价 {last}（{order}，{date}），请在客户发现前核对。";
    BELOW_MIN_PRICE = "Net price {net} is below the minimum price {floor}. Raise the price or ask for approval.", "折后单价 {net} 低于最低价 {floor}，请提高价格或申请审批。";
    BELOW_COST = "Net price {net} is below cost {floor}. Raise the price or ask for approval.", "折后单价 {net} 低于成本 {floor}，请提高价格或申请审批。";
    DISCOUNT_NOT_APPLIED = "The customer's agreed discount is {agreed} %, this line gives {given} %. Apply {agreed} %.", "客户协议折扣为 {agreed}%，本行只给了 {given}%，请改为 {agreed}%。";
    DISCOUNT_TOO_HIGH = "Discount {given} % is above the allowed {max} %. Lower it or ask for approval.", "折扣 {given}% 超过允许的 {max}%，请降低折扣或申请审批。";
    LINE_TOTAL_MISMATCH = "Line total {given} does not match qty × price × (1 − discount) = {computed}. Use {computed}.", "行金额 {given} 与 数量×单价×(1−折扣) = {computed} 不符，请改为 {computed}。";
    ORDER_DATE_FUTURE = "Order date {date} is after today ({today}). Correct the date.", "下单日期 {date} 晚于今天（{today}），请更正日期。";
    DELIVERY_BEFORE_ORDER = "Delivery date {delivery} is before the order date {date}. Correct the date.", "交货日期 {delivery} 早于下单日期 {date}，请更正日期。";
    DATE_UNUSUAL = "Order date {date} is {days} days ago. Make sure the date is right.", "下单日期 {date} 是 {days} 天前，请确认日期无误。";
    DUPLICATE_ORDER = "Same products and quantities as {number} of {date}. Check this is not a duplicate.", "与 {date} 的订单 {number} 商品和数量完全相同，请确认不是重复下单。";
    STOCK_SHORT = "Only {on_hand} {unit} in stock. Available: {available}; ordered {qty}, short {short}. Split into a backorder or receive stock.", "库存仅 {on_hand} {unit}，可用 {available}；订购 {qty}，缺 {short}。请拆分为欠货单或先入库。";
    STOCK_SHORT_RESERVED = "Only {on_hand} {unit} in stock, {reserved} of them reserved for {orders}. Available: {available}; ordered {qty}, short {short}. Split into a backorder or receive stock.", "库存仅 {on_hand} {unit}，其中 {reserved} 已为 {orders} 预留，可用 {available}；订购 {qty}，缺 {short}。请拆分为欠货单或先入库。";
    CREDIT_LIMIT_EXCEEDED = "Credit limit {limit} exceeded by {over}: {exposure} already owed or on order, plus this order {total}. Ask for prepayment or approval.", "超出信用额度 {limit} 共 {over}：已欠款及未开票订单 {exposure}，加本单 {total}。请要求预付或申请审批。";
    OVERDUE_BALANCE = "The customer owes {amount} overdue on {count} invoice(s); {number} is {days} days past due. Remind them.", "该客户有 {count} 张发票逾期未付，共 {amount}；{number} 已逾期 {days} 天，请催款。";
    PAYMENT_INFO_MISSING = "Bank transfer without a reference. Enter the transfer reference.", "银行转账缺少流水号，请填写转账参考号。";
    PAYMENT_AMOUNT_MISMATCH = "Prepayment {amount} differs from the order total {total}. Check the amount.", "预付金额 {amount} 与订单总额 {total} 不符，请核对金额。";
    REVIEW_MANAGER = "Order total {total} is above {limit}: a manager or the owner must review it.", "订单总额 {total} 超过 {limit}，需经理或店主审核。";
    REVIEW_OWNER = "Order total {total} is above {limit}: the owner must review it.", "订单总额 {total} 超过 {limit}，需店主审核。";

    SCAN_ORDER_NOT_CONFIRMED = "Order {number} was entered on {date} and is still not confirmed ({status}). Confirm, correct or cancel it.", "订单 {number} 于 {date} 录入，至今未确认（{status}），请确认、更正或取消。";
    SCAN_ORDER_NOT_SHIPPED = "Order {number} was due on {date} and is not fully shipped. Ship it or agree a new date.", "订单 {number} 应于 {date} 交货，尚未全部发货，请发货或与客户约定新日期。";
    SCAN_INVOICE_NOT_ISSUED = "Goods of {number} shipped on {date} ({value}) are not invoiced. Issue the invoice.", "订单 {number} 于 {date} 发出的货物（{value}）尚未开票，请开具发票。";
    SCAN_INVOICE_MISMATCH = "Invoice {number} is {amount}, but the shipped lines it covers are worth {value}. Void it and issue a correct one.", "发票 {number} 金额 {amount}，但所对应的已发货明细价值 {value}，请作废后重新开具。";
    SCAN_INVOICE_OVERDUE = "Invoice {number} was due on {date}; {balance} is still unpaid. Remind the customer.", "发票 {number} 应于 {date} 付款，仍有 {balance} 未付，请催款。";
    SCAN_PAYMENT_UNMATCHED = "Payments on {number} total {paid}, more than its amount {amount}. Keep {over} as customer credit or refund it.", "发票 {number} 已收 {paid}，超过发票金额 {amount}，多收的 {over} 请记为客户预存款或退还。";
    SCAN_STOCK_OUT_OF_SYNC = "{sku}: on hand {on_hand} does not match the stock ledger ({ledger}). Count the stock and correct it.", "{sku}：账面库存 {on_hand} 与库存流水合计（{ledger}）不符，请盘点并更正。";
    SCAN_STOCK_NEGATIVE = "{sku}: on hand is negative ({on_hand}). Count the stock and correct it.", "{sku}：账面库存为负（{on_hand}），请盘点并更正。";
    SCAN_DELIVERY_NOT_CONFIRMED = "Shipment {shipment} of {number} went out on {date} ({days} days ago) and its signed slip is not back. Get the signed dispatch slip, or record the delivery.", "订单 {number} 的发货单 {shipment} 于 {date} 发出（{days} 天前），回单尚未返回。请收回签收的送货单，或登记签收。";
    SCAN_STOCK_BELOW_REORDER = "{sku} {name}: available {available} is at or below the reorder point {reorder}. Reorder.", "{sku} {name}：可用库存 {available} 已不高于补货点 {reorder}，请补货。";
    COMPLAINT = "Customer complaint: {text}", "客户投诉：{text}";
}
