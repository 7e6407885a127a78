//! Every label, button and message of the GUI.

crate::tx! {
    ERR_REQUIRED = "Required.", "必填。";
    ERR_PHONE = "Not a phone number (5 to 20 digits; + - ( ) and spaces allowed).", "不是有效电话号码（5 至 20 位数字，可含 + - ( ) 和空格）。";
    ERR_NOT_NEGATIVE = "Enter a number of 0 or more.", "请输入不小于 0 的数字。";
    ERR_DAYS = "Enter whole days from 0 to 3650.", "请输入 0 至 3650 的整数天数。";
    ERR_PERCENT = "Enter a percentage from 0 to 100.", "请输入 0 至 100 的百分比。";
    ERR_MIN_ABOVE_PRICE = "The minimum price may not be above the price.", "最低价不能高于单价。";
}
