"""Markdown cards: the hashcards and Obsidian layouts, with headings as skills."""

from __future__ import annotations

from pathlib import Path

from testkit.imports import GOLDEN, imported, matches_golden, questions


def test_both_layouts_in_one_file(tmp_path: Path) -> None:
    pack, report = imported([GOLDEN / "cards.md"], tmp_path / "pack")
    matches_golden(pack, "cards.expected.json")
    assert [skill.title for skill in pack.skills] == ["Capitals", "Obsidian cards"]
    assert [str(s) for s in report.skipped] == [
        f"{GOLDEN / 'cards.md'}:12: an answer with no question before it"
    ]


def test_braces_and_bars_are_not_taken_for_blanks(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("C: A set {{x}} holds [x].\n\nC: Either [a|b] or [c].\n", encoding="utf-8")
    pack, report = imported([notes], tmp_path / "pack")
    assert [q.id for q in pack.questions()] == ["either-a-b-or-c-c2"]
    assert [s.why for s in report.skipped] == [
        "the text holds '{{' or '}}', which read as blanks",
        "an answer holding '|', which a blank cannot",
    ]


def test_a_huge_line_of_deletions_is_skipped_at_once(tmp_path: Path) -> None:
    notes = tmp_path / "bomb.md"
    notes.write_text("Q: fine\nA: yes\n\n---\n" + "==a== " * 100_000 + "\n", encoding="utf-8")
    pack, report = imported([notes], tmp_path / "pack")
    assert [q.id for q in pack.questions()] == ["fine"]
    assert [s.why for s in report.skipped] == ["a cloze text longer than 10000 characters"]


def test_hashcards_and_obsidian_notes_as_their_programs_write_them(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        "---\nsr-due: 2024-08-01\ntags: a::b\n---\n"
        "Q: What is the title of this painting?\n\n![](@/tempest.webp)\n\nA: _The Tempest_\n"
        "\n---\n\nQ: State De Morgan's first law\nA:\n\n$$\n\\neg (P \\land Q)\n$$\n\n"
        "# Obsidian\n\nLargest planet::**Jupiter** <!--SR:!2024-09-15,62,230-->\n\n"
        "Red planet\n?\nMars\n<!--SR:!2024-09-06,73,250-->\n",
        encoding="utf-8",
    )
    pack, report = imported([notes], tmp_path / "pack")
    got = {q.id: q for q in pack.questions()}
    painting = got["what-is-the-title-of-this-painting-tempe"]
    assert painting.prompt == "What is the title of this painting?\n\n![](@/tempest.webp)"
    assert painting.answers == ("The Tempest",)  # type: ignore[attr-defined]
    law = got["state-de-morgan-s-first-law"]
    # A formula is no answer to type in its source: it is picked among the other backs.
    assert law.answer == "$$ \\neg (P \\land Q) $$"  # type: ignore[attr-defined]
    assert got["largest-planet"].answers == ("Jupiter",)  # type: ignore[attr-defined]
    assert got["red-planet"].answers == ("Mars",)  # type: ignore[attr-defined]
    # The picture, at the deck's root for hashcards, is not there: said, with its card.
    assert [str(s) for s in report.skipped] == [
        f"{notes}:5: the picture '@/tempest.webp' is not in the file's folder, not kept"
    ]


def test_obsidian_cloze_hints_and_card_numbers_are_read_not_shown(tmp_path: Path) -> None:
    notes = tmp_path / "clozes.md"
    notes.write_text(
        "This ==note== needs no ==number==^[a count] on clozes\n\n"
        "A ==cloze==^[a hint][^1]. Then ==this==[^2]. And ==that one==[^1].\n",
        encoding="utf-8",
    )
    pack, report = imported([notes], tmp_path / "pack")
    got = [(q.text, q.hints) for q in pack.questions()]  # type: ignore[attr-defined]
    assert got == [
        ("This {{note}} needs no number on clozes", ()),
        ("This note needs no {{number}} on clozes", ("a count",)),
        ("A {{cloze}}. Then this. And {{that one}}.", ("a hint",)),
        ("A cloze. Then {{this}}. And that one.", ()),
    ]
    assert not report.skipped


def test_each_picture_a_card_names_is_reported_with_its_place(tmp_path: Path) -> None:
    # Obsidian's `![[...]]` and Markdown's `![..](..)`, once for a card both ways.
    cards = GOLDEN / "pictures.md"
    _, report = imported([cards], tmp_path / "pack")
    said = "is not in the file's folder, not kept"
    assert [str(skipped) for skipped in report.skipped] == [
        f"{cards}:3: the picture 'cat photo.png' {said}",
        f"{cards}:8: the picture 'sky.png' {said}",
        f"{cards}:10: the picture 'dog pic.png' {said}",
    ]


def test_pictures_in_the_file_s_folder_are_kept_and_no_other(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "img").mkdir(parents=True)
    (notes / "cat.png").write_bytes(b"\x89PNG cat")
    (notes / "img" / "my dog.png").write_bytes(b"\x89PNG dog")
    (tmp_path / "secret.png").write_bytes(b"secret")
    (notes / "link.png").symlink_to(tmp_path / "secret.png")
    (notes / "up").symlink_to(tmp_path)
    cards = notes / "cards.md"
    cards.write_text(
        "Q: Which? ![[cat.png]]\nA: ![](@/img/my%20dog.png)\n\n"
        "Q: Bad ![](../secret.png) ![](/etc/passwd) ![](link.png) ![](up/secret.png)"
        " ![](https://example.org/a.png) ![](gone.png) ![[img]]\nA: none\n\n"
        "Q: Cat? ![](./cat.png)\nA: yes\n\n"
        "C: The [cat] ![[cat.png]]\n",
        encoding="utf-8",
    )
    pack, report = imported([cards], tmp_path / "pack")
    media = tmp_path / "pack" / "media"
    assert {path.name: path.read_bytes() for path in media.iterdir()} == {
        "cat.png": b"\x89PNG cat",
        "my-dog-71f0ed6e.png": b"\x89PNG dog",
    }
    found = questions(pack)
    # Ids are made of the text as written, as before pictures were kept.
    assert found["which-cat-png"]["prompt"] == "Which? (image: media/cat.png)"
    assert found["which-cat-png"]["answer"] == "(image: media/my-dog-71f0ed6e.png)"
    assert found["the-cat-cat-png-c1"]["text"] == "The {{cat}} (image: media/cat.png)"
    where = f"{cards}:4: the picture"
    assert [str(skipped) for skipped in report.skipped] == [
        f"{where} '../secret.png' is outside the file's folder, not kept",
        f"{where} '/etc/passwd' is outside the file's folder, not kept",
        f"{where} 'link.png' is a link, which is not followed, not kept",
        f"{where} 'up/secret.png' is a link, which is not followed, not kept",
        f"{where} 'https://example.org/a.png' is on the web or elsewhere (an address), not kept",
        f"{where} 'gone.png' is not in the file's folder, not kept",
        f"{where} 'img' is not a file, not kept",
    ]


def test_a_list_answer_is_picked_not_typed_and_a_wrapped_one_is_one_line(tmp_path: Path) -> None:
    cards = tmp_path / "biology.md"
    cards.write_text(
        "Q: The phases of mitosis?\nA:\n- prophase\n- metaphase\n- anaphase\n\n"
        "Q: The powerhouse of the cell?\nA: the\nmitochondria\n\n"
        "Q: Where is DNA kept?\nA: the nucleus\n\n"
        "Q: What does ATP do?\nA: stores energy\n\nIt is made in the mitochondria.\n",
        encoding="utf-8",
    )
    pack, _ = imported([cards], tmp_path / "pack")
    got = questions(pack)
    phases = got["the-phases-of-mitosis"]
    assert (phases["type"], phases["answer"]) == ("choice", "prophase / metaphase / anaphase")
    assert phases["explanation"] == "- prophase\n- metaphase\n- anaphase"
    assert got["the-powerhouse-of-the-cell"]["answers"] == ["the mitochondria"]
    atp = got["what-does-atp-do"]
    assert atp["type"] == "choice"
    assert atp["answer"] == "stores energy / It is made in the mitochondria."


def test_obsidian_links_show_as_obsidian_shows_them(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(
        "What holds the token?::a [[Web Security#Cookies|cookie]] or [[Fields]]\n\n"
        "Who sends it?::a [phishing email](app://obsidian.md/OS%20Security#Phishing)\n\n"
        "A ==[[Cookies|cookie]]== has a name.\n"
    )
    pack, _ = imported([note], tmp_path / "pack")
    got = questions(pack)
    shown = [str(q.get("answers") or q.get("answer") or q.get("text")) for q in got.values()]
    assert shown == ["['a cookie or Fields']", "['a phishing email']", "A {{cookie}} has a name."]


def test_two_files_with_different_pictures_of_one_name_keep_both(tmp_path: Path) -> None:
    files = []
    for animal in ("cat", "dog"):
        folder = tmp_path / animal
        folder.mkdir()
        (folder / "pet.png").write_bytes(f"\x89PNG {animal}".encode())
        (folder / "same.png").write_bytes(b"\x89PNG same")
        cards = folder / "cards.md"
        cards.write_text(f"Q: Which {animal}? ![](pet.png) ![](same.png)\nA: {animal}\n", "utf-8")
        files.append(cards)
    pack, report = imported(files, tmp_path / "pack")
    media = tmp_path / "pack" / "media"
    kept = {path.name: path.read_bytes() for path in media.iterdir()}
    assert len(kept) == 3 and kept["same.png"] == b"\x89PNG same"
    for animal in ("cat", "dog"):
        [prompt] = [q["prompt"] for q in questions(pack).values() if animal in q["prompt"]]
        name = prompt.split("(image: media/")[1].split(")")[0]
        assert kept[name] == f"\x89PNG {animal}".encode(), prompt
        assert "(image: media/same.png)" in prompt
    assert not report.skipped
