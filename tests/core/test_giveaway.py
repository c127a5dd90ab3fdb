"""What a question gives away of its own answer: a pack's `guess`, and a short answer that is a
string of the program its prompt shows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_tui.core.content import (
    ChoiceQuestion,
    ClozeQuestion,
    MatchMode,
    ShortQuestion,
    TrueFalseQuestion,
    guess_chance,
    guessable,
    kind_chance,
)
from tutor_tui.core.giveaway import LONGEST_PROMPT, literal_chance, program_strings

IF_ORDER = """\
What does this program print? Type exactly what appears.

```python
score = 85
if score >= 50:
    print("pass")
elif score >= 80:
    print('merit')
else:
    print(f"fail")
```
"""


def printed(*answers: str, prompt: str = IF_ORDER, match: MatchMode = "exact") -> ShortQuestion:
    return ShortQuestion(id="q", prompt=prompt, answers=answers, match=match)


def test_a_declared_chance_counts_where_it_is_more_than_a_random_pick() -> None:
    cloze = ClozeQuestion(id="c", text="The {{right}} side, then the {{left}} side.")
    assert guess_chance(cloze) == 0.0 and not guessable(cloze)
    given_away = ClozeQuestion(id="c", text=cloze.text, guess=0.5)
    assert guess_chance(given_away) == 0.5 and guessable(given_away)
    # A random pick is right one time in four whatever the author says: a smaller chance, or
    # none, cannot make a choice of four or a true/false surer evidence.
    four = ChoiceQuestion(id="f", choices=tuple("abcd"), answer="a", guess=0.1)
    assert guess_chance(four) == kind_chance(four) == 0.25
    assert guess_chance(TrueFalseQuestion(id="t", answer=True, guess=0.0)) == 0.5
    assert guess_chance(ChoiceQuestion(id="f", choices=tuple("abcd"), answer="a", guess=0.6)) == 0.6
    # At most one in a hundred is no luck worth counting.
    assert not guessable(ClozeQuestion(id="c", text=cloze.text, guess=0.01))


def test_a_short_answer_that_is_a_string_of_the_program_shown() -> None:
    assert program_strings(IF_ORDER) == ["pass", "merit", "fail"]
    # One string of three, typed bare or in its quotes: one in three.
    assert literal_chance(printed("pass", "'pass'", '"pass"')) == pytest.approx(1 / 3)
    assert literal_chance(printed('"merit"')) == pytest.approx(1 / 3)
    # An answer the program computes is no string of it; nor is a number.
    assert literal_chance(printed("passpass")) is None
    assert literal_chance(printed("85")) is None
    # Strings in inline code count; quotes in the prose around it do not.
    inline = 'What does `print(ages.get("cara", "unknown"))` show, if "cara" is missing?'
    assert literal_chance(printed("unknown", prompt=inline)) == pytest.approx(1 / 2)
    assert literal_chance(printed("PASS", match="normal")) == pytest.approx(1 / 3)
    assert literal_chance(printed("PASS")) is None  # exact: the string's case is not this one's
    assert literal_chance(printed("pa(ss|rt)", match="regex")) == pytest.approx(1 / 3)
    assert literal_chance(printed("pass", prompt="Type pass.")) is None
    cloze = ClozeQuestion(id="c", text="{{pass}}", prompt=IF_ORDER)
    assert literal_chance(cloze) is None


def test_strings_are_read_as_code_reads_them() -> None:
    code = '```\nprint(f\'a{x}\', r"b\\"c")  # don\'t say "d"\nprint(\'never closed)\n```'
    assert program_strings(code) == ["a{x}", 'b\\"c', "d"]
    # A fence of four backticks is closed by four, not three; one never closed runs to the end.
    assert program_strings("````\n```\n'a'\n````\n'b'\n~~~\n'c'") == ["a", "c"]
    # A prompt longer than any question's program is not read, however it ends.
    long = IF_ORDER + "\n" + "x" * LONGEST_PROMPT
    assert literal_chance(printed("pass", prompt=long)) is None


WORDS = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(
    strings=st.lists(WORDS, min_size=1, max_size=6, unique_by=str.casefold),
    right=st.integers(min_value=0, max_value=5),
    quote=st.sampled_from(["'", '"']),
)
def test_one_string_of_n_is_a_chance_of_one_in_n(
    strings: list[str], right: int, quote: str
) -> None:
    lines = "\n".join(f"print({quote}{text}{quote})" for text in strings)
    prompt = f"What does this print?\n\n```python\n{lines}\n```\n"
    answer = strings[right % len(strings)]
    question = printed(answer, prompt=prompt, match="normal")
    assert literal_chance(question) == pytest.approx(1 / len(strings))
    # An answer none of them is: nothing given away.
    assert literal_chance(printed(answer + "!", prompt=prompt, match="normal")) is None
