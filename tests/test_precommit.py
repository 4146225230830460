"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit on a scratch
git repository.

pre-commit installs a ``language: python`` hook by pip-installing the hook's repository,
which needs the package index; tests download nothing, so the hooks are run as a ``local``
repository with ``language: system`` and the entry pointing at this environment's textfix.
Everything else (entry, arguments, ``files``, ``types``) is taken from the manifest as is,
and the manifest itself is validated by pre-commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")


def _need_tools() -> None:
    if PRE_COMMIT is None:
        if os.environ.get("CI"):
            pytest.fail("pre-commit missing: it is in the test extra")
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        HOME=str(tmp_path),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        TEXTFIX_NO_PROGRESS="1",
    )
    return env


def _repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    import yaml

    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    textfix = Path(sys.executable).parent / "textfix"
    local = []
    for h in hooks:
        h = dict(h)
        assert h["entry"].startswith("textfix ")
        h["entry"] = str(textfix) + h["entry"][len("textfix") :]
        h["language"] = "system"
        local.append(h)
    repo = tmp_path / "repo"
    repo.mkdir()
    env = _env(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}), encoding="utf-8"
    )
    return repo, env


def _run(repo: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    return subprocess.run(
        [PRE_COMMIT, "run", hook, "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_manifest_is_valid():
    _need_tools()
    p = subprocess.run([PRE_COMMIT, "validate-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_check_hook_fails_on_findings_and_passes_when_clean(tmp_path):
    _need_tools()
    repo, env = _repo(tmp_path)
    (repo / "notes.txt").write_text("It cost $ 369 million , he said.\n", encoding="utf-8")
    (repo / "script.py").write_text("x = 'a , b'\n", encoding="utf-8")  # not a .txt: not checked
    p = _run(repo, env, "textfix-check")
    assert p.returncode == 1, p.stdout + p.stderr
    assert "notes.txt:1:9: S105" in p.stdout and "script.py" not in p.stdout
    (repo / "notes.txt").write_text("It cost $369 million, he said.\n", encoding="utf-8")
    p = _run(repo, env, "textfix-check")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Passed" in p.stdout


def test_fix_hook_repairs_the_files_and_fails_the_commit(tmp_path):
    _need_tools()
    repo, env = _repo(tmp_path)
    (repo / "notes.txt").write_text("It cost $ 369 million , he said.\n", encoding="utf-8")
    p = _run(repo, env, "textfix-fix")
    # pre-commit fails a hook that modified files, so the repairs are reviewed and staged.
    assert p.returncode == 1 and "files were modified by this hook" in p.stdout, p.stdout
    assert (repo / "notes.txt").read_text(encoding="utf-8") == "It cost $369 million, he said.\n"
    p = _run(repo, env, "textfix-fix")
    assert p.returncode == 0, p.stdout + p.stderr


def test_contributor_config_is_valid_and_downloads_nothing():
    """.pre-commit-config.yaml (the repository's own hooks for contributors): ruff, ruff-format
    and mypy, all local hooks run from the contributor's environment."""
    import yaml

    _need_tools()
    config = ROOT / ".pre-commit-config.yaml"
    p = subprocess.run([PRE_COMMIT, "validate-config", str(config)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    repos = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    assert [r["repo"] for r in repos] == ["local"]
    hooks = {h["id"]: h for h in repos[0]["hooks"]}
    assert set(hooks) == {"ruff", "ruff-format", "mypy"}
    assert all(h["language"] == "system" for h in hooks.values())
