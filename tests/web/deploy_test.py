"""The deployment examples of docs/deploy/ work as the docs say (docs/deploy.md):
- balint-serve.service passes `systemd-analyze verify` (with this build's binary in it);
- nginx.conf's server block, run by nginx (a throw-away certificate, ports of its own) in front
  of `balint serve --behind-proxy`: a login through it gets the Secure `__Host-` cookie, a
  write with the page's Origin and CSRF token is accepted and lands in the ledger, a body over
  the proxy's limit is refused there, /healthz answers through it."""
import argparse
import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import REPO, PASSWORD, run_main, Ledger, Server, check, free_port  # noqa: E402

DEPLOY = os.path.join(REPO, "docs", "deploy")


def systemd_unit(ledger):
    text = open(os.path.join(DEPLOY, "balint-serve.service")).read()
    check("/usr/local/bin/balint serve --check" in text, "the unit checks before it starts")
    unit = os.path.join(ledger.dir, "balint-serve.service")
    with open(unit, "w") as f:
        f.write(text.replace("/usr/local/bin/balint", ledger.balint))
    p = subprocess.run(["systemd-analyze", "verify", unit], capture_output=True, text=True, timeout=60)
    own = [line for line in (p.stdout + p.stderr).splitlines() if "balint-serve.service" in line]
    check(p.returncode == 0 and not own, f"systemd-analyze verify: no complaint ({p.returncode} {own})")


def nginx_conf(tmp, listen_port, upstream_port):
    """The example's first server block, on a loopback port with a throw-away certificate."""
    text = open(os.path.join(DEPLOY, "nginx.conf")).read()
    start = text.index("\nserver {")
    block = text[start:text.index("\nserver {", start + 1)]
    block = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{listen_port} ssl http2;", block)
    block = re.sub(r"\n\s*listen \[::\]:443 ssl http2;", "", block)
    block = block.replace("/etc/ssl/balint/fullchain.pem", os.path.join(tmp, "cert.pem"))
    block = block.replace("/etc/ssl/balint/privkey.pem", os.path.join(tmp, "key.pem"))
    check("proxy_pass http://127.0.0.1:8080;" in block, "the example proxies to balint's default address")
    block = block.replace("127.0.0.1:8080", f"127.0.0.1:{upstream_port}")
    temps = "".join(f"    {kind}_temp_path {tmp}/{kind};\n" for kind in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (f"{user}worker_processes 1;\ndaemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
            f"events {{}}\nhttp {{\n    access_log {tmp}/access.log;\n{temps}{block}\n}}\n")


def https(port, method, path, body=None, headers=None):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    c = http.client.HTTPSConnection("localhost", port, context=ctx, timeout=30)
    h = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body)
        h.setdefault("Content-Type", "application/json")
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader("Set-Cookie") or "", data


def behind_nginx(ledger):
    tmp = os.path.join(ledger.dir, "nginx")
    os.makedirs(tmp)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", os.path.join(tmp, "key.pem"),
                    "-out", os.path.join(tmp, "cert.pem")], check=True, capture_output=True)
    server = Server(ledger, "--behind-proxy")
    port = free_port()
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(tmp, port, server.port))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    t = subprocess.run([nginx, "-t", "-p", tmp, "-c", conf], capture_output=True, text=True)
    check(t.returncode == 0, f"nginx -t accepts the example ({t.stderr.strip()[-300:]})")
    proc = subprocess.Popen([nginx, "-p", tmp, "-c", conf], stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                if https(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        status, _, data = https(port, "GET", "/healthz")
        check(status == 200 and data.startswith(b"ok: ledger schema"), "/healthz through the proxy: 200")
        status, cookie, data = https(port, "POST", "/api/login", {"user": "ann", "password": PASSWORD})
        check(status == 200, f"a login through the proxy: 200 ({status} {data[:100]!r})")
        check(cookie.startswith("__Host-balint=") and "; Secure" in cookie,
              f"the session cookie is __Host- and Secure behind the HTTPS proxy ({cookie[:60]}...)")
        session = cookie.split(";")[0]
        csrf = json.loads(data)["csrf"]
        before = int(ledger.sql("SELECT count(*) FROM entry WHERE person = 'ann'"))
        entry = {"date": "2026-11-02", "activity": "group", "role": "member", "minutes": 60}
        status, _, data = https(port, "POST", "/api/entries", entry,
                                {"Cookie": session, "X-CSRF-Token": csrf, "Origin": f"https://localhost:{port}"})
        check(status == 201, f"a write with the site's Origin through the proxy: 201 ({status} {data[:100]!r})")
        check(int(ledger.sql("SELECT count(*) FROM entry WHERE person = 'ann'")) == before + 1,
              "and its entry is in the ledger")
        status, _, _ = https(port, "POST", "/api/entries", entry,
                             {"Cookie": session, "X-CSRF-Token": csrf, "Origin": "https://evil.example"})
        check(status == 403, f"a foreign Origin through the proxy: 403 ({status})")
        status, _, _ = https(port, "POST", "/api/entries", "x" * (6 * 1024 * 1024),
                             {"Cookie": session, "Content-Type": "application/json"})
        check(status == 413, f"a 6 MB body: refused by the proxy, 413 ({status})")
        check(int(ledger.sql("SELECT count(*) FROM entry WHERE person = 'ann'")) == before + 1,
              "the refused requests wrote nothing")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        check(server.stop() == 0, "the server stops cleanly")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    args = ap.parse_args()
    ledger = Ledger(args.balint)
    ledger.run("init")
    ledger.run("person", "add", "ann", "--name", "Ann Able")
    ledger.run("user", "add", "ann", "--role", "member", "--password-stdin", stdin=PASSWORD + "\n")
    systemd_unit(ledger)
    behind_nginx(ledger)
    print("deploy_test: all passed")


if __name__ == "__main__":
    run_main(main)
