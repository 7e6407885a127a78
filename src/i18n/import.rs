//! Texts of the table import/export module (`crate::tabular`): file-level problems (unknown
//! file type, unreadable encoding or workbook) and the per-row/per-field reasons shown as
//! `FILE:ROW: field: reason`. Only the wording lives here; the checks live in `tabular`.

crate::tx! {
    // ---- File level -------------------------------------------------------------------------

    /// The file name does not end in `.csv` or `.xlsx`.
    UNKNOWN_EXTENSION =
        "unsupported file type; use a .csv or .xlsx file",
        "不支持的文件类型，请使用 .csv 或 .xlsx 文件";
    /// The CSV bytes are neither UTF-8 nor GBK/GB18030.
    BAD_ENCODING =
        "the file is neither UTF-8 nor GBK/GB18030 text; save it from Excel as \"CSV UTF-8\" and try again",
        "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本，请在 Excel 中另存为“CSV UTF-8”后重试";
    /// calamine could not open or read the workbook. `{detail}` is the library's message.
    BAD_XLSX =
        "not a readable Excel .xlsx workbook ({detail})",
        "无法读取该 Excel .xlsx 工作簿（{detail}）";
    /// The workbook has no worksheet (only chart sheets, or none at all).
    NO_WORKSHEET =
        "the workbook has no worksheet",
        "该工作簿中没有工作表";
    /// The spreadsheet reader failed unexpectedly on a damaged file.
    DAMAGED_XLSX =
        "the workbook appears to be damaged and could not be read",
        "该工作簿似乎已损坏，无法读取";
    /// rust_xlsxwriter refused to write the workbook. `{detail}` is the library's message.
    XLSX_WRITE =
        "could not write the Excel workbook ({detail})",
        "无法写入 Excel 工作簿（{detail}）";
    /// More rows or columns than an Excel sheet can hold.
    XLSX_TOO_BIG =
        "too many rows or columns for one Excel sheet (at most 1,048,576 rows and 16,384 columns)",
        "行数或列数超出 Excel 单个工作表的上限（最多 1,048,576 行、16,384 列）";

    // ---- Header row -------------------------------------------------------------------------

    /// A required column is not in the header row. `{alias}` is its Chinese header.
    MISSING_COLUMN =
        "required column is missing (Chinese header: {alias})",
        "缺少必需的列（中文列名“{alias}”）";
    /// A header cell names no known column. `{expected}` lists the accepted columns.
    UNKNOWN_COLUMN =
        "unknown column; accepted columns: {expected}",
        "未知的列；可用的列：{expected}";
    /// Two header cells name the same column (e.g. `price` and `单价`).
    DUPLICATE_COLUMN =
        "this column appears more than once in the header row",
        "该列在表头中出现了不止一次";
    /// A column has data but an empty header cell. `{column}` is its 1-based position.
    UNNAMED_COLUMN =
        "column {column} has data but no header",
        "第 {column} 列有数据但没有列名";

    // ---- Rows and fields ----------------------------------------------------------------------

    /// A data row has more (non-empty) cells than the header has columns.
    TOO_MANY_CELLS =
        "the row has {cells} cells but the header has only {columns} columns",
        "该行有 {cells} 个单元格，但表头只有 {columns} 列";
    /// A required value is empty.
    REQUIRED =
        "a value is required",
        "不能为空";
    /// A key (code/SKU) occurs twice in the file. `{first}` is the row of the first occurrence.
    DUPLICATE_KEY =
        "\"{value}\" appears more than once in the file (first in row {first})",
        "“{value}”在文件中重复出现（首次出现在第 {first} 行）";
    /// A number field holds something else.
    NOT_A_NUMBER =
        "\"{value}\" is not a number",
        "“{value}”不是数字";
    /// A number field must not be below zero.
    NEGATIVE =
        "{value} must not be negative",
        "{value} 不能为负数";
    /// A number field must be a whole number.
    NOT_WHOLE =
        "{value} must be a whole number",
        "{value} 必须是整数";
    /// A number is outside its allowed range.
    OUT_OF_RANGE =
        "{value} must be between {min} and {max}",
        "{value} 必须在 {min} 到 {max} 之间";
    /// The minimum price is above the list price.
    MIN_ABOVE_PRICE =
        "{value} is higher than the price {price}",
        "{value} 高于单价 {price}";
    /// A quantity of a product sold only in whole units has a fraction.
    NOT_WHOLE_INDIVISIBLE =
        "{value} must be a whole number because the product is not divisible",
        "该商品不可拆分，{value} 必须是整数";
    /// A yes/no field holds something else.
    NOT_A_BOOL =
        "\"{value}\" is not a yes/no value (use true/false, 1/0, yes/no or 是/否)",
        "“{value}”不是是/否值（请填写 true/false、1/0、yes/no 或 是/否）";
    /// A customer's account is neither cash nor monthly.
    NOT_AN_ACCOUNT =
        "\"{value}\" is not an account (use cash or monthly, 现结 or 月结)",
        "“{value}”不是结算方式（请填写 cash 或 monthly，现结 或 月结）";
    /// A phone number has forbidden characters or too few/many digits.
    BAD_PHONE =
        "\"{value}\" is not a phone number (5 to 20 digits, optional leading +, spaces, dashes and brackets allowed)",
        "“{value}”不是有效的电话号码（5 到 20 位数字，可以 + 开头，可含空格、短横线和括号）";
    /// The file is larger than kaidan reads.
    TOO_BIG =
        "larger than {max}; nothing was read",
        "超过 {max}，未读取";
    /// A data row hidden in the workbook (it is imported all the same).
    HIDDEN_ROW =
        "this row is hidden in the workbook; it was imported like the others",
        "此行在工作簿中被隐藏，已与其他行一同导入";
}
