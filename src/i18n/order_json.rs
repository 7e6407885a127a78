//! Texts of the ORDER.json reader (`crate::order_json`): the reasons shown as `field: reason`
//! when an order file cannot be read. Only the wording lives here; the reading lives in
//! `order_json`. `{value}` is the offending JSON value as written (strings in quotes, long ones
//! shortened), so the user can find it in the file.

crate::tx! {
    // ---- The text as a whole (field `(json)`) ----------------------------------------------

    /// serde_json refused the text. `{detail}` is its message with line and column.
    MALFORMED =
        "{detail}",
        "JSON 格式有误：{detail}";
    /// The text is valid JSON but the reader could not follow it (should not happen).
    UNREADABLE =
        "the text could not be read as JSON",
        "无法按 JSON 格式读取该文本";

    // ---- Shape --------------------------------------------------------------------------------

    /// The order, `payment` or a `lines` entry is not a `{…}` object.
    EXPECTED_OBJECT =
        "expected an object",
        "应为对象 {…}";
    /// `lines` is not a `[…]` list.
    EXPECTED_LIST =
        "expected a list",
        "应为列表 […]";
    /// `gift` is not `true` or `false`.
    EXPECTED_BOOL =
        "expected true or false",
        "应为 true 或 false";
    /// A gift line gave a price other than 0.
    GIFT_PRICE =
        "a gift is free: leave the price out or give 0",
        "赠品不收费：请不填价格或填 0";
    /// A required field is missing or `null`.
    REQUIRED =
        "required",
        "必填";
    /// A field the contract does not know.
    UNKNOWN_FIELD =
        "unknown field",
        "未知字段";
    /// The same field twice in one object.
    DUPLICATE_FIELD =
        "given more than once",
        "重复出现";

    // ---- Values -------------------------------------------------------------------------------

    /// A text field (customer, sku, note, reference) holds a number, list, object or true/false.
    EXPECTED_TEXT =
        "expected text in quotes, found {value}",
        "应为带引号的文本，实际为 {value}";
    /// A number field holds something that is not a decimal.
    NOT_A_NUMBER =
        "{value} is not a number",
        "{value} 不是数字";
    /// A JSON number written with an exponent (`1e3`), refused like everywhere else.
    EXPONENT =
        "{value} is written with an exponent; write it as a plain decimal such as 1000 or 0.5",
        "{value} 使用了指数写法，请写成普通小数，如 1000 或 0.5";
    /// A JSON number with more digits than an exact decimal can hold.
    TOO_MANY_DIGITS =
        "{value} has too many digits to be kept exactly",
        "{value} 位数过多，无法精确保存";
    /// A date that is not a `YYYY-MM-DD` string of a real calendar day.
    NOT_A_DATE =
        "{value} is not a date in the form YYYY-MM-DD",
        "{value} 不是 YYYY-MM-DD 格式的日期";
    /// A spelling outside a fixed list. `{choices}` is the list, comma-separated.
    NOT_ONE_OF =
        "{value} is not one of {choices}",
        "{value} 不是以下取值之一：{choices}";
}
