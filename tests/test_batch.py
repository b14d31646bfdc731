"""``okrcoach retro`` end to end: every team's report, offline, isolated, resumable."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import interruptible
from markupsafe import escape
from retro_org import hostile_teams, team_texts, write_org

from okrcoach.retro import batch

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
QUARTER = "2026-Q3"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def okrcoach(*args: str, check: int | None = 0, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(BIN / "okrcoach"), *args], capture_output=True, text=True, timeout=600, **kw
    )
    if check is not None:
        assert proc.returncode == check, proc.stdout + proc.stderr
    return proc


def files_under(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def demo_texts(goals) -> dict[str, set[str]]:
    obj = goals.objectives[goals.objectives["level"].eq("team")]
    krs = goals.key_results.merge(obj[["objective_id", "team"]])
    out: dict[str, set[str]] = {}
    for team, text in [
        *zip(obj["team"], obj["title"], strict=True),
        *zip(krs["team"], krs["text"], strict=True),
    ]:
        out.setdefault(team, set()).add(text)
    return out


def assert_no_foreign_text(folder: Path, slugs: dict[str, str], texts: dict[str, set[str]]):
    for team, slug in slugs.items():
        mine = texts.get(team, set())
        foreign = set().union(*(t for other, t in texts.items() if other != team)) - mine
        # a one- or two-word title ("Revenue") is a word any report may use
        foreign = {t for t in foreign if len(t.split()) >= 3}
        for suffix in ("html", "ipynb"):
            content = (folder / f"{slug}.{suffix}").read_text(encoding="utf-8")
            if suffix == "ipynb":
                content = json.dumps(nbformat.reads(content, 4), ensure_ascii=False)
            leaked = [t for t in foreign if t in content or str(escape(t)) in content]
            assert not leaked, f"{slug}.{suffix} holds other teams' text: {leaked[:3]}"


def assert_offline(page: str, name: str) -> None:
    assert len(page.encode()) <= 3 * 1024 * 1024, f"{name} is over 3 MB"
    assert "<script" not in page.lower(), name
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not external, f"{name} refers to the network: {external}"
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page), name


# --- the demo organisation ----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, demo_paths):
    out = tmp_path_factory.mktemp("retros")
    proc = okrcoach(
        "retro", "--data", str(demo_paths["workbook"]), "--quarter", QUARTER, "--out", str(out)
    )
    return out, proc


def test_every_demo_team_gets_a_report(demo_run, demo_goals):
    out, proc = demo_run
    folder = out / QUARTER
    teams = [
        t
        for t in demo_goals.objectives.query(f"quarter == '{QUARTER}' and level == 'team'")[
            "team"
        ].unique()
    ]
    assert len(teams) == 24
    slugs = batch.slugs(teams)
    for team, slug in slugs.items():
        assert (folder / f"{slug}.html").is_file(), team
        assert (folder / f"{slug}.ipynb").is_file(), team
    assert "24 written, 0 unchanged (skipped), 0 failed" in proc.stdout
    assert f"{folder / 'index.html'}" in proc.stdout.replace("\n", "")
    rows = list(csv.DictReader((folder / "summary.csv").open(encoding="utf-8")))
    assert sorted(r["team"] for r in rows) == sorted(teams)
    assert {r["status"] for r in rows} == {"done"}
    index = (folder / "index.html").read_text(encoding="utf-8")
    for team, slug in slugs.items():
        assert f'href="{slug}.html">{escape(team)}</a>' in index


def test_demo_reports_are_offline_and_without_code(demo_run):
    folder = demo_run[0] / QUARTER
    pages = sorted(folder.glob("*.html"))
    assert len(pages) == 25
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert_offline(text, page.name)
        if page.name != "index.html":
            assert "team_retro(" not in text and "import " not in text, page.name
            assert "NBVAL_CHECK_OUTPUT" not in text, page.name
            assert text.count('<figure class="chart"><svg') >= 2, page.name


def test_demo_reports_hold_only_their_team(demo_run, demo_goals):
    folder = demo_run[0] / QUARTER
    teams = list(demo_texts(demo_goals))
    assert_no_foreign_text(folder, batch.slugs(teams), demo_texts(demo_goals))


def test_executed_notebook_keeps_its_parameters_and_headline(demo_run):
    nb = nbformat.read(demo_run[0] / QUARTER / "smb-sales.ipynb", 4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'team = "SMB Sales"' in injected[0].source
    codes = [c for c in nb.cells if c.cell_type == "code"]
    assert codes[0].execution_count == 1  # reads like a fresh kernel's run
    assert batch.headline_of(nb)["team"] == "SMB Sales"


def test_second_run_skips_everything_and_force_redoes(demo_run, demo_paths):
    out, _ = demo_run
    folder = out / QUARTER
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.html")}
    again = okrcoach(
        "retro", "--data", str(demo_paths["workbook"]), "--quarter", QUARTER, "--out", str(out)
    )
    assert "0 written, 24 unchanged (skipped), 0 failed" in again.stdout
    assert {
        p.name: p.stat().st_mtime_ns for p in folder.glob("*.html") if p.name != "index.html"
    } == {k: v for k, v in before.items() if k != "index.html"}
    forced = okrcoach(
        "retro",
        "--data",
        str(demo_paths["workbook"]),
        "--quarter",
        QUARTER,
        "--out",
        str(out),
        "--teams",
        "Checkout",
        "--force",
        "--workers",
        "1",
    )
    assert "1 written, 0 unchanged (skipped), 0 failed" in forced.stdout
    assert (folder / "checkout.html").stat().st_mtime_ns > before["checkout.html"]
    rows = list(csv.DictReader((folder / "summary.csv").open(encoding="utf-8")))
    assert len(rows) == 24  # the index still lists every team


def test_changed_input_is_redone(tmp_path):
    data = write_org(tmp_path / "org", ["Alpha", "Beta"])
    out = tmp_path / "out"
    okrcoach(
        "retro",
        "--data",
        str(data),
        "--quarter",
        QUARTER,
        "--out",
        str(out),
        "--format",
        "html",
        "--workers",
        "1",
    )
    kr = data / "key_results.csv"
    kr.write_text(kr.read_text().replace("step 1", "step one"))
    proc = okrcoach(
        "retro",
        "--data",
        str(data),
        "--quarter",
        QUARTER,
        "--out",
        str(out),
        "--format",
        "html",
        "--workers",
        "1",
    )
    assert "2 written, 0 unchanged" in proc.stdout
    assert "step one" in (out / QUARTER / "alpha.html").read_text()
    assert not list((out / QUARTER).glob("*.ipynb"))


# --- a hostile organisation with a failing team -------------------------------------------


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    sentinel = root / "pwned"
    teams = [*hostile_teams(sentinel), "Broken Team"]
    data = write_org(root / "org", teams)
    notebook = nbformat.read(batch.NOTEBOOK, 4)
    planted = nbformat.v4.new_code_cell(
        'if team == "Broken Team":\n    raise RuntimeError("planted failure")'
    )
    notebook.cells.insert(3, planted)
    nb_path = root / "retro_failing.ipynb"
    nbformat.write(notebook, nb_path)
    out = root / "out" / "reports"
    before = files_under(root)
    proc = okrcoach(
        "retro",
        "--data",
        str(data),
        "--quarter",
        QUARTER,
        "--out",
        str(out),
        "--notebook",
        str(nb_path),
        check=1,
        cwd=root,
    )
    return {
        "root": root,
        "out": out,
        "teams": teams,
        "data": data,
        "proc": proc,
        "sentinel": sentinel,
        "before": before,
        "notebook": nb_path,
    }


def test_hostile_names_are_data(hostile_run):
    r = hostile_run
    assert not r["sentinel"].exists() and not Path("/tmp/pwned").exists()
    created = files_under(r["root"]) - r["before"]
    outside = [
        p
        for p in created
        if not (r["root"] / p).resolve().is_relative_to(r["out"])
        and (r["root"] / p).resolve() not in r["out"].parents
    ]
    assert not outside, outside
    folder = r["out"] / QUARTER
    names = [p.name for p in folder.iterdir()]
    stems = {p.split(".")[0] for p in names if not p.startswith(".")} - {"index", "summary"}
    assert len(stems) == len(r["teams"]) and all(SLUG.match(s) for s in stems), stems
    assert not (r["root"] / "etc").exists() and not Path("/etc/2026-Q3").exists()


def test_hostile_text_is_escaped_everywhere(hostile_run):
    folder = hostile_run["out"] / QUARTER
    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert_offline(text, page.name)
        assert "<img src=x" not in text and "<script>alert" not in text, page.name
        assert "<b>now" not in text, page.name
    index = (folder / "index.html").read_text(encoding="utf-8")
    for team in hostile_run["teams"]:
        assert str(escape(team)) in index, team
    ops = folder / f"{batch.slugs(hostile_run['teams'])[hostile_run['teams'][2]]}.html"
    shown = re.findall(
        r"<(h1|title)>&lt;script&gt;alert\((?:'|&#39;)team(?:'|&#39;)\)"
        r"&lt;/script&gt; Ops",
        ops.read_text(),
    )
    assert sorted(shown) == ["h1", "title"]


def test_failing_team_does_not_stop_the_rest(hostile_run):
    r = hostile_run
    folder = r["out"] / QUARTER
    slugs = batch.slugs(r["teams"])
    out = r["proc"].stdout
    assert "4 written, 0 unchanged (skipped), 1 failed" in out
    assert "Failed:" in out and "Broken Team: RuntimeError: planted failure" in out
    rows = {row["team"]: row for row in csv.DictReader((folder / "summary.csv").open())}
    assert rows["Broken Team"]["status"] == "failed"
    assert rows["Broken Team"]["error"] == "RuntimeError: planted failure"
    assert all(rows[t]["status"] == "done" for t in r["teams"] if t != "Broken Team")
    failed_nb = nbformat.read(folder / f"{slugs['Broken Team']}.ipynb", 4)
    errors = [
        o
        for c in failed_nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert errors and errors[0].evalue == "planted failure"
    index = (folder / "index.html").read_text()
    assert "These reports failed" in index and "planted failure" in index
    assert "planted failure" in (folder / f"{slugs['Broken Team']}.html").read_text()


def test_hostile_reports_hold_only_their_team(hostile_run):
    texts = team_texts(hostile_run["data"])
    folder = hostile_run["out"] / QUARTER
    ok = [t for t in hostile_run["teams"] if t != "Broken Team"]
    assert_no_foreign_text(folder, {t: batch.slugs(hostile_run["teams"])[t] for t in ok}, texts)


def test_rerun_retries_only_the_failed_team(hostile_run):
    r = hostile_run
    proc = okrcoach(
        "retro",
        "--data",
        str(r["data"]),
        "--quarter",
        QUARTER,
        "--out",
        str(r["out"]),
        "--notebook",
        str(r["notebook"]),
        "--workers",
        "1",
        check=1,
        cwd=r["root"],
    )
    assert "0 written, 4 unchanged (skipped), 1 failed" in proc.stdout


# --- bad input and interruption -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2026-Q9"], "'2026-Q9' is not a quarter"),
        (["--quarter", "../../2026-Q3"], "is not a quarter"),
        (["--quarter", "2031-Q1"], "no team has objectives in 2031-Q1; quarters in the data"),
        (["--quarter", QUARTER, "--teams", "Nobody"], "no objectives in 2026-Q3 for 'Nobody'"),
        (["--quarter", QUARTER, "--format", "pdf"], "unknown format pdf"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, demo_paths, args, message):
    proc = okrcoach(
        "retro",
        "--data",
        str(demo_paths["workbook"]),
        "--out",
        str(tmp_path / "out"),
        *args,
        check=2,
    )
    assert message in proc.stderr.replace("\n", " ")
    assert "Traceback" not in proc.stderr
    assert not list((tmp_path / "out").glob("*/*.html"))


def test_broken_data_lists_problems(tmp_path, csv_copy):
    (csv_copy / "key_results.csv").write_text("kr_id,objective_id,text\nK1,NOPE,\n")
    proc = okrcoach(
        "retro",
        "--data",
        str(csv_copy),
        "--quarter",
        QUARTER,
        "--out",
        str(tmp_path / "out"),
        check=2,
    )
    assert "key_results.csv" in proc.stdout and "Traceback" not in proc.stderr


def test_interrupted_run_leaves_only_whole_files(tmp_path):
    data = write_org(tmp_path / "org", [f"Team {i}" for i in range(16)])
    out = tmp_path / "out"
    cmd = [
        str(BIN / "okrcoach"),
        "retro",
        "--data",
        str(data),
        "--quarter",
        QUARTER,
        "--out",
        str(out),
        "--workers",
        "2",
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=interruptible,
    )
    folder = out / QUARTER
    records = folder / batch.STATE_DIR
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(records.glob("*.json"))) < 2:
        time.sleep(0.05)
    finished = len(list(records.glob("*.json")))  # teams whose files are all in place
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "Traceback" not in err and "Interrupted." in err
    done = list(folder.glob("team-*.html"))
    assert 2 <= len(done) < 16
    for page in done:
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page.name
    again = okrcoach("retro", "--data", str(data), "--quarter", QUARTER, "--out", str(out))
    # a report written just as the run stopped, but not yet recorded, is simply redone
    skipped = int(re.search(r"(\d+) unchanged \(skipped\)", again.stdout).group(1))
    assert finished <= skipped <= len(done)
    assert len(list(folder.glob("team-*.html"))) == 16
    hidden = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert hidden == [batch.STATE_DIR], "temporary files are left"
    assert not [p for p in (folder / batch.STATE_DIR).iterdir() if p.name.startswith(".")]
