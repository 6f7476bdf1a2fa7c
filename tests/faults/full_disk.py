#!/usr/bin/env python3
"""Full disk and I/O errors (issue 15 item 2): every write path of planwise
run out of space, two ways:

- fsize: under a file-size limit (RLIMIT_FSIZE, `ulimit -f`, with SIGXFSZ
  ignored so a write past it fails with EFBIG instead of killing the
  process);
- enospc: on a small tmpfs filled up to a few kilobytes (writes fail with
  ENOSPC), when this machine lets us mount one (root in a container that
  allows it); otherwise the script says so and tests fsize only.

For each path and limit the command must either complete (the write fitted)
or fail cleanly:
- a non-zero exit, no crash (no signal, no internal-error exit 70);
- an error naming the database file (or, for an export, the output file);
- nothing half-written: the store exactly as before (every table, rows and
  a hash of them), no rows of missing owners, no file left behind beside it;
- the database usable afterwards: with room again, the same write succeeds
  and `planwise audit verify` passes.

--quick runs the file-size limit 0 only, without the 30,000-employee run
(the ctest `faults` label).
Exit status 1 when any case failed.
"""

import argparse
import csv
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from store_state import Cli, StoreError, copy_database, orphans_of, seed_database, store_state  # noqa: E402

KIB = 1024
EXIT_INTERNAL = 70


PROBE_WRITE = ["levers", "set", "merit_base=0.0301", "--year", "2029", "--level", "1",
               "--scenario", "probe", "--reason", "next write"]
PROBE_EXITS = (0,)


def file_size_limit(limit):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # kept across exec: writes get EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


class Case:
    """One write path: what it needs first (done without a limit), its
    arguments, and the file its error must name."""

    def __init__(self, name, args, prepare=None, output=None, done_exits=(0,), uses_db=True,
                 quick=True):
        self.name, self.args, self.prepare, self.output = name, args, prepare, output
        self.uses_db, self.quick = uses_db, quick
        self.done_exits = done_exits  # exits of a completed write


def request_ready(cli, db):
    cli.must(["request", "create", "merit_base=0.047", "--year", "2027", "--level", "3",
              "--justification", "full disk", "--submit", "--as", "ann"], db)
    (cr,) = [r["request_id"] for r in cli.sql(db, "SELECT request_id FROM change_requests "
                                              "WHERE state = 'pending'")]
    cli.must(["request", "approve", cr, "--as", "abe"], db)
    return {"request": cr}


def scenario_ready(cli, db):
    cli.must(["scenario", "create", "opt", "--reason", "full disk"], db)
    return {}


def cases(run_id):
    out = os.path.join("{folder}", "out")
    return [
        Case("simulate (store a run)", ["simulate", "--quiet"]),
        # Large enough that DuckDB writes row groups into the database file
        # before the commit: the error comes from an insert, not the commit.
        Case("simulate 30,000 employees", ["simulate", "--quiet", "--census", "{big_census}"],
             quick=False),
        Case("levers set", ["levers", "set", "merit_base=0.0375", "--year", "2028", "--level", "2",
                            "--reason", "full disk"]),
        Case("levers import", ["levers", "import", "{levers_alt}", "--reason", "full disk"]),
        Case("optimize --accept-best", ["optimize", "--scenario", "opt", "--algorithm", "brent",
                                        "--target", "0.05", "--tolerance", "0.0005",
                                        "--budget-evals", "4", "--end-year", "2026",
                                        "--no-sensitivity", "--spread-seeds", "0", "--accept-best",
                                        "--confirm", "--quiet"],
             prepare=scenario_ready, done_exits=(0, 8)),  # 8: stored, target not reached
        Case("scenario create", ["scenario", "create", "full", "--reason", "full disk"]),
        Case("request publish", ["request", "publish", "{request}", "--as", "ann"],
             prepare=request_ready),
        # The census goes to a file in censuses/ beside the database, then
        # its registry row into the database: either may be named.
        Case("census import", ["census", "import", "{census}", "--yes", "--name", "disk"],
             output=os.path.join("{folder}", "censuses")),
        Case("runs export csv", ["runs", "export", run_id, "--table", "workforce_snapshot",
                                 "--format", "csv", "--out", out + ".csv"], output=out + ".csv"),
        Case("runs export parquet", ["runs", "export", run_id, "--table", "workforce_snapshot",
                                     "--format", "parquet", "--out", out + ".parquet"],
             output=out + ".parquet"),
        Case("runs export xlsx", ["runs", "export", run_id, "--format", "xlsx", "--out",
                                  out + ".xlsx"], output=out + ".xlsx"),
        Case("levers export", ["levers", "export", out + "_levers.csv"], output=out + "_levers.csv"),
        Case("simulate --export csv", ["simulate", "--quiet", "--no-db", "--end-year", "2025",
                                       "--export", out], output=out, uses_db=False),
        Case("gen-census", ["gen-census", "--employees", "5000", "--out", out + "_census.csv"],
             output=out + "_census.csv", uses_db=False),
    ]


def alt_levers(cli, db, folder):
    """A lever file that changes the future merit rates of default."""
    path = os.path.join(folder, "levers_alt.csv")
    cli.must(["levers", "export", path], db)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["parameter_name"] == "merit_base" and int(r["fiscal_year"]) >= 2027:
            r["parameter_value"] = "%.6f" % (float(r["parameter_value"]) + 0.002)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    return path


def make_template(cli, db, folder, census, quick):
    seed_database(cli, db)
    run_id = cli.sql(db, "SELECT run_id FROM runs")[0]["run_id"]
    big = os.path.join(folder, "census_30000.csv")
    if not quick:
        cli.must(["gen-census", "--employees", "30000", "--seed", "15", "--out", big])
    return run_id, {"levers_alt": alt_levers(cli, db, folder), "census": census, "big_census": big}


def listing(folder):
    """Every file under a folder but DuckDB's write-ahead log (empty
    folders do not count: they hold nothing half-written)."""
    found = set()
    for root, _dirs, files in os.walk(folder):
        found |= {os.path.relpath(os.path.join(root, f), folder) for f in files
                  if not f.endswith(".wal")}
    return found


def run_case(cli, case, template, folder, values, limit_kind, limit, filler=None):
    """One case under one limit; returns a result row (failures: a list)."""
    os.makedirs(folder)
    db = os.path.join(folder, "disk.duckdb")
    copy_database(template, db)
    if case.prepare:
        values = dict(values, **(case.prepare(cli, db) or {}))
    values = dict(values, folder=folder)
    args = [a.format(**values) for a in case.args]
    before, files = store_state(cli, db), listing(folder)
    preexec = None
    if limit_kind == "fsize":
        preexec = file_size_limit(limit)
    else:
        filler(folder, limit)
    r = cli.run(args, db if case.uses_db else None, preexec_fn=preexec)
    if limit_kind == "enospc":
        filler(folder, None)
    message = (r.stderr.strip().splitlines() or [""])[-1]
    row = {"path": case.name, "limit": "%s %d KiB" % (limit_kind, limit // KIB),
           "exit": r.returncode, "message": message, "failures": []}
    fail = row["failures"].append
    if r.returncode < 0 or r.returncode == EXIT_INTERNAL or "terminate called" in r.stderr:
        fail("crashed: exit %d, %s" % (r.returncode, r.stderr.strip()[-300:]))
    if "Stack Trace" in r.stderr:  # DuckDB's FATAL errors carry one; we show the message only
        fail("the error shows a native stack trace")
    try:
        after = store_state(cli, db)
    except StoreError as e:
        fail("the database does not open afterwards: %s" % e)
        row["state"] = "does not open"
        return row
    named = [re.escape(case.output.format(**values))] if case.output else []
    if not case.output or case.name == "census import":
        named.append(re.escape(db) + r"(?!\.wal)")  # the database, not only its log
    completed = r.returncode in case.done_exits
    if not completed:
        if not any(re.search(n, r.stderr) for n in named):
            fail("the error names none of %s" % named)
        if after != before:
            changed = sorted({t for (t, _k) in set(after) ^ set(before)} |
                             {t for (t, k), v in after.items() if before.get((t, k), v) != v})
            fail("half-written: tables changed %s" % changed)
        stray = sorted(listing(folder) - files)
        if stray:
            fail("files left behind: %s" % stray)
    orphans = orphans_of(after)
    if orphans:
        fail("rows of missing owners: %s" % orphans)
    # With room again: the same write (a completed one cannot be repeated,
    # so a lever edit of the probe scenario instead), then the audit chain.
    if not case.uses_db:
        again = cli.run(args)
    else:
        again = cli.run(PROBE_WRITE if completed else args, db)
    verify = cli.run(["audit", "verify"], db)
    if again.returncode not in (PROBE_EXITS if completed and case.uses_db else case.done_exits):
        fail("with room again the write fails: exit %d %s" % (again.returncode, again.stderr.strip()))
    if verify.returncode != 0:
        fail("audit verify exits %d" % verify.returncode)
    row["state"] = "%s; store %s; next write exit %d; audit verify exit %d" % (
        "completed" if completed else "refused", "unchanged" if after == before else "changed",
        again.returncode, verify.returncode)
    return row


class Tmpfs:
    """A small tmpfs, filled with a filler file so `free` bytes are left."""

    def __init__(self, root):
        self.mount = os.path.join(root, "tmpfs")
        os.makedirs(self.mount)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", self.mount],
                           capture_output=True, text=True)
        self.error = None if r.returncode == 0 else (r.stderr.strip() or "exit %d" % r.returncode)

    def fill(self, folder, free):
        path = os.path.join(self.mount, "filler")
        if free is None:
            if os.path.exists(path):
                os.remove(path)
            return
        st = os.statvfs(self.mount)
        size = st.f_bavail * st.f_frsize - free
        with open(path, "wb") as f:
            f.truncate(0)
            chunk = b"\0" * (1 << 20)
            while size > 0:
                size -= f.write(chunk[:min(size, len(chunk))])

    def close(self):
        if self.error is None:
            subprocess.run(["umount", self.mount], check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--planwise", required=True)
    parser.add_argument("--quick", action="store_true", help="file-size limit 0 only (ctest)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--only", default="", help="only the cases whose name contains this")
    args = parser.parse_args()
    data = os.path.join(os.path.dirname(os.path.abspath(args.planwise)), "..", "..", "data")
    census = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                          "census_preprocessed.csv")
    if not os.path.exists(census):
        census = os.path.join(data, "census_preprocessed.csv")
    work = tempfile.mkdtemp(prefix="planwise-disk-")
    cli = Cli(args.planwise, work)
    template = os.path.join(work, "template.duckdb")
    run_id, values = make_template(cli, template, work, os.path.abspath(census), args.quick)
    db_size = os.path.getsize(template)
    # 0: no byte fits; 64 KiB: a lever edit fits, a run or an export does
    # not; 1 MiB: the larger exports fit.
    limits = [("fsize", 0)]
    if not args.quick:
        limits += [("fsize", 64 * KIB), ("fsize", 1024 * KIB)]
    tmpfs = None
    if not args.quick:
        tmpfs = Tmpfs(work)
        if tmpfs.error:
            print("tmpfs: cannot mount one here (%s); ENOSPC is not tested, only the file-size "
                  "limit" % tmpfs.error)
        else:
            limits += [("enospc", 0), ("enospc", 256 * KIB)]
    rows = []
    n = 0
    for kind, limit in limits:
        for case in [c for c in cases(run_id)
                     if (c.quick or not args.quick) and args.only in c.name]:
            n += 1
            base = tmpfs.mount if kind == "enospc" else work
            folder = os.path.join(base, "case%d" % n)
            rows.append(run_case(cli, case, template, folder, values, kind, limit,
                                 tmpfs.fill if tmpfs else None))
            if kind == "enospc":
                shutil.rmtree(folder)
            r = rows[-1]
            print("%-24s %-16s exit %-3d %s" % (r["path"], r["limit"], r["exit"], r["message"][:150]),
                  flush=True)
            for f in r["failures"]:
                print("    FAIL %s" % f, flush=True)
    if tmpfs:
        tmpfs.close()
    print("\n| path | limit | exit | error | state after | failures |")
    print("|---|---|---:|---|---|---|")
    for r in rows:
        print("| %s | %s | %d | %s | %s | %s |" % (r["path"], r["limit"], r["exit"],
                                                  r["message"].replace("|", "/")[:200], r.get("state", ""),
                                                  "; ".join(r["failures"]) or "none"))
    failed = sum(1 for r in rows if r["failures"])
    print("\n%d cases, %d failed (database before the writes: %d KiB)" % (len(rows), failed,
                                                                         db_size // KIB))
    if args.keep or failed:
        print("scratch folder kept: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
