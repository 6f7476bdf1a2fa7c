#!/usr/bin/env python3
"""Kill campaign (issue 15 item 1): SIGKILL planwise at random moments of
its write paths and check the store after each kill.

Each target (kill_targets.py) gets a scratch copy of one template database
(bundled levers, users ann (analyst) and abe (approver), a probe scenario
and one stored run). The command is killed after a delay drawn uniformly
from zero to the time a complete run of it took; the delays come from a
seeded generator, printed, so `--seed S --targets NAME` replays a failure's
schedule (the moment a process reaches in that time still varies a little).
A command that finishes before its kill is not counted as a kill; the
target is tried again, up to three times as often as it has kills (at least
four more times than it has kills: a short campaign makes one each), and the
window shrinks to that command's run time (the timed run in setup() may have
been slow on a busy machine, and a window longer than the command makes
most draws miss).

After each kill:
- the database opens (`planwise sql` reads every table);
- `planwise audit verify` exits 0;
- every run and optimization stored before is unchanged (rows and a hash
  of them, per table);
- no row names a run, optimization, request or scenario that does not
  exist (nothing half-written), and the target's own check holds: the
  store shows the command either not done or done completely;
- the next write succeeds: the target's command again, to completion, or
  where the kill came after its commit, a `levers set` on the probe scenario.

Exit status 1 when any check failed.
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from kill_targets import TARGETS  # noqa: E402
from store_state import (Cli, StoreError, copy_database, groups_of, keys_of, orphans_of,  # noqa: E402
                         seed_database, store_state)


def committed_changes(before, after):
    """Runs and optimizations stored before the kill that differ after it."""
    changed = []
    for table in ("runs", "optimization_runs"):
        for key in sorted(keys_of(before, table)):
            if groups_of(before, key) != groups_of(after, key):
                changed.append("%s %s changed: %s -> %s"
                               % (table, key, groups_of(before, key), groups_of(after, key)))
    return changed


def kill_once(cli, target, i, delay, db):
    """Returns (killed, committed, failures) for one kill of one target;
    committed: the store shows the command done (the kill came after its
    commit)."""
    target.prepare(i)
    before = store_state(cli, db)
    started = time.monotonic()
    process = cli.start(target.command(i), db)
    try:
        _, err = process.communicate(timeout=delay)
        finished = time.monotonic() - started
    except subprocess.TimeoutExpired:
        finished = None
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    if finished is None:
        _, err = process.communicate()
    if finished is not None and process.returncode in target.ok_exits:
        # It finished first. setup() timed one run, on a machine that may
        # have been busier then (ctest runs two tests at once): the window
        # shrinks to the fastest complete run seen, so later draws land.
        target.duration = min(target.duration, finished)
    if not killed and process.returncode not in target.ok_exits:
        return False, False, ["finished before the kill with exit %d: %s"
                              % (process.returncode, err.strip())]
    failures = []
    try:
        after = store_state(cli, db)
    except StoreError as e:
        return killed, False, ["the database does not open: %s" % e]
    verify = cli.run(["audit", "verify"], db)
    if verify.returncode != 0:
        failures.append("audit verify exited %d: %s" % (verify.returncode,
                                                       (verify.stdout + verify.stderr).strip()))
    failures += committed_changes(before, after)
    orphans = orphans_of(after)
    if orphans:
        failures.append("rows of missing owners (half-written): %s" % orphans)
    failures += target.check(i, before, after)
    try:
        if not target.finish(i):  # it found the command done: write something else
            cli.must(["levers", "set", "merit_base=%.4f" % (0.02 + (i % 10) * 0.001), "--year",
                      "2029", "--level", "1", "--scenario", "probe", "--reason",
                      "probe after kill %d" % i], db)
    except (RuntimeError, StoreError) as e:
        failures.append("the next write failed: %s" % e)
    return killed, after != before, failures


def run_target(cli, target_class, template, work, seed, kills, log):
    folder = os.path.join(work, target_class.__name__.lower())
    os.makedirs(folder)
    db = os.path.join(folder, "faults.duckdb")
    copy_database(template, db)
    target = target_class(cli, db, folder)
    target.setup()
    rng = random.Random("%d/%s" % (seed, target.name))
    done, attempts, failed, committed = 0, 0, 0, 0
    while done < kills and attempts < max(3 * kills, kills + 4):
        delay = rng.uniform(0.0, target.duration)
        killed, landed_after_commit, failures = kill_once(cli, target, attempts, delay, db)
        if killed or failures:
            done += killed
            failed += bool(failures)
            committed += killed and landed_after_commit
        for f in failures:
            log("FAIL %s kill %d (attempt %d, delay %.3f s of %.3f s): %s"
                % (target.name, done, attempts, delay, target.duration, f))
        attempts += 1
    return {"target": target.name, "kills": done, "failures": failed, "attempts": attempts,
            "window": target.duration, "committed": committed}


def split(total, count):
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--planwise", required=True, help="the planwise binary")
    parser.add_argument("--kills", type=int, default=200, help="kills in total, spread evenly")
    parser.add_argument("--seed", type=int, default=None, help="replay this seed")
    parser.add_argument("--targets", default="", help="comma-separated target names (default all)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    chosen = [t for t in TARGETS if not args.targets or t.name in args.targets.split(",")]
    if not chosen:
        parser.error("no target named %s; targets: %s" % (args.targets, ", ".join(t.name for t in TARGETS)))
    print("kill campaign: seed %d, %d kills over %d targets (replay: --seed %d)"
          % (seed, args.kills, len(chosen), seed), flush=True)
    work = tempfile.mkdtemp(prefix="planwise-kills-")
    cli = Cli(args.planwise, work)
    template = os.path.join(work, "template.duckdb")
    seed_database(cli, template)
    started = time.monotonic()
    rows = []
    for target, kills in zip(chosen, split(args.kills, len(chosen))):
        rows.append(run_target(cli, target, template, work, seed, kills,
                               lambda line: print(line, flush=True)))
        r = rows[-1]
        print("done: %s, %d kills, %d failures, %d committed, %d attempts, %.0f s so far"
              % (r["target"], r["kills"], r["failures"], r["committed"], r["attempts"],
                 time.monotonic() - started), flush=True)
    # committed: kills after which the store showed the command done (the
    # rest found it not done); attempts include commands that finished first.
    print("\n| target | kills | failures | committed | attempts | kill window (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %d | %d | %d | %.2f |" % (r["target"], r["kills"], r["failures"],
                                                    r["committed"], r["attempts"], r["window"]))
    total_kills = sum(r["kills"] for r in rows)
    total_failures = sum(r["failures"] for r in rows)
    print("| total | %d | %d | %d | %d | |" % (total_kills, total_failures,
                                              sum(r["committed"] for r in rows),
                                              sum(r["attempts"] for r in rows)))
    print("\nseed %d, %.0f s" % (seed, time.monotonic() - started))
    if args.keep or total_failures:
        print("scratch databases kept in %s" % work)
    else:
        shutil.rmtree(work)
    short = [r["target"] for r, k in zip(rows, split(args.kills, len(chosen))) if r["kills"] < k]
    if short:
        print("too few kills landed for: %s" % ", ".join(short))
    return 1 if total_failures or short else 0


if __name__ == "__main__":
    sys.exit(main())
