//! Applying the actions the tabs and dialogs queued during the frame: each goes through `ops`
//! (the same code the CLI runs), its outcome becomes a notice, and the data generation is bumped
//! so the tabs reload.

use super::*;

impl App {
    /// Apply every queued action, in order.
    pub fn apply_pending(&mut self, egui_ctx: &egui::Context) {
        match &self.integrity {
            Integrity::Ok => {}
            // Held until the file has been checked.
            Integrity::Checking(_) => return,
            Integrity::Damaged(..) => {
                if !self.actions.is_empty() {
                    self.actions.clear();
                    self.tell(t::DAMAGED_NO_WRITES.get(self.lang), true);
                }
                return;
            }
        }
        let actions = std::mem::take(&mut self.actions);
        // Drafts are the typist's scratch, outside the books and their audit chain.
        let wrote = actions.iter().any(|action| !matches!(action, Action::KeepDraft { .. }));
        for action in actions {
            self.apply(action, egui_ctx);
        }
        // The window's writes move the audit chain's anchor too (see `crate::anchor`).
        if wrote {
            crate::anchor::update(&self.db_path, &self.store, false);
        }
    }

    /// Keep a window preference or a bookkeeping note (language, theme, last backup); a write
    /// that fails is said in the status bar, never dropped, and the window goes on.
    pub(super) fn remember(&mut self, key: &str, value: &str, user: &str, at: &str) {
        if let Err(error) = self.store.set_setting(key, value, user, at) {
            self.tell(t::NOT_REMEMBERED.fill(self.lang, &[("error", &error)]), true);
        }
    }

    pub(super) fn report<T>(&mut self, result: Result<T, ops::Error>, success: impl FnOnce(T, Lang) -> String) {
        match result {
            Ok(value) => {
                let text = success(value, self.lang);
                self.tell(text, false);
                self.generation += 1;
            }
            Err(error) => self.tell(error.to_string(), true),
        }
    }

    pub(super) fn apply(&mut self, action: Action, egui_ctx: &egui::Context) {
        let ctx = self.ctx();
        match action {
            Action::SubmitOrder(input) => {
                let result = ops::submit_order(&mut self.store, &ctx, &input);
                self.after_order_saved(&ctx, result);
            }
            Action::UpdateOrder { number, input, version, reason } => {
                let result = ops::update_order(&mut self.store, &ctx, &number, &input, version, &reason);
                self.after_order_saved(&ctx, result);
            }
            Action::KeepDraft { slot, body } => {
                let result = ops::keep_draft(&mut self.store, &ctx, slot, body.as_deref());
                self.tabs.order_entry.draft_kept();
                if let Err(error) = result {
                    self.tell(t::DRAFT_NOT_KEPT.fill(self.lang, &[("error", &error)]), true);
                }
            }
            Action::SplitBackorder { original, kept, backorder } => {
                let reason = t::BACKORDER_REASON.get(self.lang);
                let result = ops::split_backorder(
                    &mut self.store,
                    &ctx,
                    original.as_ref().map(|(number, version)| (number.as_str(), *version)),
                    &kept,
                    &backorder,
                    reason,
                );
                if result.is_ok() {
                    self.tabs.order_entry.after_split(&self.store, original.as_ref().map(|(number, _)| number.as_str()));
                }
                self.report(result, |saved, lang| {
                    t::BACKORDER_SAVED
                        .fill(lang, &[("number", &saved.number), ("status", &crate::ui::order_entry::status_text(saved.status, lang))])
                });
            }
            Action::ConfirmOrder(number) => {
                let result = ops::confirm(&mut self.store, &ctx, &number);
                self.after_order_change(&number);
                self.report(result, |_, lang| t::ORDER_CONFIRMED.fill(lang, &[("number", &number)]));
            }
            Action::ApproveOrder { number, reason, code } => {
                let result = ops::approve(&mut self.store, &ctx, &number, &reason, code);
                self.after_order_change(&number);
                self.report(result, |status, lang| {
                    t::ORDER_APPROVED.fill(lang, &[("number", &number), ("status", &crate::ui::order_entry::status_text(status, lang))])
                });
            }
            Action::CancelOrder { number, reason } => {
                let result = ops::cancel(&mut self.store, &ctx, &number, &reason);
                self.after_order_change(&number);
                self.report(result, |_, lang| t::ORDER_CANCELLED.fill(lang, &[("number", &number)]));
            }
            Action::ShipOrder { number, lines } => {
                let result = ops::ship(&mut self.store, &ctx, &number, &lines);
                self.after_order_change(&number);
                self.report(result, |(shipment, _), lang| t::ORDER_SHIPPED.fill(lang, &[("number", &number), ("shipment", &shipment)]));
            }
            Action::OpenOrder(number) => match self.store.get_order(&number) {
                Ok(order) => {
                    self.tabs.order_entry.open_order(&self.store, &order, self.today());
                    self.tab = Tab::OrderEntry;
                }
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::CopyOrder(number) => match self.store.get_order(&number) {
                Ok(order) => {
                    self.tabs.order_entry.copy_order(&order, self.today());
                    self.tab = Tab::OrderEntry;
                }
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::RecordDelivery { shipment, on, received_by } => {
                let result = ops::record_delivery(&mut self.store, &ctx, &shipment, on, &received_by);
                self.report(result, |_, lang| t::DELIVERY_RECORDED.fill(lang, &[("shipment", &shipment)]));
            }
            Action::RecordReturn { number, lines, reason } => {
                let result = ops::record_return(&mut self.store, &ctx, &number, &lines, &reason);
                self.after_order_change(&number);
                self.report(result, |returned, lang| match returned.credit_note {
                    Some((note, amount)) => t::RETURN_CREDITED
                        .fill(lang, &[("number", &number), ("note", &note), ("amount", &crate::domain::money::fmt_money(amount))]),
                    None => t::RETURN_RECORDED.fill(lang, &[("number", &number)]),
                });
            }
            Action::IssueInvoice(number) => {
                let result = ops::invoice(&mut self.store, &ctx, &number);
                self.report(result, |issued, lang| {
                    t::INVOICE_ISSUED.fill(lang, &[("number", &issued.number), ("amount", &crate::domain::money::fmt_money(issued.amount))])
                });
            }
            Action::IssueInvoices(numbers) => {
                let mut issued = 0;
                let mut errors = vec![];
                for number in &numbers {
                    match ops::invoice(&mut self.store, &ctx, number) {
                        Ok(_) => issued += 1,
                        Err(error) => errors.push(format!("{number}: {error}")),
                    }
                }
                self.generation += 1;
                let summary = t::INVOICES_ISSUED.fill(self.lang, &[("count", &issued)]);
                if errors.is_empty() {
                    self.tell(summary, false);
                } else {
                    self.tell(format!("{summary}\n{}", errors.join("\n")), true);
                }
            }
            Action::VoidInvoice { number, reason } => {
                let result = ops::void_invoice(&mut self.store, &ctx, &number, &reason);
                self.report(result, |_, lang| t::INVOICE_VOIDED.fill(lang, &[("number", &number)]));
            }
            Action::Refund { invoice, amount, method, reason } => {
                let result = ops::refund(&mut self.store, &ctx, &invoice, amount, method, &reason);
                self.report(result, |_, lang| {
                    t::REFUND_RECORDED.fill(lang, &[("number", &invoice), ("amount", &crate::domain::money::fmt_money(amount))])
                });
            }
            Action::RecordPayment { invoice, amount, method, reference } => {
                let result = ops::pay(&mut self.store, &ctx, &invoice, amount, method, &reference);
                self.report(result, |_, lang| {
                    t::PAYMENT_RECORDED.fill(lang, &[("number", &invoice), ("amount", &crate::domain::money::fmt_money(amount))])
                });
            }
            Action::RecordPayments { shares, method, reference } => {
                let result = ops::pay_many(&mut self.store, &ctx, &shares, method, &reference);
                let total: rust_decimal::Decimal = shares.iter().map(|(_, amount)| *amount).sum();
                self.report(result, |_, lang| match shares.as_slice() {
                    [(invoice, amount)] => {
                        t::PAYMENT_RECORDED.fill(lang, &[("number", invoice), ("amount", &crate::domain::money::fmt_money(*amount))])
                    }
                    _ => t::PAYMENTS_RECORDED.fill(lang, &[("count", &shares.len()), ("amount", &crate::domain::money::fmt_money(total))]),
                });
            }
            Action::Receive { sku, qty, reference } => {
                let result = ops::receive(&mut self.store, &ctx, &sku, qty, &reference);
                self.report(result, |product, lang| {
                    t::STOCK_NOW.fill(lang, &[("sku", &product.sku), ("qty", &crate::domain::money::fmt_qty(product.on_hand))])
                });
            }
            Action::Adjust { sku, qty, reason } => {
                let result = ops::adjust(&mut self.store, &ctx, &sku, qty, &reason);
                self.report(result, |product, lang| {
                    t::STOCK_NOW.fill(lang, &[("sku", &product.sku), ("qty", &crate::domain::money::fmt_qty(product.on_hand))])
                });
            }
            Action::BookCount(counted) => {
                let result = ops::book_count(&mut self.store, &ctx, &counted);
                self.report(result, |changed, lang| t::COUNT_BOOKED.fill(lang, &[("count", &changed)]));
            }
            Action::SaveCustomer(customer) => {
                let result = ops::save_customer(&mut self.store, &ctx, &customer);
                self.report(result, |saved, lang| t::SAVED.fill(lang, &[("what", &saved.code)]));
            }
            Action::SetCustomerBlocked { code, blocked, reason } => {
                let result = ops::set_customer_blocked(&mut self.store, &ctx, &code, blocked, &reason);
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &code)]));
            }
            Action::ArchiveCustomer { code, archived } => {
                let result = ops::archive_customer(&mut self.store, &ctx, &code, archived);
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &code)]));
            }
            Action::SetAgreedPrice { customer_id, sku, price } => {
                let result = ops::set_agreed_price(&mut self.store, &ctx, customer_id, &sku, price);
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &sku)]));
            }
            Action::SaveProduct { product, opening_stock } => {
                let result = ops::save_product(&mut self.store, &ctx, &product, opening_stock);
                self.report(result, |saved, lang| t::SAVED.fill(lang, &[("what", &saved.sku)]));
            }
            Action::HandleException { id, step } => {
                let result = ops::handle_exception(&mut self.store, &ctx, id, step);
                self.report(result, |exception, lang| {
                    t::EXCEPTION_UPDATED.fill(lang, &[("id", &exception.id), ("status", &exception.status)])
                });
            }
            Action::LogComplaint { number, text } => {
                let result = ops::log_complaint(&mut self.store, &ctx, &number, &text);
                self.report(result, |id, lang| t::COMPLAINT_LOGGED.fill(lang, &[("id", &id), ("number", &number)]));
            }
            Action::SetTemplate { name, body } => {
                let result = ops::save_template(&mut self.store, &ctx, &name, &body);
                self.report(result, |_, lang| t::TEMPLATE_SAVED.fill(lang, &[("name", &name)]));
            }
            Action::RunScans => {
                let result = ops::recheck_pending_orders(&mut self.store, &ctx)
                    .and_then(|_| Ok(self.store.run_scans(self.today(), &ctx.now, &self.user)?));
                self.report(result, |report, lang| {
                    crate::i18n::cli::SCAN_DONE.fill(lang, &[("opened", &report.opened()), ("resolved", &report.resolved()), ("open", &"")])
                });
            }
            Action::Print { kind, numbers, path } => self.print(&ctx, kind, &numbers, path),
            Action::Export { kind, path } => match crate::exports::write(&self.store, kind, &path, self.today(), self.lang) {
                Ok(count) => self.tell(t::EXPORTED.fill(self.lang, &[("count", &count), ("path", &path.display())]), false),
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::ExportTable { headers, rows, path } => match crate::exports::write_rows(&path, &headers, &rows, self.lang) {
                Ok(count) => self.tell(t::EXPORTED.fill(self.lang, &[("count", &count), ("path", &path.display())]), false),
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::Import { kind, path } => self.start_import(&ctx, kind, path),
            Action::SetSetting { key, value } => {
                let result = ops::set_setting(&mut self.store, &ctx, &key, &value);
                let name = crate::i18n::settings::setting_name(&key, self.lang).unwrap_or_else(|| key.clone());
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &name)]));
            }
            Action::SetPin { name, pin } => {
                let result = ops::set_pin(&mut self.store, &ctx, &name, Some(pin.as_str()));
                self.report(result, |_, lang| t::PIN_SET.fill(lang, &[("user", &name)]));
            }
            Action::AddUser { name, role, pin } => {
                let result = ops::add_user(&mut self.store, &ctx, &name, role, &pin);
                self.report(result, |_, lang| t::SAVED.fill(lang, &[("what", &name)]));
            }
            Action::SwitchUser { name, pin } => match ops::switch_user(&self.store, self.lang, &name, &pin) {
                Ok(role) => {
                    self.user = name.trim().to_string();
                    self.role = role;
                    self.fresh_order_entry();
                    self.restore_draft();
                    self.generation += 1;
                    self.tell(
                        t::SWITCHED_USER.fill(self.lang, &[("user", &self.user), ("role", &crate::i18n::labels::role(role, self.lang))]),
                        false,
                    );
                }
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::SetLanguage(lang) => {
                self.lang = lang;
                // A notice was worded in the old language: it goes rather than stay foreign.
                self.notice = None;
                // Remembered per database; a refused write (clerk) still switches for this session.
                self.remember("ui.lang", lang.code(), &self.user.clone(), &ctx.now);
                self.generation += 1;
            }
            Action::SetDarkMode(dark) => {
                self.dark = dark;
                apply_theme(egui_ctx, dark);
                self.remember("ui.theme", if dark { "dark" } else { "light" }, &self.user.clone(), &ctx.now);
            }
            Action::StartOwnShop => {
                let path = default_db_path();
                match Store::open(&path) {
                    Ok(store) => {
                        self.store = store;
                        self.db_path = path;
                        self.is_demo = false;
                        self.user = "admin".into();
                        self.role = Role::Owner;
                        self.fresh_order_entry();
                        if self.watcher.is_some() {
                            self.watch(egui_ctx);
                        }
                        self.generation += 1;
                        // The real shop has its own sign-in: a new one asks its owner for a PIN,
                        // one used before asks who is there. The demo's open door stays behind.
                        self.gate = self.start_gate(false, None);
                        self.tell(t::OWN_SHOP_READY.fill(self.lang, &[("path", &self.db_path.display())]), false);
                    }
                    Err(error) => self.tell(error.to_string(), true),
                }
            }
            Action::Backup { path } => self.start_backup(&ctx, path),
            Action::Restore { path } => {
                if let Err(error) = ops::may_restore(Some(self.role), self.lang) {
                    return self.tell(error.to_string(), true);
                }
                let stamp = ctx.now.replace(':', "");
                // Close our connection first: restore replaces the file under it.
                let placeholder = match Store::open_in_memory() {
                    Ok(store) => store,
                    Err(error) => return self.tell(error.to_string(), true),
                };
                drop(std::mem::replace(&mut self.store, placeholder));
                // The copy runs in the background (a large shop takes seconds); the window
                // reopens the file when it is done (see `job_ui`).
                let (sender, outcome) = channel();
                let (db, lang) = (self.db_path.clone(), self.lang);
                let title = t::RESTORING.fill(lang, &[("from", &path.display())]);
                std::thread::spawn(move || {
                    let outcome = match ops::restore(&db, &path, &stamp) {
                        Ok(kept) => JobOutcome {
                            text: match kept {
                                Some(kept) => {
                                    crate::i18n::cli::RESTORED.fill(lang, &[("from", &path.display()), ("kept", &kept.display())])
                                }
                                None => crate::i18n::cli::RESTORED_NEW
                                    .fill(lang, &[("from", &path.display()), ("db", &crate::local::db_label(&db))]),
                            },
                            error: false,
                            backup_at: None,
                            reopen: true,
                        },
                        Err(error) => JobOutcome { text: error.to_string(), error: true, backup_at: None, reopen: true },
                    };
                    let _ = sender.send(outcome);
                });
                let counters = (
                    std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0)),
                    std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
                );
                self.job = Some(Job { title, done: counters.0, percent: false, cancel: counters.1, outcome, cancellable: false });
            }
        }
    }

    /// After a submit or an amendment: the form shows the saved order, its draft is cleared,
    /// and the outcome is said.
    fn after_order_saved(&mut self, ctx: &Ctx, result: Result<ops::Saved, ops::Error>) {
        if let Ok(saved) = &result {
            self.tabs.order_entry.after_save(&self.store, saved);
            self.clear_draft(ctx);
        }
        self.report(result, |saved, lang| {
            t::ORDER_SAVED.fill(lang, &[("number", &saved.number), ("status", &crate::ui::order_entry::status_text(saved.status, lang))])
        });
    }

    /// Clear the acting user's order draft (the order it held is saved); a failure is said.
    fn clear_draft(&mut self, ctx: &Ctx) {
        if let Err(error) = ops::keep_draft(&mut self.store, ctx, crate::ui::order_entry::OrderEntryTab::DRAFT_SLOT, None) {
            self.tell(t::DRAFT_NOT_KEPT.fill(self.lang, &[("error", &error)]), true);
        }
    }

    /// Bring back the acting user's order draft; a draft that cannot be read is said.
    pub(super) fn restore_draft(&mut self) {
        if let Err(error) = self.tabs.order_entry.restore_draft(&self.store, &self.user) {
            self.tell(t::DRAFT_NOT_KEPT.fill(self.lang, &[("error", &error)]), true);
        }
    }

    pub(super) fn after_order_change(&mut self, number: &str) {
        if self.tabs.order_entry.is_showing(number)
            && let Ok(order) = self.store.get_order(number)
        {
            self.tabs.order_entry.open_order(&self.store, &order, self.today());
        }
    }
}
