//! Emission: the millimetre commands of a page turned into printpdf operations in points, origin
//! bottom-left.

use super::*;

/// mm to PDF points, rounded to 1/100 pt (keeps content streams short).
pub(super) fn pt(mm: f32) -> Pt {
    Pt((mm * MM_PT * 100.0).round() / 100.0)
}

pub(super) fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level.clamp(0.0, 1.0), None))
}

/// Converts commands to printpdf operations, emitting colour, width and font changes only when
/// they change.
pub(super) struct Emitter<'a> {
    pub(super) ids: &'a FontIds,
    pub(super) height: f32,
    pub(super) ops: Vec<Op>,
    pub(super) font: Option<(Weight, f32)>,
    pub(super) fill: Option<f32>,
    pub(super) stroke: Option<f32>,
    pub(super) thickness: Option<f32>,
}

impl Emitter<'_> {
    /// y in mm from the top to PDF points from the bottom.
    pub(super) fn y(&self, y: f32) -> Pt {
        pt(self.height - y)
    }

    pub(super) fn set_fill(&mut self, level: f32) {
        if self.fill != Some(level) {
            self.ops.push(Op::SetFillColor { col: grey(level) });
            self.fill = Some(level);
        }
    }

    pub(super) fn set_stroke(&mut self, level: f32, width: f32) {
        if self.stroke != Some(level) {
            self.ops.push(Op::SetOutlineColor { col: grey(level) });
            self.stroke = Some(level);
        }
        if self.thickness != Some(width) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.thickness = Some(width);
        }
    }

    pub(super) fn text(&mut self, matrix: TextMatrix, size: f32, weight: Weight, level: f32, text: String) {
        self.set_fill(level);
        self.ops.push(Op::StartTextSection);
        if self.font != Some((weight, size)) {
            let id = match weight {
                Weight::Regular => self.ids.regular.clone(),
                Weight::Bold => self.ids.bold.clone(),
            };
            self.ops.push(Op::SetFont { font: PdfFontHandle::External(id), size: Pt(size) });
            self.font = Some((weight, size));
        }
        self.ops.push(Op::SetTextMatrix { matrix });
        // A character no font has is printed as a visible box, never dropped.
        let text = match crate::fonts::printable(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(replaced) => replaced,
        };
        self.ops.push(Op::ShowText { items: vec![TextItem::Text(text)] });
        self.ops.push(Op::EndTextSection);
    }

    pub(super) fn point(&self, x: f32, y: f32) -> LinePoint {
        LinePoint { p: Point { x: pt(x), y: self.y(y) }, bezier: false }
    }

    pub(super) fn cmd(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Text { x, y, size, weight, grey, text } => {
                let matrix = TextMatrix::Translate(pt(x), self.y(y));
                self.text(matrix, size, weight, grey, text);
            }
            Cmd::Rotated { x, y, angle, size, weight, grey, text } => {
                let matrix = TextMatrix::TranslateRotate(pt(x), self.y(y), angle);
                self.text(matrix, size, weight, grey, text);
            }
            Cmd::Line { x1, y1, x2, y2, width, grey } => {
                self.set_stroke(grey, width);
                let line = Line { points: vec![self.point(x1, y1), self.point(x2, y2)], is_closed: false };
                self.ops.push(Op::DrawLine { line });
            }
            Cmd::Rect { x, y, w, h, fill, stroke } => {
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    (None, None) => return,
                };
                if let Some(level) = fill {
                    self.set_fill(level);
                }
                if let Some((width, level)) = stroke {
                    self.set_stroke(level, width);
                }
                let rectangle = Rect {
                    x: pt(x),
                    y: self.y(y + h),
                    width: pt(w),
                    height: pt(h),
                    mode: Some(mode),
                    winding_order: Some(WindingOrder::NonZero),
                };
                self.ops.push(Op::DrawRectangle { rectangle });
            }
            Cmd::Qr { x, y, size, qr } => {
                // Draw in module units: scale the coordinate system so each module is 1 × 1.
                // The fill colour is set before saving the state, so the colour tracked here is
                // still right after the restore.
                self.set_fill(0.0);
                self.ops.push(Op::SaveGraphicsState);
                let module = size / qr.modules * MM_PT;
                let origin = (pt(x).0, self.y(y + size).0);
                self.ops.push(Op::SetTransformationMatrix { matrix: CurTransMat::Raw([module, 0.0, 0.0, module, origin.0, origin.1]) });
                for run in qr.runs.iter() {
                    let rectangle = Rect {
                        x: Pt(run.x),
                        y: Pt(run.y),
                        width: Pt(run.len),
                        height: Pt(1.0),
                        mode: Some(PaintMode::Fill),
                        winding_order: Some(WindingOrder::NonZero),
                    };
                    self.ops.push(Op::DrawRectangle { rectangle });
                }
                self.ops.push(Op::RestoreGraphicsState);
            }
        }
    }
}

/// One PDF page of `width` × `height` mm from its commands.
pub(super) fn emit(cmds: Vec<Cmd>, width: f32, height: f32, ids: &FontIds) -> PdfPage {
    let mut emitter =
        Emitter { ids, height, ops: Vec::with_capacity(cmds.len() * 4), font: None, fill: None, stroke: None, thickness: None };
    for cmd in cmds {
        emitter.cmd(cmd);
    }
    PdfPage::new(Mm(width), Mm(height), emitter.ops)
}
