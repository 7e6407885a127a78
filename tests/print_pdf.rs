//! Printed documents read back as a person's PDF viewer or a search would: `pdftotext` gives
//! back numbers, names (Chinese too), quantities and totals; a dispatch slip has no price; a
//! 120-line order prints every line exactly once across its pages. Skipped with a note when
//! poppler's pdftotext is not installed (.ci/run installs it).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn pdftotext(pdf: &Path) -> Option<String> {
    let output = std::process::Command::new("pdftotext").args(["-layout"]).arg(pdf).arg("-").output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).to_string())
}

struct Shop {
    _dir: tempfile::TempDir,
    db: PathBuf,
    root: PathBuf,
}

impl Shop {
    fn new() -> Shop {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path().to_path_buf();
        let shop = Shop { db: root.join("shop.sqlite3"), root, _dir: dir };
        let mut products = String::from("sku,name,spec,unit,price,stock\n");
        for i in 1..=120 {
            products.push_str(&format!("S{i:03},不锈钢螺栓{i}号 Stainless bolt,M8×{i},盒,12.50,1000\n"));
        }
        std::fs::write(root_join(&shop.root, "p.csv"), products).expect("write");
        std::fs::write(root_join(&shop.root, "c.csv"), "code,name,phone,address\nC001,张三五金店,13800138000,上海市浦东新区张杨路1088号\n")
            .expect("write");
        shop.run(&["import", "products", &shop.file("p.csv")]);
        shop.run(&["import", "customers", &shop.file("c.csv")]);
        shop.run(&["config", "set", "company.name", "开单演示五金店"]);
        shop
    }

    fn file(&self, name: &str) -> String {
        root_join(&self.root, name).to_str().expect("utf8").to_string()
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::cargo_bin("kaidan")
            .expect("binary")
            .args(["--db", self.db.to_str().expect("utf8"), "--today", "2026-11-20", "--lang", "zh"])
            .args(args)
            .output()
            .expect("run");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).to_string()
    }

    fn order(&self, lines: usize) -> String {
        let body: Vec<String> = (1..=lines).map(|i| format!(r#"{{"sku": "S{i:03}", "qty": "{}"}}"#, i % 7 + 1)).collect();
        std::fs::write(
            root_join(&self.root, "o.json"),
            format!(r#"{{"customer": "C001", "delivery": "delivery", "lines": [{}]}}"#, body.join(",")),
        )
        .expect("write");
        let out = self.run(&["submit", &self.file("o.json"), "--json"]);
        let value: serde_json::Value = serde_json::from_str(&out).expect("json");
        value["number"].as_str().expect("number").to_string()
    }
}

fn root_join(root: &Path, name: &str) -> PathBuf {
    root.join(name)
}

#[test]
fn documents_carry_their_text_in_both_languages() {
    if std::process::Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("note: pdftotext not installed; skipping PDF text checks");
        return;
    }
    let shop = Shop::new();
    let number = shop.order(3);
    shop.run(&["confirm", &number]);
    let slip = shop.file("order.pdf");
    shop.run(&["print", "order", &number, "-o", &slip]);
    let text = pdftotext(Path::new(&slip)).expect("text");
    for expected in [
        number.as_str(),
        "张三五金店",
        "13800138000",
        "上海市浦东新区张杨路1088号",
        "S001",
        "不锈钢螺栓1号",
        "12.50",
        "25.00",
        "开单演示五金店",
    ] {
        assert!(text.contains(expected), "order slip lacks {expected}:\n{text}");
    }
    // 2×12.50 + 3×12.50 + 4×12.50 = 112.50
    assert!(text.contains("112.50"), "total:\n{text}");

    let dispatch = shop.file("dispatch.pdf");
    shop.run(&["print", "dispatch", &number, "-o", &dispatch]);
    let text = pdftotext(Path::new(&dispatch)).expect("text");
    for expected in [number.as_str(), "张三五金店", "13800138000", "上海市浦东新区张杨路1088号", "S003"] {
        assert!(text.contains(expected), "dispatch slip lacks {expected}:\n{text}");
    }
    for price in ["12.50", "25.00", "112.50"] {
        assert!(!text.contains(price), "a dispatch slip shows no price ({price}):\n{text}");
    }
    shop.run(&["print", "dispatch", &number, "-o", &dispatch]);
    let text = pdftotext(Path::new(&dispatch)).expect("text");
    assert!(text.contains("副本"), "a reprint is marked as a copy:\n{text}");

    shop.run(&["ship", &number]);
    let out = shop.run(&["invoice", &number, "--json"]);
    let invoice: serde_json::Value = serde_json::from_str(&out).expect("json");
    let invoice_number = invoice["number"].as_str().expect("number").to_string();
    shop.run(&["pay", &invoice_number, "12.50", "--method", "cash"]);
    let pdf = shop.file("invoice.pdf");
    shop.run(&["--lang", "en", "print", "invoice", &invoice_number, "-o", &pdf]);
    let text = pdftotext(Path::new(&pdf)).expect("text");
    for expected in [invoice_number.as_str(), number.as_str(), "2026-11-20", "2026-12-20", "112.50", "100.00", "张三五金店"] {
        assert!(text.contains(expected), "invoice lacks {expected}:\n{text}");
    }
}

#[test]
fn a_long_dispatch_slip_prints_every_line_once_with_page_numbers() {
    if std::process::Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("note: pdftotext not installed; skipping");
        return;
    }
    let shop = Shop::new();
    let number = shop.order(120);
    shop.run(&["confirm", &number]);
    let pdf = shop.file("long.pdf");
    shop.run(&["--lang", "en", "print", "dispatch", &number, "-o", &pdf]);
    let bytes = std::fs::read(&pdf).expect("pdf");
    let pages = lopdf::Document::load_mem(&bytes).expect("parse").get_pages().len();
    assert!(pages >= 3, "{pages} pages");
    let text = pdftotext(Path::new(&pdf)).expect("text");
    for i in 1..=120 {
        let sku = format!("S{i:03} ");
        let count = text.matches(&sku).count();
        assert_eq!(count, 1, "{sku} appears {count} times");
    }
    for page in 1..=pages {
        assert!(text.contains(&format!("Page {page} of {pages}")), "page {page} of {pages}");
    }
    assert!(bytes.len() < 200_000, "{} bytes: fonts are subset", bytes.len());
}

/// Chinese names use far more characters than a common-character set: a name of rare hanzi
/// prints whole on every slip (it was "王 … 商行" when the font held GB2312 only), and a
/// character no font has prints as a visible box and is warned about at import, never dropped.
#[test]
fn rare_hanzi_print_on_every_document() {
    if std::process::Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("note: pdftotext not installed; skipping PDF text checks");
        return;
    }
    let shop = Shop::new();
    std::fs::write(root_join(&shop.root, "rare.csv"), "code,name,phone,address\nC088,王喆堃犇垚镕珺商行,13800138000,镕珺路\u{20000}号\n")
        .expect("write");
    let output = Command::cargo_bin("kaidan")
        .expect("binary")
        .args(["--db", shop.db.to_str().expect("utf8"), "--today", "2026-11-20", "--lang", "en"])
        .args(["import", "customers", &shop.file("rare.csv")])
        .output()
        .expect("run");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("rare.csv:2: address") && stderr.contains('\u{20000}'), "warned at import: {stderr}");
    std::fs::write(
        root_join(&shop.root, "r.json"),
        r#"{"customer": "C088", "delivery": "delivery", "lines": [{"sku": "S001", "qty": "2"}]}"#,
    )
    .expect("write");
    let out = shop.run(&["submit", &shop.file("r.json"), "--json"]);
    let number = serde_json::from_str::<serde_json::Value>(&out).expect("json")["number"].as_str().expect("number").to_string();
    shop.run(&["confirm", &number]);
    let mut invoice = String::new();
    for kind in ["order", "dispatch", "invoice"] {
        if kind == "invoice" {
            shop.run(&["ship", &number]);
            invoice = shop.run(&["invoice", &number]).split_whitespace().next().expect("invoice").to_string();
        }
        let subject = if kind == "invoice" { &invoice } else { &number };
        let pdf = shop.file(&format!("rare-{kind}.pdf"));
        shop.run(&["print", kind, subject, "-o", &pdf]);
        let text = pdftotext(Path::new(&pdf)).expect("text");
        assert!(text.contains("王喆堃犇垚镕珺商行"), "{kind} lacks the whole name:\n{text}");
        if kind != "invoice" {
            assert!(text.contains("镕珺路□号"), "{kind}: the missing character shows as a box:\n{text}");
        }
    }
}

/// Pages of a PDF, from pdfinfo (None when poppler is missing).
fn pages(pdf: &Path) -> Option<usize> {
    let output = std::process::Command::new("pdfinfo").arg(pdf).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    text.lines().find(|line| line.starts_with("Pages:"))?.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn multi_part_slips_are_labelled_and_only_a_later_print_is_a_copy() {
    if std::process::Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("note: pdftotext not installed; skipping PDF text checks");
        return;
    }
    let shop = Shop::new();
    let number = shop.order(3);
    shop.run(&["confirm", &number]);
    // --copies 3: the slip three times, 存根 / 客户联 / 仓库联, none stamped 副本.
    let dispatch = shop.file("parts.pdf");
    shop.run(&["print", "dispatch", &number, "--copies", "3", "-o", &dispatch]);
    let text = pdftotext(Path::new(&dispatch)).expect("text");
    for label in ["存根", "客户联", "仓库联"] {
        assert_eq!(text.matches(label).count(), 1, "{label} once:\n{text}");
    }
    assert!(!text.contains("副本"), "the parts of one print are no copies:\n{text}");
    assert_eq!(pages(Path::new(&dispatch)), Some(3));
    // Printed again: both parts say 副本 1.
    shop.run(&["print", "dispatch", &number, "--copies", "2", "-o", &dispatch]);
    let text = pdftotext(Path::new(&dispatch)).expect("text");
    assert_eq!(text.matches("副本 1").count(), 2, "{text}");
    // The shop's own setting per document kind; one part has no label.
    shop.run(&["config", "set", "print.copies.order", "2"]);
    let slip = shop.file("slip.pdf");
    shop.run(&["print", "order", &number, "-o", &slip]);
    let text = pdftotext(Path::new(&slip)).expect("text");
    assert!(text.contains("存根") && text.contains("客户联") && !text.contains("仓库联"), "{text}");
    shop.run(&["print", "order", &number, "--copies", "1", "-o", &slip]);
    let text = pdftotext(Path::new(&slip)).expect("text");
    assert!(!text.contains("存根"), "{text}");
    // Out of range: refused by the command line.
    let output = Command::cargo_bin("kaidan")
        .expect("binary")
        .args(["--db", shop.db.to_str().expect("utf8"), "print", "order", &number, "--copies", "5", "-o", &slip])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
}
