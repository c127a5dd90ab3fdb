"""Reading response logs: what is accepted, and the refusals with file and line."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tutor_tui.core.errors import TutorError
from tutor_tui.modeling.errors import ModelDataError
from tutor_tui.modeling.responses import read_responses


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_come_back_in_each_learners_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "user_id,order_id,skill_id,correct,problem_id\n"
        "a,2,s1,0,\nb,1,s2,1,q9\na,1,s1,1,q1\nb,0,s1,0,\n",
    )
    log = read_responses(path)
    assert log.learners == ["a", "b"]
    assert [log.learners[i] for i in log.learner] == ["a", "a", "b", "b"]
    assert log.correct == [1, 0, 0, 1]
    assert [log.problems[p] if p >= 0 else None for p in log.problem] == ["q1", None, None, "q9"]
    assert log.folds is None


def test_timestamps_order_answers_without_order_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "user_id,skill_id,correct,timestamp\n"
        "a,s,1,2024-01-02T10:00:00Z\na,s,0,2024-01-01T10:00:00+00:00\n",
    )
    assert read_responses(path).correct == [0, 1]


def test_gzip_is_recognised_by_its_bytes_and_by_name(tmp_path: Path) -> None:
    data = gzip.compress(b"user_id,skill_id,correct\na,s,1\n")
    for name in ("log.csv", "log.csv.gz"):
        (tmp_path / name).write_bytes(data)
        assert read_responses(tmp_path / name).correct == [1]


def test_one_point_zero_counts_as_one(tmp_path: Path) -> None:
    path = write(tmp_path, "user_id,skill_id,correct\na,s,1.0\na,s,0.0\n")
    assert read_responses(path).correct == [1, 0]


def test_rows_without_a_skill_are_left_out_and_counted(tmp_path: Path) -> None:
    path = write(tmp_path, "user_id,skill_id,correct\na,,1\na,s,0\n")
    log = read_responses(path)
    assert (len(log), log.skipped) == (1, 1)


def test_hashed_folds_keep_a_learner_together(tmp_path: Path) -> None:
    rows = "".join(f"L{n},s,{n % 2}\n" for n in range(40) for _ in range(2))
    log = read_responses(write(tmp_path, "user_id,skill_id,correct\n" + rows))
    folds = log.fold_of_rows()
    by_learner: dict[int, set[int]] = {}
    for learner, fold in zip(log.learner, folds, strict=True):
        by_learner.setdefault(learner, set()).add(fold)
    assert all(len(f) == 1 for f in by_learner.values())
    assert len(set(folds)) > 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("user_id,correct\na,1\n", "log.csv:1: missing column skill_id"),
        ("learner,skill,right\n", "missing columns user_id, skill_id, correct"),
        ("user_id,skill_id,correct\na,s,1\na,s,2\n", "log.csv:3: correct must be 0 or 1, not '2'"),
        ("user_id,skill_id,correct\na,s,yes\n", "log.csv:2: correct must be 0 or 1, not 'yes'"),
        ("user_id,skill_id,correct\na,s,\n", "log.csv:2: correct must be 0 or 1, not ''"),
        ("", "log.csv: the file is empty"),
        ("\n", "log.csv: the file is empty"),
        ("user_id,skill_id,correct\n", "no answers, only a header line"),
        ("user_id,skill_id,correct\n,s,1\n", "log.csv:2: user_id is empty"),
        ("user_id,skill_id,correct,fold\na,s,1,x\n", "log.csv:2: fold must be a number"),
        ("user_id,skill_id,correct,order_id\na,s,1,first\n", "order_id must be a number"),
        ("user_id,skill_id,correct\na,s\n", "log.csv:2: 2 values, but the header names 3"),
        ("user_id,skill_id,correct,timestamp\na,s,1,noon\n", "log.csv:2: timestamp must be"),
    ],
)
def test_refusals_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ModelDataError) as caught:
        read_responses(write(tmp_path, text))
    assert message in str(caught.value)
    assert isinstance(caught.value, TutorError)


def test_non_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(b"user_id,skill_id,correct\na,s,1\n\xe9l\xe8ve,s,1\n")
    with pytest.raises(ModelDataError, match=r"log.csv:3: not UTF-8"):
        read_responses(path)


def test_damaged_gzip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.csv.gz"
    path.write_bytes(gzip.compress(b"user_id,skill_id,correct\n" + b"a,s,1\n" * 1000)[:60])
    with pytest.raises(ModelDataError, match="not a readable gzip file"):
        read_responses(path)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelDataError, match="no such file"):
        read_responses(tmp_path / "nope.csv")
    with pytest.raises(ModelDataError, match="is a folder"):
        read_responses(tmp_path)
