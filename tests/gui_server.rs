//! "Shop on a server…" in the window, in a test binary of its own: it sets where the per-user
//! data directory is (the PC remembers its shop there), which no other test may see. Runs when
//! `KAIDAN_TEST_POSTGRES` names a server (it makes a database of its own there, so the test
//! role needs CREATEDB, as `.ci/run` gives it); without it, it says so and passes.
//!
//! | action | test |
//! |---|---|
//! | Menu → Shop on a server…: a wrong password is said and nothing changes; the right one opens the server's shop, remembered for this PC (window and command line); back to the PC's own file | `a_counter_is_pointed_at_the_server_and_back` |

mod common;

use common::window::*;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use kaidan::i18n::Lang;
use std::path::{Path, PathBuf};

#[test]
fn a_counter_is_pointed_at_the_server_and_back() {
    let Some(base) = common::server() else {
        eprintln!("note: KAIDAN_TEST_POSTGRES is not set; the window's server dialog was not tested");
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let data = own_data_folder(dir.path());
    // A database of this test's own on the server (the dialog names a database, not a schema).
    let (host, port, _, login) = kaidan::local::server_parts(&base).expect("the test server's URL");
    let password = base.parse::<postgres::Config>().ok().and_then(|c| c.get_password().map(|p| String::from_utf8_lossy(p).to_string()));
    let password = password.unwrap_or_default();
    let database = format!("kaidan_gui_{}", std::process::id());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {database}")).expect("no leftover");
    admin.batch_execute(&format!("CREATE DATABASE {database}")).expect("a database of its own");

    // The counter runs its demo-like file shop (no sign-in) and is pointed at the server.
    let file = dir.path().join("shop.sqlite3");
    common::seed_shop(&file, today(), None, &[("P1", "Hinge", "10", "5")]);
    let mut harness = open_window(&file, true, "admin", Lang::En, [1024.0, 768.0]);
    harness.run_steps(2);
    let open_dialog = |harness: &mut egui_kittest::Harness<'static, kaidan::app::App>| {
        click(harness, "Menu");
        click(harness, "Shop on a server…");
        assert!(harness.query_by_label("The shop on a PostgreSQL server").is_some(), "the dialog opened");
    };
    open_dialog(&mut harness);
    type_into(&mut harness, "Server (name or address)", &host);
    type_into(&mut harness, "Port", &port.to_string());
    type_into(&mut harness, "Database", &database);
    type_into(&mut harness, "Login", &login);
    type_into(&mut harness, "Password", "not-the-password");
    click(&mut harness, "Connect");
    run_until(&mut harness, |harness| harness.query_by_label_contains("refused").is_some());
    assert!(harness.query_by_label_contains("password authentication failed").is_some(), "a wrong password is said");
    assert_eq!(harness.state().db_path(), file.as_path(), "and the counter still works in its file");
    assert!(kaidan::local::remembered_shop().is_none());

    type_into(&mut harness, "Password", &password);
    click(&mut harness, "Connect");
    run_until(&mut harness, |harness| harness.state().db_path() != file.as_path());
    // The frame that opened the server's shop drew the dialog before it switched; the sign-in
    // is on screen from the next frame (on a fast machine the switch can land in the last step).
    harness.run_steps(2);
    let url = harness.state().db_path().to_path_buf();
    assert_eq!(kaidan::local::server_parts(url.to_str().expect("utf8")).map(|parts| parts.2), Some(database.clone()));
    // A new shop on the server: its owner sets a PIN first; the sign-in names the server's shop.
    assert!(matches!(harness.state().gate(), kaidan::app::Gate::SetOwnerPin { .. }), "{:?}", harness.state().gate());
    assert!(harness.query_by_label_contains(&format!("postgres://{login}:***@")).is_some(), "the shop is named without its password");
    assert!(harness.query_by_label_contains(&format!(":{password}@")).is_none(), "the password is never shown");
    assert_eq!(kaidan::local::remembered_shop(), Some(url.clone()), "remembered for this PC");

    // The command line on this PC works in the remembered shop without --db.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kaidan"))
        .args(["--lang", "en", "init"])
        .env("XDG_DATA_HOME", &data)
        .env("HOME", dir.path())
        .output()
        .expect("run kaidan");
    assert!(String::from_utf8_lossy(&output.stdout).contains(&database), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(kaidan::store::Store::open(Path::new(&url)).expect("the server's shop").schema_version().expect("version") > 0);

    // The owner protects the server's shop, works in it, and goes back to this PC's own file.
    type_into(&mut harness, "New PIN (4 to 12 digits)", "2468");
    type_into(&mut harness, "Repeat the PIN", "2468");
    click(&mut harness, "Set PIN");
    harness.run_steps(3);
    assert_eq!(harness.state().gate(), &kaidan::app::Gate::Open, "signed in to the server's shop");
    open_dialog(&mut harness);
    assert_eq!(
        harness.get_by_role_and_label(Role::TextInput, "Database").value().as_deref(),
        Some(database.as_str()),
        "the dialog shows where the shop is now"
    );
    click(&mut harness, "Use this PC's own shop file");
    harness.run_steps(3);
    assert_eq!(harness.state().db_path(), kaidan::local::default_db_path().as_path());
    assert!(kaidan::local::remembered_shop().is_none(), "forgotten");
    drop(harness);
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")).expect("clean up");
    let _: PathBuf = url;
}
