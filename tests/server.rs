//! What only a shop on a PostgreSQL server has: moving a single-PC shop onto the server and back
//! (`restore` of its file into a server database, `backup` of the server database into a file),
//! and the demo built on the server row for row as in a file. Runs when `KAIDAN_TEST_POSTGRES`
//! names a server database (`.ci/run` starts one); without it each test says so and passes.
//! The rest of the suite's server half is the same tests as on SQLite (see `common::server`).

mod common;

use common::Shop;
use std::path::Path;

/// The server database of this test, or a note that there is none.
fn server() -> Option<String> {
    let found = common::server();
    if found.is_none() {
        eprintln!("note: KAIDAN_TEST_POSTGRES is not set; the server tests were skipped (README: Testing on PostgreSQL)");
    }
    found
}

fn kaidan(db: &str, args: &[&str]) -> String {
    let output = assert_cmd::Command::cargo_bin("kaidan")
        .expect("binary")
        .args(["--db", db, "--today", common::TODAY, "--lang", "en"])
        .args(args)
        .env_remove("KAIDAN_PIN")
        .assert()
        .success();
    String::from_utf8_lossy(&output.get_output().stdout).to_string()
}

/// A shop with some of everything: orders in every state, a partial shipment, an invoice paid
/// in part, a return with its credit note, a refund, a deposit-free cancelled order.
fn busy_file_shop() -> Shop {
    let shop = Shop::file();
    let first = shop.order("first.json", r#"{"customer": "C001", "lines": [{"sku": "P001", "qty": "6"}, {"sku": "P002", "qty": "12.5"}]}"#);
    let number = shop.json(&["submit", &first, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &number]);
    shop.ok(&["ship", &number, "--line", "P001=4"]);
    let invoice = shop.json(&["invoice", &number, "--json"], 0)["number"].as_str().expect("invoice").to_string();
    shop.ok(&["pay", &invoice, "20"]);
    shop.ok(&["return", &number, "--line", "P001=1", "--reason", "damaged"]);
    shop.ok(&["refund", &invoice, "5", "--method", "cash", "--reason", "goodwill"]);
    let second = shop.order("second.json", r#"{"customer": "C002", "lines": [{"sku": "P002", "qty": "3"}]}"#);
    let other = shop.json(&["submit", &second, "--json"], 0)["number"].as_str().expect("number").to_string();
    shop.ok(&["cancel", &other, "--reason", "customer changed their mind"]);
    shop.ok(&["receive", "P002", "40"]);
    shop.ok(&["scan"]);
    shop
}

fn without(dump: Vec<String>, prefixes: &[&str]) -> Vec<String> {
    dump.into_iter().filter(|row| !prefixes.iter().any(|prefix| row.starts_with(prefix))).collect()
}

#[test]
fn a_shop_moves_onto_the_server_and_back_row_for_row() {
    let Some(base) = server() else { return };
    let shop = busy_file_shop();
    let url = common::fresh_schema(&base);
    let file = shop.db.to_str().expect("utf8");
    let out = kaidan(&url, &["restore", file]);
    assert!(out.contains("held no shop before"), "{out}");
    let on_server = common::books_of(Path::new(&url));
    common::check_books(&on_server, "on the server after the move");
    assert_eq!(common::dump(&on_server), shop.dump(), "the server holds the file's rows, ids and all");

    // Back into a file: the same rows again.
    let back = shop.path("back.sqlite3");
    kaidan(&url, &["backup", back.to_str().expect("utf8")]);
    assert_eq!(common::dump(&rusqlite::Connection::open(&back).expect("open")), shop.dump());
    assert!(kaidan(back.to_str().expect("utf8"), &["audit", "verify"]).contains("intact"));

    // Work goes on on the server: the next numbers and ids follow the file's.
    let order = shop.order("third.json", r#"{"customer": "C001", "lines": [{"sku": "P002", "qty": "2"}]}"#);
    let saved: serde_json::Value = serde_json::from_str(&kaidan(&url, &["submit", &order, "--json"])).expect("json");
    assert_eq!(saved["number"], "SO-2026-00003", "{saved}");
    kaidan(&url, &["confirm", "SO-2026-00003"]);
    kaidan(&url, &["ship", "SO-2026-00003"]);
    let issued: serde_json::Value = serde_json::from_str(&kaidan(&url, &["invoice", "SO-2026-00003", "--json"])).expect("json");
    assert_eq!(issued["number"], "INV-2026-00002", "{issued}");
    common::check_books(&common::books_of(Path::new(&url)), "after new work on the server");
    assert!(kaidan(&url, &["audit", "verify"]).contains("intact"));

    // Restoring again over a server that holds a shop keeps what it replaced, as a file.
    let out = kaidan(&url, &["restore", file]);
    assert!(out.contains("the replaced file was kept as"), "{out}");
    let kept = out.split("kept as ").nth(1).expect("path").trim().trim_end_matches('.').to_string();
    let kept = rusqlite::Connection::open(&kept).expect("the kept copy opens");
    let found: i64 = kept.query_row("SELECT COUNT(*) FROM orders WHERE number = 'SO-2026-00003'", [], |row| row.get(0)).expect("count");
    assert_eq!(found, 1, "the copy holds the server's own work");
    assert_eq!(common::dump(&common::books_of(Path::new(&url))), shop.dump());
}

#[test]
fn a_restore_that_fails_leaves_the_server_as_it_was() {
    let Some(base) = server() else { return };
    let shop = Shop::new_on(&common::fresh_schema(&base));
    let before = shop.dump();
    let junk = shop.write("junk.sqlite3", "this is not a database");
    shop.code(&["restore", junk.to_str().expect("utf8")], 2);
    shop.code(&["restore", shop.path("missing.sqlite3").to_str().expect("utf8")], 2);
    assert_eq!(shop.dump(), before);
}

#[test]
fn the_demo_built_on_the_server_is_the_demo_built_in_a_file() {
    let Some(base) = server() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("demo.sqlite3");
    let url = common::fresh_schema(&base);
    kaidan(file.to_str().expect("utf8"), &["demo"]);
    kaidan(&url, &["demo"]);
    // Only the shop's random identity and the admin account's creation instant differ.
    let shop_id = format!("settings: {:?}", rusqlite::types::ValueRef::Text(b"state.shop_id"));
    let skip = [shop_id.as_str(), "users: "];
    let in_file = without(common::dump(&rusqlite::Connection::open(&file).expect("open")), &skip);
    let on_server = without(common::dump(&common::books_of(Path::new(&url))), &skip);
    assert_eq!(in_file.len(), on_server.len());
    for (a, b) in in_file.iter().zip(&on_server) {
        assert_eq!(a, b);
    }
}

#[test]
fn a_server_that_went_away_is_said_once_and_the_next_step_works_again() {
    let Some(base) = server() else { return };
    // Its own application name, so that only this test's connection is ended.
    let name = format!("kaidan_gone_{}", std::process::id());
    let url = format!("{}&application_name={name}", common::fresh_schema(&base));
    let db = Path::new(&url);
    common::seed_shop(db, chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"), None, &[("P1", "Hinge", "10", "5")]);
    let store = kaidan::store::Store::open(db).expect("open");
    assert!(store.get_product_by_sku("P1").expect("read").is_some());
    // The server ends this connection (a restart, a dropped network).
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    let ended =
        admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", &[&name]).expect("terminate");
    assert_eq!(ended.len(), 1, "the store's one connection");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut said = None;
    for _ in 0..3 {
        match store.get_product_by_sku("P1") {
            Ok(found) => {
                assert!(found.is_some());
                break;
            }
            Err(error) => said = Some(error.to_string()),
        }
    }
    if let Some(message) = said {
        assert!(message.contains("try again"), "{message}");
    }
    assert!(store.get_product_by_sku("P1").expect("the next step works again").is_some());
}
