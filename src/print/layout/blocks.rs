//! The blocks a document is made of: the letterhead and title, info blocks, the table with its
//! repeated head row and wrapped cells, and totals.

use super::*;

/// One label/value line in the header, right of (or below) the letterhead.
#[derive(Debug, Clone)]
pub(crate) struct MetaRow {
    pub label: String,
    pub value: String,
    pub bold: bool,
}

/// The header repeated at the top of every page of a document: letterhead, title, number and
/// dates, marks such as URGENT/VOID, and an optional QR code at the top right.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub company_name: String,
    pub company_lines: Vec<String>,
    pub title: String,
    pub meta: Vec<MetaRow>,
    pub badges: Vec<String>,
    pub qr: Option<QrMark>,
}

impl Header {
    /// A header with the letterhead of `company` and the document `title`.
    pub(crate) fn new(company: &Company, lang: Lang, title: &str) -> Header {
        let mut company_lines = Vec::new();
        if !company.address.trim().is_empty() {
            company_lines.push(company.address.trim().to_string());
        }
        if !company.phone.trim().is_empty() {
            company_lines.push(labelled(lang, t::COMPANY_PHONE.get(lang), company.phone.trim()));
        }
        if !company.tax_id.trim().is_empty() {
            company_lines.push(labelled(lang, t::COMPANY_TAX_ID.get(lang), company.tax_id.trim()));
        }
        Header {
            company_name: company.name.trim().to_string(),
            company_lines,
            title: title.to_string(),
            meta: Vec::new(),
            badges: Vec::new(),
            qr: None,
        }
    }

    /// Add a label/value line (the document number is the bold one).
    pub(crate) fn meta(mut self, label: &str, value: impl Into<String>, bold: bool) -> Header {
        self.meta.push(MetaRow { label: label.to_string(), value: value.into(), bold });
        self
    }

    /// Add an inverted mark (URGENT, VOID).
    pub(crate) fn badge(mut self, text: &str) -> Header {
        self.badges.push(text.to_string());
        self
    }

    /// Put a QR code at the top right.
    pub(crate) fn qr(mut self, qr: QrMark) -> Header {
        self.qr = Some(qr);
        self
    }
}

/// One line of an info block; a row without label spans the block's width.
#[derive(Debug, Clone)]
pub(crate) struct InfoRow {
    pub label: Option<String>,
    pub value: String,
    pub size: f32,
    pub weight: Weight,
}

/// A captioned block of customer / delivery / payment details.
#[derive(Debug, Clone)]
pub(crate) struct InfoBlock {
    pub caption: String,
    pub rows: Vec<InfoRow>,
}

impl InfoBlock {
    pub(crate) fn new(caption: &str) -> InfoBlock {
        InfoBlock { caption: caption.to_string(), rows: Vec::new() }
    }

    /// A labelled row; skipped when `value` is blank.
    pub(crate) fn row(&mut self, label: &str, value: &str, size: f32, weight: Weight) {
        if !value.trim().is_empty() {
            self.rows.push(InfoRow { label: Some(label.to_string()), value: value.trim().to_string(), size, weight });
        }
    }

    /// A row without label; skipped when `value` is blank.
    pub(crate) fn plain(&mut self, value: &str, size: f32, weight: Weight) {
        if !value.trim().is_empty() {
            self.rows.push(InfoRow { label: None, value: value.trim().to_string(), size, weight });
        }
    }
}

/// One line of the totals block.
#[derive(Debug, Clone)]
pub(crate) struct TotalRow {
    pub label: String,
    pub value: String,
    /// Bold, larger and set off by a rule and a grey band (grand total, amount due).
    pub strong: bool,
}

impl TotalRow {
    pub(crate) fn new(label: impl Into<String>, value: impl Into<String>, strong: bool) -> TotalRow {
        TotalRow { label: label.into(), value: value.into(), strong }
    }
}

/// A table column. `width` in mm; 0 means "take the remaining width" (the product name).
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
    /// Draws an empty tick box instead of text.
    pub checkbox: bool,
}

impl Column {
    pub(crate) fn fixed(title: &str, width: f32, align: Align) -> Column {
        Column { title: title.to_string(), width, align, checkbox: false }
    }

    pub(crate) fn flex(title: &str) -> Column {
        Column { title: title.to_string(), width: 0.0, align: Align::Left, checkbox: false }
    }

    pub(crate) fn checkbox(title: &str, width: f32) -> Column {
        Column { title: title.to_string(), width, align: Align::Center, checkbox: true }
    }
}

#[derive(Debug, Clone)]
pub(super) struct PlacedColumn {
    pub(super) column: Column,
    pub(super) x: f32,
    pub(super) w: f32,
    pub(super) head: Vec<String>,
}

/// A table laid across the content width; its head row is drawn again after every page break.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(super) columns: Vec<PlacedColumn>,
    pub(super) size: f32,
    pub(super) head_size: f32,
    pub(super) head_h: f32,
}

impl Table {
    /// Place `columns` across the content width of `pager`. Fixed columns shrink
    /// proportionally if they would leave the flexible one less than a quarter of the width.
    pub(crate) fn new(pager: &Pager<'_>, columns: Vec<Column>) -> Table {
        let spec = pager.spec;
        let total = spec.content_width();
        let fixed: f32 = columns.iter().filter(|c| c.width > 0.0).map(|c| c.width).sum();
        let flex_count = columns.iter().filter(|c| c.width <= 0.0).count();
        let min_flex = if flex_count > 0 { total * 0.25 } else { 0.0 };
        let scale = if fixed <= 0.0 {
            1.0
        } else if flex_count == 0 || fixed > total - min_flex {
            (total - min_flex) / fixed
        } else {
            1.0
        };
        let flex_w = if flex_count > 0 { ((total - fixed * scale) / flex_count as f32).max(0.0) } else { 0.0 };
        let head_size = spec.small;
        let mut x = spec.margin_x;
        let mut placed = Vec::with_capacity(columns.len());
        let mut head_lines = 1usize;
        for column in columns {
            let w = if column.width > 0.0 { column.width * scale } else { flex_w };
            let head = pager.fonts.wrap(&column.title, head_size, Weight::Bold, (w - 2.0 * CELL_PAD_X).max(1.0));
            head_lines = head_lines.max(head.len());
            placed.push(PlacedColumn { column, x, w, head });
            x += w;
        }
        Table { columns: placed, size: spec.body, head_size, head_h: head_lines as f32 * line_height(head_size) + 2.0 * CELL_PAD_Y }
    }

    /// Draw the head row (grey band with bold titles) at the cursor, breaking the page first if
    /// the head and one row would not fit.
    pub(crate) fn draw_head(&self, pager: &mut Pager<'_>) {
        pager.ensure(self.head_h + line_height(self.size) + 2.0 * CELL_PAD_Y);
        let mut s = Sketch::new(pager.fonts);
        let (left, width) = (pager.left(), pager.width());
        s.fill_rect(left, 0.0, width, self.head_h, GREY_BAND);
        let lh = line_height(self.head_size);
        for col in &self.columns {
            for (i, line) in col.head.iter().enumerate() {
                let y = baseline(CELL_PAD_Y + i as f32 * lh, self.head_size);
                s.text_aligned(col.column.align, col.x + CELL_PAD_X, col.w - 2.0 * CELL_PAD_X, y, self.head_size, Weight::Bold, 0.0, line);
            }
        }
        s.line(left, self.head_h, left + width, self.head_h, 0.7, 0.25);
        let y = pager.y;
        pager.place(s, y);
        pager.y += self.head_h;
    }

    /// Draw one row of `cells` (one per column; tick-box columns ignore theirs). Cells wrap
    /// inside their column; a row never splits across pages (a cell taller than a whole page is
    /// cut with "…").
    pub(crate) fn row(&self, pager: &mut Pager<'_>, cells: &[String]) {
        let fonts = pager.fonts;
        let lh = line_height(self.size);
        let room = pager.body_height() - self.head_h - 2.0 * CELL_PAD_Y;
        let max_lines = ((room / lh).floor() as usize).max(1);
        let mut lines: Vec<Vec<String>> = Vec::with_capacity(self.columns.len());
        for (i, col) in self.columns.iter().enumerate() {
            if col.column.checkbox {
                lines.push(Vec::new());
                continue;
            }
            let text = cells.get(i).map(String::as_str).unwrap_or("");
            let inner = (col.w - 2.0 * CELL_PAD_X).max(1.0);
            let mut wrapped = fonts.wrap(text, self.size, Weight::Regular, inner);
            if wrapped.len() > max_lines {
                wrapped.truncate(max_lines);
                if let Some(last) = wrapped.last_mut() {
                    let cut = format!("{last}…");
                    *last = fonts.fit(&cut, self.size, Weight::Regular, inner);
                }
            }
            lines.push(wrapped);
        }
        let count = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = count as f32 * lh + 2.0 * CELL_PAD_Y;
        if !pager.fits(h) {
            pager.new_page();
            self.draw_head(pager);
        }
        let mut s = Sketch::new(fonts);
        for (col, cell) in self.columns.iter().zip(&lines) {
            if col.column.checkbox {
                let side = (lh * 0.9).min(col.w - 2.0 * CELL_PAD_X).clamp(1.0, 4.0);
                let x = col.x + (col.w - side) / 2.0;
                let top = CELL_PAD_Y + (lh - side) / 2.0;
                s.stroke_rect(x, top, side, side, 0.7, 0.0);
                continue;
            }
            for (i, line) in cell.iter().enumerate() {
                let y = baseline(CELL_PAD_Y + i as f32 * lh, self.size);
                s.text_aligned(col.column.align, col.x + CELL_PAD_X, col.w - 2.0 * CELL_PAD_X, y, self.size, Weight::Regular, 0.0, line);
            }
        }
        let (left, width) = (pager.left(), pager.width());
        s.line(left, h, left + width, h, 0.3, GREY_RULE);
        let y = pager.y;
        pager.place(s, y);
        pager.y += h;
    }
}

/// Letterhead: company name, address, phone, tax id. Returns the bottom.
pub(super) fn company_block(s: &mut Sketch<'_>, spec: PageSpec, header: &Header, x: f32, top: f32, w: f32) -> f32 {
    let mut y = top;
    if !header.company_name.is_empty() {
        y = s.paragraph(x, y, w, spec.company, Weight::Bold, 0.0, Align::Left, &header.company_name);
        y += 0.5;
    }
    for line in &header.company_lines {
        y = s.paragraph(x, y, w, spec.small, Weight::Regular, GREY_LABEL, Align::Left, line);
    }
    y
}

/// Title, label/value grid and badges. Returns the bottom.
pub(super) fn title_block(s: &mut Sketch<'_>, spec: PageSpec, header: &Header, x: f32, top: f32, w: f32, align: Align) -> f32 {
    let fonts = s.fonts;
    let mut y = s.paragraph(x, top, w, spec.title, Weight::Bold, 0.0, align, &header.title);
    y += 0.8;
    let weight_of = |row: &MetaRow| {
        if row.bold { Weight::Bold } else { Weight::Regular }
    };
    let label_w =
        header.meta.iter().map(|row| fonts.width(&row.label, spec.small, Weight::Regular)).fold(0.0f32, f32::max).min(w * 0.45) + 2.5;
    let value_w = (w - label_w).max(5.0);
    let widest = header.meta.iter().map(|row| fonts.width(&row.value, spec.body, weight_of(row))).fold(0.0f32, f32::max).min(value_w);
    let grid_x = match align {
        Align::Right => x + w - label_w - widest,
        Align::Left | Align::Center => x,
    };
    let lh = line_height(spec.body);
    for row in &header.meta {
        let weight = weight_of(row);
        let label = fonts.fit(&row.label, spec.small, Weight::Regular, label_w - 2.5);
        s.text_grey(grid_x, baseline(y, spec.body), spec.small, Weight::Regular, GREY_LABEL, &label);
        for line in fonts.wrap(&row.value, spec.body, weight, value_w) {
            s.text(grid_x + label_w, baseline(y, spec.body), spec.body, weight, &line);
            y += lh;
        }
    }
    if !header.badges.is_empty() {
        y += 1.5;
        let size = spec.body + 3.0;
        let mut row_h = 0.0f32;
        let mut bx = match align {
            Align::Right => x + w,
            Align::Left | Align::Center => x,
        };
        for badge in &header.badges {
            let (bw, bh) = s.badge_size(size, badge);
            match align {
                Align::Right => {
                    bx -= bw;
                    s.badge(bx, y, size, badge);
                    bx -= 2.0;
                }
                Align::Left | Align::Center => {
                    s.badge(bx, y, size, badge);
                    bx += bw + 2.0;
                }
            }
            row_h = row_h.max(bh);
        }
        y += row_h;
    }
    y
}

/// One captioned info block drawn with its top at 0. Returns its height.
pub(super) fn info_block(s: &mut Sketch<'_>, spec: PageSpec, block: &InfoBlock, x: f32, w: f32) -> f32 {
    let fonts = s.fonts;
    s.text_grey(x, baseline(0.0, spec.small), spec.small, Weight::Bold, GREY_LABEL, &block.caption);
    let cap_h = line_height(spec.small) + 0.5;
    s.line(x, cap_h, x + w, cap_h, 0.3, GREY_RULE);
    let mut y = cap_h + 1.0;
    let label_w = block
        .rows
        .iter()
        .filter_map(|row| row.label.as_deref())
        .map(|label| fonts.width(label, spec.small, Weight::Regular))
        .fold(0.0f32, f32::max)
        .min(w * 0.4)
        + 2.5;
    for row in &block.rows {
        let lh = line_height(row.size);
        let (vx, vw) = match &row.label {
            Some(label) => {
                let label = fonts.fit(label, spec.small, Weight::Regular, label_w - 2.5);
                s.text_grey(x, baseline(y, row.size), spec.small, Weight::Regular, GREY_LABEL, &label);
                (x + label_w, (w - label_w).max(5.0))
            }
            None => (x, w),
        };
        for line in fonts.wrap(&row.value, row.size, row.weight, vw) {
            s.text(vx, baseline(y, row.size), row.size, row.weight, &line);
            y += lh;
        }
        y += 0.4;
    }
    y
}
