#!/usr/bin/python3
"""The CPD certificate of templates/certificate-cpd.toml drawn with reportlab, for the
benchmark: same page, fonts (Noto Serif, embedded), logo, texts and QR code. reportlab
does no shaping or font fallback: the benchmark's names are Latin, Greek and Cyrillic, which
Noto Serif has.
Usage: /usr/bin/python3 cert_reportlab.py separate|combined N OUT_DIR TEMPLATES_DIR [--no-qr]
(Debian's python3-reportlab imports only in Debian's own /usr/bin/python3.) reportlab's QR
encoder is pure Python and dominates its time; --no-qr leaves the code out, for a
comparison of everything else."""
import os
import sys
import time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from names import names  # noqa: E402

FONTS = "/usr/share/fonts/truetype/noto"
pdfmetrics.registerFont(TTFont("Serif", FONTS + "/NotoSerif-Regular.ttf"))
pdfmetrics.registerFont(TTFont("Serif-Bold", FONTS + "/NotoSerif-Bold.ttf"))
W, H = landscape(A4)
M = 36
NAVY, GOLD, GREY = HexColor("#1f3a5f"), HexColor("#c9a227"), HexColor("#555555")


def X(x):
    return M + x


def Y(y):
    return H - M - y


def centred(c, text, y, size, font="Serif", colour=None, x=0, width=W - 2 * M):
    c.setFont(font, size)
    c.setFillColor(colour or HexColor("#000000"))
    c.drawCentredString(X(x + width / 2), Y(y) - size * 0.93, text)


def certificate(c, templates, f, qr_code=True):
    c.setStrokeColor(NAVY)
    c.setLineWidth(3)
    c.rect(X(0), Y(523.28), 769.89, 523.28, stroke=1, fill=0)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.8)
    c.rect(X(9), Y(9 + 505.28), 751.89, 505.28, stroke=1, fill=0)
    c.drawImage(templates + "/logo.png", X(354.9), Y(32 + 60), width=60, height=60)
    centred(c, f["issuer"], 102, 13, colour=NAVY)
    centred(c, "Certificate of Continuing Professional Development", 126, 25, "Serif-Bold", NAVY)
    centred(c, "This is to certify that", 178, 13)
    size = 30
    while size > 16 and pdfmetrics.stringWidth(f["name"], "Serif-Bold", size) > 649.89:
        size *= 0.95
    centred(c, f["name"], 200, size, "Serif-Bold", x=60, width=649.89)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.6)
    c.line(X(180), Y(246), X(589.89), Y(246))
    centred(c, "took part in Balint group work counted under " + f["title"], 270, 13)
    centred(c, "(%s) from %s to %s:" % (f["edition"], f["from"], f["to"]), 270 + 18.2, 13)
    centred(c, "%s hours  ·  %s CPD credits" % (f["hours"], f["credits"]), 318, 20, "Serif-Bold",
            NAVY)
    centred(c, f["caps"], 348, 9, colour=GREY, x=105, width=559.89)
    c.setStrokeColor(HexColor("#000000"))
    c.line(X(60), Y(426), X(280), Y(426))
    c.setFont("Serif", 10)
    c.setFillColor(HexColor("#000000"))
    c.drawString(X(60), Y(432) - 9.3, f["signatory"])
    c.drawString(X(60), Y(432 + 13) - 9.3, f["signatory_role"])
    c.setFont("Serif", 9)
    c.setFillColor(GREY)
    c.drawString(X(60), Y(478) - 8.4, "Issued %s  ·  Certificate %s" % (f["issued"], f["serial"]))
    if qr_code:
        qr = QrCodeWidget(f["verify_payload"], barLevel="M")
        x0, y0, x1, y1 = qr.getBounds()
        d = Drawing(104, 104, transform=[104.0 / (x1 - x0), 0, 0, 104.0 / (y1 - y0), 0, 0])
        d.add(qr)
        renderPDF.draw(d, c, X(634), Y(362 + 104))
    centred(c, "Verification code", 468, 8, colour=GREY, x=600, width=172)
    centred(c, f["code"], 468 + 10, 8, colour=GREY, x=600, width=172)


def fields(name, i):
    serial = "CPD-2026-%06d" % (i + 1)
    return {"name": name, "title": "CPD in Balint work", "issuer": "The Balint Society (UK)",
            "caps": "No cap reduced these credits.",
            "edition": "2024 guidance", "from": "2025-01-01", "to": "2025-12-31",
            "hours": "19.50", "credits": "18.00", "issued": "2026-01-15", "serial": serial,
            "code": "7KQF-2M9X-WPAB",
            "verify_payload": "BLC1.eyJraW5kIjoiY3BkIiwic2VyaWFsIjoi" + serial +
            ".c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl",
            "signatory": "Dr Helen Barker", "signatory_role": "Secretary, CPD committee"}


def main():
    mode, n, out, templates = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    qr_code = "--no-qr" not in sys.argv[5:]
    start = time.perf_counter()
    size = 0
    if mode == "separate":
        for i, name in enumerate(names(n)):
            path = "%s/cert-%d.pdf" % (out, i + 1)
            c = canvas.Canvas(path, pagesize=(W, H), invariant=1)
            certificate(c, templates, fields(name, i), qr_code)
            c.showPage()
            c.save()
            size += os.path.getsize(path)
    else:
        path = out + "/combined.pdf"
        c = canvas.Canvas(path, pagesize=(W, H), invariant=1)
        for i, name in enumerate(names(n)):
            certificate(c, templates, fields(name, i), qr_code)
            c.showPage()
        c.save()
        size = os.path.getsize(path)
    print("%.1f ms %d bytes" % ((time.perf_counter() - start) * 1000, size))


if __name__ == "__main__":
    main()
