#!/usr/bin/env python3
"""balint serve in German and in Greek, in headless Chromium: a member's dashboard and log form
with no English text of the catalogue left (every msgid whose translation differs from it,
looked for in the page's text and in the labels people read), <html lang> set, dates and
hours written the language's way, rule titles from title_de/title_el; the progress report PDF
downloaded from the Greek dashboard in Greek (its text layer read with pdftotext, its first
page rasterised with pdftoppm); the language selector
(kept in the cookie `lang`) and the browser's Accept-Language choose the language, the cookie
winning over the header; an English browser still gets the English page.
Usage: language_test.py --balint build/balint"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

from browser import Browser
from harness import PASSWORD, REPO, run_main, Ledger, Server, check, society

# Text of the page that is data, not the program's words: names, groups, ids, vocabulary
# tokens of the ledger (SPEC §5), rule-set families, the program's name.
DATA = ["Ann Able", "Thursday group", "Helen Barker", "bbs-leader", "balint", "ann", "helen"]


def catalogue(lang):
    """msgid -> msgstr of po/LANG.po (the header left out); strings may run over lines. With
    lang "balint": the English template po/balint.pot (every msgstr empty)."""
    out, cur, key = {}, {}, None
    name = "balint.pot" if lang == "balint" else f"{lang}.po"
    text = open(os.path.join(REPO, "po", name), encoding="utf-8").read()
    for line in text.splitlines() + [""]:
        m = re.match(r'^(msgid|msgstr) "(.*)"$', line)
        if m:
            key = m.group(1)
            cur[key] = m.group(2)
        elif line.startswith('"') and key:
            cur[key] += line[1:-1]
        else:
            if cur.get("msgid"):
                unq = lambda s: s.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
                out[unq(cur["msgid"])] = unq(cur.get("msgstr", ""))
            cur, key = {}, None
    return out


def page_words(b):
    """What a reader meets on the page: its text, its title and the labels of its controls and
    landmarks (aria-label, placeholder, title, alt, data-label of table cards)."""
    labels = b.driver.execute_script(
        "const out = [document.title];"
        "document.querySelectorAll('[aria-label],[placeholder],[title],[alt],[data-label]')"
        ".forEach(e => ['aria-label','placeholder','title','alt','data-label'].forEach(a => {"
        " if (e.hasAttribute(a)) out.push(e.getAttribute(a)); }));"
        "document.querySelectorAll('option').forEach(o => out.push(o.textContent));"
        "return out;")
    text = b.text() + "\n" + "\n".join(labels)
    # The language selector names each language in itself, English included.
    for name in ("English", "Deutsch", "Ελληνικά"):
        text = text.replace(name, " ")
    for d in DATA:
        text = text.replace(d, " ")
    return text


# Every message of the pages, from the English template po/balint.pot.
ENGLISH = catalogue("balint")


def english_in(text, translations):
    """The msgids of po/balint.pot found in `text` that the language's catalogue does not give
    as the same words (untranslated or missing counts as English)."""
    for d in DATA:
        text = text.replace(d, " ")
    left = []
    for msgid in ENGLISH:
        if translations.get(msgid) == msgid:
            continue  # the same words in this language ("Status" in German)
        if re.search(r"(?<![\w-])" + re.escape(msgid) + r"(?![\w-])", text):
            left.append(msgid)
    return left


def english_left(b, translations):
    """The msgids shown in English on the page."""
    return english_in(page_words(b), translations)


def no_english(b, lang, translations, where):
    left = english_left(b, translations)
    check(not left, f"{lang}: no English text of the catalogue left on {where}"
          + (f" (found: {left})" if left else ""))


def progress_pdf_in(lang, title, requirement, day):
    """A check of the progress report PDF downloaded from the dashboard in `lang`."""
    def run(b, translations):
        b.go("/")
        path = b.download("a.pdf")
        if os.environ.get("BALINT_KEEP_PDF"):
            subprocess.run(["cp", path, os.environ["BALINT_KEEP_PDF"]], check=True)
        with open(path, "rb") as f:
            check(f.read(5) == b"%PDF-", f"{lang}: /progress.pdf is a PDF")
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                              check=True).stdout
        flat = " ".join(text.split())
        for msgid in ("Requirements", "Cumulative hours by role", "Entries that counted"):
            want = translations[msgid]
            check(want in flat, f"{lang}: the PDF says {want!r} ({msgid!r})")
        not_yet = translations["Not yet eligible, still unmet: {}."].split("{}")[0]
        check(not_yet in flat or translations["Eligible: every essential requirement is met."] in flat,
              f"{lang}: the PDF's verdict is in {lang} ({not_yet!r}...)")
        for what, want in (("the rule set's title", title), ("a requirement's title", requirement),
                           ("the day of the enrolment", day), ("the first page's label", translations["page {page} of {pages}"]
                                                               .replace("{page}", "1").split("{pages}")[0].strip()),
                           ("the footer", f"{title} · " + translations["{person_name} · {title} · as of {as_of}"]
                                                            .split("{as_of}")[0].split("{title} · ")[1].strip())):
            check(want in flat, f"{lang}: the PDF shows {what}: {want!r}")
        # Left out: what eval writes as sentences, English on the pages too (README, Languages):
        # a membership's or applicability's detail and the reasons of near misses.
        for sentence in (r"no membership of [^.]*? recorded", r"applies only when [^)]*\)",
                         r"\d+ sessions? did not count: (leader '[^']*' not accredited on that date|no leader given)"):
            flat = re.sub(sentence, " ", flat)
        left = english_in(flat, translations)
        check(not left, f"{lang}: no English text of the catalogue left in the PDF's text layer"
              + (f" (found: {left})" if left else ""))
        # Drawn, not only in the text layer: the first page rasterised has ink (the Greek
        # letters are in Noto Sans; a font without them would fail the render, not draw boxes).
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-gray", path,
                            os.path.join(tmp, "p")], check=True)
            pgm = open(os.path.join(tmp, os.listdir(tmp)[0]), "rb").read()
            header = pgm.split(maxsplit=4)
            check(header[0] == b"P5", f"{lang}: pdftoppm made a greyscale image")
            w, h = int(header[1]), int(header[2])
            pixels = pgm[-w * h:]
            ink = sum(1 for v in pixels if v < 128) / (w * h)
            check(0.005 < ink < 0.5, f"{lang}: the PDF's first page rasterised has text drawn ({ink:.1%} dark)")
    return run


def walk(b, lang, translations, expect, pdf=None):
    """Chooses `lang` (?lang=, kept in the cookie), logs in as ann, then walks the dashboard and
    the log form; forgets the session and the choice at the end."""
    try:
        b.go(f"/login?lang={lang}")
        check(b.find("html").get_attribute("lang") == lang,
              f"{lang}: ?lang={lang} gives <html lang=\"{lang}\"> on the login page")
        check(b.find("h1").text == translations["Log in"], f"{lang}: the login page's heading is {translations['Log in']!r}")
        no_english(b, lang, translations, "/login")
        b.fill({"user": "ann", "password": PASSWORD})
        b.submit_with_enter("password")
        b.wait_for_path("/", f"{lang}: logging in")
        check(b.find("html").get_attribute("lang") == lang, f"{lang}: the dashboard is <html lang=\"{lang}\">")
        check(b.find("h1").text == translations["Your progress"], f"{lang}: the dashboard's heading")
        no_english(b, lang, translations, "the dashboard")
        body = b.text()
        for what, want in expect.items():
            check(want in body, f"{lang}: the dashboard shows {what}: {want!r}")
        b.go("/?entries=all")
        no_english(b, lang, translations, "the dashboard with every entry")
        b.go("/log")
        check(b.find("h1").text == translations["Log a session"], f"{lang}: the log form's heading")
        no_english(b, lang, translations, "the log form")
        # A form with a mistake comes back in the same language, its error included.
        b.fill({"minutes": "90", "leader": "nobody"})
        b.submit_with_enter("minutes")
        b.wait_for_path("/log", f"{lang}: a form with a mistake")
        check(translations["Nothing was logged:"] in b.text(), f"{lang}: the form's error is in {lang}")
        b.fill({"minutes": "75", "leader": ""})
        b.submit_with_enter("minutes")
        b.wait_for_path("/?done=logged", f"{lang}: logging a session")
        check(translations["The session was logged."] in b.text(), f"{lang}: 'the session was logged' in {lang}")
        no_english(b, lang, translations, "the dashboard after logging")
        if pdf:
            pdf(b, translations)
    finally:
        b.driver.delete_all_cookies()


def selector(b, de, el):
    """An English browser: English pages; the selector switches to German (a cookie), the
    cookie wins over Accept-Language, and back to English."""
    try:
        b.go("/login")
        check(b.find("html").get_attribute("lang") == "en" and b.find("h1").text == "Log in",
              "en-GB browser: the English login page")
        check(b.find("footer nav [aria-current]").text == "English", "the selector marks English as the current language")
        b.click("footer nav a[hreflang='de']")
        b.wait_for_path("/login?lang=de", "choosing Deutsch")
        check(b.find("html").get_attribute("lang") == "de" and b.find("h1").text == de["Log in"],
              "choosing Deutsch on the selector shows the page in German")
        cookie = b.driver.get_cookie("lang")
        check(cookie and cookie["value"] == "de" and cookie.get("sameSite") == "Strict",
              "the choice is kept in the cookie lang=de, SameSite=Strict")
        b.go("/verify")
        check(b.find("html").get_attribute("lang") == "de" and b.find("h1").text == de["Check a certificate"],
              "the next page, without ?lang, is German too (the cookie wins over Accept-Language en-GB)")
        b.click("footer nav a[hreflang='el']")
        b.wait_for_path("/verify?lang=el", "choosing Ελληνικά")
        check(b.find("h1").text == el["Check a certificate"], "choosing Ελληνικά shows the page in Greek")
        b.click("footer nav a[hreflang='en']")
        b.wait_for_path("/verify?lang=en", "choosing English")
        check(b.find("html").get_attribute("lang") == "en" and b.find("h1").text == "Check a certificate",
              "and back to English")
    finally:
        b.driver.delete_all_cookies()


def accept_language(server):
    """The header alone, q-values honoured, over plain HTTP."""
    for header, want in [("de-DE,de;q=0.9,en;q=0.8", "de"), ("el", "el"), ("fr, el;q=0.3, de;q=0.2", "el"),
                         ("en;q=0.5, de;q=0.6", "de"), ("de;q=0, el;q=0", "en"), ("fr", "en"),
                         ("EL-gr", "el"), ("", "en")]:
        status, _, body = server.request("GET", "/login", headers={"Accept-Language": header})
        got = re.search(r'<html lang="([a-z]+)">', body.decode() if isinstance(body, bytes) else body)
        check(status == 200 and got and got.group(1) == want,
              f"Accept-Language {header!r} chooses {want}")
    status, _, body = server.request("GET", "/login", headers={"Accept-Language": "de", "Cookie": "lang=el"})
    body = body.decode() if isinstance(body, bytes) else body
    check('<html lang="el">' in body, "the cookie lang=el wins over Accept-Language de")
    status, _, body = server.request("GET", "/login", headers={"Accept-Language": "de", "Cookie": "lang=xx"})
    body = body.decode() if isinstance(body, bytes) else body
    check('<html lang="de">' in body, "a cookie naming no offered language is passed over")
    status, _, body = server.request("GET", "/api/verify/NOPE-NOPE-NOPE", headers={"Accept-Language": "de"})
    body = body.decode() if isinstance(body, bytes) else body
    check(all(w not in body for w in ("nicht", "Nicht")), "the JSON API stays English under Accept-Language de")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    args = ap.parse_args()
    ledger = Ledger(args.balint)
    society(ledger)
    # ann on the UK pathway, with an entry of 1 h 30 on a known day and one of 1 h 15.
    ledger.run("enrol", "ann", "--family", "bbs-leader", "--on", "2025-01-10")
    de, el = catalogue("de"), catalogue("el")
    server = Server(ledger)
    b = None
    try:
        accept_language(server)
        # One browser (an English one) for the rest: its start is most of this test's time.
        b = Browser(server.origin, "languages", lang="en-GB")
        selector(b, de, el)
        walk(b, "de", de, {
            "a date in German": "01.10.2026",
            "hours with a decimal comma": "1,50",
            "the rule set's title_de": "Akkreditierung von Balint-Gruppenleiterinnen und -leitern",
            "a requirement's title_de": "Mitglied der UK Balint Society",
        })
        walk(b, "el", el, {
            "a date in Greek": "1 Οκτ 2026",
            "hours with a decimal comma": "1,50",
            "the rule set's title_el": "Διαπίστευση συντονιστών ομάδων Balint",
            "a requirement's title_el": "Μέλος της UK Balint Society",
        }, pdf=progress_pdf_in("el", "Διαπίστευση συντονιστών ομάδων Balint", "Μέλος της UK Balint Society",
                               "10 Ιαν 2025"))
    finally:
        if b:
            b.quit()
        server.stop()
    print("language test: all checks passed")
    return 0


if __name__ == "__main__":
    run_main(main)
