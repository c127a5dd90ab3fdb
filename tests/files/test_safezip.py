"""Reading an untrusted zip: every check that refuses it names which one it was."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from tutor_tui.files.safezip import Limits, ZipRefused, is_link, open_zip, read_member

ROOMY = Limits(members=100, unpacked=10_000, directory=64 * 1024, packed=100_000)


def _zip(*members: tuple[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name), data)
    buffer.seek(0)
    return buffer


def _refusal(data: io.BytesIO, limits: Limits = ROOMY) -> ZipRefused:
    with pytest.raises(ZipRefused) as refused:
        open_zip(data, limits)
    return refused.value


def test_a_sound_zip_is_read_member_by_member(tmp_path: Path) -> None:
    path = tmp_path / "pack.zip"
    path.write_bytes(_zip(("pack.yaml", b"id: p\n"), ("units/a.yaml", b"x" * 50)).getvalue())
    with open_zip(path, ROOMY) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        assert read_member(archive, infos["pack.yaml"]) == b"id: p\n"
        assert read_member(archive, infos["units/a.yaml"], 10) == b"x" * 10


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../evil", "climbs out of its folder with '..'"),
        ("a/../../evil", "climbs out of its folder with '..'"),
        ("/etc/passwd", "is an absolute path"),
        ("C:/evil", "is an absolute path"),
        ("a\\..\\evil", "holds a backslash"),
        (".", "names no file"),
    ],
)
def test_a_name_outside_the_folder_refuses_the_whole_zip(name: str, why: str) -> None:
    refused = _refusal(_zip(("good.txt", b"x"), (name, b"x")))
    assert (refused.kind, refused.name) == ("name", name)
    assert refused.why.startswith(why)


def test_a_name_given_twice_refuses_the_zip() -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = _zip(("a.txt", b"1"), ("a.txt", b"2"))
    refused = _refusal(data)
    assert (refused.kind, refused.name) == ("twice", "a.txt")


def test_the_callers_bounds_refuse_a_zip_before_its_members_are_read() -> None:
    many = _zip(*((f"{n}.txt", b"") for n in range(5)))
    assert _refusal(many, Limits(members=4, unpacked=10, directory=10_000)).kind == "count"
    assert _refusal(many, Limits(members=9, unpacked=10, directory=100)).kind == "count"
    big = _zip(("a.txt", b"x" * 1000))
    assert _refusal(big, Limits(members=9, unpacked=999, directory=10_000)).kind == "unpacked"
    assert _refusal(big, Limits(members=9, unpacked=9999, directory=9999, packed=50)).kind == (
        "size"
    )


def test_a_zip64_archive_is_refused_unless_the_caller_reads_them() -> None:
    data = _zip(("a.txt", b"x")).getvalue()
    end = data.rindex(b"PK\x05\x06")
    locator = b"PK\x06\x07" + bytes(4) + bytes(8) + b"\x01\0\0\0"
    marked = io.BytesIO(data[:end] + locator + data[end:])
    assert _refusal(marked).kind == "count"
    lenient = Limits(members=9, unpacked=9999, directory=9999, zip64=True)
    # Past the directory's bound, zipfile itself finds the zip64 record missing.
    assert _refusal(marked, lenient).kind == "damaged"


def test_an_encrypted_member_is_not_read() -> None:
    data = bytearray(_zip(("secret.txt", b"x")).getvalue())
    at = data.index(b"PK\x01\x02") + 8
    data[at] |= 0x1
    with open_zip(io.BytesIO(bytes(data)), ROOMY) as archive:
        with pytest.raises(ZipRefused) as refused:
            read_member(archive, archive.infolist()[0])
    assert (refused.value.kind, refused.value.name) == ("encrypted", "secret.txt")


def test_a_damaged_member_is_refused_by_name() -> None:
    data = bytearray(_zip(("a.txt", b"hello " * 200)).getvalue())
    data[60] ^= 0x55  # inside the compressed bytes, after the 30-byte header and the name
    with open_zip(io.BytesIO(bytes(data)), ROOMY) as archive:
        with pytest.raises(ZipRefused) as refused:
            read_member(archive, archive.infolist()[0])
    assert (refused.value.kind, refused.value.name) == ("damaged", "a.txt")


def test_a_link_entry_is_told_from_a_file() -> None:
    link = zipfile.ZipInfo("lessons/a.md")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert is_link(link)
    assert not is_link(zipfile.ZipInfo("lessons/b.md"))
