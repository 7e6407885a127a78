//! Every label printed on the PDF documents (order slip, dispatch slip, invoice), in English and
//! Simplified Chinese. This file owns only the texts; layout, fonts and numbers formatting live in
//! `crate::print`. It must not build strings at run time or know about PDFs.
//!
//! Placeholders (`{n}`, `{x}`, `{y}`, `{rate}`) are filled with [`crate::i18n::Tx::fill`].
//! Only characters covered by the bundled Noto Sans CJK SC subset (GB2312, ASCII, Latin-1, CJK
//! punctuation) may be used here, or the PDF would show empty boxes.

crate::tx! {
    // Sending to a printer
    PRINTER_NAME_BAD = "\"{printer}\" is not a printer's name (no double quotes or control characters; not starting with -).", "“{printer}”不是打印机名称（不能含双引号或控制字符，不能以 - 开头）。";
    NO_PRINT_SERVICE = "No print service found: install CUPS (its lp command) to print straight to a printer. The PDF was saved.", "未找到打印服务：请安装 CUPS（lp 命令）以直接打印。PDF 已保存。";
    PRINT_SERVICE_FAILED = "The printer {printer} did not take the job: {error}. The PDF was saved; nothing was recorded as printed.", "打印机 {printer} 未接受打印任务：{error}。PDF 已保存，未记为已打印。";
    SENT_TO_PRINTER = "{docs} document(s), {pages} page(s) sent to {printer} (job {job}); PDF saved as {path}.", "{docs} 份单据共 {pages} 页已发送到 {printer}（任务 {job}）；PDF 已保存为 {path}。";
    SAVED_PAGES = "{docs} document(s), {pages} page(s) saved as {path}.", "{docs} 份单据共 {pages} 页已保存为 {path}。";
    // --- document titles -------------------------------------------------------------------
    /// Title of the order confirmation sent to the customer.
    ORDER_SLIP_TITLE = "Order Confirmation", "订单确认单";
    /// Title of the picking and delivery note.
    DISPATCH_SLIP_TITLE = "Dispatch Slip", "送货单";
    /// Title of the invoice.
    INVOICE_TITLE = "Invoice", "发票";
    /// PDF metadata title of a batch of order slips.
    ORDER_SLIPS_FILE_TITLE = "Order confirmations", "订单确认单";
    /// PDF metadata title of a batch of dispatch slips.
    DISPATCH_SLIPS_FILE_TITLE = "Dispatch slips", "送货单";
    /// PDF metadata title of a batch of invoices.
    INVOICES_FILE_TITLE = "Invoices", "发票";

    // --- header fields ---------------------------------------------------------------------
    /// Label of the order number.
    ORDER_NO = "Order No.", "订单号";
    /// Label of the invoice number.
    INVOICE_NO = "Invoice No.", "发票号";
    /// Label of the order date.
    ORDER_DATE = "Order date", "下单日期";
    /// Label of the requested delivery date.
    DELIVERY_DATE = "Delivery date", "交货日期";
    /// Shown instead of a delivery date when none was agreed yet.
    DATE_NOT_SET = "To be agreed", "待定";
    /// Label of the invoice issue date.
    ISSUE_DATE = "Issue date", "开票日期";
    /// Label of the invoice due date.
    DUE_DATE = "Due date", "付款截止日";
    /// Label of the company phone number in the letterhead.
    COMPANY_PHONE = "Tel", "电话";
    /// Label of the company tax id in the letterhead.
    COMPANY_TAX_ID = "Tax ID", "税号";

    // --- customer / delivery blocks --------------------------------------------------------
    /// Caption of the customer block on the order slip.
    CUSTOMER_BLOCK = "Customer", "客户信息";
    /// Caption of the delivery and payment block on the order slip.
    TERMS_BLOCK = "Delivery & payment", "配送与付款";
    /// Caption of the delivery address block on the dispatch slip.
    DELIVER_TO = "Deliver to", "收货信息";
    /// Caption of the customer block on the invoice.
    BILL_TO = "Bill to", "购买方";
    /// Label of the customer code.
    CUSTOMER_CODE = "Customer code", "客户编号";
    /// Label of the customer name.
    CUSTOMER_NAME = "Customer", "客户名称";
    /// Label of a phone number.
    PHONE = "Phone", "电话";
    /// Label of an address.
    ADDRESS = "Address", "地址";
    /// Label of the customer's tax id.
    TAX_ID = "Tax ID", "税号";
    /// Label of the delivery method.
    DELIVERY_METHOD = "Delivery method", "配送方式";
    /// Label of the payment terms.
    PAYMENT_TERMS = "Payment terms", "付款期限";
    /// Payment terms in days.
    PAYMENT_TERMS_DAYS = "{n} days", "{n} 天";
    /// Payment terms of zero days.
    PAYMENT_TERMS_IMMEDIATE = "Due on receipt", "即时付款";
    /// Label of the payment method.
    PAYMENT_METHOD = "Payment method", "付款方式";
    /// Caption of the notes block.
    NOTES = "Notes", "备注";

    // --- table columns ---------------------------------------------------------------------
    /// Column: article number.
    COL_SKU = "SKU", "货号";
    /// Column: product name.
    COL_NAME = "Product", "品名";
    /// Column: product name with its specification below (narrow paper).
    COL_NAME_SPEC = "Product / spec", "品名 / 规格";
    /// Column: product, SKU and specification together (receipt paper).
    COL_ITEM = "Item", "商品";
    /// Column: specification.
    COL_SPEC = "Spec", "规格";
    /// Column: quantity.
    COL_QTY = "Qty", "数量";
    /// Column: unit of measure.
    COL_UNIT = "Unit", "单位";
    /// Column: unit price.
    COL_UNIT_PRICE = "Unit price", "单价";
    COL_UNIT_PRICE_INCL = "Unit price incl. tax", "含税单价";
    /// Column: discount in percent.
    COL_DISCOUNT = "Disc. %", "折扣 %";
    /// Column: line total.
    COL_LINE_TOTAL = "Amount", "金额";
    /// Column: the empty tick box a picker marks.
    COL_PICKED = "Picked", "已拣";
    /// Receipt item detail: unit price and discount, e.g. "@ 12.50, -5%".
    RECEIPT_PRICE_DETAIL = "@ {price}, -{disc}%", "单价 {price}，折扣 {disc}%";

    // --- totals ----------------------------------------------------------------------------
    /// Sum of the line totals.
    SUBTOTAL = "Subtotal", "小计";
    /// Tax without a rate.
    TAX = "Tax", "税额";
    /// Tax with its rate.
    TAX_WITH_RATE = "Tax ({rate}%)", "税额 ({rate}%)";
    /// Grand total.
    TOTAL = "Total", "合计";
    TOTAL_INCL_TAX = "Total incl. tax", "价税合计";
    OF_WHICH = "of which {tax}", "其中{tax}";
    NET_OF_TAX = "Net of tax", "不含税金额";
    /// Amount already paid.
    PAID = "Amount paid", "已付金额";
    DEPOSIT_PAID = "Deposit paid", "已付订金";
    TO_PAY = "Left to pay", "尚需支付";
    DEPOSIT_APPLIED = "of which deposit", "其中订金抵扣";
    GIFT = "Gift", "赠品";
    PART_STUB = "Stub", "存根";
    PART_CUSTOMER = "Customer copy", "客户联";
    PART_WAREHOUSE = "Warehouse copy", "仓库联";
    PART_ACCOUNTS = "Accounts copy", "财务联";
    PREVIOUS_BALANCE = "Previous balance", "上期欠款";
    THIS_ORDER = "This order", "本单金额";
    THIS_INVOICE = "This invoice", "本张发票";
    NEW_BALANCE = "Owed in all", "累计欠款";
    STATEMENT_TITLE = "Statement of Account", "对账单";
    STATEMENTS_FILE_TITLE = "Statements", "对账单";
    PERIOD = "Period", "对账期间";
    OPENING_BALANCE = "Opening balance", "期初余额";
    CLOSING_BALANCE = "Closing balance", "期末余额";
    PERIOD_CHARGES = "Charged in the period", "本期应收";
    PERIOD_PAYMENTS = "Paid and credited in the period", "本期已收及冲减";
    COL_DATE = "Date", "日期";
    COL_ENTRY = "Entry", "摘要";
    COL_DOCUMENT = "Document", "单据号";
    COL_DETAIL = "Details", "说明";
    COL_DEBIT = "Charged", "应收";
    COL_CREDIT = "Paid", "已收";
    COL_BALANCE = "Balance", "余额";
    AGE_CURRENT = "Not yet due", "未到期";
    AGE_1_30 = "1–30 days", "逾期1–30天";
    AGE_31_60 = "31–60 days", "逾期31–60天";
    AGE_61_90 = "61–90 days", "逾期61–90天";
    AGE_OVER_90 = "Over 90 days", "逾期90天以上";
    AGE_OPEN = "Open", "未结合计";
    ENTRY_INVOICE = "Invoice", "发票";
    ENTRY_CREDIT_NOTE = "Credit note", "红字冲减";
    ENTRY_PAYMENT = "Payment", "收款";
    ENTRY_REFUND = "Refund", "退款";
    ENTRY_DEPOSIT = "Deposit", "订金";
    ENTRY_DEPOSIT_REFUND = "Deposit refund", "退订金";
    /// A statement line: an invoice of an earlier line voided (its total taken off).
    ENTRY_VOID = "Invoice voided", "发票作废";
    GIFT_MARK = "(gift)", "（赠品）";
    /// Amount still due.
    AMOUNT_DUE = "Amount due", "应付余额";
    /// Number of lines on a dispatch slip.
    LINE_COUNT = "Lines: {n}", "共 {n} 行";

    // --- marks -----------------------------------------------------------------------------
    /// Mark on urgent dispatch slips.
    URGENT = "URGENT", "加急";
    /// Mark on voided invoices.
    VOID = "VOID", "作废";
    /// Mark on every page of a reprinted copy.
    COPY_N = "COPY {n}", "副本 {n}";
    /// Page numbering in the footer, counting the pages of one document.
    PAGE_X_OF_Y = "Page {x} of {y}", "第 {x} 页，共 {y} 页";

    // --- signatures ------------------------------------------------------------------------
    /// Signature line of the person who picked the goods.
    PICKED_BY = "Picked by", "拣货人";
    /// Signature line of the person who received the goods.
    RECEIVED_BY = "Received by", "收货人";
    /// Date next to a signature line.
    SIGNATURE_DATE = "Date", "日期";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(COPY_N.fill(Lang::En, &[("n", &2)]), "COPY 2");
        assert_eq!(COPY_N.fill(Lang::Zh, &[("n", &2)]), "副本 2");
        assert_eq!(PAGE_X_OF_Y.fill(Lang::En, &[("x", &1), ("y", &3)]), "Page 1 of 3");
        assert_eq!(PAYMENT_TERMS_DAYS.fill(Lang::En, &[("n", &30)]), "30 days");
    }
}
