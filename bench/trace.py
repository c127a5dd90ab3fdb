"""How the fitted learner model's replay grows with a learner's log: the processor time of
`LearnerTrace.record` over N answers spread over a pack of S skills, as fitting a model, `tutor
model` and the service's trace replay a learner.

    python bench/trace.py [--answers 20000] [--skills 300]
    PYTHONPATH=OTHER/src python bench/trace.py     # another checkout's code, to compare by turns
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta

from tutor_tui.core.content import Mastery, evidence_rules
from tutor_tui.core.learner import Attempt
from tutor_tui.modeling.learner import LearnerModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20000)
    parser.add_argument("--skills", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(1)
    skills = [f"s{i}" for i in range(args.skills)]
    model = LearnerModel(skills={s: evidence_rules(Mastery(), 8) for s in skills})
    start = datetime(2027, 1, 1, tzinfo=UTC)
    log = []
    for n in range(args.answers):
        skill = rng.choice(skills)
        log.append(
            Attempt(
                id=str(n),
                learner_id="L",
                pack_id="p",
                pack_version="1",
                skill_id=skill,
                question_id=f"{skill}-q{rng.randrange(8)}",
                response=None,
                score=float(rng.random() < 0.6),
                at=start + timedelta(minutes=n),
                seconds=None,
                hints_used=0,
                kind="practice",
            )
        )
    began = time.process_time()
    trace = model.trace()
    for attempt in log:
        trace.record(attempt)
    spent = time.process_time() - began
    print(f"{args.answers} answers on {args.skills} skills: {spent:.2f} s of processor time")


if __name__ == "__main__":
    main()
