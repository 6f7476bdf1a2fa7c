"""The write paths the kill campaign interrupts (issue 15 item 1).

Each target owns its own database and knows, for one kill:
- prepare(i): what must exist before the command (a fresh scenario, an
  approved request), done to completion;
- command(i): the planwise arguments that get killed;
- check(i, before, after): what the store may look like afterwards: the
  state before the command, or the state of that command having completed,
  never anything in between (a list of failures);
- finish(i): the same write again, to completion, when the kill came
  before its commit: the next write after a kill must succeed (it also
  moves the target on to its next kill). True when it wrote something.

setup() runs the command once to completion first: its time is the window
the kill is drawn from, and what it stored is the reference a completed
command is compared with (row counts per table, lever values, evaluations).
"""

import csv
import os
import re
import time

from store_state import Facts, groups_of, keys_of, store_state

PUBLISHED_CELL = ("merit_base", 2027, 3)


def counts(groups):
    """{table: rows} of one id's groups (hashes hold ids and timestamps)."""
    return {t: v.split(":")[0] for t, v in groups.items()}


def timed(cli, args, db, ok=(0,)):
    start = time.monotonic()
    cli.must(args, db, ok)
    return time.monotonic() - start


class Target:
    name = ""
    ok_exits = (0,)  # exits of a command that completed

    def __init__(self, cli, db, work):
        self.cli, self.db, self.work = cli, db, work
        self.duration = 1.0

    def prepare(self, i):
        pass

    def facts(self, scenario="default"):
        return Facts(self.cli, self.db, scenario)


class Simulate(Target):
    name = "simulate"
    args = ["simulate", "--quiet"]

    def setup(self):
        before = store_state(self.cli, self.db)
        self.duration = timed(self.cli, self.args, self.db)
        state = store_state(self.cli, self.db)
        (run,) = keys_of(state, "runs") - keys_of(before, "runs")
        self.reference = counts(groups_of(state, run))

    def command(self, i):
        return self.args

    def check(self, i, before, after):
        new = keys_of(after, "runs") - keys_of(before, "runs")
        if len(new) > 1:
            return ["%d new runs from one command" % len(new)]
        for run in new:
            got = counts(groups_of(after, run))
            if got != self.reference:
                return ["run %s is partial: %s, a complete run has %s" % (run, got, self.reference)]
        return []

    def finish(self, i):
        self.cli.must(self.args + ["--end-year", "2025"], self.db)
        return True


class LeverSet(Target):
    """One cell of a future plan year, set to a value it does not hold."""
    name = "levers set"
    cell_key = ("merit_base", 2028, 2)

    def setup(self):
        self.duration = timed(self.cli, self.command(-1), self.db)

    def value(self, i):
        return round(0.030 + (i % 7) * 0.001, 4) if i % 2 == 0 else round(0.041 + (i % 5) * 0.001, 4)

    def command(self, i):
        p, y, l = self.cell_key
        return ["levers", "set", "%s=%s" % (p, self.value(i)), "--year", str(y), "--level", str(l),
                "--reason", "kill %d" % i]

    def prepare(self, i):
        self.before = self.facts()

    def check(self, i, before, after):
        f0, f1 = self.before, self.facts()
        key = lambda k: k[:3] == self.cell_key
        others0 = {k: v for k, v in f0.cells.items() if not key(k)}
        others1 = {k: v for k, v in f1.cells.items() if not key(k)}
        old, new = f0.cell(self.cell_key), f1.cell(self.cell_key)
        failures = []
        if others0 != others1:
            failures.append("cells other than %s changed" % (self.cell_key,))
        if new not in (old, self.value(i)):
            failures.append("cell holds %s: neither the old %s nor the new %s" % (new, old, self.value(i)))
        if (new != old) != (f1.audit > f0.audit):
            failures.append("value changed: %s, audit entries %d -> %d" % (new != old, f0.audit, f1.audit))
        return failures

    def finish(self, i):
        if self.facts().cell(self.cell_key) == self.value(i):
            return False
        self.cli.must(self.command(i), self.db)
        if self.facts().cell(self.cell_key) != self.value(i):
            raise RuntimeError("levers set completed but the cell does not hold the value")
        return True


class LeverImport(Target):
    """Two lever files, imported in turn: every cell of one or of the other."""
    name = "levers import"

    def setup(self):
        base = os.path.join(self.work, "levers_base.csv")
        alt = os.path.join(self.work, "levers_alt.csv")
        self.cli.must(["levers", "export", base], self.db)
        with open(base, newline="") as f:
            rows = list(csv.DictReader(f))
            fields = list(rows[0].keys())
        for r in rows:
            if r["parameter_name"] in ("merit_base", "cola_rate") and int(r["fiscal_year"]) >= 2027:
                r["parameter_value"] = "%.6f" % (float(r["parameter_value"]) + 0.0025)
        with open(alt, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)
        self.files = [alt, base]
        self.expected = []
        for i, path in enumerate(self.files):
            self.duration = timed(self.cli, self.command(i), self.db)
            self.expected.append(self.facts().cells)
        if self.expected[0] == self.expected[1]:
            raise RuntimeError("the two lever files store the same values")

    def command(self, i):
        return ["levers", "import", self.files[i % 2], "--reason", "kill %d" % i]

    def prepare(self, i):
        self.before = self.facts()

    def check(self, i, before, after):
        after_facts = self.facts()
        cells0, audit0 = self.before.cells, self.before.audit
        cells1, audit1 = after_facts.cells, after_facts.audit
        failures = []
        if cells1 != cells0 and cells1 != self.expected[i % 2]:
            changed = sum(1 for k in cells1 if cells1.get(k) != cells0.get(k))
            failures.append("a partial import: %d cells changed, neither none nor the file's" % changed)
        if (cells1 != cells0) != (audit1 > audit0):
            failures.append("levers changed: %s, audit entries %d -> %d"
                            % (cells1 != cells0, audit0, audit1))
        return failures

    def finish(self, i):
        if self.facts().cells == self.expected[i % 2]:
            return False
        self.cli.must(self.command(i), self.db)
        if self.facts().cells != self.expected[i % 2]:
            raise RuntimeError("levers import completed but stored other values")
        return True


class Optimize(Target):
    """A short Brent search on a fresh copy of default, accepted: its
    evaluations, its record and the accepted levers commit together."""
    name = "optimize"
    ok_exits = (0, 8)  # 8: stored and accepted, the target not reached in 4 evaluations

    def scenario(self, i):
        return "opt%d" % i

    def prepare(self, i):
        self.cli.must(["scenario", "create", self.scenario(i), "--reason", "kill campaign"], self.db)
        self.before = self.facts(self.scenario(i))

    def setup(self):
        self.prepare(-1)
        before = store_state(self.cli, self.db)
        self.duration = timed(self.cli, self.command(-1), self.db, self.ok_exits)
        after = store_state(self.cli, self.db)
        new = keys_of(after, "optimization_runs") - keys_of(before, "optimization_runs")
        self.reference = counts(groups_of(after, new.pop()))
        self.accepted = self.facts(self.scenario(-1)).cells
        if self.accepted == self.before.cells:
            raise RuntimeError("the reference optimization changed no lever")

    def command(self, i):
        return ["optimize", "--scenario", self.scenario(i), "--algorithm", "brent", "--target",
                "0.05", "--tolerance", "0.0005", "--budget-evals", "4", "--end-year", "2026",
                "--no-sensitivity", "--spread-seeds", "0", "--accept-best", "--confirm", "--quiet"]

    def check(self, i, before, after):
        new = keys_of(after, "optimization_runs") - keys_of(before, "optimization_runs")
        f = self.facts(self.scenario(i))
        cells = f.cells
        if len(new) > 1:
            return ["%d new optimizations from one command" % len(new)]
        if not new:
            if cells != self.before.cells or f.audit != self.before.audit:
                return ["no optimization recorded, yet levers or audit changed"]
            return []
        got = counts(groups_of(after, next(iter(new))))
        failures = []
        if got != self.reference:
            failures.append("optimization is partial: %s, complete: %s" % (got, self.reference))
        if cells != self.accepted:
            failures.append("optimization recorded but its levers were not all accepted")
        return failures

    def finish(self, i):
        if self.facts(self.scenario(i)).optimizations:
            return False
        self.cli.must(self.command(i), self.db, self.ok_exits)
        return True


class Scenario(Target):
    """Even kills create a scenario; odd kills delete the one just created."""
    name = "scenario create/delete"

    def scenario(self, i):
        return "sc%d" % (i // 2)

    def command(self, i):
        verb = "create" if i % 2 == 0 else "delete"
        return ["scenario", verb, self.scenario(i), "--reason", "kill %d" % i]

    def setup(self):
        self.duration = timed(self.cli, ["scenario", "create", "sc-ref", "--reason", "r"], self.db)
        self.created = counts(groups_of(store_state(self.cli, self.db), "sc-ref"))
        self.cli.must(["scenario", "delete", "sc-ref", "--reason", "r"], self.db)
        self.deleted = counts(groups_of(store_state(self.cli, self.db), "sc-ref"))

    def check(self, i, before, after):
        was = counts(groups_of(before, self.scenario(i)))
        now = counts(groups_of(after, self.scenario(i)))
        done = self.created if i % 2 == 0 else self.deleted
        if now != was and now != done:
            return ["scenario %s half-%s: rows %s, before %s, complete %s"
                    % (self.scenario(i), self.command(i)[1] + "d", now, was, done)]
        return []

    def finish(self, i):
        present = bool(self.cli.sql(self.db, "SELECT scenario_id FROM scenarios WHERE scenario_id "
                                           "= '%s'" % self.scenario(i)))
        if present == (i % 2 == 0):
            return False  # the killed command had committed
        self.cli.must(self.command(i), self.db)
        return True


class Governance(Target):
    """Requests on one published cell, taken through create, approve, publish."""

    def new_request(self, i):
        before = self.facts()
        value = round(0.040 + (i % 9) * 0.001, 4)
        if before.cell(PUBLISHED_CELL) == value:
            value = round(value + 0.0005, 4)
        p, y, l = PUBLISHED_CELL
        self.cli.must(["request", "create", "%s=%s" % (p, value), "--year", str(y), "--level",
                       str(l), "--justification", "kill %d" % i, "--submit", "--as", "ann"],
                      self.db)
        (cr,) = set(self.facts().requests) - set(before.requests)
        self.cli.must(["request", "approve", cr, "--as", "abe"], self.db)
        return cr, value

    def expect(self, facts, cr, state):
        if facts.requests[cr][0] != state:
            raise RuntimeError("%s is %s, expected %s" % (cr, facts.requests[cr][0], state))


class Publish(Governance):
    name = "request publish"

    def setup(self):
        cr, _ = self.new_request(-1)
        self.duration = timed(self.cli, ["request", "publish", cr, "--as", "ann"], self.db)

    def prepare(self, i):
        self.old = self.facts().cell(PUBLISHED_CELL)
        self.cr, self.value = self.new_request(i)
        self.before = self.facts()

    def command(self, i):
        return ["request", "publish", self.cr, "--as", "ann"]

    def check(self, i, before, after):
        f = self.facts()
        state, cell = f.requests[self.cr][0], f.cell(PUBLISHED_CELL)
        if (state, cell) == ("approved", self.old) and f.audit == self.before.audit:
            return []
        if (state, cell) == ("published", self.value) and f.audit > self.before.audit:
            return []
        return ["%s is %s with the cell at %s and %d -> %d audit entries (before %s, requested %s)"
                % (self.cr, state, cell, self.before.audit, f.audit, self.old, self.value)]

    def finish(self, i):
        wrote = self.facts().requests[self.cr][0] == "approved"
        if wrote:
            self.cli.must(self.command(i), self.db)
        self.expect(self.facts(), self.cr, "published")
        return wrote


class Rollback(Governance):
    """Even kills: `request rollback` of a published request (creates the
    rollback request and submits it); odd kills: the publish of that rollback."""
    name = "request rollback"

    def setup(self):
        cr, _ = self.new_request(-1)
        self.cli.must(["request", "publish", cr, "--as", "ann"], self.db)
        self.duration = timed(self.cli, ["request", "rollback", cr, "--justification", "r",
                                         "--as", "ann"], self.db)

    def prepare(self, i):
        if i % 2 == 0:
            self.old = self.facts().cell(PUBLISHED_CELL)
            self.cr, self.value = self.new_request(i)
            self.cli.must(["request", "publish", self.cr, "--as", "ann"], self.db)

    def command(self, i):
        if i % 2 == 0:
            return ["request", "rollback", self.cr, "--justification", "kill %d" % i, "--as", "ann"]
        return ["request", "publish", self.rollback, "--as", "ann"]

    def rollbacks(self, facts):
        return [k for k, (_, of) in facts.requests.items() if of == self.cr]

    def check(self, i, before, after):
        f = self.facts()
        cell = f.cell(PUBLISHED_CELL)
        if i % 2 == 0:
            made = self.rollbacks(f)
            if not made:
                return [] if cell == self.value else ["no rollback request, yet the cell moved"]
            (rb,) = made
            rows = counts(groups_of(after, rb))
            original = counts(groups_of(after, self.cr))
            if (f.requests[rb][0] != "pending" or cell != self.value
                    or rows.get("change_request_cells") != original.get("change_request_cells")
                    or "change_request_years" not in rows):
                return ["rollback request %s is %s, partial or early: rows %s, cell %s"
                        % (rb, f.requests[rb][0], rows, cell)]
            return []
        states = (f.requests[self.rollback][0], f.requests[self.cr][0], cell)
        if states in (("approved", "published", self.value), ("published", "rolled_back", self.old)):
            return []
        return ["rollback %s / request %s / cell: %s" % (self.rollback, self.cr, states)]

    def finish(self, i):
        wrote = False
        f = self.facts()
        if i % 2 == 0:
            if not self.rollbacks(f):
                self.cli.must(self.command(i), self.db)
                f = self.facts()
            self.rollback = self.rollbacks(f)[0]
            if f.requests[self.rollback][0] == "pending":
                self.cli.must(["request", "approve", self.rollback, "--as", "abe"], self.db)
                wrote = True
            self.expect(self.facts(), self.rollback, "approved")
        else:
            if f.requests[self.rollback][0] == "approved":
                self.cli.must(self.command(i), self.db)
                wrote = True
            f = self.facts()
            self.expect(f, self.cr, "rolled_back")
            if f.cell(PUBLISHED_CELL) != self.old:
                raise RuntimeError("the rollback did not restore the cell")
        return wrote


TARGETS = [Simulate, LeverSet, LeverImport, Optimize, Scenario, Publish, Rollback]
