//! The order form's live checks, read in one go: the order being edited, the checks, its
//! approvals and the products of its lines ([`read`]). In the window they run on a thread of
//! their own with its own connection ([`Checker`]), so typing never waits for the database — on
//! a server each read is a round trip — and the form shows the newest answer when it comes
//! (answers to older typing are dropped). Tests that step frames read inline instead.

use crate::domain::checks::LastPrice;
use crate::domain::master::Product;
use crate::domain::order::OrderInput;
use crate::store::Store;
use crate::store::orders::{Approval, Order};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

/// What one check of the form read; each read's failure as its message.
pub(super) struct Reads {
    pub saved: Option<Result<Order, String>>,
    pub checked: Result<crate::ops::Checked, String>,
    pub approvals: Result<Vec<Approval>, String>,
    /// The product of each priced line, in order.
    pub products: Vec<Result<Option<Product>, String>>,
    /// The latest sale to anyone of each priced line's product, in order.
    pub last_sold: Vec<Result<Option<LastPrice>, String>>,
    /// The deposits of the order being edited (none for a new one).
    pub deposit: Result<crate::store::deposits::DepositSums, String>,
}

/// Read everything a check of `input` shows (`editing`: the number of the order being edited).
pub(super) fn read(store: &Store, input: &OrderInput, today: NaiveDate, editing: Option<&str>) -> Reads {
    let saved = editing.map(|number| store.get_order(number).map_err(|error| error.to_string()));
    let editing_id = saved.as_ref().and_then(|saved| saved.as_ref().ok()).map(|order| order.id);
    let checked = crate::ops::check_order(store, input, today, editing_id).map_err(|error| error.to_string());
    let approvals = match &saved {
        Some(Ok(order)) => store.list_approvals(order.id).map_err(|error| error.to_string()),
        _ => Ok(vec![]),
    };
    // Set-based: one read for all the lines' products and one for their latest sales, however
    // many lines (a paste of a hundred rows is checked as fast as a line typed).
    let (products, last_sold) = match &checked {
        Ok(checked) => {
            let skus: Vec<String> = checked.priced.lines.iter().map(|line| line.sku.clone()).collect();
            let products = store.products_by_skus(&skus).map_err(|error| error.to_string());
            let sold = store.last_sales(&skus, editing_id).map_err(|error| error.to_string());
            let each = |line: &crate::domain::order::PricedLine| {
                (
                    products.as_ref().map(|found| found.get(&line.sku).cloned()).map_err(Clone::clone),
                    sold.as_ref().map(|found| found.get(&line.sku).cloned()).map_err(Clone::clone),
                )
            };
            checked.priced.lines.iter().map(each).unzip()
        }
        Err(_) => (vec![], vec![]),
    };
    let deposit = match &saved {
        Some(Ok(order)) => store.order_deposit_sums(order.id).map_err(|error| error.to_string()),
        _ => Ok(Default::default()),
    };
    Reads { saved, checked, approvals, products, last_sold, deposit }
}

/// One check asked of the thread.
struct Ask {
    id: u64,
    input: OrderInput,
    today: NaiveDate,
    editing: Option<String>,
}

/// The live checks' thread of one window.
pub struct Checker {
    asks: Sender<Ask>,
    answers: Receiver<(u64, Reads)>,
    asked: u64,
}

impl Checker {
    /// Start the thread on the shop at `db`; `wake` asks the window to draw the answer.
    pub fn start(db: PathBuf, wake: impl Fn() + Send + 'static) -> Checker {
        let (asks, inbox) = channel::<Ask>();
        let (outbox, answers) = channel();
        let spawned = std::thread::Builder::new().name("kaidan-check".into()).spawn(move || {
            let mut store: Option<Store> = None;
            while let Ok(mut ask) = inbox.recv() {
                // Only the newest typing matters.
                while let Ok(newer) = inbox.try_recv() {
                    ask = newer;
                }
                if store.is_none() {
                    match Store::open_unchecked(&db) {
                        Ok(opened) => store = Some(opened),
                        Err(error) => {
                            let failed = Reads {
                                saved: None,
                                checked: Err(error.to_string()),
                                approvals: Ok(vec![]),
                                products: vec![],
                                last_sold: vec![],
                                deposit: Ok(Default::default()),
                            };
                            let _ = outbox.send((ask.id, failed));
                            wake();
                            continue;
                        }
                    }
                }
                if let Some(store) = &store {
                    let reads = read(store, &ask.input, ask.today, ask.editing.as_deref());
                    if outbox.send((ask.id, reads)).is_err() {
                        return;
                    }
                    wake();
                }
            }
        });
        // Without the thread every ask stays unanswered: the form then says it is checking.
        drop(spawned);
        Checker { asks, answers, asked: 0 }
    }

    /// Ask for a check of `input`; answers to earlier asks are dropped from now on.
    pub(super) fn ask(&mut self, input: OrderInput, today: NaiveDate, editing: Option<String>) {
        self.asked += 1;
        let _ = self.asks.send(Ask { id: self.asked, input, today, editing });
    }

    /// The answer to the newest ask, once it has come.
    pub(super) fn answer(&mut self) -> Option<Reads> {
        let mut newest = None;
        while let Ok((id, reads)) = self.answers.try_recv() {
            if id == self.asked {
                newest = Some(reads);
            }
        }
        newest
    }
}
