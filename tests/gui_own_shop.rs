//! "Start my own shop" from the demo window, in a test binary of its own: it sets where the
//! per-user data directory is (the real shop lives there), which no other test may see.
//!
//! | action | test |
//! |---|---|
//! | Start my own shop (a new shop asks its owner for a PIN; one used before asks for it) | `starting_ones_own_shop_leaves_the_demo_behind_and_signs_in` |

mod common;

use common::window::*;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use kaidan::app::Gate;
use kaidan::i18n::Lang;
use kaidan::store::Store;

#[test]
fn starting_ones_own_shop_leaves_the_demo_behind_and_signs_in() {
    let dir = tempfile::tempdir().expect("dir");
    let data = own_data_folder(dir.path());
    let real = kaidan::local::default_db_path();
    assert!(real.starts_with(&data), "the real shop goes under the test's data directory: {}", real.display());
    let demo = shop(dir.path());
    for round in 0..2 {
        let mut harness = open_window(&demo, true, "admin", Lang::En, [1024.0, 768.0]);
        harness.run_steps(2);
        assert_eq!(harness.state().gate(), &Gate::Open, "the demo opens without a PIN");
        click(&mut harness, "Start my own shop");
        harness.run_steps(3);
        if round == 0 {
            assert!(matches!(harness.state().gate(), Gate::SetOwnerPin { .. }), "a new real shop asks its owner for a PIN first");
            type_into(&mut harness, "New PIN (4 to 12 digits)", "2468");
            type_into(&mut harness, "Repeat the PIN", "2468");
            click(&mut harness, "Set PIN");
        } else {
            assert!(matches!(harness.state().gate(), Gate::SignIn { .. }), "a real shop used before asks who is there");
            assert!(harness.query_by_role_and_label(Role::Button, "Order entry").is_none(), "nothing of it is reachable unasked");
            type_into(&mut harness, "User", "admin");
            type_into(&mut harness, "PIN", "2468");
            click(&mut harness, "Sign in");
        }
        assert_eq!(harness.state().gate(), &Gate::Open, "round {round}");
        assert!(harness.query_by_role_and_label(Role::Button, "Start my own shop").is_none(), "no longer the demo");
    }
    let store = Store::open(&real).expect("the real shop");
    assert!(store.verify_pin("admin", "2468").expect("verify"));
}
