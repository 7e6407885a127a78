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
                    // Dropped unwritten: a view waiting for an answer is told it was refused.
                    for action in self.actions.drain(..) {
                        if let Action::RecordDelivery { outcome: Some(outcome), .. } = action {
                            outcome.tell(false);
                        }
                    }
                    self.tabs.order_entry.save_done();
                    self.tell(t::DAMAGED_NO_WRITES.get(self.lang), true);
                }
                return;
            }
        }
        let actions = std::mem::take(&mut self.actions);
        self.wrote = false;
        for action in actions {
            self.apply(action, egui_ctx);
        }
        // The window's inline writes move the audit chain's anchor too (see `crate::anchor`;
        // the writing thread moves it after each of its writes). Drafts are the typist's
        // scratch, outside the books and their audit chain.
        if std::mem::take(&mut self.wrote) {
            crate::anchor::update(&self.db_path, &self.store, false);
        }
    }

    /// Keep a window preference or a bookkeeping note (language, theme, last backup); a write
    /// that fails is said in the status bar, never dropped, and the window goes on.
    pub(super) fn remember(&mut self, key: &str, value: &str, user: &str, at: &str) {
        let (key, value, user, at) = (key.to_string(), value.to_string(), user.to_string(), at.to_string());
        self.write(
            true,
            move |store, _| store.set_setting(&key, &value, &user, &at),
            |app, result| {
                if let Err(error) = result {
                    app.tell(t::NOT_REMEMBERED.fill(app.lang, &[("error", &error)]), true);
                }
            },
        );
    }

    pub(super) fn report<T>(&mut self, result: Result<T, ops::Error>, success: impl FnOnce(T, Lang) -> String) {
        match result {
            Ok(value) => {
                let text = success(value, self.lang);
                self.tell(text, false);
                self.generation += 1;
            }
            Err(error) => self.tell(error.say(self.lang), true),
        }
    }

    pub(super) fn apply(&mut self, action: Action, egui_ctx: &egui::Context) {
        let ctx = self.ctx();
        match action {
            Action::SubmitOrder(input) => self.write(
                true,
                move |store, ctx| saved_with_order(store, ctx, |store, ctx| ops::submit_order(store, ctx, &input)),
                |app, (result, order, draft)| app.after_order_saved(result, order, draft),
            ),
            Action::UpdateOrder { number, input, version, reason } => self.write(
                true,
                move |store, ctx| {
                    saved_with_order(store, ctx, |store, ctx| ops::update_order(store, ctx, &number, &input, version, &reason))
                },
                |app, (result, order, draft)| app.after_order_saved(result, order, draft),
            ),
            Action::KeepDraft { slot, body } => self.write(
                false,
                move |store, ctx| ops::keep_draft(store, ctx, slot, body.as_deref()),
                |app, result| {
                    if let Err(error) = result {
                        app.tell(t::DRAFT_NOT_KEPT.fill(app.lang, &[("error", &error)]), true);
                    }
                },
            ),
            Action::SplitBackorder { original, kept, backorder } => {
                let reason = t::BACKORDER_REASON.get(self.lang);
                self.write(
                    true,
                    move |store, ctx| {
                        let result = ops::split_backorder(
                            store,
                            ctx,
                            original.as_ref().map(|(number, version)| (number.as_str(), *version)),
                            &kept,
                            &backorder,
                            reason,
                        );
                        let order = match (&result, &original) {
                            (Ok(_), Some((number, _))) => store.get_order(number).ok(),
                            _ => None,
                        };
                        (result, order)
                    },
                    |app, (result, order)| {
                        // The form follows only if it still works on the order that was split.
                        if app.tabs.order_entry.save_done().is_some() && result.is_ok() {
                            app.tabs.order_entry.after_split(order.as_ref());
                        }
                        app.report(result, |saved, lang| {
                            t::BACKORDER_SAVED.fill(
                                lang,
                                &[("number", &saved.number), ("status", &crate::ui::order_entry::status_text(saved.status, lang))],
                            )
                        });
                    },
                )
            }
            Action::ConfirmOrder(number) => {
                self.order_change(number, ops::confirm, |_, number, lang| t::ORDER_CONFIRMED.fill(lang, &[("number", &number)]))
            }
            Action::ApproveOrder { number, reason, code } => self.order_change(
                number,
                move |store, ctx, number| ops::approve(store, ctx, number, &reason, code),
                |status, number, lang| {
                    t::ORDER_APPROVED.fill(lang, &[("number", &number), ("status", &crate::ui::order_entry::status_text(status, lang))])
                },
            ),
            Action::CancelOrder { number, reason } => self.order_change(
                number,
                move |store, ctx, number| ops::cancel(store, ctx, number, &reason),
                |_, number, lang| t::ORDER_CANCELLED.fill(lang, &[("number", &number)]),
            ),
            Action::ShipOrder { number, lines } => self.order_change(
                number,
                move |store, ctx, number| ops::ship(store, ctx, number, &lines),
                |(shipment, _), number, lang| t::ORDER_SHIPPED.fill(lang, &[("number", &number), ("shipment", &shipment)]),
            ),
            Action::TakeDeposit { number, amount, method, reference } => self.order_change(
                number,
                move |store, ctx, number| ops::deposit(store, ctx, number, amount, method, &reference),
                move |sums, number, lang| {
                    use crate::domain::money::fmt_money;
                    t::DEPOSIT_TAKEN.fill(
                        lang,
                        &[
                            ("number", &number),
                            ("amount", &fmt_money(amount)),
                            ("applied", &fmt_money(sums.applied)),
                            ("held", &fmt_money(sums.unapplied())),
                        ],
                    )
                },
            ),
            Action::RefundDeposit { number, amount, method, reason } => self.order_change(
                number,
                move |store, ctx, number| ops::refund_deposit(store, ctx, number, amount, method, &reason),
                move |left, number, lang| {
                    use crate::domain::money::fmt_money;
                    t::DEPOSIT_REFUNDED.fill(lang, &[("number", &number), ("amount", &fmt_money(amount)), ("held", &fmt_money(left))])
                },
            ),
            Action::OpenOrder(number) => self.show_order(number, false),
            Action::CopyOrder(number) => self.show_order(number, true),
            Action::RecordDelivery { shipment, on, received_by, outcome } => {
                let outcome = outcome.map(crate::action::Outcome::guard);
                self.write(
                    true,
                    move |store, ctx| ops::record_delivery(store, ctx, &shipment, on, &received_by),
                    move |app, result| {
                        if let Some(outcome) = &outcome {
                            outcome.tell(result.is_ok());
                        }
                        app.report(result, |shipments, lang| t::DELIVERY_RECORDED.fill(lang, &[("shipment", &shipments.join(", "))]))
                    },
                )
            }
            Action::RecordReturn { number, lines, reason } => self.order_change(
                number,
                move |store, ctx, number| ops::record_return(store, ctx, number, &lines, &reason),
                |returned, number, lang| match returned.credit_note {
                    Some((note, amount)) => t::RETURN_CREDITED
                        .fill(lang, &[("number", &number), ("note", &note), ("amount", &crate::domain::money::fmt_money(amount))]),
                    None => t::RETURN_RECORDED.fill(lang, &[("number", &number)]),
                },
            ),
            Action::IssueInvoice(number) => self.write_said(
                move |store, ctx| ops::invoice(store, ctx, &number),
                |issued, lang| {
                    t::INVOICE_ISSUED.fill(lang, &[("number", &issued.number), ("amount", &crate::domain::money::fmt_money(issued.amount))])
                },
            ),
            Action::IssueInvoices(numbers) => self.write(
                true,
                move |store, ctx| {
                    let mut issued = 0;
                    let mut errors = vec![];
                    for number in &numbers {
                        match ops::invoice(store, ctx, number) {
                            Ok(_) => issued += 1,
                            Err(error) => errors.push(format!("{number}: {error}")),
                        }
                    }
                    (issued, errors)
                },
                |app, (issued, errors)| {
                    app.generation += 1;
                    let summary = t::INVOICES_ISSUED.fill(app.lang, &[("count", &issued)]);
                    if errors.is_empty() {
                        app.tell(summary, false);
                    } else {
                        app.tell(format!("{summary}\n{}", errors.join("\n")), true);
                    }
                },
            ),
            Action::VoidInvoice { number, reason } => self.write_said(
                move |store, ctx| ops::void_invoice(store, ctx, &number, &reason).map(|_| number),
                |number, lang| t::INVOICE_VOIDED.fill(lang, &[("number", &number)]),
            ),
            Action::Refund { invoice, amount, method, reason } => self.write_said(
                move |store, ctx| ops::refund(store, ctx, &invoice, amount, method, &reason).map(|_| invoice),
                move |invoice, lang| {
                    t::REFUND_RECORDED.fill(lang, &[("number", &invoice), ("amount", &crate::domain::money::fmt_money(amount))])
                },
            ),
            Action::RecordPayment { invoice, amount, method, reference } => self.write_said(
                move |store, ctx| ops::pay(store, ctx, &invoice, amount, method, &reference).map(|_| invoice),
                move |invoice, lang| {
                    t::PAYMENT_RECORDED.fill(lang, &[("number", &invoice), ("amount", &crate::domain::money::fmt_money(amount))])
                },
            ),
            Action::RecordPayments { shares, method, reference } => self.write_said(
                move |store, ctx| ops::pay_many(store, ctx, &shares, method, &reference).map(|_| shares),
                |shares, lang| match shares.as_slice() {
                    [(invoice, amount)] => {
                        t::PAYMENT_RECORDED.fill(lang, &[("number", invoice), ("amount", &crate::domain::money::fmt_money(*amount))])
                    }
                    _ => {
                        let total: rust_decimal::Decimal = shares.iter().map(|(_, amount)| *amount).sum();
                        t::PAYMENTS_RECORDED.fill(lang, &[("count", &shares.len()), ("amount", &crate::domain::money::fmt_money(total))])
                    }
                },
            ),
            Action::Receive { sku, qty, receipt } => self.write_said(
                move |store, ctx| ops::receive(store, ctx, &sku, qty, receipt.clone()),
                |product, lang| t::STOCK_NOW.fill(lang, &[("sku", &product.sku), ("qty", &crate::domain::money::fmt_qty(product.on_hand))]),
            ),
            Action::Adjust { sku, qty, reason } => self.write_said(
                move |store, ctx| ops::adjust(store, ctx, &sku, qty, &reason),
                |product, lang| t::STOCK_NOW.fill(lang, &[("sku", &product.sku), ("qty", &crate::domain::money::fmt_qty(product.on_hand))]),
            ),
            Action::BookCount(counted) => self.write_said(
                move |store, ctx| ops::book_count(store, ctx, &counted),
                |changed, lang| t::COUNT_BOOKED.fill(lang, &[("count", &changed)]),
            ),
            Action::SaveCustomer(customer) => self.write_said(
                move |store, ctx| ops::save_customer(store, ctx, &customer),
                |saved, lang| t::SAVED.fill(lang, &[("what", &saved.code)]),
            ),
            Action::SetCustomerBlocked { code, blocked, reason } => self.write_said(
                move |store, ctx| ops::set_customer_blocked(store, ctx, &code, blocked, &reason).map(|_| code),
                |code, lang| t::SAVED.fill(lang, &[("what", &code)]),
            ),
            Action::ArchiveCustomer { code, archived } => self.write_said(
                move |store, ctx| ops::archive_customer(store, ctx, &code, archived).map(|_| code),
                |code, lang| t::SAVED.fill(lang, &[("what", &code)]),
            ),
            Action::SetAgreedPrice { customer_id, sku, price } => self.write_said(
                move |store, ctx| ops::set_agreed_price(store, ctx, customer_id, &sku, price).map(|_| sku),
                |sku, lang| t::SAVED.fill(lang, &[("what", &sku)]),
            ),
            Action::SaveProduct { product, opening_stock } => self.write_said(
                move |store, ctx| ops::save_product(store, ctx, &product, opening_stock),
                |saved, lang| t::SAVED.fill(lang, &[("what", &saved.sku)]),
            ),
            Action::HandleException { id, step } => self.write_said(
                move |store, ctx| ops::handle_exception(store, ctx, id, step),
                |exception, lang| t::EXCEPTION_UPDATED.fill(lang, &[("id", &exception.id), ("status", &exception.status)]),
            ),
            Action::LogComplaint { number, text } => self.write_said(
                move |store, ctx| ops::log_complaint(store, ctx, &number, &text).map(|id| (id, number)),
                |(id, number), lang| t::COMPLAINT_LOGGED.fill(lang, &[("id", &id), ("number", &number)]),
            ),
            Action::SetTemplate { name, body } => self.write_said(
                move |store, ctx| ops::save_template(store, ctx, &name, &body).map(|_| name),
                |name, lang| t::TEMPLATE_SAVED.fill(lang, &[("name", &name)]),
            ),
            Action::RunScans => self.write_said(
                |store, ctx| {
                    ops::recheck_pending_orders(store, ctx)?;
                    Ok(store.run_scans(ctx.today, &ctx.now, &ctx.user)?)
                },
                |report, lang| {
                    crate::i18n::cli::SCAN_DONE.fill(lang, &[("opened", &report.opened()), ("resolved", &report.resolved()), ("open", &"")])
                },
            ),
            Action::Print { kind, numbers, path } => self.print(&ctx, kind, &numbers, path),
            Action::Export { kind, path } => self.write(
                false,
                move |store, ctx| (crate::exports::write(store, kind, &path, ctx.today, ctx.lang), path),
                |app, (result, path)| match result {
                    Ok(count) => app.tell(t::EXPORTED.fill(app.lang, &[("count", &count), ("path", &path.display())]), false),
                    Err(error) => app.tell(error.to_string(), true),
                },
            ),
            Action::WriteStatement { customer, from, to, path } => self.write(
                false,
                move |store, ctx| {
                    let written = (|| -> Result<rust_decimal::Decimal, ops::Error> {
                        let found = store
                            .get_customer_by_code(&customer)?
                            .ok_or_else(|| crate::store::Error::NotFound(format!("customer {customer}")))?;
                        let statement = store.statement(found.id, from, to)?;
                        let printer = crate::print::Printer::new().map_err(|error| ops::Error::Invalid(error.to_string()))?;
                        let format = crate::statements::Format::of(&path).unwrap_or(crate::statements::Format::Pdf);
                        crate::statements::write_statement(store, &printer, &statement, &path, format, ctx.lang)?;
                        Ok(statement.closing)
                    })();
                    (written, path)
                },
                |app, (result, path)| match result {
                    Ok(closing) => app.tell(
                        t::STATEMENT_WRITTEN
                            .fill(app.lang, &[("path", &path.display()), ("closing", &crate::domain::money::fmt_money(closing))]),
                        false,
                    ),
                    Err(error) => app.tell(error.say(app.lang), true),
                },
            ),
            Action::WriteMonthEnd { from, to, target } => self.write(
                false,
                move |store, ctx| {
                    let printer = crate::print::Printer::new().map_err(|error| ops::Error::Invalid(error.to_string()))?;
                    crate::statements::write_month_end(store, &printer, from, to, &target, ctx.lang).map(|run| (run, target))
                },
                move |app, result: Result<(crate::statements::MonthEndRun, crate::statements::MonthEnd), ops::Error>| match result {
                    Ok((run, _)) if run.statements == 0 => {
                        app.tell(t::MONTH_END_NOTHING.fill(app.lang, &[("from", &from), ("to", &to)]), false)
                    }
                    Ok((run, target)) => {
                        let path = match &target {
                            crate::statements::MonthEnd::OnePdf(path) | crate::statements::MonthEnd::Folder(path, _) => {
                                path.display().to_string()
                            }
                        };
                        let said = t::MONTH_END_WRITTEN.fill(
                            app.lang,
                            &[
                                ("count", &run.statements),
                                ("path", &path),
                                ("from", &from),
                                ("to", &to),
                                ("owed", &crate::domain::money::fmt_money(run.owed)),
                            ],
                        );
                        app.tell(said, false);
                    }
                    Err(error) => app.tell(error.say(app.lang), true),
                },
            ),
            Action::ExportTable { headers, rows, path } => match crate::exports::write_rows(&path, &headers, &rows, self.lang) {
                Ok(count) => self.tell(t::EXPORTED.fill(self.lang, &[("count", &count), ("path", &path.display())]), false),
                Err(error) => self.tell(error.to_string(), true),
            },
            Action::Import { kind, path } => self.start_import(&ctx, kind, path),
            Action::SetSetting { key, value } => {
                let name = crate::i18n::settings::setting_name(&key, self.lang).unwrap_or_else(|| key.clone());
                self.write_said(
                    move |store, ctx| ops::set_setting(store, ctx, &key, &value),
                    move |_, lang| t::SAVED.fill(lang, &[("what", &name)]),
                )
            }
            Action::SetPin { name, pin } => self.write_said(
                move |store, ctx| ops::set_pin(store, ctx, &name, Some(pin.as_str())).map(|_| name),
                |name, lang| t::PIN_SET.fill(lang, &[("user", &name)]),
            ),
            Action::AddUser { name, role, pin } => self.write_said(
                move |store, ctx| ops::add_user(store, ctx, &name, role, &pin).map(|_| name),
                |name, lang| t::SAVED.fill(lang, &[("what", &name)]),
            ),
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
                Err(error) => self.tell(error.say(self.lang), true),
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
                        self.rewatch(egui_ctx);
                        self.generation += 1;
                        // The real shop has its own sign-in: a new one asks its owner for a PIN,
                        // one used before asks who is there. The demo's open door stays behind.
                        self.gate = self.start_gate(false, None);
                        self.tell(t::OWN_SHOP_READY.fill(self.lang, &[("path", &self.db_path.display())]), false);
                    }
                    Err(error) => self.tell(error.say(self.lang), true),
                }
            }
            Action::Backup { path } => self.start_backup(&ctx, path),
            Action::Restore { path } => {
                if let Err(error) = ops::may_restore(Some(self.role), self.lang) {
                    return self.tell(error.say(self.lang), true);
                }
                let stamp = ctx.now.replace(':', "");
                // Close our connection first: restore replaces the file under it.
                let placeholder = match Store::open_in_memory() {
                    Ok(store) => store,
                    Err(error) => return self.tell(error.say(self.lang), true),
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

    /// After a submit or an amendment: the form shows the saved order (as read after the
    /// save), its draft is cleared, and the outcome is said.
    fn after_order_saved(
        &mut self,
        result: Result<ops::Saved, ops::Error>,
        order: Option<crate::store::orders::Order>,
        draft: Result<(), ops::Error>,
    ) {
        // The form follows only if it still works on the order that was saved (the clerk may
        // have gone on to the next one, or another user signed in, while it was on its way).
        let sent = self.tabs.order_entry.save_done();
        if result.is_ok()
            && let (Some(order), Some(sent)) = (&order, &sent)
        {
            self.tabs.order_entry.after_save(order, sent);
        }
        if let Err(error) = draft {
            self.tell(t::DRAFT_NOT_KEPT.fill(self.lang, &[("error", &error)]), true);
        }
        self.report(result, |saved, lang| {
            t::ORDER_SAVED.fill(lang, &[("number", &saved.number), ("status", &crate::ui::order_entry::status_text(saved.status, lang))])
        });
    }

    /// Read order `number` (after the writes before it) and show it in the order form, or a
    /// new order with its lines (`copy`: repeat order).
    fn show_order(&mut self, number: String, copy: bool) {
        self.write(
            false,
            move |store, _| store.get_order(&number),
            move |app, result| match result {
                Ok(order) => {
                    let today = app.today();
                    if copy {
                        app.tabs.order_entry.copy_order(&order, today);
                    } else {
                        app.tabs.order_entry.open_order(&order, today);
                    }
                    app.tab = Tab::OrderEntry;
                }
                Err(error) => app.tell(error.say(app.lang), true),
            },
        );
    }

    /// A write whose outcome is said (`success` in the UI language) and after which the tabs
    /// read again.
    fn write_said<R: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut Store, &Ctx) -> Result<R, ops::Error> + Send + 'static,
        success: impl FnOnce(R, Lang) -> String + Send + 'static,
    ) {
        self.write(true, work, |app, result| app.report(result, success));
    }

    /// A change to order `number` (confirm, ship, …): the form, when it shows the order, shows
    /// it as it is afterwards (read after the change, whatever it came to); the outcome is said.
    fn order_change<R: Send + 'static>(
        &mut self,
        number: String,
        change: impl FnOnce(&mut Store, &Ctx, &str) -> Result<R, ops::Error> + Send + 'static,
        success: impl FnOnce(R, String, Lang) -> String + Send + 'static,
    ) {
        self.write(
            true,
            move |store, ctx| {
                let result = change(store, ctx, &number);
                let order = store.get_order(&number).ok();
                (result, order, number)
            },
            |app, (result, order, number)| {
                if let Some(order) = order
                    && app.tabs.order_entry.is_showing(&number)
                {
                    let today = app.today();
                    app.tabs.order_entry.open_order(&order, today);
                }
                app.report(result, |value, lang| success(value, number, lang));
            },
        );
    }

    /// Bring back the acting user's order draft; a draft that cannot be read is said.
    pub(super) fn restore_draft(&mut self) {
        if let Err(error) = self.tabs.order_entry.restore_draft(&self.store, &self.user) {
            self.tell(t::DRAFT_NOT_KEPT.fill(self.lang, &[("error", &error)]), true);
        }
    }
}

/// What saving an order came to: the outcome, the order as saved (for the form), and the
/// clearing of the saving user's kept draft.
type SavedOrder = (Result<ops::Saved, ops::Error>, Option<crate::store::orders::Order>, Result<(), ops::Error>);

/// Save an order with `save`, then read it back as saved (for the form to show) and clear the
/// draft of the user who saved it (the order it held is saved; cleared here, with that user's
/// context, whoever is signed in when the answer comes).
fn saved_with_order(store: &mut Store, ctx: &Ctx, save: impl FnOnce(&mut Store, &Ctx) -> Result<ops::Saved, ops::Error>) -> SavedOrder {
    let result = save(store, ctx);
    let order = result.as_ref().ok().and_then(|saved| store.get_order(&saved.number).ok());
    let draft = if result.is_ok() {
        ops::keep_draft(store, ctx, crate::ui::order_entry::OrderEntryTab::DRAFT_SLOT, None).map(|_| ())
    } else {
        Ok(())
    };
    (result, order, draft)
}
