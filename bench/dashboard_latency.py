#!/usr/bin/env python3
"""Issue 5's latency figures, measured against a running `planwise serve`:
edit-to-impact (POST /api/impact with one edited cell) and run-to-results
(POST /api/runs, follow its event stream to the end, GET its results).
Median and max of N repetitions. Usage:
  bench/dashboard_latency.py --url http://127.0.0.1:8787 --token TOKEN [--repeat 10]
The token is the one in the URL `planwise serve` printed (or a user's)."""
import argparse
import json
import statistics
import time
import urllib.request

HEADERS = {"Content-Type": "application/json"}


def call(url, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=HEADERS)
    with urllib.request.urlopen(req, timeout=600) as r:
        return r.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8787")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--token", required=True)
    a = ap.parse_args()
    HEADERS["Authorization"] = "Bearer " + a.token
    cfg = json.loads(call(a.url + "/api/config"))
    year = cfg["years"][1]
    impact, run = [], []
    for i in range(a.repeat):
        edit = {"scenario": "default",
                "cells": [{"parameter": "merit_base", "year": year, "level": 2, "value": 0.03 + 0.001 * i}]}
        t = time.perf_counter()
        out = json.loads(call(a.url + "/api/impact", "POST", edit))
        impact.append((time.perf_counter() - t) * 1000)
        assert len(out["years"]) == len(cfg["years"])
    for i in range(max(3, a.repeat // 2)):
        t = time.perf_counter()
        run_id = json.loads(call(a.url + "/api/runs", "POST", {"seed": 100 + i}))["run_id"]
        events = urllib.request.Request(a.url + f"/api/jobs/{run_id}/events", headers=HEADERS)
        with urllib.request.urlopen(events, timeout=600) as stream:
            for line in stream:
                if line.startswith(b"data:") and b'"state":"done"' in line:
                    break
        results = json.loads(call(a.url + f"/api/runs/{run_id}/results"))
        run.append((time.perf_counter() - t) * 1000)
        assert len(results["years"]) == len(cfg["years"])
    fmt = lambda xs: f"median {statistics.median(xs):.1f} ms, max {max(xs):.1f} ms (n={len(xs)})"
    print(f"edit-to-impact (POST /api/impact, two simulations): {fmt(impact)}")
    print(f"run-to-results (POST /api/runs -> events done -> GET results): {fmt(run)}")


if __name__ == "__main__":
    main()
