#!/usr/bin/env python3
"""Issue 15 item 4: concurrent writers of one lever store.

Starts `planwise serve` on a scratch database and, for --seconds, runs at
once: --cli-writers processes looping `planwise levers set` (which go through
the server while it holds the database) and --api-writers threads looping
read-then-save over the JSON API (GET /api/levers, then PUT /api/levers with
the value read as "expected"). All of them write the same few cells, so
they collide. Every write must either succeed or be refused cleanly: HTTP 409
stale_write / write_busy, or CLI exit 4 saying the same. The test keeps its
own ledger of accepted writes (each has a unique reason) and checks, against
the audit trail and the final lever values:
  * every accepted write is in the audit trail, once, with its value;
  * nothing else changed those cells;
  * per cell, each change's old value is the previous change's new value
    (a write based on a value someone else had replaced would break this:
    a lost update), and an API write's old value is the value it expected;
  * each cell's final value is the last change's new value;
  * `planwise audit verify` passes once the server has stopped.
Prints the counts; exits 1 when anything is lost or unclean.

usage: concurrent_writers.py --binary build/bin/planwise [--seconds 60]
       [--api-writers 2] [--cli-writers 2] [--write-wait-ms 50]
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

SCENARIO = "default"
# Unlocked cells of the bundled levers (2025 is locked).
CELLS = [("merit_base", 2027, 1), ("merit_base", 2027, 2), ("merit_base", 2028, 1)]


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted = {}  # reason -> {cell, value, expected (API) or None, writer}
        self.stale = 0
        self.busy = 0
        self.unclean = []  # descriptions of writes that failed another way

    def add(self, kind, reason=None, record=None, detail=""):
        with self.lock:
            if kind == "accepted":
                self.accepted[reason] = record
            elif kind == "stale":
                self.stale += 1
            elif kind == "busy":
                self.busy += 1
            else:
                self.unclean.append(detail)


def start_server(binary, db, web, wait_ms, root):
    env = dict(os.environ, PLANWISE_WRITE_WAIT_MS=str(wait_ms))
    out = open(db + ".server.out", "w")
    err = open(db + ".server.err", "w")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--db", db, "--web", web],
                            stdout=out, stderr=err, env=env, cwd=root)
    deadline = time.time() + 60
    while time.time() < deadline:
        text = open(db + ".server.out").read()
        m = re.search(r"(http://[0-9.]+:[0-9]+)/(\?token=([0-9a-f]+))?", text)
        if m and m.group(3):
            return proc, m.group(1), m.group(3)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    sys.exit("the server did not start: " + open(db + ".server.err").read())


def api(url, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}"), dict(r.headers)
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = {"raw": raw.decode(errors="replace")}
        return e.code, payload, dict(e.headers)


def grid_value(grid, cell):
    name, year, level = cell
    for c in grid["cells"]:
        if c["parameter"] == name and c["year"] == year and c["level"] == level:
            return c["value"]
    raise KeyError(cell)


def unique_value(rng, serial):
    # Distinct in every write: a base in range plus the write's serial.
    return round(0.02 + rng.random() * 0.04, 4) + serial * 1e-9


def api_writer(index, url, token, stop, ledger, serials):
    rng = random.Random(1000 + index)
    n = 0
    while not stop.is_set():
        n += 1
        cell = rng.choice(CELLS)
        status, grid, _ = api(url, token, "GET", "/api/levers?scenario=" + SCENARIO)
        if status != 200:
            ledger.add("unclean", detail=f"api{index}: GET /api/levers {status} {grid}")
            continue
        seen = grid_value(grid, cell)
        time.sleep(rng.random() * 0.02)  # think time: others may write meanwhile
        value = unique_value(rng, next(serials))
        reason = f"api{index}-{n}"
        body = {"scenario": SCENARIO, "reason": reason,
                "cells": [{"parameter": cell[0], "year": cell[1], "level": cell[2],
                           "value": value, "expected": seen}]}
        status, answer, headers = api(url, token, "PUT", "/api/levers", body)
        if status == 200 and answer.get("written") and answer.get("changes"):
            ledger.add("accepted", reason, {"cell": cell, "value": value, "expected": seen})
        elif status == 200 and not answer.get("changes"):
            pass  # the value was already there: nothing written, nothing to check
        elif status == 409 and answer.get("error") == "stale_write":
            ledger.add("stale")
        elif status == 409 and answer.get("error") == "write_busy" and "Retry-After" in headers:
            ledger.add("busy")
        else:
            ledger.add("unclean", detail=f"api{index}: PUT {status} {answer}")


def cli_writer(index, binary, db, root, stop, ledger, serials):
    rng = random.Random(2000 + index)
    n = 0
    while not stop.is_set():
        n += 1
        cell = rng.choice(CELLS)
        value = unique_value(rng, next(serials))
        reason = f"cli{index}-{n}"
        r = subprocess.run([binary, "levers", "set", f"{cell[0]}={value!r}", "--year", str(cell[1]),
                            "--level", str(cell[2]), "--scenario", SCENARIO, "--reason", reason,
                            "--db", db], capture_output=True, text=True, cwd=root, timeout=120)
        text = r.stdout + r.stderr
        if r.returncode == 0:  # every value is new, so an accepted set changes its cell
            ledger.add("accepted", reason, {"cell": cell, "value": value, "expected": None})
        elif r.returncode == 4 and "changed since this change was planned" in text:
            ledger.add("stale")
        elif r.returncode == 4 and "busy" in text:
            ledger.add("busy")
        else:
            ledger.add("unclean", detail=f"cli{index}: exit {r.returncode}: {text.strip()}")


def counter():
    lock = threading.Lock()
    state = {"n": 0}

    def next_serial():
        with lock:
            state["n"] += 1
            return state["n"]

    class It:
        def __next__(self):
            return next_serial()

    return It()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--api-writers", type=int, default=2)
    p.add_argument("--cli-writers", type=int, default=2)
    p.add_argument("--write-wait-ms", type=int, default=50,
                   help="the server's bounded wait for the write turn (PLANWISE_WRITE_WAIT_MS)")
    a = p.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = os.path.abspath(a.binary)
    scratch = tempfile.mkdtemp(prefix="planwise-concurrent-")
    db = os.path.join(scratch, "concurrent.duckdb")
    server, url, token = start_server(binary, db, os.path.join(root, "web"), a.write_wait_ms, root)
    try:
        status, grid, _ = api(url, token, "GET", "/api/levers?scenario=" + SCENARIO)
        assert status == 200, grid
        initial = {cell: grid_value(grid, cell) for cell in CELLS}
        ledger, stop, serials = Ledger(), threading.Event(), counter()
        workers = [threading.Thread(target=api_writer, args=(i, url, token, stop, ledger, serials))
                   for i in range(a.api_writers)]
        workers += [threading.Thread(target=cli_writer,
                                     args=(i, binary, db, root, stop, ledger, serials))
                    for i in range(a.cli_writers)]
        started = time.time()
        for w in workers:
            w.start()
        time.sleep(a.seconds)
        stop.set()
        for w in workers:
            w.join()
        elapsed = time.time() - started

        status, audit, _ = api(url, token, "GET", "/api/audit?scenario=" + SCENARIO)
        assert status == 200, audit
        status, grid, _ = api(url, token, "GET", "/api/levers?scenario=" + SCENARIO)
        assert status == 200, grid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()

    problems = []
    changes = {}  # cell -> audit entries in order
    by_reason = {}
    for e in audit["entries"]:
        if e["event_type"] != "PARAMETER_CHANGE":
            continue
        cell = (e["parameter_name"], e["fiscal_year"], e["job_level"])
        if cell not in initial:
            continue
        changes.setdefault(cell, []).append(e)
        if e["reason"] in by_reason:
            problems.append(f"write {e['reason']} is in the audit trail twice")
        by_reason[e["reason"]] = e
    lost = 0
    for reason, w in ledger.accepted.items():
        e = by_reason.get(reason)
        if e is None:
            lost += 1
            problems.append(f"accepted write {reason} is not in the audit trail")
            continue
        if (e["parameter_name"], e["fiscal_year"], e["job_level"]) != w["cell"] or \
                e["new_value"] != w["value"]:
            lost += 1
            problems.append(f"write {reason}: audit {e} differs from the ledger {w}")
        if w["expected"] is not None and e["old_value"] != w["expected"]:
            lost += 1
            problems.append(f"write {reason} replaced {e['old_value']}, not the "
                            f"{w['expected']} it expected")
    for reason in by_reason:
        if reason not in ledger.accepted:
            problems.append(f"audit entry {reason} is no accepted write of the ledger")
    for cell in CELLS:
        previous = initial[cell]
        for e in sorted(changes.get(cell, []), key=lambda e: e["seq"]):
            if e["old_value"] != previous:
                lost += 1
                problems.append(f"{cell}: change {e['reason']} replaced {e['old_value']} but the "
                                f"value was {previous} (a lost update)")
            previous = e["new_value"]
        final = grid_value(grid, cell)
        if final != previous:
            lost += 1
            problems.append(f"{cell}: final value {final}, last audited change {previous}")

    verify = subprocess.run([binary, "audit", "verify", "--db", db], capture_output=True,
                            text=True, cwd=root)
    if verify.returncode != 0:
        problems.append("planwise audit verify failed: " + verify.stdout + verify.stderr)
    accepted_api = sum(1 for r in ledger.accepted if r.startswith("api"))
    accepted_cli = len(ledger.accepted) - accepted_api
    print(f"concurrent writers: {a.api_writers} API + {a.cli_writers} CLI for {elapsed:.1f} s "
          f"(write wait {a.write_wait_ms} ms)")
    print(f"accepted: {len(ledger.accepted)} (API {accepted_api}, CLI {accepted_cli})")
    print(f"refused as stale: {ledger.stale}")
    print(f"refused busy: {ledger.busy}")
    print(f"unclean failures: {len(ledger.unclean)}")
    print(f"lost: {lost}")
    print("audit verify: " + ("intact" if verify.returncode == 0 else "FAILED"))
    for u in ledger.unclean[:10]:
        print("  unclean: " + u)
    for pr in problems[:20]:
        print("  problem: " + pr)
    ok = not problems and not ledger.unclean and lost == 0 and len(ledger.accepted) > 0
    if ok:
        shutil.rmtree(scratch, ignore_errors=True)
    else:
        print("scratch kept: " + scratch)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
