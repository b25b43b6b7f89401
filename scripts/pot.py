#!/usr/bin/python3
"""The gettext template of the web pages, po/balint.pot: xgettext reads tr("...") in
src/web/*.cpp; the {{#t}}...{{/t}} sections of templates/web/*.mustache are read here (xgettext
knows no Mustache) and msgcat joins both.

    scripts/pot.py            write po/balint.pot, and merge it into each translation po/LANG.po
                              (msgmerge: new messages come in untranslated, changed ones fuzzy)
    scripts/pot.py --check    fail (exit 1) when po/balint.pot is not what the sources give, when
                              a page shows English text that does not go through gettext, or when
                              a po/LANG.po lacks a message of po/balint.pot, leaves one untranslated
                              or fuzzy, or msgfmt --check finds a mistake in it (a format
                              directive or the header)
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
POT = os.path.join(REPO, "po", "balint.pot")
T_SECTION = re.compile(r"\{\{#t\}\}(.*?)\{\{/t\}\}", re.S)
# Words a page may show untranslated: the program's name.
UNTRANSLATED_OK = {"balint"}


def po_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def template_messages():
    """(msgid, 'file:line') of every {{#t}} section, in file order."""
    out = []
    for path in sorted(glob.glob(os.path.join(REPO, "templates", "web", "*.mustache"))):
        text = open(path, encoding="utf-8").read()
        for m in T_SECTION.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.append((m.group(1), f"{os.path.relpath(path, REPO)}:{line}"))
    return out


def write_template_pot(path):
    refs = {}
    for msgid, where in template_messages():
        refs.setdefault(msgid, []).append(where)
    with open(path, "w", encoding="utf-8") as f:
        f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
        for msgid, wheres in refs.items():
            f.write(f"#: {' '.join(wheres)}\n#, no-c-format\nmsgid {po_quote(msgid)}\nmsgstr \"\"\n\n")


def run(*cmd):
    p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed: {p.stderr}")
    return p.stdout


def make_pot(out):
    with tempfile.TemporaryDirectory() as tmp:
        cpp = os.path.join(tmp, "cpp.pot")
        tpl = os.path.join(tmp, "templates.pot")
        sources = sorted(os.path.relpath(p, REPO) for p in glob.glob(os.path.join(REPO, "src", "web", "*.cpp")))
        run("xgettext", "--language=C++", "--keyword=tr", "--from-code=UTF-8", "--add-location=file",
            "--package-name=balint", "--msgid-bugs-address=", "--no-wrap", "-o", cpp, *sources)
        write_template_pot(tpl)
        run("msgcat", "--use-first", "--no-wrap", "--add-location=file", "-o", out, cpp, tpl)


def translations():
    return sorted(glob.glob(os.path.join(REPO, "po", "*.po")))


def merge_translations():
    for po in translations():
        run("msgmerge", "--quiet", "--update", "--backup=none", "--no-wrap", "--add-location=file",
            po, POT)


def translation_problems(pot):
    """What makes a po/LANG.po incomplete or wrong against `pot`: msgcmp names each message of
    `pot` missing from it, untranslated or fuzzy (without --use-fuzzy a fuzzy one counts as
    untranslated); msgfmt --check its format strings and header."""
    problems = []
    for po in translations():
        name = os.path.relpath(po, REPO)
        p = subprocess.run(["msgcmp", po, pot], cwd=REPO, capture_output=True, text=True)
        if p.returncode != 0:
            problems += [f"{name}: {line}" for line in p.stderr.splitlines() if line.strip()] or [f"{name}: msgcmp failed"]
        p = subprocess.run(["msgfmt", "--check", "-o", os.devnull, po], cwd=REPO, capture_output=True, text=True)
        if p.returncode != 0:
            problems += [f"{name}: {line}" for line in p.stderr.splitlines() if line.strip()]
        text = open(po, encoding="utf-8").read()
        # fmt's {} placeholders (msgfmt checks only printf's): as many in each translation.
        for msgid, msgstr in re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M):
            if msgstr and msgid.count("{}") != msgstr.count("{}"):
                problems.append(f"{name}: \"{msgstr}\" has {msgstr.count('{}')} {{}} where \"{msgid}\" has {msgid.count('{}')}")
        if re.search(r"^#,.*\bfuzzy\b", text, re.M):
            problems.append(f"{name}: has fuzzy translations (check them, then remove the fuzzy mark)")
    return problems


def msgids(path):
    """The msgids of a .pot, read with msgcat's help (one per entry, header left out)."""
    text = run("msgcat", "--no-wrap", "--no-location", path)
    ids, cur, reading = set(), None, False
    for line in text.splitlines():
        if line.startswith("msgid "):
            cur, reading = line[6:], True
        elif line.startswith('"') and reading:
            cur += line
        else:
            if reading and cur not in ('""',):
                ids.add(cur)
            reading = False
    return ids


def untranslated_template_text():
    """English a page shows outside {{#t}}: text between tags and the text of attributes that
    people read (aria-label, placeholder, title, alt)."""
    problems = []
    for path in sorted(glob.glob(os.path.join(REPO, "templates", "web", "*.mustache"))):
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            bare = T_SECTION.sub("", line)
            bare = re.sub(r"\{\{[^}]*\}\}\}?", "", bare)
            pieces = re.findall(r">([^<>]*)<", ">" + re.sub(r"<!--.*?-->", "", bare) + "<")
            pieces += re.findall(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"', bare)
            for piece in pieces:
                words = {w for w in re.findall(r"[A-Za-z]{2,}", piece)} - UNTRANSLATED_OK
                if words:
                    problems.append(f"{os.path.relpath(path, REPO)}:{n}: {piece.strip()!r} is not in {{{{#t}}}}")
    return problems


# Lines of src/web whose string literals are not page text: the JSON API's messages for scripts
# (English, like the command line's), the server's log and console, errors of `balint serve`'s
# own start-up, HTTP headers, markup and names.
NOT_PAGE_TEXT = re.compile(r"json_error\(|std::cerr|std::cout|throw core::|set_header|"
                           r"set_content|fmt::format\(\"<|^\s*//|^\s*\"<|Route k|InternalError")


# serve's start-up checks and `serve --check` (check.cpp), and serve()'s start-up (server.cpp):
# console text, in English like the command line's. guard.cpp answers connections refused
# before a request (and the language it asks for) is known — malformed HTTP, too slow, too
# many — in plain text for the client's software and the server's log, English like the API's.
CONSOLE_FILES = {"check.cpp", "guard.cpp"}
CONSOLE_FUNCTIONS = re.compile(r"^\S.*\b(serve)\(")


def untranslated_cpp_text():
    problems = []
    for path in sorted(glob.glob(os.path.join(REPO, "src", "web", "*.cpp"))):
        if os.path.basename(path) in CONSOLE_FILES:
            continue
        lines = open(path, encoding="utf-8").read().splitlines()
        in_console = False
        for n, line in enumerate(lines, 1):
            if CONSOLE_FUNCTIONS.match(line):
                in_console = True
            elif line == "}":
                in_console = False
            if in_console:
                continue
            # A line that continues a statement (clang-format breaks long calls) belongs to the
            # call begun on the line(s) before it: still in the same statement means none of
            # the lines between ends it with ';', '{' or '}'.
            before = []
            for k in range(n - 2, max(-1, n - 5), -1):
                if re.search(r"[;{}]\s*(//.*)?$", lines[k]):
                    break
                before.append(lines[k])
            if NOT_PAGE_TEXT.search(line) or any(NOT_PAGE_TEXT.search(b) for b in before):
                continue
            if line.strip().startswith('"') and any(re.search(r"\btr\($", b.rstrip()) for b in before):
                continue
            code = re.sub(r'\btr\("(?:[^"\\]|\\.)*"\)', "", line)
            for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', code):
                if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", lit) and "<" not in lit:
                    problems.append(f"{os.path.relpath(path, REPO)}:{n}: \"{lit}\" is not in tr()")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if not args.check:
        os.makedirs(os.path.dirname(POT), exist_ok=True)
        make_pot(POT)
        merge_translations()
        print(f"wrote {os.path.relpath(POT, REPO)}: {len(msgids(POT))} messages; merged into "
              + (", ".join(os.path.relpath(p, REPO) for p in translations()) or "no translation"))
        return 0
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, "balint.pot")
        make_pot(fresh)
        want = msgids(fresh)
        if not os.path.exists(POT):
            failures.append("po/balint.pot is missing: run scripts/pot.py")
        else:
            have = msgids(POT)
            for m in sorted(want - have):
                failures.append(f"po/balint.pot lacks {m} (run scripts/pot.py)")
            for m in sorted(have - want):
                failures.append(f"po/balint.pot still has {m}, no longer in the sources (run scripts/pot.py)")
        print(f"{len(want)} messages from src/web and templates/web")
        failures += translation_problems(fresh)
        print(f"translations checked: {', '.join(os.path.relpath(p, REPO) for p in translations())}")
    failures += untranslated_template_text() + untranslated_cpp_text()
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("pot: every string of the pages goes through gettext, is in po/balint.pot and is "
              "translated in every po/LANG.po")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
