//! Printing straight to a printer, against a real CUPS queue whose backend writes each job to a
//! file (`.ci/test-printer` makes it; `.ci/run` runs it): `print … --printer` and the window's
//! print with a printer set for the kind both hand the printer the very PDF they keep, say how
//! many pages went where, and record the print; a printer that refuses the job leaves the PDF
//! and records nothing. Without the queue (`KAIDAN_TEST_PRINTER` unset) the tests skip with a
//! note, except in CI (`CI` or `KAIDAN_REQUIRE_PRINTER` set, as `.ci/run` does) where they fail.

mod common;

use common::Shop;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The test queue and the folder its jobs land in.
fn test_printer() -> Option<(String, PathBuf)> {
    match (std::env::var("KAIDAN_TEST_PRINTER"), std::env::var("KAIDAN_TEST_PRINTER_DIR")) {
        (Ok(name), Ok(dir)) if !name.is_empty() => Some((name, PathBuf::from(dir))),
        _ if std::env::var_os("CI").is_some() || std::env::var_os("KAIDAN_REQUIRE_PRINTER").is_some() => {
            panic!("CI must provide the CUPS test printer (.ci/test-printer)")
        }
        _ => {
            eprintln!("note: no CUPS test printer (run .ci/test-printer and export what it prints); printing tests skipped");
            None
        }
    }
}

/// The file the queue's backend wrote for `job` (`kaidan-test-12` → job-12.prn), waited for.
fn job_file(dir: &Path, job: &str) -> Vec<u8> {
    let id = job.rsplit('-').next().expect("a job id");
    let file = dir.join(format!("job-{id}.prn"));
    let start = Instant::now();
    while !file.exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::read(&file).unwrap_or_else(|error| panic!("the printer got no job {job} ({}): {error}", file.display()))
}

/// The job id CUPS gave (`<queue>-<n>`) in what was said, in either language.
fn job_in(said: &str, queue: &str) -> String {
    let start = said.find(&format!("{queue}-")).unwrap_or_else(|| panic!("no job of {queue} named in: {said}"));
    said[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

fn confirmed(shop: &Shop, name: &str) -> String {
    let draft = shop.order(name, r#"{"customer": "C002", "lines": [{"sku": "P001", "qty": "2"}, {"sku": "P002", "qty": "7.5"}]}"#);
    let out = shop.json(&["submit", &draft, "--json"], 0);
    let number = out["number"].as_str().expect("number").to_string();
    shop.ok(&["confirm", &number]);
    number
}

#[test]
fn print_sends_the_kept_pdf_to_the_printer_and_says_where() {
    let Some((queue, dir)) = test_printer() else { return };
    let shop = Shop::new();
    let (first, second) = (confirmed(&shop, "a.json"), confirmed(&shop, "b.json"));
    let pdf = shop.path("slips.pdf");
    let said = shop.ok(&["print", "dispatch", &first, &second, "--copies", "2", "--printer", &queue, "-o", pdf.to_str().expect("utf8")]);
    assert!(said.contains(&format!("sent to {queue}")) && said.contains("2 document(s), 4 page(s)"), "{said}");
    let kept = std::fs::read(&pdf).expect("the PDF is kept");
    assert_eq!(job_file(&dir, &job_in(&said, &queue)), kept, "the printer got the very PDF that was kept");
    let conn = common::books_of(&shop.db);
    let printed: i64 = conn.query_row("SELECT COUNT(*) FROM order_events WHERE kind = 'printed'", [], |row| row.get(0)).expect("count");
    assert_eq!(printed, 2, "one print recorded per slip");

    // A printer the print service does not know: the PDF is written, nothing is recorded.
    let before = shop.dump();
    let other = shop.path("other.pdf");
    let (_, stderr) = shop.code(&["print", "order", &first, "--printer", "no-such-printer", "-o", other.to_str().expect("utf8")], 2);
    assert!(stderr.contains("no-such-printer") && stderr.contains("nothing was recorded"), "{stderr}");
    assert!(other.exists(), "the PDF stays as the record of what was meant");
    assert_eq!(shop.dump(), before, "no print recorded for a job the printer never took");
    // A name that is no printer's name is bad input: exit 2 before anything is made.
    let third = shop.path("third.pdf");
    shop.refused(&["print", "order", &first, "--printer", "a \"quoted\" name", "-o", third.to_str().expect("utf8")], 2);
    assert!(!third.exists());
}

#[test]
fn the_window_prints_to_the_printer_set_for_the_kind() {
    use common::window::*;
    use kaidan::i18n::{Lang, print as tp};
    let Some((queue, dir)) = test_printer() else { return };
    for lang in [Lang::En, Lang::Zh] {
        let folder = tempfile::tempdir().expect("dir");
        let path = shop(folder.path());
        let number = confirmed_order(&path);
        let mut store = kaidan::store::Store::open(&path).expect("store");
        let admin = admin(&store);
        kaidan::ops::set_setting(&mut store, &admin, "print.printer.dispatch", &queue).expect("printer set");
        drop(store);
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        harness.state_mut().open_order(&number);
        harness.run_steps(4);
        let pdf = folder.path().join("dispatch.pdf");
        click(&mut harness, kaidan::i18n::ui::PRINT_DISPATCH.get(lang));
        type_into(&mut harness, kaidan::i18n::ui::FILE.get(lang), &pdf.display().to_string());
        click(&mut harness, kaidan::i18n::ui::PRINT.get(lang));
        run_until(&mut harness, |harness| harness.state().notice().is_some());
        let said = harness.state().notice().unwrap_or_default().to_string();
        let expected = tp::SENT_TO_PRINTER.fill(lang, &[("docs", &1), ("pages", &1), ("printer", &queue)]);
        let expected = expected.split("{job}").next().unwrap_or_default();
        assert!(said.starts_with(expected), "{lang:?}: {said}");
        assert_eq!(job_file(&dir, &job_in(&said, &queue)), std::fs::read(&pdf).expect("kept"), "{lang:?}: {said}");
        books(&path, "after printing to a printer from the window");
    }
}

#[test]
fn the_preview_shows_the_pages_the_print_makes() {
    use common::window::*;
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT, Queryable};
    use kaidan::i18n::{Lang, ui as t};
    for lang in [Lang::En, Lang::Zh] {
        let folder = tempfile::tempdir().expect("dir");
        let path = shop(folder.path());
        let number = confirmed_order(&path);
        // Dispatch slips in three parts (存根 / 客户联 / 仓库联): three pages.
        let mut store = kaidan::store::Store::open(&path).expect("store");
        let admin = admin(&store);
        kaidan::ops::set_setting(&mut store, &admin, "print.copies.dispatch", "3").expect("parts");
        drop(store);
        // The books without the order form's autosaved draft.
        let books_now =
            || -> Vec<String> { common::dump(&common::books_of(&path)).into_iter().filter(|row| !row.starts_with("drafts:")).collect() };
        let before = books_now();
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        harness.state_mut().open_order(&number);
        harness.run_steps(4);
        let pdf = folder.path().join("dispatch.pdf");
        click(&mut harness, t::PRINT_DISPATCH.get(lang));
        type_into(&mut harness, t::FILE.get(lang), &pdf.display().to_string());
        click(&mut harness, t::PREVIEW.get(lang));
        let first = t::PREVIEW_PAGE.fill(lang, &[("x", &1), ("y", &3)]);
        run_until(&mut harness, |harness| harness.query_by_label(&first).is_some());
        assert!(books_now() == before, "{lang:?}: a preview records nothing");
        // Page through and zoom.
        harness.get_by_role_and_label(Role::Button, "▶").click();
        harness.run_steps(2);
        harness.get_by_role_and_label(Role::Button, "▶").click();
        harness.run_steps(2);
        assert!(harness.query_by_label(&t::PREVIEW_PAGE.fill(lang, &[("x", &3), ("y", &3)])).is_some(), "{lang:?}");
        assert!(harness.get_by_role_and_label(Role::Button, "▶").accesskit_node().is_disabled(), "{lang:?}: no page after the last");
        harness.get_by_role_and_label(Role::Button, "+").click();
        harness.run_steps(2);
        let zoomed = ["125%", "150%", "200%"].iter().any(|label| harness.query_by_label(label).is_some());
        assert!(zoomed, "{lang:?}: one step up from fitting the width of the window");
        assert!(!harness.get_by_role_and_label(Role::Button, t::PREVIEW_FIT.get(lang)).accesskit_node().is_disabled(), "{lang:?}");
        // Print from the preview (it is the prompt's Print, to the file typed there): the PDF
        // has the pages the preview showed.
        harness.get_by_role_and_label(Role::Button, t::PREVIEW_PRINT.get(lang)).click();
        run_until(&mut harness, |harness| harness.state().notice().is_some());
        assert!(pdf.exists(), "{lang:?}: {:?}", harness.state().notice());
        let pages = lopdf::Document::load(&pdf).expect("a PDF").get_pages().len();
        assert_eq!(pages, 3, "{lang:?}: the print has the three pages of the preview");
        books(&path, "after a preview and a print");
    }
}

#[test]
fn the_batch_of_dispatch_slips_is_previewed_before_it_is_printed() {
    use common::window::*;
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use kaidan::i18n::{Lang, ui as t};
    for lang in [Lang::En, Lang::Zh] {
        let folder = tempfile::tempdir().expect("dir");
        let path = shop(folder.path());
        let _ = [confirmed_order(&path), confirmed_order(&path)];
        let mut harness = window_sized(&path, lang, 1024.0, 768.0);
        harness.run_steps(2);
        click(&mut harness, t::ORDER_LIST.get(lang));
        click(&mut harness, t::PRINT_ALL_DISPATCH.get(lang));
        let pdf = folder.path().join("batch.pdf");
        type_into(&mut harness, t::FILE.get(lang), pdf.to_str().expect("utf8"));
        click(&mut harness, t::PREVIEW.get(lang));
        let first = t::PREVIEW_PAGE.fill(lang, &[("x", &1), ("y", &2)]);
        run_until(&mut harness, |harness| harness.query_by_label(&first).is_some());
        assert!(!pdf.exists(), "{lang:?}: a preview writes nothing");
        harness.get_by_role_and_label(Role::Button, t::PREVIEW_PRINT.get(lang)).click();
        run_until(&mut harness, |harness| harness.state().notice().is_some());
        let pages = lopdf::Document::load(&pdf).expect("a PDF").get_pages().len();
        assert_eq!(pages, 2, "{lang:?}: the two slips the preview showed");
        books(&path, "after a previewed batch print");
    }
}
