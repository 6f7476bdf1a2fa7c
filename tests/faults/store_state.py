"""What the fault scripts need from a planwise database: running the CLI on
it and reading its state through `planwise sql` (the product's own read
path, so a database the CLI cannot open fails the check).

A state is {(table, key): "rows:hash"}: every base table of the store,
grouped by the id its rows belong to (a run, an optimization, a change
request, a scenario; a table with none of these is one group). Comparing two
states shows exactly which runs, requests or scenarios a command touched.
"""

import csv
import io
import os
import shutil
import subprocess

# The id each table's rows belong to, in order of preference. employees,
# snapshot_rows and event_rows carry the run's integer key (run_key), mapped
# to its run_id through the runs table.
KEY_COLUMNS = ("run_id", "opt_run_id", "request_id", "scenario_id", "run_key")


class Cli:
    def __init__(self, planwise, work_dir):
        self.planwise = os.path.abspath(planwise)
        self.work_dir = work_dir

    def run(self, args, db=None, timeout=600, preexec_fn=None):
        """Runs `planwise ARGS [--db DB]` to completion; returns the
        CompletedProcess (text)."""
        argv = [self.planwise] + list(args) + (["--db", db] if db else [])
        return subprocess.run(argv, cwd=self.work_dir, capture_output=True, text=True,
                              timeout=timeout, preexec_fn=preexec_fn)

    def start(self, args, db=None):
        argv = [self.planwise] + list(args) + (["--db", db] if db else [])
        return subprocess.Popen(argv, cwd=self.work_dir, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)

    def must(self, args, db=None, ok=(0,)):
        r = self.run(args, db)
        if r.returncode not in ok:
            raise RuntimeError("planwise %s exited %d: %s" % (" ".join(args), r.returncode,
                                                              r.stderr.strip()))
        return r

    def sql(self, db, query):
        """Rows of a read-only query as dicts of text; raises when the
        database cannot be opened or the query fails."""
        r = self.run(["sql", query, "--format", "csv"], db)
        if r.returncode != 0:
            raise StoreError("planwise sql exited %d: %s" % (r.returncode, r.stderr.strip()))
        return list(csv.DictReader(io.StringIO(r.stdout)))


class StoreError(Exception):
    pass


def seed_database(cli, db):
    """The scratch database both scripts start from: the bundled levers in
    default, an analyst (ann) and an approver (abe), a probe scenario for
    the next write, and one stored run."""
    cli.must(["scenario", "list"], db)  # seeds the default scenario with the bundled levers
    for user in (["ann", "--role", "analyst"], ["abe", "--role", "approver"]):
        cli.must(["users", "add"] + user, db)
    cli.must(["scenario", "create", "probe", "--reason", "next-write probe"], db)
    cli.must(["simulate", "--quiet", "--end-year", "2026"], db)


def copy_database(src, dst):
    """A run store copied: the database file, its write-ahead log and its
    folder of run row files (docs/performance.md "Stored runs"), each if any."""
    for suffix in ("", ".wal"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
        if os.path.exists(src + suffix):
            shutil.copyfile(src + suffix, dst + suffix)
    if os.path.isdir(dst + ".rows"):
        shutil.rmtree(dst + ".rows")
    if os.path.isdir(src + ".rows"):
        shutil.copytree(src + ".rows", dst + ".rows")


_TABLES = {}


def _grouped_tables(cli, db):
    """{table: columns} of the base tables; read once per database file
    (no command under test changes the schema)."""
    if db not in _TABLES:
        _TABLES[db] = _read_tables(cli, db)
    return _TABLES[db]


def _read_tables(cli, db):
    rows = cli.sql(db, "SELECT c.table_name AS t, c.column_name AS c FROM "
                   "information_schema.columns c JOIN information_schema.tables t "
                   "ON t.table_name = c.table_name AND t.table_schema = c.table_schema "
                   "WHERE t.table_type = 'BASE TABLE' AND t.table_schema = 'main' "
                   "ORDER BY c.table_name, c.ordinal_position")
    tables = {}
    for r in rows:
        tables.setdefault(r["t"], []).append(r["c"])
    return tables


def _quoted(name):
    return '"' + name.replace('"', '""') + '"'


def state_query(tables):
    parts = []
    for table, columns in sorted(tables.items()):
        key = next((k for k in KEY_COLUMNS if k in columns), None)
        row_hash = "sum(hash(row(%s)))::VARCHAR" % ", ".join("x." + _quoted(c) for c in columns)
        lit = "'" + table + "'"
        if key == "run_key":
            parts.append("SELECT %s AS t, r.run_id AS k, count(*) AS n, %s AS h FROM %s x "
                         "JOIN runs r ON r.run_key = x.run_key GROUP BY r.run_id"
                         % (lit, row_hash, _quoted(table)))
        elif key:
            parts.append("SELECT %s AS t, x.%s::VARCHAR AS k, count(*) AS n, %s AS h FROM %s x "
                         "GROUP BY x.%s" % (lit, key, row_hash, _quoted(table), key))
        else:
            parts.append("SELECT %s AS t, '' AS k, count(*) AS n, %s AS h FROM %s x"
                         % (lit, row_hash, _quoted(table)))
    return " UNION ALL ".join(parts)


def store_state(cli, db):
    """{(table, key): 'rows:hash'} of every base table (see the module note),
    and under the key ("orphans", table) the rows of that table whose id has
    no owner row (see OWNERS), read in the same query."""
    tables = _grouped_tables(cli, db)
    rows = cli.sql(db, state_query(tables) + " UNION ALL " + orphan_query(tables))
    return {(r["t"], r["k"]): r["n"] + ":" + r["h"] for r in rows if r["n"] != "0"}


def orphans_of(state):
    """{table: rows} of the rows without an owner, from a store_state."""
    return {k: int(v.split(":")[0]) for (t, k), v in state.items() if t == "orphans"}


# Where each kind of id is defined; a row naming an id missing there is an
# orphan, left by a write that stopped half-way. The audit trail keeps the
# entries of deleted scenarios by design.
OWNERS = {"run_id": ("runs", "run_id"), "run_key": ("runs", "run_key"),
          "opt_run_id": ("optimization_runs", "opt_run_id"),
          "request_id": ("change_requests", "request_id"),
          "scenario_id": ("scenarios", "scenario_id")}
NOT_OWNED = {"audit_log"}


def orphan_query(tables):
    parts = []
    for table, columns in sorted(tables.items()):
        key = next((k for k in KEY_COLUMNS if k in columns), None)
        if key is None or table in NOT_OWNED or OWNERS[key][0] == table:
            continue
        owner, column = OWNERS[key]
        parts.append("SELECT 'orphans' AS t, '%s' AS k, count(*) AS n, '' AS h FROM %s WHERE "
                     "%s NOT IN (SELECT %s FROM %s)" % (table, _quoted(table), key, column, owner))
    return " UNION ALL ".join(parts)


def keys_of(state, table):
    return {k for (t, k) in state if t == table}


def groups_of(state, key):
    """The part of a state that belongs to one id."""
    return {t: v for (t, k), v in state.items() if k == key}


class Facts:
    """What the targets compare, read in one query: a scenario's stored
    lever cells {(parameter, year, level, event_type): value}, the number
    of audit entries, the change requests {id: (state, rollback_of)} and the
    number of optimizations of the scenario."""

    def __init__(self, cli, db, scenario):
        s = scenario.replace("'", "''")
        rows = cli.sql(db, "SELECT 'cell' AS w, parameter_name AS a, event_type AS b, fiscal_year AS y, "
                       "job_level AS l, parameter_value::VARCHAR AS v FROM lever_values WHERE "
                       "scenario_id = '%s' UNION ALL SELECT 'audit', '', '', 0, 0, count(*)::VARCHAR "
                       "FROM audit_log UNION ALL SELECT 'request', request_id, state, 0, 0, "
                       "coalesce(rollback_of, '') FROM change_requests UNION ALL SELECT 'opt', '', "
                       "'', 0, 0, count(*)::VARCHAR FROM optimization_runs WHERE scenario = '%s'"
                       % (s, s))
        self.cells, self.requests = {}, {}
        for r in rows:
            if r["w"] == "cell":
                self.cells[(r["a"], int(r["y"]), int(r["l"]), r["b"])] = float(r["v"])
            elif r["w"] == "request":
                self.requests[r["a"]] = (r["b"], r["v"])
            elif r["w"] == "audit":
                self.audit = int(r["v"])
            else:
                self.optimizations = int(r["v"])

    def cell(self, key):
        """The value of (parameter, year, level), or None if not stored."""
        found = [v for k, v in self.cells.items() if k[:3] == key]
        return found[0] if found else None
