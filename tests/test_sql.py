"""Goal data in databases: SQLite embedded, PostgreSQL on a private server the tests start."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import okrcoach
from okrcoach import GoalDataError
from okrcoach.loading.sources import LoadSettings, SourceError, shown

PASSWORD = "s3cr3t-Pa55"


def assert_same(a, b) -> None:
    """Equal tables; a database keeps no row order, so rows are compared in key order."""
    from okrcoach.schema import TABLES

    for (name, x), (_, y) in zip(a.tables(), b.tables(), strict=True):
        key = list(TABLES[name].key)
        x = x.sort_values(key, kind="stable").reset_index(drop=True)
        y = y.sort_values(key, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(x, y, check_dtype=True, obj=name)


# -- SQLite ------------------------------------------------------------------------------


def test_sqlite_round_trip(demo_goals, tmp_path):
    url = f"sqlite:///{tmp_path / 'goals.db'}"
    assert demo_goals.to_sql(url) == url
    back = okrcoach.load(url)
    assert back.source == url
    assert_same(demo_goals, back)
    demo_goals.to_sql(url)  # writing again replaces, it does not append
    assert len(okrcoach.load(url).checkins) == len(demo_goals.checkins)


def test_table_names_and_extra_columns(demo_goals, tmp_path):
    url = f"sqlite:///{tmp_path / 'goals.db'}"
    settings = LoadSettings(tables={"key_results": "okr_key_results", "checkins": "okr_checkins"})
    krs = demo_goals.key_results.assign(jira_epic="PAY-1")
    goals = type(demo_goals)(**{**dict(demo_goals.tables()), "key_results": krs})
    goals.to_sql(url, settings)
    with sqlite3.connect(tmp_path / "goals.db") as con:
        names = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"okr_key_results", "okr_checkins", "objectives"} <= names
    back = okrcoach.load(url, settings=settings)
    assert back.key_results["jira_epic"].unique().tolist() == ["PAY-1"]


def test_pyproject_names_the_tables(demo_goals, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'goals.db'}"
    (tmp_path / "pyproject.toml").write_text(
        '[tool.okrcoach.sql]\ntables = { objectives = "okr_objectives" }\n'
    )
    monkeypatch.chdir(tmp_path)
    demo_goals.to_sql(url)
    assert len(okrcoach.load(url).objectives) == len(demo_goals.objectives)


def test_broken_table_names_table_key_and_column(tmp_path):
    path = tmp_path / "broken.db"
    with sqlite3.connect(path) as con:
        con.execute("create table objectives (objective_id text primary key, quarter text)")
        con.execute("insert into objectives values ('O1', '2026-Q3')")
        con.execute(
            "create table key_results (kr_id integer primary key, objective_id text, "
            "text text, baseline text)"
        )
        con.execute("insert into key_results values (7, 'O1', 'Raise conversion', 'thirty')")
        con.execute("insert into key_results values (8, 'O9', 'Cut churn', '4')")
    url = f"sqlite:///{path}"
    with pytest.raises(GoalDataError) as info:
        okrcoach.load(url)
    found = info.value.problems
    cells = found[["file", "sheet", "key", "column", "reason"]].values.tolist()
    assert [url, "objectives", None, "title", "missing_column"] in cells
    assert [url, "key_results", "kr_id=7", "baseline", "bad_number"] in cells
    assert [url, "key_results", "kr_id=8", "objective_id", "orphan"] in cells
    assert found["row"].isna().all()


def test_empty_database_and_bad_url(tmp_path):
    with pytest.raises(GoalDataError) as info:
        okrcoach.load(f"sqlite:///{tmp_path / 'empty.db'}")
    assert info.value.problems["reason"].tolist() == ["missing_table"]
    with pytest.raises(SourceError, match="no SQLAlchemy driver"):
        okrcoach.load("nosuchdb://x/y")


@pytest.mark.e2e
def test_cli_takes_a_url_everywhere(demo_goals, tmp_path):
    from test_cli import run

    url = f"sqlite:///{tmp_path / 'goals.db'}"
    demo_goals.to_sql(url)
    done = run("validate", url)
    assert done.returncode == 0 and "is valid goal data" in done.stdout
    assert run("lint", url, "--statistics").returncode in (0, 1)
    done = run("import", url, "--out", tmp_path / "copy.xlsx")
    assert done.returncode == 2  # import reads exports, not databases
    back = tmp_path / "back.db"
    done = run("import", tmp_path / "missing.csv", "--out", f"sqlite:///{back}")
    assert done.returncode == 2 and not back.exists()


# -- PostgreSQL --------------------------------------------------------------------------


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return versions[-1] if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A private PostgreSQL cluster on the loopback address, with a password, for this
    module only (the test command installs Debian's postgresql when it is missing)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.fail("PostgreSQL is not installed: run the README's test command (make test)")
    folder = Path(tempfile.mkdtemp(prefix="okrcoach-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if as_user:
        os.chown(pwfile, user.pw_uid, user.pw_gid)

    def call(*args):
        subprocess.run([*as_user, *args], check=True, capture_output=True, text=True)

    call(initdb, "-D", str(data), "-U", "okr", "--auth=scram-sha-256", f"--pwfile={pwfile}")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    call(pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
    try:
        yield {"url": f"postgresql://okr:{PASSWORD}@127.0.0.1:{port}/postgres", "port": port}
    finally:
        call(pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_postgres_round_trip(postgres, demo_goals):
    demo_goals.to_sql(postgres["url"])
    back = okrcoach.load(postgres["url"])
    assert_same(demo_goals, back)
    assert PASSWORD not in back.source and "***" in back.source


def test_postgres_schema_and_broken_table(postgres, demo_goals):
    import sqlalchemy as sa

    from okrcoach.loading.sql import engine

    eng = engine(postgres["url"])
    with eng.begin() as con:
        con.execute(sa.text("create schema if not exists planning"))
    settings = LoadSettings(schema="planning")
    demo_goals.to_sql(postgres["url"], settings)
    with eng.begin() as con:
        con.execute(
            sa.text("update planning.key_results set score = -1 where kr_id = 'PAY-Q3-O1-KR1'")
        )
        con.execute(sa.text("alter table planning.checkins drop column date"))
    eng.dispose()
    with pytest.raises(GoalDataError) as info:
        okrcoach.load(postgres["url"], settings=settings)
    found = info.value.problems
    assert PASSWORD not in found.to_csv()
    cells = found[["sheet", "key", "column", "reason"]].values.tolist()
    assert ["checkins", None, "date", "missing_column"] in cells
    if demo_goals.key_results["kr_id"].eq("PAY-Q3-O1-KR1").any():
        assert ["key_results", "kr_id=PAY-Q3-O1-KR1", "score", "out_of_range"] in cells


@pytest.mark.e2e
def test_postgres_wrong_password_and_no_server_say_one_line(postgres):
    from test_cli import run

    wrong = postgres["url"].replace(PASSWORD, "not-the-password")
    for url in (wrong, f"postgresql://okr:{PASSWORD}@127.0.0.1:{_free_port()}/postgres"):
        done = run("validate", url)
        assert done.returncode == 2
        text = done.stdout + done.stderr
        assert PASSWORD not in text and "not-the-password" not in text
        assert "Traceback" not in text
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: cannot use the database")


@pytest.mark.e2e
def test_postgres_retro_reports_hold_no_password(postgres, demo_goals, tmp_path):
    from test_cli import run

    demo_goals.to_sql(postgres["url"])
    team = demo_goals.objectives.query("level == 'team'")["team"].iloc[0]
    out = tmp_path / "r"
    done = run("retro", "--data", postgres["url"], "--quarter", "2026-Q3", "--out", out,
               "--teams", team, "--workers", "1")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in written)
    for p in written:
        assert PASSWORD not in p.read_text(errors="replace"), p
    assert PASSWORD not in done.stdout + done.stderr


def test_shown_urls_hide_passwords():
    assert shown("postgresql://ana:pw@db/okr") == "postgresql://ana:***@db/okr"
    assert shown("goals.xlsx") == "goals.xlsx"
