"""The benchmark runs end to end on a tiny site and writes its figures (no timings asserted)."""

import json
import subprocess
import sys

from conftest import ROOT

SCENARIO_FIELDS = {"wall_s", "build_s", "cpu_s", "peak_mb", "tree_mb", "files", "runs_wall_s", "runs_cpu_s"}


def test_bench_writes_every_figure(tmp_path):
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bench.py"), "--n", "4", "--reps", "1", "--settle", "0"]
        + ["--results", str(results)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (path,) = results.glob("*-n4.json")
    figures = json.loads(path.read_text())
    assert figures["n"] == 4 and figures["reps"] == 1
    assert figures["content"]["markdown_files"] > 8  # activities, calls, campaigns, news... in two languages
    assert set(figures["scenarios"]) == {"plain", "cold_all", "cold", "cards", "warm", "changed"}
    for name, scenario in figures["scenarios"].items():
        assert set(scenario) >= SCENARIO_FIELDS, name
        assert scenario["wall_s"] > 0 and scenario["cpu_s"] > 0 and scenario["peak_mb"] > 0, name
        assert scenario["tree_mb"] > 0, name
    # Plain Pelican and ours each wrote a site: pages for every item in both languages.
    assert figures["scenarios"]["plain"]["files"] > 8
    assert figures["scenarios"]["cold"]["files"] > 8
    for name in ("cold", "warm", "changed"):
        assert set(figures["ratios"][name]) == {"wall_s", "build_s", "cpu_s", "peak_mb"}
    assert "present" in figures["cards"]
    # Without the cards' cache, every card is drawn again (and nothing else is made).
    assert figures["scenarios"]["cards"]["files"] == figures["scenarios"]["cold"]["files"]
    assert figures["cards"]["count"] > 8 and figures["cards"]["cpu_ms_each"] > 0
    assert figures["plugins"] and all(isinstance(v, bool) for v in figures["targets"].values())
    assert "plain" in done.stdout and "cold" in done.stdout


def test_bench_site_is_the_same_every_time(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    import bench

    bench.generate(tmp_path / "a", 6)
    bench.generate(tmp_path / "b", 6)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
    arabic = (tmp_path / "a" / "site" / "activities").glob("*.ar.md")
    assert any("الجمعية" in p.read_text(encoding="utf-8") for p in arabic)


def test_bench_measures_invoke_livereload_from_a_save_to_the_rebuilt_page(tmp_path):
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bench.py"), "--n", "4", "--livereload", "--settle", "0"]
        + ["--results", str(results), "--work", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (path,) = results.glob("*-n4-livereload.json")
    figures = json.loads(path.read_text())["livereload"]
    assert figures["saves"] == len(figures["runs"]) == 3
    # Told of each save by inotify on Linux; elsewhere, one look at every file per poll.
    assert figures["watcher"] == "InstantWatcher" if sys.platform == "linux" else figures["look_s"] > 0
    for run in figures["runs"]:
        assert abs(run["save_to_page_s"] - run["watcher_s"] - run["rebuild_to_page_s"]) < 0.01
        assert run["watcher_s"] >= 0 and 0 < run["rebuild_to_page_s"] <= run["rebuild_s"]
    work = tmp_path / "work" / "n4"
    saved = sorted((work / "site" / "activities").glob("*.ar.md"))[0]
    page = work / "livereload" / "output" / "activities" / saved.name.removesuffix(".ar.md") / "index.html"
    assert page.read_text(encoding="utf-8").count("فقرة أضيفت للتجربة") == 3  # every save is in the page
    assert "invoke livereload" in done.stdout


def test_cold_is_a_fresh_clone_every_content_file_newer(tmp_path):
    import os
    import time

    sys.path.insert(0, str(ROOT / "tools"))
    import bench

    bench.generate(tmp_path, 2)
    old = time.time_ns() - 3600 * 10**9
    files = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    for path in files:
        os.utime(path, ns=(old, old))
    before = time.time_ns()
    bench._fresh_clone_mtimes(tmp_path / "site")
    assert files and all(p.stat().st_mtime_ns >= before for p in files)


def test_the_livereload_measure_knows_how_often_the_task_looks():
    sys.path.insert(0, str(ROOT / "tools"))
    sys.path.insert(0, str(ROOT))
    import bench

    import tasks

    assert bench.LIVERELOAD_POLL_S == tasks.WATCH_EVERY_S


def test_growth_keeps_its_own_figures_and_compares_every_build(tmp_path, monkeypatch, capsys):
    """A growth run's N=1000 does not overwrite a run of N=1000 alone, and the
    growth is given for every build of ours, not only the cold one."""
    sys.path.insert(0, str(ROOT / "tools"))
    import bench

    def figures(n, *_args):
        times = {"wall_s": n / 100, "build_s": n / 100, "cpu_s": n / 100, "peak_mb": n / 10}
        if n == 4000:
            times["wall_s"] = 50.0  # 5x
        scenarios = {name: dict(times) for name in bench.SCENARIOS}
        scenarios["changed"] = dict(scenarios["changed"], wall_s=n / 100)  # 4x
        return {"n": n, "commit": "abc1234", "scenarios": scenarios}

    monkeypatch.setattr(bench, "bench", figures)
    monkeypatch.setattr(bench, "table", lambda result: "")
    monkeypatch.setattr(bench.compileall, "compile_dir", lambda *args, **kwargs: None)
    (tmp_path / "abc1234-n1000.json").write_text("{}")  # a run of N=1000 alone
    bench.main(["--growth", "--reps", "1", "--results", str(tmp_path), "--settle", "0"])
    assert (tmp_path / "abc1234-n1000.json").read_text() == "{}"
    assert (tmp_path / "abc1234-n1000-growth.json").exists() and (tmp_path / "abc1234-n4000-growth.json").exists()
    growth = json.loads((tmp_path / "abc1234-growth.json").read_text())
    assert set(growth) == {*bench.SCENARIOS, "target_met"} - {"plain"}
    assert growth["changed"]["wall_s"] == 4.0 and growth["cold"]["wall_s"] == 5.0
    assert growth["target_met"] is False
    assert "NOT met" in capsys.readouterr().out
