#!/usr/bin/env python3
"""The README's screenshots of balint serve, from the bundled example society: cailin's
dashboard, the log form and /verify with a certificate checked, each at desktop and phone
width, into docs/ (or --out DIR).
Usage: tests/web/screenshots.py --balint build/balint [--out docs]"""
import argparse
import os
import re
import shutil
import subprocess
import sys

from browser import DESKTOP, PHONE, Browser
from harness import AS_OF, PASSWORD, REPO, run_main, Ledger, Server, check


def example_society(ledger):
    subprocess.run([os.path.join(REPO, "examples", "build-ledger.sh"), ledger.env["BALINT_DB"]],
                   env=dict(ledger.env, BALINT=ledger.balint), check=True, capture_output=True)
    ledger.run("user", "add", "cailin", "--role", "member", "--password-stdin", stdin=PASSWORD + "\n")
    ledger.run("keys", "init")
    out = ledger.run("--as-of", AS_OF, "certificate", "cailin", "--rules", "cpd-uk", "-p", "2025", "--out",
                     os.path.join(ledger.dir, "cailin-2025.pdf")).stdout
    return re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", out).group(0)


def shoot(b, out, name):
    for label, width in (("desktop", DESKTOP[0]), ("phone", PHONE[0])):
        path = os.path.join(out, f"web-{name}-{label}.png")
        scroll = b.screenshot(path, width)
        check(scroll <= width, f"{path}: {width} px wide, no sideways scrolling ({scroll})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    ap.add_argument("--out", default=os.path.join(REPO, "docs"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ledger = Ledger(args.balint)
    code = example_society(ledger)
    server = Server(ledger)
    b = Browser(server.origin)
    try:
        b.go("/login")
        b.fill({"user": "cailin", "password": PASSWORD})
        b.submit_with_enter("password")
        b.wait_for_path("/", "logging in")
        shoot(b, args.out, "dashboard")
        b.go("/log")
        b.fill({"group": "Thursday GP group", "role": "co-leader", "minutes": "90",
                "setting": "general practice", "leader": "helen"})
        shoot(b, args.out, "log-form")
        b.click("form.logout button")
        b.wait_for_path("/login", "logging out")
        b.go("/verify")
        b.fill({"code": code})
        b.submit_with_enter("code")
        b.wait_for_path("/verify", "checking the code")
        shoot(b, args.out, "verify")
    finally:
        b.quit()
        server.stop()
    shutil.rmtree(ledger.dir)


if __name__ == "__main__":
    run_main(main)
