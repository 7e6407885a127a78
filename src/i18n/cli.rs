//! Messages of the command line.

crate::tx! {
    BAD_VALUE = "{key}: {value} is not valid: expected {expected}", "{key}：{value} 无效，应为{expected}";
    UNKNOWN_KEY = "unknown setting \"{key}\"", "未知设置项“{key}”";
}
