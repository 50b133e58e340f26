"""Where the content check runs (content_model/build.py ``_Gate``, checkrun.py): before a first build, which then
builds nothing when content has problems; beside a rebuild, on the second core, whose output is swapped in only
after the check has passed. Either way the editor reads the check's words, and the previous output stays."""

from __future__ import annotations

import pytest

from tests.conftest import run_build
from tests.site.test_validation import write
from tests.site.test_validation_gate import CROSS_FILE, FAST, GOOD, snapshot

BROKEN = "---\ntitle: Zweiter\ndate: 2026-13-02\n---\nText.\n"  # no 13th month: the check names file and line
MESSAGE = "content/articles/b.md:3: date:"


@pytest.fixture
def pelican_runs(monkeypatch) -> list:
    import content_model.build as build_module

    runs, real = [], build_module._run_pelican
    monkeypatch.setattr(build_module, "_run_pelican", lambda *args: runs.append(args) or real(*args))
    return runs


def test_a_first_build_with_a_problem_builds_nothing(tmp_path, capsys, pelican_runs):
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, "articles/a.md", GOOD)
    write(content, "articles/b.md", BROKEN)
    assert run_build(content, out, **FAST) == 1
    assert MESSAGE in capsys.readouterr().err
    assert pelican_runs == [] and not out.exists()


def test_a_rebuild_is_checked_beside_the_build_and_a_problem_keeps_the_previous_output(tmp_path, capsys,
                                                                                         pelican_runs):
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, "articles/a.md", GOOD)
    assert run_build(content, out, **FAST) == 0
    before = snapshot(out)
    write(content, "articles/b.md", BROKEN)
    capsys.readouterr()
    assert run_build(content, out, **FAST) == 1
    err = capsys.readouterr().err
    assert len(pelican_runs) == 2  # the rebuild ran while the check did
    assert MESSAGE in err and "Fehler:" not in err  # the check's words, not Pelican's about the same file
    assert snapshot(out) == before
    assert not list(tmp_path.glob("output.*")), "no staging folder may be left behind"
    write(content, "articles/b.md", BROKEN.replace("2026-13-02", "2026-01-02"))
    assert run_build(content, out, **FAST) == 0
    assert "fachbeitraege/zweiter/index.html" in snapshot(out)


def test_a_check_that_dies_fails_the_build(tmp_path, capsys, monkeypatch):
    import content_model.checkrun as checkrun

    content, out = tmp_path / "content", tmp_path / "output"
    write(content, "articles/a.md", GOOD)
    assert run_build(content, out, **FAST) == 0
    before = snapshot(out)
    write(content, "articles/a.md", GOOD.replace("Hallo.", "Hallo, neu."))
    monkeypatch.setattr(checkrun, "BOOT", "import sys; sys.stderr.write('kaputt\\n'); sys.exit(3)")
    capsys.readouterr()
    assert run_build(content, out, **FAST) == 1
    assert "Die Prüfung der Inhalte ist abgebrochen: kaputt" in capsys.readouterr().err
    assert snapshot(out) == before


def test_a_check_that_read_a_newer_save_is_not_remembered_for_the_older_bytes(tmp_path, capsys, monkeypatch):
    """The editor fixes a file between the build's digest of it and the check's reading it, then undoes the fix:
    the passed check was of the fixed bytes and must not be taken for the broken ones."""
    import content_model.build as build_module

    relative, broken, message = CROSS_FILE["missing image"]  # Pelican alone would build it without an error
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, "articles/a.md", GOOD)
    assert run_build(content, out, **FAST) == 0
    write(content, relative, broken)
    real = build_module.check_key

    def fixed_meanwhile(*args):
        key = real(*args)
        write(content, relative, broken.replace("image: images/fehlt.png\nimage_alt: Ein Bild\n", ""))
        return key

    monkeypatch.setattr(build_module, "check_key", fixed_meanwhile)
    assert run_build(content, out, **FAST) == 0
    monkeypatch.setattr(build_module, "check_key", real)
    write(content, relative, broken)  # the fix undone
    capsys.readouterr()
    assert run_build(content, out, **FAST) == 1
    assert message in capsys.readouterr().err
