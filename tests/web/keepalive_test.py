#!/usr/bin/env python3
"""A kept-alive connection does not keep a worker from the connections waiting for one
(src/web/server.cpp, CountingPool; found by bench/load: with browsers keeping their
connections, the ninth of 220 users waited for one of the first eight to go quiet for 5 s).
The server runs with --threads 1:
  1. a client asks for a page every 50 ms on one kept connection; a second client, on a new
     connection, is answered within 2 s (before: 4 to 5 s, when the first had made its 100
     requests, cpp-httplib's limit for one connection);
  2. a client that keeps its connection open and asks nothing holds the worker for at most
     the keep-alive timeout: a second client is answered within 3 s (before: 5 s);
  3. the listening socket's backlog is the system's, not cpp-httplib's 5 (`ss`: with 200
     browsers coming back at once after a restart, connections past 5 were dropped and reset).
Usage: keepalive_test.py --balint build/balint"""
import argparse
import http.client
import shutil
import subprocess
import sys
import threading
import time

from harness import run_main, Ledger, Server, check


def busy_client(port, stop, seen):
    """Asks every 50 ms on one kept connection (100 requests, cpp-httplib's limit for one
    connection, take 5 s); counts the times the server closed it before the 100th."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    on_this = 0
    while not stop.is_set():
        try:
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            seen["requests"] += 1
            on_this += 1
            if r.will_close:
                seen["closed"] += on_this < 100
                on_this = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        except (OSError, http.client.HTTPException) as e:
            seen["errors"].append(repr(e))
            on_this = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        time.sleep(0.05)
    conn.close()


def busy_round(port):
    stop, seen = threading.Event(), {"requests": 0, "closed": 0, "errors": []}
    t = threading.Thread(target=busy_client, args=(port, stop, seen))
    t.start()
    time.sleep(0.5)
    status, took = timed_request(port)
    time.sleep(0.3)
    stop.set()
    t.join(timeout=30)
    return status, took, seen


def timed_request(port):
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/healthz", headers={"Connection": "close"})
    status = conn.getresponse().status
    conn.close()
    return status, time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balint", required=True)
    args = ap.parse_args()
    ledger = Ledger(args.balint)
    ledger.run("init")
    server = Server(ledger, "--threads", "1")
    try:
        listening = subprocess.run(["ss", "-Hltn", f"sport = :{server.port}"], capture_output=True,
                                   text=True, check=True).stdout.split()
        check(len(listening) >= 3 and int(listening[2]) >= 128,
              f"the server listens with a backlog of at least 128 (ss: {' '.join(listening)})")
        status, took, seen = busy_round(server.port)
        check(status == 200 and took < 2.0,
              f"beside a busy kept connection, a new one was answered in {took:.2f} s "
              f"(the busy one was told to close {seen['closed']} times in {seen['requests']} "
              "requests, before its 100th)")
        check(not seen["errors"], f"the busy client's requests all answered ({seen['errors'][:3]})")

        idle = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        idle.request("GET", "/healthz")
        r = idle.getresponse()
        r.read()
        check(not r.will_close, "with nobody waiting, a connection is kept alive "
                                f"(Keep-Alive: {r.getheader('Keep-Alive')})")
        status, took = timed_request(server.port)
        idle.close()
        check(status == 200 and took < 3.0,
              f"beside an idle kept connection, a new one was answered in {took:.2f} s")
    finally:
        rc = server.stop()
    check(rc == 0, "the server stopped cleanly")
    shutil.rmtree(ledger.dir)
    print("keepalive_test: all passed")


if __name__ == "__main__":
    run_main(main)
