#!/usr/bin/env python3
"""Writes the bad-input corpus: the files under entries/, people/, rules/, templates/ and pdf/.

These files are committed; this script documents how each was made and re-creates them
(`python3 tests/bad-inputs/make_files.py`). The huge ones (a 10 MB note, a 10 MB name, a
rule file of 20,000 bad requirements, a 10 MB certificate token ...) are not committed: check.py makes them at run time with
`huge_files()` below. The expectations (exit code, message) live in cases.tsv.

The PDFs in pdf/ were cut from certificates issued once with a throw-away key whose public
half is pdf/issuer.pub (the private half was not kept): see make_pdfs(), which needs a ledger
with that key and is only run by hand (`make_files.py --pdfs path/to/balint`).
"""
import base64
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

ENTRY_HEADER = "date,person,activity,role,minutes\n"
GOOD_ROW = "2025-03-04,ann,group,member,90\n"
RULE_HEADER = ('[ruleset]\nid = "bad"\nfamily = "bad"\nkind = "accreditation"\n'
               'title = "Bad"\neffective_from = 2020-01-01\n\n')
REQ = '[[requirement]]\nid = "r"\ntitle = "R"\nmeasure = "sessions"\nat_least = 1\n'
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def entry_files():
    e = ENTRY_HEADER
    rnd = random.Random(4180)
    return {
        "empty.csv": b"",
        "bom-only.csv": b"\xef\xbb\xbf",
        "blank-lines.csv": b"\n\n  \n\r\n",
        "header-only-unknown.csv": b"date,persn,activity,role,minutes\n",
        "binary-random.csv": bytes(rnd.randrange(256) for _ in range(4096)),
        "binary-nul.csv": b"\x00" * 1000,
        "png-as-csv.csv": PNG_1X1,
        "gzip-as-csv.csv": bytes.fromhex("1f8b08000000000000034b4c4a0600c241243503000000"),
        "utf16be.csv": (e + GOOD_ROW).encode("utf-16-be"),
        "latin1-note.csv": (e.rstrip("\n") + ",note\n" + GOOD_ROW.rstrip("\n") + ",caf\xe9\n").encode("latin-1"),
        "overlong-utf8.csv": (e.rstrip("\n") + ",note\n").encode() + b"2025-03-04,ann,group,member,90,\xc0\xaf\n",
        "surrogate-utf8.csv": (e.rstrip("\n") + ",note\n").encode() + b"2025-03-04,ann,group,member,90,\xed\xa0\x80\n",
        "truncated-utf8.csv": (e.rstrip("\n") + ",note\n").encode() + b"2025-03-04,ann,group,member,90,\xe2\x82\n",
        "nul-in-field.csv": (e.rstrip("\n") + ",note\n").encode() + b"2025-03-04,ann,group,member,90,a\x00b\n",
        "unclosed-quote.csv": (e + '2025-03-04,ann,group,member,"90\n2025-03-05,ann,group,member,90\n').encode(),
        "truncated-in-quote.csv": (e.rstrip("\n") + ",note\n" + '2025-03-04,ann,group,member,90,"a note cut sh').encode(),
        "stray-quote.csv": (e + '2025-03-04,ann,gr"oup,member,90\n').encode(),
        "text-after-quote.csv": (e + '2025-03-04,ann,"group"x,member,90\n').encode(),
        "too-many-fields.csv": (e + GOOD_ROW.rstrip("\n") + ",extra\n").encode(),
        "too-few-fields.csv": (e + "2025-03-04,ann,group,member\n").encode(),
        "empty-header-name.csv": b"date,person,,activity,role,minutes\n2025-03-04,ann,x,group,member,90\n",
        "duplicate-column.csv": b"date,person,activity,role,minutes,date\n2025-03-04,ann,group,member,90,2025-03-04\n",
        "missing-person-column.csv": b"date,activity,role,minutes\n2025-03-04,group,member,90\n",
        "missing-duration-column.csv": b"date,person,activity,role\n2025-03-04,ann,group,member\n",
        "unknown-column.csv": b"date,person,activity,role,minutes,venue\n2025-03-04,ann,group,member,90,x\n",
        "long-header-name.csv": ("date,person,activity,role,minutes," + "n" * 5000 + "\n" + GOOD_ROW.rstrip("\n") + ",x\n").encode(),
        "double-bom.csv": b"\xef\xbb\xbf\xef\xbb\xbf" + (e + GOOD_ROW).encode(),
        "date-slashes.csv": (e + "2025/03/04,ann,group,member,90\n").encode(),
        "date-dmy.csv": (e + "04-03-2025,ann,group,member,90\n").encode(),
        "date-feb-30.csv": (e + "2025-02-30,ann,group,member,90\n").encode(),
        "date-month-13.csv": (e + "2025-13-01,ann,group,member,90\n").encode(),
        "date-1899.csv": (e + "1899-12-31,ann,group,member,90\n").encode(),
        "date-3000.csv": (e + "3000-01-01,ann,group,member,90\n").encode(),
        "date-with-time.csv": (e + "2025-03-04T10:00,ann,group,member,90\n").encode(),
        "date-missing.csv": (e + ",ann,group,member,90\n").encode(),
        "minutes-zero.csv": (e + "2025-03-04,ann,group,member,0\n").encode(),
        "minutes-1441.csv": (e + "2025-03-04,ann,group,member,1441\n").encode(),
        "minutes-negative.csv": (e + "2025-03-04,ann,group,member,-90\n").encode(),
        "minutes-decimal.csv": (e + "2025-03-04,ann,group,member,90.5\n").encode(),
        "minutes-exponent.csv": (e + "2025-03-04,ann,group,member,9e1\n").encode(),
        "minutes-huge.csv": (e + "2025-03-04,ann,group,member,99999999999999999999999\n").encode(),
        "minutes-words.csv": (e + "2025-03-04,ann,group,member,ninety\n").encode(),
        "minutes-and-hours.csv": b"date,person,activity,role,minutes,hours\n2025-03-04,ann,group,member,90,1.5\n",
        "no-duration.csv": b"date,person,activity,role,minutes,hours\n2025-03-04,ann,group,member,,\n",
        "hours-zero.csv": b"date,person,activity,role,hours\n2025-03-04,ann,group,member,0\n",
        "hours-over-24.csv": b"date,person,activity,role,hours\n2025-03-04,ann,group,member,24.01\n",
        "hours-five-decimals.csv": b"date,person,activity,role,hours\n2025-03-04,ann,group,member,1.00001\n",
        "hours-comma.csv": b'date,person,activity,role,hours\n2025-03-04,ann,group,member,"1,5"\n',
        "hours-nan.csv": b"date,person,activity,role,hours\n2025-03-04,ann,group,member,nan\n",
        "hours-inf.csv": b"date,person,activity,role,hours\n2025-03-04,ann,group,member,inf\n",
        "unknown-activity.csv": (e + "2025-03-04,ann,balint,member,90\n").encode(),
        "unknown-role.csv": (e + "2025-03-04,ann,group,observer,90\n").encode(),
        "unknown-format.csv": b"date,person,activity,role,minutes,format\n2025-03-04,ann,group,member,90,zoom\n",
        "unknown-person.csv": (e + "2025-03-04,annie,group,member,90\n").encode(),
        "uppercase-person.csv": (e + "2025-03-04,ANN,group,member,90\n").encode(),
        "unknown-leader.csv": b"date,person,activity,role,minutes,leader\n2025-03-04,ann,group,member,90,nobody\n",
        "cases-negative.csv": b"date,person,activity,role,minutes,cases\n2025-03-04,ann,group,member,90,-1\n",
        "cases-decimal.csv": b"date,person,activity,role,minutes,cases\n2025-03-04,ann,group,member,90,1.5\n",
        "days-zero.csv": b"date,person,activity,role,minutes,days\n2025-03-04,ann,group,member,90,0\n",
        "sql-in-person.csv": (e + "2025-03-04,ann'); DROP TABLE entry;--,group,member,90\n").encode(),
        "cr-in-unquoted.csv": (e + "2025-03-04,ann,group,mem\rber,90\n").encode(),
        "one-bad-row-of-many.csv": (e + GOOD_ROW * 500 + "2025-03-04,ann,group,member,9000\n" + GOOD_ROW * 499).encode(),
        "every-row-bad.csv": (e + "x,y,z,w,v\n" * 300).encode(),
        "header-is-data.csv": GOOD_ROW.encode() + GOOD_ROW.encode(),
        "person-9000-bytes.csv": (e + "2025-03-04," + "p" * 9000 + ",group,member,90\n").encode(),
        "escape-in-person.csv": (e + "2025-03-04,ann\x1b[2J,group,member,90\n").encode(),
        "truncated-mid-row.csv": (e + "2025-03-04,ann,gr").encode(),
        "crlf-bad-row.csv": (e + GOOD_ROW * 2 + "2025-03-04,ann,group,member,0\n").replace("\n", "\r\n").encode(),
        "multiline-note-then-bad.csv": (b'date,person,activity,role,minutes,note\n2025-03-04,ann,group,member,90,'
                                        b'"line one\nline two\nline three"\n2025-03-05,ann,group,member,abc,\n'),
        "bom-then-bad-date.csv": b"\xef\xbb\xbf" + (e + "2025-02-29,ann,group,member,90\n").encode(),
        "minutes-plus.csv": (e + "2025-03-04,ann,group,member,+90\n").encode(),
        "unknown-verified-by.csv": b"date,person,activity,role,minutes,verified_by\n2025-03-04,ann,group,member,90,ghost\n",
        "empty-person.csv": (e + "2025-03-04,,group,member,90\n").encode(),
    }


def people_files():
    return {
        "empty.csv": b"",
        "binary-random.csv": bytes(random.Random(65).randrange(256) for _ in range(2048)),
        "missing-id-column.csv": b"name,email\nAnn,ann@example.org\n",
        "missing-name-column.csv": b"id,email\nzed,zed@example.org\n",
        "uppercase-id.csv": b"id,name\nZed,Zed Example\n",
        "id-with-space.csv": b"id,name\nzed x,Zed Example\n",
        "id-65-chars.csv": ("id,name\n" + "z" * 65 + ",Zed Example\n").encode(),
        "empty-name.csv": b"id,name\nzed,\n",
        "duplicate-id.csv": b"id,name\nzed,Zed One\nzed,Zed Two\n",
        "unknown-column.csv": b"id,name,phone\nzed,Zed Example,123\n",
        "attr-bad-key.csv": b"id,name,attr:Bad Key\nzed,Zed Example,x\n",
        "attr-empty-key.csv": b"id,name,attr:\nzed,Zed Example,x\n",
        "latin1-name.csv": "id,name\nzed,Z\xe9d\n".encode("latin-1"),
        "nul-in-name.csv": b"id,name\nzed,Z\x00ed\n",
        "unclosed-quote.csv": b'id,name\nzed,"Zed Example\n',
        "too-many-fields.csv": b"id,name\nzed,Zed,Example\n",
        "existing-other-name.csv": b"id,name\nann,Another Ann\n",
        "sql-in-id.csv": b"id,name\nzed'; DROP TABLE person;--,Zed\n",
        "attr-duplicate.csv": b"id,name,attr:x,attr:x\nzed,Zed,a,b\n",
        "escape-in-id.csv": b"id,name\nzed\x1b[2J,Zed\n",
        "truncated-in-quote.csv": b'id,name\nzed,"Zed Exa',
    }


def rule_files():
    h, q = RULE_HEADER, REQ
    return {
        "empty.toml": b"",
        "binary-random.toml": bytes(random.Random(6).randrange(256) for _ in range(2048)),
        "not-toml.toml": b"this is not toml at all\n",
        "syntax-error.toml": (h + '[[requirement]\nid = "r"\n').encode(),
        "truncated.toml": (h + '[[requirement]]\nid = "r"\ntitle = "R"\nmeasure = "sess').encode(),
        "no-ruleset.toml": q.encode(),
        "ruleset-not-table.toml": (b'ruleset = "x"\n' + q.encode()),
        "no-requirement.toml": h.encode(),
        "missing-id.toml": h.replace('id = "bad"\n', "").encode() + q.encode(),
        "bad-id-chars.toml": h.replace('id = "bad"', 'id = "Bad Id"').encode() + q.encode(),
        "unknown-kind.toml": h.replace('"accreditation"', '"acreditation"').encode() + q.encode(),
        "quoted-date.toml": h.replace("2020-01-01", '"2020-01-01"').encode() + q.encode(),
        "date-1899.toml": h.replace("2020-01-01", "1899-12-31").encode() + q.encode(),
        "date-feb-30.toml": h.replace("2020-01-01", "2020-02-30").encode() + q.encode(),
        "effective-to-before.toml": h.replace("effective_from = 2020-01-01\n",
                                              "effective_from = 2020-01-01\neffective_to = 2019-01-01\n").encode() + q.encode(),
        "unknown-header-key.toml": h.replace("title", "titel").encode() + q.encode(),
        "requirement-no-title.toml": (h + '[[requirement]]\nid = "r"\nmeasure = "sessions"\nat_least = 1\n').encode(),
        "two-kinds.toml": (h + q + 'membership = "UK Balint Society"\n').encode(),
        "no-kind.toml": (h + '[[requirement]]\nid = "r"\ntitle = "R"\nat_least = 1\n').encode(),
        "unknown-measure.toml": (h + q.replace('"sessions"', '"session"')).encode(),
        "at-least-negative.toml": (h + q.replace("at_least = 1", "at_least = -1")).encode(),
        "at-least-three-decimals.toml": (h + q.replace('"sessions"', '"hours"').replace("at_least = 1", "at_least = 1.555")).encode(),
        "at-least-nan.toml": (h + q.replace("at_least = 1", "at_least = nan")).encode(),
        "at-least-inf.toml": (h + q.replace("at_least = 1", "at_least = inf")).encode(),
        "at-least-int-overflow.toml": (h + q.replace("at_least = 1", "at_least = 9223372036854775808")).encode(),
        "at-most-below.toml": (h + q + "at_most = 0\n").encode(),
        "sessions-fraction.toml": (h + q.replace("at_least = 1", "at_least = 1.5")).encode(),
        "unknown-where-field.toml": (h + q + 'where = { venue = "x" }\n').encode(),
        "unknown-activity.toml": (h + q + 'where = { activity = "balint" }\n').encode(),
        "where-not-table.toml": (h + q + 'where = "group"\n').encode(),
        "range-inverted.toml": (h + q + "where = { minutes = { at_least = 90, at_most = 60 } }\n").encode(),
        "empty-list.toml": (h + q + "where = { role = [] }\n").encode(),
        "bad-span.toml": (h + q + 'within = "5x"\n').encode(),
        "span-9999y.toml": (h + q + 'within = "9999y"\n').encode(),
        "held-for-9999m.toml": (h + '[[requirement]]\nid = "r"\ntitle = "R"\naccreditation = "bbs-leader"\nheld_for = "9999m"\n').encode(),
        "per-week.toml": (h + q + 'per = "week"\n').encode(),
        "undefined-part.toml": (h + '[[requirement]]\nid = "all"\ntitle = "A"\nall_of = ["r", "s"]\n\n' + q).encode(),
        "cycle.toml": (h + '[[requirement]]\nid = "a"\ntitle = "A"\nall_of = ["b"]\n\n[[requirement]]\nid = "b"\ntitle = "B"\nany_of = ["a"]\n').encode(),
        "self-part.toml": (h + '[[requirement]]\nid = "a"\ntitle = "A"\nall_of = ["a"]\n').encode(),
        "duplicate-requirement.toml": (h + q + "\n" + q).encode(),
        "credit-in-accreditation.toml": (h + q + "\n[[credit]]\nper_hour = 1\n").encode(),
        "credits-without-rates.toml": h.replace('"accreditation"', '"cpd"').encode() + q.replace('"sessions"', '"credits"').encode(),
        "credit-rate-missing.toml": h.replace('"accreditation"', '"cpd"').encode() + (q + "\n[[credit]]\ncap_per_day = 6\n").encode(),
        "when-not-table.toml": (h + q + 'when = "psychodynamic_training"\n').encode(),
        "utf16.toml": (h + q).encode("utf-16"),
        "nested-arrays-10000.toml": (h + q + "note = " + "[" * 10000 + "]" * 10000 + "\n").encode(),
        "nested-tables-10000.toml": (h + q + "where = " + "{ a = " * 10000 + "1" + " }" * 10000 + "\n").encode(),
        "shared-parts-2pow40.toml": open(os.path.join(HERE, "..", "fuzz", "regressions", "rules",
                                                      "shared-parts-2pow40.toml"), "rb").read(),
        "nesting-71-levels.toml": open(os.path.join(HERE, "..", "fuzz", "regressions", "rules",
                                                    "nesting-71-levels.toml"), "rb").read(),
        "key-10000-long.toml": (h + q + "k" * 10000 + " = 1\n").encode(),
        "dotted-key-10000.toml": (h + q + "note." + ".".join(["a"] * 10000) + " = 1\n").encode(),
        "table-header-10000.toml": (h + q + "[" + ".".join(["a"] * 10000) + "]\n").encode(),
        "array-header-10000.toml": (h + q + "[[" + ".".join(["a"] * 10000) + "]]\n").encode(),
        "tables-in-arrays-5000.toml": (h + q + "where = " + "[{ a = " * 5000 + "1" + " }]" * 5000 + "\n").encode(),
        "nul-in-title.toml": (h + q.replace('title = "R"', 'title = "R\\u0000S"')).encode(),
    }


def template_files():
    return {
        "binary-random.toml": bytes(random.Random(7).randrange(256) for _ in range(2048)),
        "syntax-error.toml": b'[page\nsize = "A4"\n',
        "unknown-key.toml": b'[page]\nsize = "A4"\ncolour = "red"\n',
        "unknown-page-size.toml": b'[page]\nsize = "A3"\n',
        "orientation.toml": b'[page]\norientation = "sideways"\n',
        "margins-no-room.toml": b"[page]\nmargin = 400\n",
        "margin-negative.toml": b"[page]\nmargin = [10, -1, 10, 10]\n",
        "margin-nan.toml": b"[page]\nmargin = nan\n",
        "margin-list-nan.toml": b"[page]\nmargin = [10, nan, 10, 10]\n",
        "unknown-placeholder.toml": b'[[text]]\ntext = "Dear {nmae}"\ny = 10\n',
        "unclosed-brace.toml": b'[[text]]\ntext = "Dear {name"\ny = 10\n',
        "text-missing.toml": b"[[text]]\ny = 10\n",
        "text-outside-page.toml": b'[[text]]\ntext = "x"\nx = 4000\ny = 10\n',
        "text-size-zero.toml": b'[[text]]\ntext = "x"\nsize = 0\n',
        "text-size-inf.toml": b'[[text]]\ntext = "x"\nsize = inf\n',
        "bad-color.toml": b'[[text]]\ntext = "x"\ncolor = "blue"\n',
        "image-missing.toml": b'[[image]]\nfile = "missing.png"\nwidth = 50\n',
        "image-not-png.toml": b'[[image]]\nfile = "not-a-png.png"\nwidth = 50\n',
        "image-empty-name.toml": b'[[image]]\nfile = ""\nwidth = 50\n',
        "font-missing.toml": b'[fonts]\nregular = ["NoSuchFont.ttf"]\n',
        "font-not-ttf.toml": b'[fonts]\nregular = ["not-a-font.ttf"]\n',
        "font-empty-list.toml": b"[fonts]\nregular = []\n",
        "line-bad-point.toml": b"[[line]]\nfrom = [0]\nto = [10, 10]\n",
        "qr-too-small.toml": b'[[qr]]\ndata = "{verify_payload}"\nsize = 1\n',
        "text-not-utf8.toml": b'[[text]]\ntext = "caf\xe9"\n',
        "nested-arrays-10000.toml": ("[page]\nmargin = " + "[" * 10000 + "]" * 10000 + "\n").encode(),
        "elements-not-tables.toml": b'text = ["a", "b"]\n',
        "truncated.toml": b'[[text]]\ntext = "Dear {na',
        "nul-in-text.toml": b'[[text]]\ntext = "a\\u0000b"\n',
        "image-is-folder.toml": b'[[image]]\nfile = "."\nwidth = 50\n',
        "nested-tables-10000.toml": ("[page]\nmargin = " + "{ a = " * 10000 + "1" + " }" * 10000 + "\n").encode(),
        "dotted-key-10000.toml": ("[page]\n" + ".".join(["a"] * 10000) + " = 1\n").encode(),
    }


FORGED_BASE = {"kind": "cpd", "serial": "CPD-2026-000001", "revision": 1, "person": "zoe",
               "name": "Zoe Example", "ruleset": "cpd-uk", "edition": "1 credit per hour",
               "from": "2025-01-01", "to": "2025-12-31", "issued": "2026-01-10",
               "figures": {"hours": "1.50", "credits": "1.50"}}


def forged_token(fields):
    """A token in balint's canonical form (sorted keys, no white space, UTF-8 as is, control
    characters as JSON escapes, as nlohmann::json writes them) with a signature of zero bytes:
    it decodes, so verify prints its claims, but no key signed it."""
    p = {k: v for k, v in dict(FORGED_BASE, **fields).items() if v is not None}
    body = json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=")
    return b"BLC1." + b64(body) + b"." + b64(bytes(64))


def forged_files():
    """Issue 14: forged payloads whose text would redraw the terminal or fake a `valid:` line if
    printed raw (escape sequences, line breaks, bidi overrides, C1 controls)."""
    cases = {
        "serial-clear-screen": {"serial": "\x1b[2J\x1b[Hvalid: CPD-2026-000001"},
        "name-newline": {"name": "Zoe\nvalid: CPD-2026-000002 Zoe, 900.00 hours"},
        "name-carriage-return": {"name": "Zoe\rvalid: CPD-2026-000002"},
        "name-rlo": {"name": "Zoe \u202e00.009 sruoh"},
        "name-isolates": {"name": "\u2066Zoe\u2069 \u2067valid\u2069"},
        "name-rlm-alm": {"name": "\u200fZoe\u061c"},
        "edition-osc-title": {"edition": "\x1b]0;valid certificate\x07"},
        "person-c1-csi": {"person": "zoe\u009b2J"},
        "hours-newline": {"figures": {"hours": "1.50\nvalid: 900.00", "credits": "1.50"}},
        "ruleset-bell": {"ruleset": "cpd-uk\x07\x07"},
        "registration-del": {"registration": "REG\x7f\x7f\x7f"},
        "serial-line-separator": {"serial": "CPD-2026-000001\u2028valid: CPD-2026-000003"},
        "name-nul": {"name": "Zoe\u0000Evil"},
        "serial-tab": {"serial": "CPD\t2026"},
        "name-backspaces": {"name": "Mallory\b\b\b\b\b\b\bZoe Example"},
        "accreditation-family-escape": {"kind": "accreditation", "from": None, "to": None,
                                        "figures": {"family": "\x1b[32mbbs-leader\x1b[0m",
                                                    "status": "accredited",
                                                    "accredited_on": "2015-06-01"}},
        "names-unknown-key": {"key": "0123456789abcdef"},
    }
    files = {}
    for name, fields in cases.items():
        files[name + ".pdf"] = (b"%PDF-1.4\n% a forged certificate token, not a real PDF\n" +
                                forged_token(fields) + b"\n")
    files["two-forged-tokens.pdf"] = (b"%PDF-1.4\n" + forged_token({"name": "A\x1b[1A"}) + b"\n" +
                                      forged_token({"serial": "B\u202e"}) + b"\n")
    return files


def formula_files():
    """Issue 14: CSV cells a spreadsheet would run as formulas, in columns where they are bad
    data; one `'` before = + - @ is removed on import (SPEC §8), so `'-90` is -90."""
    h = "date,person,activity,role,minutes\n"
    return {
        "person-hyperlink.csv": (h + '2025-03-04,"=HYPERLINK(""http://evil.example"",""x"")",group,member,90\n').encode(),
        "date-today.csv": (h + "=TODAY(),ann,group,member,90\n").encode(),
        "minutes-quoted-minus.csv": (h + "2025-03-04,ann,group,member,'-90\n").encode(),
        "minutes-quoted-plus.csv": (h + "2025-03-04,ann,group,member,'+90\n").encode(),
        "activity-at-sum.csv": (h + "2025-03-04,ann,@SUM(A1:A9),member,90\n").encode(),
        "role-minus.csv": (h + "2025-03-04,ann,group,-member,90\n").encode(),
        "hours-formula.csv": b"date,person,activity,role,hours\n2025-03-04,ann,group,member,=1+1\n",
        "leader-dde.csv": (h.rstrip("\n") + ",leader\n2025-03-04,ann,group,member,90,=cmd|' /C calc'!A0\n").encode(),
        "cases-quoted-formula.csv": (h.rstrip("\n") + ",cases\n2025-03-04,ann,group,member,90,'=2\n").encode(),
        "header-formula.csv": b"=date,person,activity,role,minutes\n2025-03-04,ann,group,member,90\n",
        "format-quoted-at.csv": (h.rstrip("\n") + ",format\n2025-03-04,ann,group,member,90,'@online\n").encode(),
        "days-quoted-minus.csv": (h.rstrip("\n") + ",days\n2025-03-04,ann,group,member,90,'-1\n").encode(),
        "person-escape.csv": (h + "2025-03-04,\x1b[2Jann,group,member,90\n").encode(),
        "person-rlo.csv": (h + "2025-03-04,ann\u202e,group,member,90\n").encode(),
    }


def make_pdfs(balint):
    """Issues two certificates with a throw-away key and a third with another key, then cuts
    the bad PDFs from them; keeps only the public key (pdf/issuer.pub)."""
    import shutil
    import tempfile
    out = os.path.join(HERE, "pdf")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        def run(db, *args):
            subprocess.run([balint, "--db", os.path.join(tmp, db), "--as-of", "2026-01-10", *args],
                           check=True, cwd=tmp, stdout=subprocess.DEVNULL)
        for db in ("a.sqlite", "b.sqlite"):
            run(db, "init")
            run(db, "person", "add", "zoe", "--name", "Zoe Example")
            run(db, "log", "--person", "zoe", "--date", "2025-03-04", "--activity", "group",
                "--role", "member", "--minutes", "90")
            run(db, "keys", "init")
        run("a.sqlite", "certificate", "zoe", "--rules", "cpd-uk", "-p", "2025", "--out", "zoe.pdf")
        run("b.sqlite", "certificate", "zoe", "--rules", "cpd-uk", "-p", "2025", "--out", "other.pdf")
        shutil.copy(os.path.join(tmp, "a.sqlite.pub"), os.path.join(out, "issuer.pub"))
        zoe = open(os.path.join(tmp, "zoe.pdf"), "rb").read()
        other = open(os.path.join(tmp, "other.pdf"), "rb").read()
    token = re.search(rb"BLC1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)", zoe)
    body, sig = token.group(1), token.group(2)
    payload = json.loads(base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4)))

    def b64(raw):
        return base64.urlsafe_b64encode(raw).rstrip(b"=")

    def with_body(new_body, new_sig=sig):
        return zoe.replace(token.group(0), b"BLC1." + new_body + b"." + new_sig)

    def canonical(p):
        return json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    edited = dict(payload, figures=dict(payload["figures"], credits="9.50"))
    missing = {k: v for k, v in payload.items() if k != "serial"}
    extra = dict(payload, forged=True)
    files = {
        "empty.pdf": b"",
        "header-only.pdf": b"%PDF-1.4\n",
        "random.pdf": bytes(random.Random(1).randrange(256) for _ in range(4096)),
        "text.pdf": b"This is a certificate. Honestly.\n",
        "edited-credits.pdf": with_body(b64(canonical(edited))),
        "signature-flipped.pdf": with_body(body, (b"A" if sig[:1] != b"A" else b"B") + sig[1:]),
        "signature-short.pdf": with_body(body, sig[:20]),
        "other-key.pdf": other,
        "payload-not-json.pdf": with_body(b64(b"not json at all")),
        "payload-missing-serial.pdf": with_body(b64(canonical(missing))),
        "payload-extra-key.pdf": with_body(b64(canonical(extra))),
        "payload-not-canonical.pdf": with_body(b64(json.dumps(payload, indent=1).encode())),
        "payload-bad-date.pdf": with_body(b64(canonical(dict(payload, issued="2026-02-30")))),
        "payload-revision-zero.pdf": with_body(b64(canonical(dict(payload, revision=0)))),
        "payload-latin1.pdf": with_body(b64(canonical(payload).replace(b"Zoe", b"Z\xf6e"))),
        "token-empty-parts.pdf": zoe.replace(token.group(0), b"BLC1.."),
        "token-cut-in-half.pdf": zoe[:token.start() + len(token.group(0)) // 2],
        "token-bad-base64.pdf": with_body(b"!!!!" + body[4:]),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


def ledger_files():
    """Files given as --db that are not balint ledgers (SPEC §8: refused, left byte-identical),
    and balint ledgers that a read must not touch."""
    import sqlite3
    import tempfile

    def db(*sql):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "x.sqlite")
            con = sqlite3.connect(path)
            for statement in sql:
                con.execute(statement)
            con.commit()
            con.close()
            with open(path, "rb") as f:
                return f.read()

    balint_id = "PRAGMA application_id = 1111575625"  # 'BALI'
    person = "CREATE TABLE person (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL DEFAULT '')"
    return {
        "empty.sqlite": b"",
        "blank.sqlite": db("VACUUM"),
        "notes-v1.sqlite": db("CREATE TABLE notes (x)", "PRAGMA user_version = 1"),
        "other-app-id.sqlite": db("PRAGMA application_id = 1234", "PRAGMA user_version = 3"),
        "other-tables.sqlite": db("CREATE TABLE recipes (name TEXT)", "INSERT INTO recipes VALUES ('soup')"),
        "newer.sqlite": db(person, balint_id, "PRAGMA user_version = 99"),
        "older.sqlite": db(person, balint_id, "PRAGMA user_version = 1"),
        "text.sqlite": b"Dear Ann, here are my notes.\n",
        "sqlite-header-only.sqlite": b"SQLite format 3\x00" + bytes(84),
    }


def write(folder, files):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    for name, data in files.items():
        if data is None:
            continue
        with open(os.path.join(HERE, folder, name), "wb") as f:
            f.write(data)


def huge_token(body, sig):
    """A PDF-ish file whose certificate token has a 10 MB body or signature; the other part is
    taken from pdf/other-key.pdf."""
    with open(os.path.join(HERE, "pdf", "other-key.pdf"), "rb") as f:
        token = re.search(rb"BLC1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)", f.read())
    return b"%PDF-1.4\nBLC1." + (body or token.group(1)) + b"." + (sig or token.group(2)) + b"\n"


def huge_files(folder):
    """The files too large to commit, made in `folder` by check.py; returns their names."""
    big = "x" * 10_000_000
    files = {
        "huge-note.csv": (ENTRY_HEADER.rstrip("\n") + ",note\n" + GOOD_ROW.rstrip("\n") + "," + big + "\n").encode(),
        "huge-person.csv": (ENTRY_HEADER + "2025-03-04," + big + ",group,member,90\n").encode(),
        "huge-header.csv": (ENTRY_HEADER.rstrip("\n") + "," + big + "\n" + GOOD_ROW.rstrip("\n") + ",x\n").encode(),
        "huge-quoted-rest.csv": (ENTRY_HEADER.rstrip("\n") + ",note\n" + GOOD_ROW.rstrip("\n") + ',"'
                                 + ("swallowed line,\n" * 700_000) + '"\n').encode(),
        "huge-name.csv": ("id,name\nzed," + big + "\n").encode(),
        "huge-title.toml": (RULE_HEADER.replace('title = "Bad"', 'title = "' + big + '"') + REQ).encode(),
        "huge-unknown-key.toml": (RULE_HEADER + REQ + big + " = 1\n").encode(),
        "many-requirements.toml": (RULE_HEADER + "".join(
            f'[[requirement]]\nid = "r{i}"\ntitle = "R"\nmeasure = "sessions"\nat_least = {i % 5 + 1}\n'
            f'where = {{ activity = "groupe" }}\n\n' for i in range(20000))).encode(),
        "huge-token.pdf": huge_token(b"QUFB" * 2_500_000, None),
        "huge-signature.pdf": huge_token(None, b"A" * 10_000_000),
        "zeros.pdf": bytes(1_000_000),
        "huge-text.toml": ('[[text]]\ntext = "' + big + '"\ny = 10\n').encode() + b'[[text]]\ntext = "{nmae}"\n',
        # Under the 1 MB limit of rule and template files: the 10,000-byte limit of a string
        # still answers (the 10 MB files above are refused by size before they are read).
        "big-title.toml": (RULE_HEADER.replace('title = "Bad"', 'title = "' + "x" * 900_000 + '"') + REQ).encode(),
        "big-unknown-key.toml": (RULE_HEADER + REQ + "x" * 900_000 + " = 1\n").encode(),
        "many-requirements-9000.toml": (RULE_HEADER + "".join(
            f'[[requirement]]\nid = "r{i}"\ntitle = "R"\nmeasure = "sessions"\nat_least = {i % 5 + 1}\n'
            f'where = {{ activity = "groupe" }}\n\n' for i in range(9000))).encode(),
        "big-text.toml": ('[[text]]\ntext = "' + "x" * 900_000 + '"\ny = 10\n').encode() + b'[[text]]\ntext = "{nmae}"\n',
        "many-rows-bad.csv": (ENTRY_HEADER + "2025-03-04,ann,group,member,0\n" * 200_000).encode(),
    }
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    return sorted(files)


def special_file(name, folder):
    """Makes the special input `name` (cases.tsv's `special:NAME`) in `folder` at run time and
    returns its path: FIFOs, sockets, symbolic links to devices, sparse files over a limit, and
    templates naming such an image or font (issue 14, finding 6). NAME is KIND.EXT:
      fifo, socket, zero / null / urandom (links to /dev/...), fifo-link, dir-link, dangling,
      over-N (a sparse file of N bytes and one more: N is 1m, 10m, 50m, 64m or 2g),
      tpl-image-KIND / tpl-font-KIND (a template whose [[image]] or regular font is KIND)."""
    import socket
    path = os.path.join(folder, name)
    kind = name.rsplit(".", 1)[0]
    sizes = {"1m": 1 << 20, "10m": 10 << 20, "50m": 50 << 20, "64m": 64 << 20, "2g": 2 << 30}
    if kind.startswith("tpl-image-") or kind.startswith("tpl-font-"):
        what, inner = kind[4:].split("-", 1)
        target = "logo.png" if what == "image" else "font.ttf"
        with open(path, "w") as f:
            f.write(f'[[image]]\nfile = "{target}"\nwidth = 50\n' if what == "image"
                    else f'[fonts]\nregular = ["{target}"]\n')
        special_file(inner + "." + target.split(".")[1], folder)
        os.rename(os.path.join(folder, inner + "." + target.split(".")[1]),
                  os.path.join(folder, target))
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(path)
        s.close()
    elif kind in ("zero", "null", "urandom"):
        os.symlink("/dev/" + kind, path)
    elif kind == "fifo-link":
        os.mkfifo(path + ".fifo")
        os.symlink(path + ".fifo", path)
    elif kind == "dir-link":
        os.mkdir(path + ".d")
        os.symlink(path + ".d", path)
    elif kind == "dangling":
        os.symlink(path + ".gone", path)
    elif kind.startswith("over-"):
        with open(path, "wb") as f:
            f.truncate(sizes[kind[5:]] + 1)
    else:
        raise ValueError(f"unknown special input {name}")
    return path


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--pdfs":
        make_pdfs(sys.argv[2])  # the path of a balint binary
        return
    write("entries", entry_files())
    write("people", people_files())
    write("rules", rule_files())
    write("ledgers", ledger_files())
    tf = template_files()
    write("templates", tf)
    write("forged", forged_files())
    write("formulas", formula_files())
    with open(os.path.join(HERE, "templates", "not-a-png.png"), "wb") as f:
        f.write(b"date,person\n")
    with open(os.path.join(HERE, "templates", "not-a-font.ttf"), "wb") as f:
        f.write(PNG_1X1)


if __name__ == "__main__":
    main()
