#!/usr/bin/env python3
"""The issue-4 comparison table: every tuning algorithm on one census, for
three targets (the bundled levers' headline minus one point at ±0.1 and
±0.01 point, and 2.0%), from `planwise optimize --json` runs. Prints
Markdown. Usage: bench/tuning_table.py [--census FILE] [--planwise BIN]

Each cell is a real run; nothing is stored (--no-db). Wall time is the
search alone (reachability check included); the whole command adds input
loading. The seed-to-seed spread is measured at the bundled levers and at
the brent optimum of the first target, over 10 seeds."""
import argparse
import json
import subprocess
import sys


def run(binary, census, args):
    cmd = [binary, "optimize", "--no-db", "--json", "--quiet", "--no-sensitivity"] + args
    if census:
        cmd += ["--census", census]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 8):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr}")
    return json.loads(p.stdout)


def spread_text(j):
    s = j["seed_spread"]
    return (f"mean {s['mean'] * 100:.3f}%, sd {s['stddev'] * 100:.3f} pt, "
            f"range {min(s['growth']) * 100:.3f}% to {max(s['growth']) * 100:.3f}%")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--census", default="")
    ap.add_argument("--planwise", default="build/bin/planwise")
    a = ap.parse_args()
    base = run(a.planwise, a.census, ["--algorithm", "s045", "--max-iterations", "1", "--target", "0.05",
                                      "--spread-seeds", "10"])
    h = base["initial_growth"]
    print(f"Census: {a.census or 'bundled'}; headline of the bundled levers (mean avg_comp_growth 2025-2029): "
          f"{h * 100:.3f}%")
    print(f"Seed-to-seed spread of the headline at the bundled levers, 10 seeds: {spread_text(base)}")
    rows = [("s045 conservative", ["--algorithm", "s045", "--mode", "conservative"]),
            ("s045 balanced", ["--algorithm", "s045", "--mode", "balanced"]),
            ("s045 aggressive", ["--algorithm", "s045", "--mode", "aggressive"]),
            ("secant (s045 mix)", ["--algorithm", "secant"]),
            ("brent (s045 mix)", ["--algorithm", "brent"]),
            ("bobyqa (all levers)", ["--algorithm", "bobyqa"]),
            ("cobyla (all levers)", ["--algorithm", "cobyla"]),
            ("slsqp (all levers)", ["--algorithm", "slsqp"]),
            ("nsga2 (all levers, 1000 evals)", ["--algorithm", "nsga2", "--budget-evals", "1000"])]
    targets = [(round(h - 0.01, 6), 0.001), (round(h - 0.01, 6), 0.0001), (0.02, 0.001)]
    print()
    print("| Algorithm | " + " | ".join(f"target {t * 100:.3f}% ± {tol * 100:g} pt" for t, tol in targets) + " |")
    print("|---|" + "---|" * len(targets))
    for name, args in rows:
        cells = []
        for t, tol in targets:
            j = run(a.planwise, a.census, args + ["--target", str(t), "--tolerance", str(tol), "--spread-seeds", "0"])
            gap = j["final_gap"]
            if j["status"] == "unreachable":
                r = j["reachability"]
                verdict = (f"unreachable: range {r['low'] * 100:.3f}%..{r['high'] * 100:.3f}%, closest "
                           f"{r['closest'] * 100:.3f}%; suggests {', '.join(r['suggestions']) or 'nothing'}")
            else:
                verdict = f"{j['status']}, gap {gap * 100:+.4f} pt"
                if j["pareto_front"]:
                    verdict += f", front of {len(j['pareto_front'])}"
            cells.append(f"{j['evaluations']} evals, {j['search_ms'] / 1000:.3f} s; {verdict}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    opt = run(a.planwise, a.census, ["--algorithm", "brent", "--target", str(targets[0][0]), "--tolerance",
                                     str(targets[0][1]), "--spread-seeds", "10"])
    print()
    print(f"Seed-to-seed spread of the headline at the brent optimum for {targets[0][0] * 100:.3f}%, 10 seeds: "
          f"{spread_text(opt)}")


if __name__ == "__main__":
    main()
