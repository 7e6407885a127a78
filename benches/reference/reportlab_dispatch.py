#!/usr/bin/env python3
"""The reference for kaidan's batch printing: ReportLab drawing the same dispatch slips.

    python3 reportlab_dispatch.py SHOP.sqlite3 OUT.pdf SO-2026-00001 SO-2026-00002 ...

Reads each order, its lines, its customer and the shop's letterhead from the same SQLite file
kaidan prints from (as kaidan does, whole process), and draws one A4 dispatch slip per order with
the content of kaidan's: letterhead (name, address, phone, tax id), title, order number and
dates, delivery method, URGENT badge, the order number as a QR code, the deliver-to block
(customer, code, address, phone), the lines (SKU, product, spec, qty, unit, a tick box) with a
head band and rules, the line count, picker/receiver signature lines with dates, and the footer
with "Page 1 of 1". Chinese text in a TrueType CJK font (WenQuanYi Zen Hei: ReportLab embeds
TrueType only, and subsets it as kaidan subsets its font). It uses ReportLab's canvas directly,
its fastest drawing path (no platypus flowables).
"""
import sqlite3
import sys

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
W, H = A4
LEFT, RIGHT, TOP = 15 * mm, W - 15 * mm, 15 * mm


def y(top_mm):
    """mm from the top of the page to ReportLab's points from the bottom."""
    return H - top_mm * mm


def load(conn, number):
    order = conn.execute(
        "SELECT o.id, o.number, o.order_date, o.delivery_date, o.delivery, o.priority, o.customer_code,"
        " COALESCE(c.name, ''), COALESCE(c.phone, ''), COALESCE(c.address, '')"
        " FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.number = ?",
        (number,),
    ).fetchone()
    if order is None:
        sys.exit(f"order {number} not found")
    lines = conn.execute(
        "SELECT l.sku, COALESCE(p.name, ''), COALESCE(p.spec, ''), l.qty, COALESCE(p.unit, '')"
        " FROM order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = ? ORDER BY l.line_no",
        (order[0],),
    ).fetchall()
    return order, lines


def qty(scaled):
    text = f"{scaled / 1000:.3f}".rstrip("0").rstrip(".")
    return text


def slip(c, company, order, lines):
    _, number, order_date, delivery_date, delivery, priority, code, name, phone, address = order
    # Letterhead
    c.setFont("zh-bold", 14)
    c.drawString(LEFT, y(22), company["name"])
    c.setFont("zh", 7.5)
    c.setFillGray(0.38)
    c.drawString(LEFT, y(27), company["address"])
    c.drawString(LEFT, y(30.5), "电话：" + company["phone"])
    c.drawString(LEFT, y(34), "税号：" + company["tax_id"])
    c.setFillGray(0)
    # Title, meta, badge, QR
    c.setFont("zh-bold", 18)
    c.drawRightString(RIGHT - 32 * mm, y(24), "送货单")
    meta = [("订单号", number), ("下单日期", order_date), ("交货日期", delivery_date or "—"),
            ("配送方式", "送货" if delivery == "delivery" else "自提")]
    for i, (label, value) in enumerate(meta):
        c.setFont("zh", 7.5)
        c.setFillGray(0.38)
        c.drawString(RIGHT - 78 * mm, y(30 + i * 4), label)
        c.setFillGray(0)
        c.setFont("zh-bold" if i == 0 else "zh", 8.5)
        c.drawString(RIGHT - 60 * mm, y(30 + i * 4), value)
    if priority == "urgent":
        c.rect(RIGHT - 48 * mm, y(50), 18 * mm, 5.5 * mm, stroke=0, fill=1)
        c.setFillGray(1)
        c.setFont("zh-bold", 10)
        c.drawString(RIGHT - 46 * mm, y(48.6), "加急")
        c.setFillGray(0)
    qr = QrCodeWidget(number)
    x0, y0, x1, y1 = qr.getBounds()
    size = 28 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, c, RIGHT - size, y(15) - size)
    c.setLineWidth(0.8)
    c.line(LEFT, y(55), RIGHT, y(55))
    # Deliver to
    c.setFont("zh-bold", 7.5)
    c.drawString(LEFT, y(61), "收货信息")
    c.setLineWidth(0.4)
    c.setStrokeGray(0.72)
    c.line(LEFT, y(62.5), RIGHT, y(62.5))
    c.setFont("zh-bold", 11)
    c.drawString(LEFT, y(68), name)
    rows = [("客户编号", code, 8.5), ("地址", address, 13), ("电话", phone, 13)]
    top = 73
    for label, value, size in rows:
        c.setFont("zh", 7.5)
        c.setFillGray(0.38)
        c.drawString(LEFT, y(top), label)
        c.setFillGray(0)
        c.setFont("zh-bold" if size > 9 else "zh", size)
        c.drawString(LEFT + 20 * mm, y(top), value)
        top += 7 if size > 9 else 5
    # Lines
    cols = [("货号", LEFT + 1 * mm), ("品名", LEFT + 32 * mm), ("规格", LEFT + 112 * mm)]
    top += 3
    c.setFillGray(0.9)
    c.rect(LEFT, y(top + 6), RIGHT - LEFT, 6 * mm, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("zh-bold", 7.5)
    for title, x in cols:
        c.drawString(x, y(top + 4.2), title)
    c.drawRightString(RIGHT - 26 * mm, y(top + 4.2), "数量")
    c.drawString(RIGHT - 23 * mm, y(top + 4.2), "单位")
    c.drawString(RIGHT - 9 * mm, y(top + 4.2), "已拣")
    top += 6
    c.setStrokeGray(0)
    c.setLineWidth(0.6)
    c.line(LEFT, y(top), RIGHT, y(top))
    c.setStrokeGray(0.72)
    c.setLineWidth(0.4)
    for sku, product, spec, q, unit in lines:
        c.setFont("zh", 8.5)
        c.drawString(cols[0][1], y(top + 4.6), sku)
        c.drawString(cols[1][1], y(top + 4.6), product)
        c.drawString(cols[2][1], y(top + 4.6), spec)
        c.drawRightString(RIGHT - 26 * mm, y(top + 4.6), qty(q))
        c.drawString(RIGHT - 23 * mm, y(top + 4.6), unit)
        c.setStrokeGray(0)
        c.rect(RIGHT - 7 * mm, y(top + 5), 3.5 * mm, 3.5 * mm, stroke=1, fill=0)
        c.setStrokeGray(0.72)
        top += 6.5
        c.line(LEFT, y(top), RIGHT, y(top))
    c.setFont("zh-bold", 8.5)
    c.drawString(LEFT, y(top + 5), f"共 {len(lines)} 行")
    # Signatures
    c.setStrokeGray(0)
    for i, who in enumerate(["拣货人", "收货人"]):
        base = top + 22 + i * 14
        c.setFont("zh-bold", 8.5)
        c.drawString(LEFT, y(base), who)
        c.line(LEFT + 25 * mm, y(base + 1), LEFT + 115 * mm, y(base + 1))
        c.setFont("zh", 7.5)
        c.setFillGray(0.38)
        c.drawString(LEFT + 120 * mm, y(base), "日期")
        c.setFillGray(0)
        c.line(LEFT + 132 * mm, y(base + 1), RIGHT, y(base + 1))
    # Footer
    c.setStrokeGray(0.72)
    c.line(LEFT, y(282), RIGHT, y(282))
    c.setFont("zh", 7)
    c.setFillGray(0.38)
    c.drawString(LEFT, y(285.5), "送货单 " + number)
    c.drawRightString(RIGHT, y(285.5), "第 1 页，共 1 页")
    c.setFillGray(0)
    c.setStrokeGray(0)
    c.showPage()


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    db, out, numbers = sys.argv[1], sys.argv[2], sys.argv[3:]
    pdfmetrics.registerFont(TTFont("zh", FONT_FILE, subfontIndex=0))
    pdfmetrics.registerFont(TTFont("zh-bold", FONT_FILE, subfontIndex=0))
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    company = {key: "" for key in ("name", "address", "phone", "tax_id")}
    for key, value in conn.execute("SELECT key, value FROM settings WHERE key LIKE 'company.%'"):
        company[key.split(".", 1)[1]] = value
    c = canvas.Canvas(out, pagesize=A4)
    for number in numbers:
        order, lines = load(conn, number)
        slip(c, company, order, lines)
    c.save()
    print(f"{len(numbers)} slips → {out}")


if __name__ == "__main__":
    main()
