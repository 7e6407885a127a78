//! The page builder: tracks the cursor, breaks pages, repeats the header, and in a second pass
//! adds "Page x of y", copy marks and watermarks once the page count is known.

use super::*;

/// Font resources of the PDF being written.
#[derive(Debug, Clone)]
pub(crate) struct FontIds {
    pub regular: FontId,
    pub bold: FontId,
}

/// Marks added to every page of a document in the second pass.
#[derive(Debug, Clone, Default)]
pub(crate) struct Marks {
    /// "COPY n" framed in the top margin.
    pub copy: Option<String>,
    /// Which part of a multi-part set this is (存根 / 客户联 / 仓库联), framed at the top right.
    pub part: Option<String>,
    /// Large diagonal text behind the content (VOID).
    pub watermark: Option<String>,
    /// Left part of the footer (document title and number).
    pub footer: String,
}

#[derive(Debug)]
pub(super) struct PageBuf {
    pub(super) cmds: Vec<Cmd>,
    /// Lowest point (mm from the top) the content reached.
    pub(super) end: f32,
}

/// Builds the pages of ONE document: tracks the cursor, breaks pages, repeats the header.
pub(crate) struct Pager<'f> {
    pub(super) fonts: &'f Fonts,
    pub spec: PageSpec,
    pub(super) pages: Vec<PageBuf>,
    /// The cursor: mm from the top of the current page.
    pub y: f32,
    pub(super) header: Option<Header>,
    pub(super) body_top: f32,
}

impl<'f> Pager<'f> {
    /// Start the first page of a document on `paper` and draw its header.
    pub(crate) fn new(fonts: &'f Fonts, paper: PaperSize, header: Header) -> Pager<'f> {
        let spec = PageSpec::of(paper);
        let mut pager = Pager { fonts, spec, pages: Vec::new(), y: spec.margin_top, header: Some(header), body_top: spec.margin_top };
        pager.start_page();
        pager.body_top = pager.y;
        pager
    }

    pub(crate) fn left(&self) -> f32 {
        self.spec.margin_x
    }

    pub(crate) fn right(&self) -> f32 {
        self.spec.width - self.spec.margin_x
    }

    pub(crate) fn width(&self) -> f32 {
        self.spec.content_width()
    }

    /// Lowest point content may reach on a page (above the footer).
    pub(crate) fn bottom(&self) -> f32 {
        self.spec.height.unwrap_or(RECEIPT_MAX_H) - self.spec.margin_bottom - FOOTER_H
    }

    /// Height available for content below the header of a fresh page.
    pub(crate) fn body_height(&self) -> f32 {
        (self.bottom() - self.body_top).max(10.0)
    }

    /// Does a block `h` mm tall fit below the cursor?
    pub(crate) fn fits(&self, h: f32) -> bool {
        self.y + h <= self.bottom() + 0.01
    }

    /// Break the page unless a block `h` mm tall fits below the cursor (or the page is still
    /// empty, where breaking would not help). Returns whether a new page was started.
    pub(crate) fn ensure(&mut self, h: f32) -> bool {
        if !self.fits(h) && self.y > self.body_top + 0.01 {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Move the cursor down.
    pub(crate) fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    /// Close the current page and start the next one with the header.
    pub(crate) fn new_page(&mut self) {
        self.close_page();
        self.start_page();
    }

    pub(super) fn close_page(&mut self) {
        let y = self.y;
        if let Some(page) = self.pages.last_mut() {
            page.end = page.end.max(y);
        }
    }

    pub(super) fn start_page(&mut self) {
        self.pages.push(PageBuf { cmds: Vec::new(), end: 0.0 });
        self.y = self.spec.margin_top;
        if let Some(header) = self.header.take() {
            self.draw_header(&header);
            self.header = Some(header);
        }
    }

    /// Put a sketch drawn with its top at 0 onto the current page, `dy` mm from the top.
    pub(super) fn place(&mut self, sketch: Sketch<'_>, dy: f32) {
        if let Some(page) = self.pages.last_mut() {
            page.cmds.extend(sketch.cmds.into_iter().map(|cmd| cmd.shifted(0.0, dy)));
        }
    }

    pub(super) fn draw_header(&mut self, header: &Header) {
        let spec = self.spec;
        let fonts = self.fonts;
        let (left, right, top) = (self.left(), self.right(), self.y);
        let mut s = Sketch::new(fonts);
        let qr_space = if header.qr.is_some() { spec.qr + 4.0 } else { 0.0 };
        let text_right = right - qr_space;
        let mut bottom = if spec.wide() {
            let col = (text_right - left - 8.0) / 2.0;
            let company_end = company_block(&mut s, spec, header, left, top, col);
            let title_end = title_block(&mut s, spec, header, left + col + 8.0, top, col, Align::Right);
            company_end.max(title_end)
        } else {
            let w = text_right - left;
            let company_end = company_block(&mut s, spec, header, left, top, w);
            title_block(&mut s, spec, header, left, company_end + 2.0, w, Align::Left)
        };
        if let Some(qr) = &header.qr {
            s.qr(right - spec.qr, top, spec.qr, qr);
            bottom = bottom.max(top + spec.qr);
        }
        let rule = bottom + 2.0;
        s.line(left, rule, right, rule, 0.9, 0.15);
        self.place(s, 0.0);
        self.y = rule + 4.0;
    }

    /// Captioned detail blocks: side by side on wide paper, stacked otherwise.
    pub(crate) fn info_blocks(&mut self, blocks: &[InfoBlock]) {
        let spec = self.spec;
        let (left, width) = (self.left(), self.width());
        let blocks: Vec<&InfoBlock> = blocks.iter().filter(|b| !b.rows.is_empty()).collect();
        if blocks.is_empty() {
            return;
        }
        const GAP: f32 = 8.0;
        if spec.wide() && blocks.len() > 1 {
            let n = blocks.len() as f32;
            let w = (width - GAP * (n - 1.0)) / n;
            let mut s = Sketch::new(self.fonts);
            let mut h = 0.0f32;
            for (i, block) in blocks.iter().enumerate() {
                let x = left + i as f32 * (w + GAP);
                h = h.max(info_block(&mut s, spec, block, x, w));
            }
            self.ensure(h);
            let y = self.y;
            self.place(s, y);
            self.y += h + 4.0;
        } else {
            for block in blocks {
                let mut s = Sketch::new(self.fonts);
                let h = info_block(&mut s, spec, block, left, width);
                self.ensure(h);
                let y = self.y;
                self.place(s, y);
                self.y += h + 3.0;
            }
        }
    }

    /// The totals block, right-aligned under the table on wide paper, full width otherwise.
    pub(crate) fn totals(&mut self, rows: &[TotalRow]) {
        let spec = self.spec;
        let fonts = self.fonts;
        let width = if spec.wide() { 82.0 } else { self.width() };
        let x = self.right() - width;
        let mut s = Sketch::new(fonts);
        let mut y = 1.5;
        for row in rows {
            let (size, weight) = if row.strong { (spec.body + 1.5, Weight::Bold) } else { (spec.body, Weight::Regular) };
            let lh = line_height(size) + 0.6;
            if row.strong {
                s.line(x, y, x + width, y, 0.7, 0.2);
                y += 0.5;
                s.fill_rect(x, y, width, lh, GREY_BAND);
            }
            let value_w = fonts.width(&row.value, size, weight);
            let label_room = (width - value_w - 5.0).max(5.0);
            let base = baseline(y + 0.3, size);
            s.text(x + 1.5, base, size, weight, &fonts.fit(&row.label, size, weight, label_room));
            s.text(x + width - 1.5 - value_w, base, size, weight, &row.value);
            y += lh;
        }
        self.ensure(y);
        let top = self.y;
        self.place(s, top);
        self.y += y + 3.0;
    }

    /// A small bold grey caption followed by `text` wrapped over the full width; the text may
    /// continue on the next page. Nothing is printed when `text` is blank.
    pub(crate) fn notes(&mut self, caption: &str, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let spec = self.spec;
        let lines = self.fonts.wrap(text, spec.body, Weight::Regular, self.width());
        let cap_h = line_height(spec.small) + 0.5;
        let lh = line_height(spec.body);
        self.ensure(cap_h + lh * lines.len().min(2) as f32);
        let (left, right) = (self.left(), self.right());
        let mut s = Sketch::new(self.fonts);
        s.text_grey(left, baseline(0.0, spec.small), spec.small, Weight::Bold, GREY_LABEL, caption);
        s.line(left, cap_h, right, cap_h, 0.3, GREY_RULE);
        let y = self.y;
        self.place(s, y);
        self.y += cap_h + 0.8;
        for line in lines {
            self.ensure(lh);
            let mut s = Sketch::new(self.fonts);
            s.text(left, baseline(0.0, spec.body), spec.body, Weight::Regular, &line);
            let y = self.y;
            self.place(s, y);
            self.y += lh;
        }
        self.y += 3.0;
    }

    /// One line of text over the full width (wrapped; may continue on the next page).
    pub(crate) fn text_line(&mut self, text: &str, size: f32, weight: Weight) {
        let lh = line_height(size);
        let left = self.left();
        for line in self.fonts.wrap(text, size, weight, self.width()) {
            self.ensure(lh);
            let mut s = Sketch::new(self.fonts);
            s.text(left, baseline(0.0, size), size, weight, &line);
            let y = self.y;
            self.place(s, y);
            self.y += lh;
        }
    }

    /// Signature lines ("Picked by ____  Date ____"), kept together on one page.
    pub(crate) fn signatures(&mut self, signers: &[&str], date_label: &str) {
        let spec = self.spec;
        let fonts = self.fonts;
        let (left, right, width) = (self.left(), self.right(), self.width());
        let size = spec.body;
        let mut s = Sketch::new(fonts);
        let mut y = 0.0;
        if spec.wide() {
            let label_w = signers.iter().map(|l| fonts.width(l, size, Weight::Bold)).fold(0.0f32, f32::max) + 3.0;
            let date_w = fonts.width(date_label, size, Weight::Regular) + 3.0;
            let split = left + width * 0.62;
            for signer in signers {
                let line_y = y + 11.0;
                let base = line_y - 1.0;
                s.text(left, base, size, Weight::Bold, signer);
                s.line(left + label_w, line_y, split - 6.0, line_y, 0.6, 0.0);
                s.text_grey(split, base, size, Weight::Regular, GREY_LABEL, date_label);
                s.line(split + date_w, line_y, right, line_y, 0.6, 0.0);
                y = line_y + 2.0;
            }
        } else {
            let label_w = signers
                .iter()
                .map(|l| fonts.width(l, size, Weight::Bold))
                .chain(std::iter::once(fonts.width(date_label, size, Weight::Regular)))
                .fold(0.0f32, f32::max)
                + 3.0;
            for signer in signers {
                for (label, weight, grey) in [(*signer, Weight::Bold, 0.0), (date_label, Weight::Regular, GREY_LABEL)] {
                    let line_y = y + 9.0;
                    s.text_grey(left, line_y - 1.0, size, weight, grey, label);
                    s.line(left + label_w, line_y, right, line_y, 0.6, 0.0);
                    y = line_y;
                }
                y += 3.0;
            }
        }
        self.ensure(y);
        let top = self.y;
        self.place(s, top);
        self.y += y + 2.0;
    }

    /// Number of pages so far (for tests).
    #[cfg(test)]
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Second pass: now that the page count is known, add the footer ("Page x of y" counting
    /// this document's pages only), the copy mark and the watermark, and emit PDF pages.
    pub(crate) fn finish(mut self, lang: Lang, marks: &Marks) -> Vec<LaidPage> {
        self.close_page();
        let spec = self.spec;
        let fonts = self.fonts;
        let (left, right) = (self.left(), self.right());
        let total = self.pages.len();
        let mut out = Vec::with_capacity(total);
        for (index, page) in self.pages.into_iter().enumerate() {
            let (height, footer_top) = match spec.height {
                Some(h) => (h, h - spec.margin_bottom - FOOTER_H),
                None => {
                    let footer_top = page.end + 1.0;
                    ((footer_top + FOOTER_H + spec.margin_bottom).max(RECEIPT_MIN_H), footer_top)
                }
            };
            let mut below = Sketch::new(fonts);
            if let Some(text) = &marks.watermark {
                below.watermark(spec.width, height, text);
            }
            let mut above = Sketch::new(fonts);
            let rule = footer_top + 2.5;
            above.line(left, rule, right, rule, 0.4, GREY_RULE);
            let base = baseline(rule + 0.8, spec.small);
            let label = t::PAGE_X_OF_Y.fill(lang, &[("x", &(index + 1)), ("y", &total)]);
            let label_w = fonts.width(&label, spec.small, Weight::Regular);
            above.text_grey(right - label_w, base, spec.small, Weight::Regular, GREY_LABEL, &label);
            let room = (right - left - label_w - 4.0).max(0.0);
            let footer = fonts.fit(&marks.footer, spec.small, Weight::Regular, room);
            above.text_grey(left, base, spec.small, Weight::Regular, GREY_LABEL, &footer);
            if let Some(copy) = &marks.copy {
                let size = spec.body + 2.0;
                let h = line_height(size) + 0.6;
                let top = (spec.margin_top - h - 2.0).max(1.0);
                above.framed(left, top, size, copy);
            }
            if let Some(part) = &marks.part {
                let size = spec.body + 1.0;
                let h = line_height(size) + 0.6;
                let top = (spec.margin_top - h - 2.0).max(1.0);
                let width = fonts.width(part, size, Weight::Bold) + 3.0;
                above.framed((right - width).max(left), top, size, part);
            }
            let mut cmds = below.cmds;
            cmds.reserve(page.cmds.len() + above.cmds.len());
            cmds.extend(page.cmds);
            cmds.extend(above.cmds);
            out.push(LaidPage { width: spec.width, height, cmds });
        }
        out
    }
}
