"""Material from other programs, turned into content packs and back.

One module per format reads a file into a `Draft` (`draft.py`): units, skills and questions in the
pack format's terms, with everything that could not be converted listed, each with where it is and
why. `writer.py` turns a draft into a pack folder the loader accepts; `importing.py` picks the
reader by the file; `exporting.py` writes a pack out as GIFT, Moodle XML or an Anki deck.

Nothing here is imported at start-up: only `tutor packs import` and `tutor packs export` load it.
"""
