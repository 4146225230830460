"""Progress bars appear only on a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

from textfix.progress import progress


def test_quiet_when_not_a_terminal(capsys):
    items = [1, 2, 3]
    assert progress(items) is items
    assert list(progress(iter(items))) == items
    assert capsys.readouterr().err == ""


def test_bar_on_a_terminal():
    """Run a child whose stderr is a pseudo-terminal: tqdm draws there."""
    code = "from textfix.progress import progress\nfor _ in progress(range(50), desc='files'): pass\n"
    master, slave = pty.openpty()
    # A new pty has no size; tqdm fits its bar to the terminal width, so give it 80 columns.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "TEXTFIX_NO_PROGRESS"}
    p = subprocess.run([sys.executable, "-c", code], stderr=slave, stdout=subprocess.PIPE, env=env, timeout=60)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    assert p.returncode == 0
    assert b"files:" in data and b"/50" in data


def _stderr_on_a_pty(argv: list[str], cwd: str) -> bytes:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "TEXTFIX_NO_PROGRESS"}
    p = subprocess.run(
        [sys.executable, "-m", "textfix", *argv], stderr=slave, stdout=subprocess.PIPE, env=env, cwd=cwd, timeout=300
    )
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    assert p.returncode in (0, 1)
    return data


def test_command_draws_bars_for_files_and_records_and_no_progress_stops_them(tmp_path):
    for i in range(30):
        (tmp_path / f"f{i:02}.txt").write_text("Hello , world .\n", encoding="utf-8")
    (tmp_path / "corpus.txt").write_text("Hello , world .\n" * 3000, encoding="utf-8")
    files = _stderr_on_a_pty(["check", "--isolated", "--glob", "f*.txt", "."], str(tmp_path))
    assert b"check:" in files and b"/30" in files
    records = _stderr_on_a_pty(["check", "--isolated", "--segments", "--statistics", "corpus.txt"], str(tmp_path))
    assert b"rec" in records
    for argv in (
        ["check", "--isolated", "--no-progress", "--glob", "f*.txt", "."],
        ["check", "--isolated", "--no-progress", "--segments", "--statistics", "corpus.txt"],
    ):
        assert _stderr_on_a_pty(argv, str(tmp_path)) == b""
