//! kaidan: order entry with live checks, an exception inbox and PDF slips for a small shop.
//! The map of modules: `domain` (pure rules), `store` (the only SQL), `ops` (the apply layer
//! shared by GUI and CLI), `cli`, `app` and `ui` (the egui front end), `print` (PDFs),
//! `tabular` (CSV/XLSX), `i18n` (every user-facing string in English and Chinese).

pub mod action;
pub mod anchor;
pub mod app;
pub mod cli;
pub mod documents;
pub mod domain;
pub mod exports;
pub mod fonts;
pub mod i18n;
/// The counters' load workload (test support only: not in the shipped program).
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod load;
pub mod local;
pub mod ops;
pub mod order_json;
pub mod print;
pub mod reports;
pub mod statements;
pub mod store;
/// The crash-test workload (test support only: not in the shipped program).
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod stress;
pub mod tabular;
pub mod ui;
