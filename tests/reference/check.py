#!/usr/bin/env python3
"""`balint --help`, every command's --help, the man page and the bash and zsh completions list
the same commands and options.

Installs the build into a temporary prefix (`cmake --install`), so it also checks that the man
page and the completions are installed where man, bash-completion and zsh look. The bash
completion runs in bash with COMP_WORDS set, the zsh one in `zsh -f` with _describe and _files
replaced by functions that print what they were given; the man page is read from its roff and
run through groff with warnings on. The installed `balint` finds its PDF engine and web server
in ../lib/balint (it draws a certificate and starts the server there).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, check=True, **kw).stdout


def help_commands(balint):
    out = run([balint, "--help"])
    block = out.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    cmds = []
    for line in block.splitlines():
        m = re.match(r"  (\S+(?: \S+)?)  ", line)
        if m:
            cmds.append(m.group(1).strip())
    return cmds


def help_options(text):
    """{section: set of option words} of a command's --help."""
    sections = {}
    current = None
    for line in text.splitlines():
        if line in ("Options:", "Global options:"):
            current = sections.setdefault(line[:-1], set())
            continue
        if not line:
            current = None
            continue
        if current is None:
            continue
        m = re.match(r"  -(\w) \[ --([\w-]+) \]", line) or re.match(r"  --([\w-]+)", line)
        if m and len(m.groups()) == 2:
            current.update({"-" + m.group(1), "--" + m.group(2)})
        elif m:
            current.add("--" + m.group(1))
    return sections


def man_sections(text):
    """{command: set of option words}, and the global options' set."""
    text = text.replace("\\-", "-")
    commands, global_opts = {}, set()
    current = None
    for line in text.splitlines():
        m = re.match(r'\.SS "(.*)"$', line)
        if m:
            current = commands.setdefault(m.group(1), set())
            continue
        if line.startswith(".SH"):
            current = global_opts if line == ".SH GLOBAL OPTIONS" else None
            continue
        if current is not None and line.startswith("\\fB-"):
            current.update(re.findall(r"\\fB(--?[\w-]+)\\fR", line))
    return commands, global_opts


BASH = r'''
source "$1"; shift
COMP_WORDS=(balint "$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_balint
printf '%s\n' "${COMPREPLY[@]}"
'''

ZSH = r'''
_describe() { print -rl -- ${(P)${@[-1]}} }
_files() { print -r -- '<files>' }
_message() { print -r -- '<value>' }
file=$1; shift
words=(balint "$@"); CURRENT=${#words}
source "$file"
'''


def bash_complete(script, words):
    return set(run(["bash", "-c", BASH, "bash", script, *words]).split())


def zsh_complete(script, words):
    items = set()
    for line in run(["zsh", "-f", "-c", ZSH, "zsh", script, *words]).splitlines():
        items.add(re.sub(r"(?<!\\):.*", "", line).replace("\\:", ":"))
    return items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    ap.add_argument("--build", required=True)
    args = ap.parse_args()
    balint = args.balint
    with tempfile.TemporaryDirectory(prefix="balint-reference-") as prefix:
        run(["cmake", "--install", args.build, "--prefix", prefix])
        man = os.path.join(prefix, "share/man/man1/balint.1")
        bash = os.path.join(prefix, "share/bash-completion/completions/balint")
        zsh = os.path.join(prefix, "share/zsh/site-functions/_balint")
        for f in (man, bash, zsh):
            check(os.path.isfile(f), f"not installed: {os.path.relpath(f, prefix)}")
        if failures:
            return report()
        installed_companions(prefix)
        man_text = open(man, encoding="utf-8").read()
        g = subprocess.run(["groff", "-man", "-ww", "-z", "-Tutf8", man], capture_output=True,
                           text=True)
        check(g.returncode == 0 and not g.stderr, f"groff warns about balint.1: {g.stderr}")
        rendered = run(["man", "-l", man], env={**os.environ, "MANWIDTH": "80",
                                                "MAN_KEEP_FORMATTING": "0"})
        rendered = " ".join(re.sub(".\b", "", rendered).split())  # no overstrike, one space
        check("a ledger of Balint group work" in rendered and "GLOBAL OPTIONS" in rendered,
              f"man -l does not show the page:\n{rendered[:500]}")

        commands = help_commands(balint)
        check(len(commands) >= 30, f"balint --help lists only {len(commands)} commands")
        man_cmds, man_global = man_sections(man_text)
        check(list(man_cmds) == commands,
              f"commands: --help {commands}\n  man page {list(man_cmds)}")

        firsts = []
        groups = {}
        for c in commands:
            first, _, second = c.partition(" ")
            if first not in firsts:
                firsts.append(first)
            if second:
                groups.setdefault(first, set()).add(second)
        want_firsts = set(firsts) | {"help"}
        check(bash_complete(bash, [""]) == want_firsts,
              f"bash: first words {sorted(bash_complete(bash, ['']))}")
        check(zsh_complete(zsh, [""]) == want_firsts,
              f"zsh: first words {sorted(zsh_complete(zsh, ['']))}")
        for group, subs in groups.items():
            for shell, complete in (("bash", bash_complete), ("zsh", zsh_complete)):
                got = complete(bash if shell == "bash" else zsh, [group, ""])
                check(got == subs, f"{shell}: 'balint {group} ' offers {sorted(got)}, "
                                   f"not {sorted(subs)}")

        global_seen = None
        for c in commands:
            words = c.split()
            text = run([balint, *words, "--help"])
            check(text == run([balint, "help", *words]),
                  f"'balint help {c}' differs from 'balint {c} --help'")
            sections = help_options(text)
            own = sections.get("Options", set())
            glob = sections.get("Global options", set())
            check(glob, f"{c}: --help lists no global options")
            if global_seen is None:
                global_seen = glob
            check(glob == global_seen, f"{c}: global options {sorted(glob)}")
            check(man_cmds.get(c) == own,
                  f"{c}: --help options {sorted(own)}\n  man page {sorted(man_cmds.get(c, []))}")
            everything = own | glob
            for shell, script, complete in (("bash", bash, bash_complete),
                                            ("zsh", zsh, zsh_complete)):
                got = complete(script, [*words, "-"])
                check(got == everything,
                      f"{c}: {shell} offers {sorted(got - everything)} beyond --help and "
                      f"lacks {sorted(everything - got)}")
        check(man_global == global_seen,
              f"global options: --help {sorted(global_seen)}, man page {sorted(man_global)}")

        # Values: a file after --pdf, nothing but a value after --pathway, commands after help.
        check(zsh_complete(zsh, ["audit", "--pdf", ""]) == {"<files>"}, "zsh: --pdf FILE")
        check(zsh_complete(zsh, ["audit", "--pathway", ""]) == {"<value>"}, "zsh: --pathway")
        check(bash_complete(bash, ["audit", "--pathway", ""]) == set(), "bash: --pathway")
        check(bash_complete(bash, ["help", ""]) == want_firsts, "bash: balint help ")
        check(bash_complete(bash, ["--db", "x.sqlite", "aud"]) == {"audit"},
              "bash: a global option's value is not taken for the command")
    return report()


def installed_companions(prefix):
    """The installed balint draws a PDF (balint-pdf.so from lib/balint) and becomes the web
    server (lib/balint/balint-web), which here refuses a port already in use."""
    balint = os.path.join(prefix, "bin", "balint")
    for f in ("lib/balint/balint-pdf.so", "lib/balint/balint-web"):
        check(os.path.isfile(os.path.join(prefix, f)), f"not installed: {f}")
    with tempfile.TemporaryDirectory(prefix="balint-installed-") as work:
        env = {**os.environ, "BALINT_DB": os.path.join(work, "ledger.sqlite"),
               "HOME": work, "XDG_CONFIG_HOME": os.path.join(work, "config")}
        for args in (["init"], ["-q", "person", "add", "ann", "--name", "Ann"], ["-q", "keys", "init"],
                     ["log", "--person", "ann", "--date", "2025-03-04", "--activity", "group",
                      "--role", "member", "--minutes", "90"]):
            subprocess.run([balint, *args], env=env, capture_output=True, check=True)
        pdf = os.path.join(work, "ann.pdf")
        p = subprocess.run([balint, "--as-of", "2026-01-10", "certificate", "ann", "--rules",
                            "cpd-uk", "-p", "2025", "--out", pdf], env=env, capture_output=True,
                           text=True)
        check(p.returncode == 0 and open(pdf, "rb").read(5) == b"%PDF-",
              f"installed balint certificate: rc {p.returncode}: {p.stderr}")
        # A port that is taken: the server (balint-web) says so; balint alone could not.
        import socket
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            p = subprocess.run([balint, "serve", "--listen", f"127.0.0.1:{port}"], env=env,
                               capture_output=True, text=True, timeout=60)
        check(p.returncode != 0 and "cannot find the web server" not in p.stderr
              and str(port) in p.stderr,
              f"installed balint serve on a taken port: rc {p.returncode}: {p.stderr}")


def report():
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("the help, the man page and both completions agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
