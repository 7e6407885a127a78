//! Search keys for pinyin look-up: 张三五金店 is found by `zswj` (initials), `zhangsan` (full
//! pinyin) and by its own characters. The key is computed once when a row is written and stored
//! beside it, so search as you type is one indexed-free substring match, never a conversion.

use pinyin::ToPinyin;

/// Build the lowercase search key of a record from its searchable fields (code, name, phone,
/// spec…): the fields themselves, then the pinyin initials and the full pinyin of each field
/// that contains Chinese characters.
pub fn search_key(fields: &[&str]) -> String {
    let mut key = String::new();
    for field in fields {
        let field = field.trim();
        if field.is_empty() {
            continue;
        }
        key.push_str(&field.to_lowercase());
        key.push('\u{1f}');
        let mut initials = String::new();
        let mut full = String::new();
        let mut any_chinese = false;
        for (character, reading) in field.chars().zip(field.to_pinyin()) {
            match reading {
                Some(pinyin) => {
                    any_chinese = true;
                    initials.push_str(pinyin.first_letter());
                    full.push_str(pinyin.plain());
                }
                None if character.is_alphanumeric() => {
                    let lower: String = character.to_lowercase().collect();
                    initials.push_str(&lower);
                    full.push_str(&lower);
                }
                None => {}
            }
        }
        if any_chinese {
            key.push_str(&initials);
            key.push('\u{1f}');
            key.push_str(&full);
            key.push('\u{1f}');
        }
    }
    key
}

/// Normalise what the user typed into the form the keys are matched against.
pub fn normalise_query(query: &str) -> String {
    query.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_full_pinyin_find_chinese_names() {
        let key = search_key(&["C001", "张三五金店", "13800138000"]);
        assert!(key.contains("zswjd"), "{key}");
        assert!(key.contains("zswj"));
        assert!(key.contains("zhangsan"));
        assert!(key.contains("张三"));
        assert!(key.contains("c001"));
        assert!(key.contains("138001"));
    }

    #[test]
    fn latin_names_are_lowercased_and_keep_no_pinyin_block() {
        let key = search_key(&["P001", "Steel Bolt M8"]);
        assert_eq!(key, "p001\u{1f}steel bolt m8\u{1f}");
    }

    #[test]
    fn separators_stop_matches_across_fields() {
        let key = search_key(&["ab", "cd"]);
        assert!(!key.contains("abcd"));
    }
}
