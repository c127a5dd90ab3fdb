"""Writing a file whole or not at all: the content, the mode, and nothing left on any failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from tutor_tui.core.errors import TutorError
from tutor_tui.files.atomic import PRIVATE, SHARED, check_writable, write_atomic, write_report


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_text_bytes_and_a_writer_are_written_whole(tmp_path: Path) -> None:
    def writer(file: BinaryIO) -> None:
        file.write(b"one ")
        file.write(b"two")

    assert write_atomic(tmp_path / "a.txt", "héllo\n").read_bytes() == "héllo\n".encode()
    assert write_atomic(tmp_path / "b.bin", b"\x00\x01").read_bytes() == b"\x00\x01"
    assert write_atomic(tmp_path / "c.txt", writer).read_bytes() == b"one two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin", "c.txt"]


def test_a_new_file_gets_the_mode_given(tmp_path: Path) -> None:
    assert _mode(write_atomic(tmp_path / "private", "x")) == PRIVATE
    assert _mode(write_atomic(tmp_path / "shared", "x", mode=SHARED)) == SHARED


def test_a_file_there_keeps_its_mode_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new", keep_mode=True)
    assert (target.read_text(), _mode(target)) == ("new", 0o640)
    write_atomic(target, "newer")
    assert (target.read_text(), _mode(target)) == ("newer", PRIVATE)


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "bundle.zip"
    target.write_bytes(b"last week")

    def writer(file: BinaryIO) -> None:
        file.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, writer)
    assert target.read_bytes() == b"last week"
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.zip"]


def test_a_check_sees_the_written_file_and_can_stop_the_write(tmp_path: Path) -> None:
    target = tmp_path / "pack.zip"
    seen: list[bytes] = []

    def check(temporary: Path) -> None:
        seen.append(temporary.read_bytes())
        assert temporary.parent == tmp_path and temporary != target
        raise TutorError("did not read back the same")

    with pytest.raises(TutorError):
        write_atomic(target, b"archive", check=check)
    assert seen == [b"archive"]
    assert list(tmp_path.iterdir()) == []


def test_a_rename_that_fails_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_text("x")
    with pytest.raises(OSError):
        write_atomic(target, "x")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


def test_a_report_is_refused_with_one_line_where_it_cannot_go(tmp_path: Path) -> None:
    with pytest.raises(TutorError, match="it is a folder"):
        write_report(tmp_path, "x")
    with pytest.raises(TutorError, match="there is no folder"):
        check_writable(tmp_path / "missing" / "r.md")
    assert write_report(tmp_path / "r.md", "# Report\n").read_text() == "# Report\n"
    assert _mode(tmp_path / "r.md") == PRIVATE


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_report_in_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(TutorError, match="is not writable"):
            write_report(folder / "r.md", "x")
    finally:
        folder.chmod(0o700)


def test_an_output_path_is_refused_unless_it_is_a_regular_file_or_nothing(tmp_path: Path) -> None:
    # Each would be replaced by the rename (a device by a world-readable file, when run as
    # root), or would hand the report to whoever reads the pipe or owns the link's target.
    pipe, link, target = tmp_path / "pipe", tmp_path / "link.md", tmp_path / "kept.md"
    os.mkfifo(pipe)
    target.write_text("kept")
    link.symlink_to(target)
    for path, why in (
        (Path("/dev/null"), "not a file"),
        (pipe, "not a file"),
        (link, "it is a link"),
        (tmp_path, "it is a folder"),
        (tmp_path / "dangling.md", "it is a link"),
    ):
        if path.name == "dangling.md":
            path.symlink_to(tmp_path / "nowhere.md")
        with pytest.raises(TutorError, match=why):
            write_report(path, "secret")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and stat.S_ISFIFO(pipe.lstat().st_mode)
    assert target.read_text() == "kept" and not (tmp_path / "nowhere.md").exists()


def test_a_report_replacing_a_shared_file_leaves_it_private(tmp_path: Path) -> None:
    target = tmp_path / "class.html"
    target.write_text("old")
    target.chmod(0o666)
    write_report(target, "new")
    assert target.read_text() == "new" and _mode(target) == PRIVATE
