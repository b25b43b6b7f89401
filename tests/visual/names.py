#!/usr/bin/python3
"""The visual test of names: what a certificate draws, not only its text layer.

For each name below (many scripts; see DONE in issue 13), a CPD certificate is issued through
the real binary with the shipped template, its page rasterised with pdftoppm, and the name's
box cut out. The same string is drawn independently by HarfBuzz's hb-view in the font the PDF
embeds for it (the bold font a plain Latin name uses, or the fallback font the name brings in,
found by its PostScript name with fc-list). Both images are reduced to their ink, scaled to the
same height and compared: the width-to-height ratio must agree within 3% and the ink must
overlap (intersection over union) by at least 0.90 (right renderings measure 0.94 to 0.98 at
300 dpi). A missing accent or letter, a mark drawn beside its letter or a wrong order fails:
libharu's "Ελ´νη" for "Ελένη" measured 0.82, its "Đăng" for "Đặng" 0.77 with a 4.9% wider
ratio. The text layer is checked too: pdftotext gives the
name back in logical order.

    tests/visual/names.py --balint build/balint [--keep DIR] [--only NAME...]

Exit 0 when every name passes, 1 otherwise (each failure is listed). A missing tool fails.
Uses Debian's /usr/bin/python3 with python3-pil.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

from PIL import Image, ImageChops

NAMES = [
    ("greek", "Ελένη Άννα Ήλιος Όμηρος"),
    ("greek-small", "Ελένη"),
    ("vietnamese", "Nguyễn Thị Thu Hương"),
    ("vietnamese-dang", "Đặng"),
    ("hebrew", "שרה כהן"),
    ("arabic", "محمد الحداد"),
    ("persian", "فاطمه رضایی"),
    ("devanagari", "अनीता शर्मा"),
    ("bengali", "সুমিত্রা দাস"),
    ("chinese", "王秀英"),
    ("japanese", "山田花子"),
    ("korean", "김민준"),
    ("thai", "สมชาย ใจดี"),
    ("georgian", "ნინო ბერიძე"),
    ("armenian", "Անի Հակոբյան"),
    ("cyrillic", "Ирина Иванова"),
    ("turkish", "İsmail Yılmaz"),
    ("polish", "Małgorzata Wróbel"),
    ("czech", "Jiří Dvořák"),
    ("icelandic", "Guðrún Þórsdóttir"),
    ("irish", "Cailín Ó Briain"),
    ("german", "Jürgen Weiß"),
    # Decomposed input: e + U+0301, O + U+0301; stored and drawn composed (NFC).
    ("decomposed", "Rene\u0301e O\u0301 Sullivan"),
]

DPI = 300
# The name's box in the shipped CPD template, in points from the page's top-left corner
# (margin 36 + [[text]] {name}: x 60, width 649.89, y 200, height 44), kept clear of the
# line above it and of the rule below.
BOX = (36 + 60, 36 + 198, 36 + 60 + 649.89, 36 + 245)
MIN_IOU = 0.90
MAX_RATIO_DIFF = 0.03


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw)


def need(tool):
    if not shutil.which(tool):
        sys.exit(f"visual test: {tool} is not installed (scripts/install-deps.sh installs it)")


def ink(img):
    """The image as 8-bit grey, cropped to its ink (pixels darker than mid-grey)."""
    grey = img.convert("L")
    mask = grey.point(lambda v: 255 if v < 128 else 0)
    box = mask.getbbox()
    return None if box is None else grey.crop(box)


def binary(img, size):
    return img.resize(size, Image.LANCZOS).point(lambda v: 255 if v < 128 else 0)


def compare(drawn, oracle):
    """(ratio difference, intersection over union) of two ink images."""
    rd = drawn.width / drawn.height
    ro = oracle.width / oracle.height
    h = 80
    size = (max(1, round(h * (rd + ro) / 2)), h)
    a, b = binary(drawn, size), binary(oracle, size)
    inter = ImageChops.logical_and(a.convert("1"), b.convert("1")).histogram()[255]
    union = ImageChops.logical_or(a.convert("1"), b.convert("1")).histogram()[255]
    return abs(rd - ro) / ro, inter / union if union else 0.0


def fonts_of(pdf):
    """PostScript names of the fonts a PDF embeds (subset tags dropped)."""
    out = run(["pdffonts", pdf]).stdout.decode().splitlines()[2:]
    return {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in out if line.strip()}


def font_file(ps_name):
    out = run(["fc-list", f":postscriptname={ps_name}", "file", "index"]).stdout.decode()
    for line in out.splitlines():
        m = re.match(r"(.*): :index=(\d+)", line.strip())
        if m:
            return m.group(1), m.group(2)
    return None, None


class Ledger:
    def __init__(self, balint, work):
        self.balint, self.work = balint, work
        self.env = dict(os.environ, BALINT_DB=os.path.join(work, "ledger.sqlite"),
                        XDG_CONFIG_HOME=os.path.join(work, "config"), TZ="UTC")
        self.cmd("init")
        self.cmd("keys", "init")

    def cmd(self, *args):
        return subprocess.run([self.balint, "-q", *args], env=self.env, capture_output=True)

    def certificate(self, pid, name):
        """The certificate's path, or an error text."""
        for args in (("person", "add", pid, "--name", name),
                     ("log", "--person", pid, "--date", "2025-03-04", "--activity", "group",
                      "--role", "member", "--minutes", "90")):
            p = self.cmd(*args)
            if p.returncode:
                return None, p.stderr.decode().strip()
        out = os.path.join(self.work, pid + ".pdf")
        p = self.cmd("--as-of", "2026-01-10", "certificate", pid, "--rules", "cpd-uk", "-p",
                     "2025", "--out", out)
        if p.returncode:
            return None, p.stderr.decode().strip()
        return out, ""


def name_image(pdf, work, pid):
    run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", pdf, os.path.join(work, pid)])
    page = Image.open(os.path.join(work, pid + ".png"))
    s = DPI / 72
    return page.crop(tuple(round(v * s) for v in BOX))


def check(ledger, work, pid, name, primary):
    """The problems with one name (none when it passes), and what was measured."""
    pdf, error = ledger.certificate(pid, name)
    if not pdf:
        return [f"not issued: {error}"], ""
    problems = []
    text = run(["pdftotext", pdf, "-"]).stdout.decode()
    # Poppler marks right-to-left runs, and may put a space where an Arabic letter does not
    # join the next (فا طمه): compared without them, the letters must come in logical order.
    lines = [re.sub(r"[\u202a-\u202e\s]", "", line) for line in text.splitlines()]
    nfc = unicodedata.normalize("NFC", name)
    if re.sub(r"\s", "", nfc) not in lines:
        problems.append(f"pdftotext does not give back {nfc!r} in logical order on a line")
    extra = sorted(f for f in fonts_of(pdf) - fonts_of(primary["pdf"]))
    ps = extra[0] if extra else primary["font"]
    if len(extra) > 1:
        problems.append(f"drawn in several fallback fonts {extra}; pick a one-font name")
    path, index = font_file(ps)
    if not path:
        return problems + [f"font {ps} not found with fc-list"], ""
    oracle_png = os.path.join(work, pid + "-hb.png")
    run(["hb-view", f"--font-file={path}", f"--face-index={index}", "--font-size=120",
         "--margin=16", "-O", "png", "-o", oracle_png, nfc])
    drawn = ink(name_image(pdf, work, pid))
    oracle = ink(Image.open(oracle_png))
    if drawn is None:
        return problems + ["nothing drawn in the name's box"], ""
    drawn.save(os.path.join(work, pid + "-drawn.png"))
    ratio, iou = compare(drawn, oracle)
    measured = f"{ps}: width/height differs by {ratio:.1%}, ink overlap {iou:.2f}"
    if ratio > MAX_RATIO_DIFF or iou < MIN_IOU:
        problems.append(f"drawn unlike hb-view in {measured} (need <= {MAX_RATIO_DIFF:.0%} "
                        f"and >= {MIN_IOU})")
    return problems, measured


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--balint", required=True)
    ap.add_argument("--keep", help="keep the PDFs and images in this folder")
    ap.add_argument("--only", nargs="*", help="only these names (labels or names)")
    args = ap.parse_args()
    for tool in ("pdftoppm", "pdftotext", "pdffonts", "fc-list", "hb-view"):
        need(tool)
    work = args.keep or tempfile.mkdtemp(prefix="balint-visual-")
    os.makedirs(work, exist_ok=True)
    try:
        ledger = Ledger(os.path.abspath(args.balint), work)
        # A plain Latin name: its bold font is the one the template draws names in.
        pdf, error = ledger.certificate("latin", "Helen Barker")
        if not pdf:
            sys.exit(f"visual test: the reference certificate was not issued: {error}")
        bold = sorted(f for f in fonts_of(pdf) if "Bold" in f)
        primary = {"pdf": pdf, "font": bold[0] if bold else ""}
        failed = 0
        names = [n for n in NAMES if not args.only or n[0] in args.only or n[1] in args.only]
        for i, (label, name) in enumerate(names):
            problems, measured = check(ledger, work, f"n{i:02d}", name, primary)
            status = "ok  " if not problems else "FAIL"
            print(f"{status} {label}: {name}" + (f" ({measured})" if not problems else ""))
            for p in problems:
                print(f"       {p}")
            failed += bool(problems)
        print(f"{len(names) - failed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
