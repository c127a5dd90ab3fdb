"""How right a learner's response to a question is: one grader per question type.

`grade(question, response)` takes a response in its canonical form and returns a `Grade`:

| type        | canonical response                                      |
| ----------- | ------------------------------------------------------- |
| `choice`    | the text of the picked choice                           |
| `multi`     | a collection of picked choice texts                     |
| `truefalse` | a `bool`                                                |
| `short`     | the text as typed                                       |
| `numeric`   | the text as typed, or an `int`, `float` or `Fraction`   |
| `order`     | a sequence of the item texts, in the learner's order    |
| `match`     | a mapping from left text to right text                  |
| `cloze`     | a sequence of fills, one per blank                      |
| any         | None: "I don't know", graded as a miss                  |

The shells read what a person typed into that form first: `parse_response` reads the command
line's encoding (JSON for lists and maps; `format_response` writes it), `parse_typed` the
friendlier forms of the line-based study mode. Whatever cannot be read raises `ResponseError`,
whose message is written for the learner. Everything here is pure: no I/O and no state.

One module per concept: `graders` (grading and a right response), `answers` (reading and writing
what people type), `numbers` (numbers as learners type them), `matching` (text against accepted
answers), `response` (the canonical response and its error). Callers import from the package.
"""

from tutor_tui.core.grading.answers import format_response, parse_response, parse_typed
from tutor_tui.core.grading.graders import Grade, correct_response, grade
from tutor_tui.core.grading.matching import PatternError, answer_pattern
from tutor_tui.core.grading.numbers import read_number
from tutor_tui.core.grading.response import Response, ResponseError

__all__ = [
    "Grade",
    "PatternError",
    "Response",
    "ResponseError",
    "answer_pattern",
    "correct_response",
    "format_response",
    "grade",
    "parse_response",
    "parse_typed",
    "read_number",
]
