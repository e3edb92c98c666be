"""Random texts through the XLIFF codes and into words files: nothing lost, nothing moved.

Two properties the XLIFF import rests on, each tried on many texts (Hypothesis):

* a text written as XLIFF inline codes and read back is the same text;
* a new text put into a translated words file in place reads back as exactly that
  text, with the file's comments and its other lines untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from leaflet.translate import inline, xmlread
from leaflet.translate.yamlpatch import Block, update

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):  # as in test_properties.py
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "leaflet-hypothesis")

COMMON = settings(
    database=None,
    derandomize=True,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Words with what YAML, XML and leaflet's markup treat specially.
WORD = st.text(
    alphabet=st.sampled_from(list("abcæøåŁżąКиї ع.,;:!?'\"#&<>-–%@`|>{}[]()*/\\")),
    min_size=1,
    max_size=12,
)
PIECE = st.one_of(
    WORD,
    WORD.map(str.strip).filter(bool).map(lambda w: f"**{w}**"),
    WORD.map(str.strip).filter(bool).map(lambda w: f"*{w}*"),
    st.just("[rn.dk](https://rn.dk/a)"),
    st.just("{url}"),
    st.just("\n"),
    st.just(" "),
)
TEXT = st.lists(PIECE, min_size=1, max_size=12).map("".join).filter(lambda t: t == t.strip())


@COMMON
@given(TEXT)
def test_a_text_comes_back_from_its_codes(text: str) -> None:
    xml = f"<target>{inline.to_xliff(text)}</target>".encode()
    element = xmlread.parse_bytes(Path("t.xlf"), xml)
    decoded = inline.decode(element, text)
    assert decoded.problems == ()
    assert decoded.text == text


FILE = """\
# A comment at the top.
translation:
  source: 0123456789ab   # where it came from
  reviewed: no
heading: Causes
body:
  # the first paragraph
  - >-
    Pain in the lower back can have different causes – and often a mix of causes.
  - list:
      - one
      - "two: three"
  - table:
      rows:
        - [a cell, "1813"]
"""

SCALAR = st.text(
    alphabet=st.sampled_from(list("abc æøå:#'\"-–{}[],&*!|>%@`?\n")), min_size=1, max_size=90
).filter(lambda t: t.strip() and not t.startswith("\n") and "\n\n" not in t)


@COMMON
@given(SCALAR, SCALAR, SCALAR)
def test_a_text_goes_into_a_file_in_place(heading: str, item: str, cell: str) -> None:
    words = yaml.load(FILE, Loader=yaml.BaseLoader)
    words.pop("translation")
    words["heading"] = heading
    words["body"][1]["list"][1] = item
    words["body"][2]["table"]["rows"][0][0] = cell.replace("\n", " ")
    block = Block("0123456789ab", True)
    made = update(Path("en/x.yaml"), FILE, words, block, "Danish", {})
    assert not made.rewritten, made.text
    back = yaml.load(made.text, Loader=yaml.BaseLoader)
    assert back.pop("translation") == {"source": "0123456789ab", "reviewed": "yes"}
    assert back == words
    for kept in ("# A comment at the top.", "# where it came from", "  # the first paragraph"):
        assert kept in made.text.splitlines() or kept in made.text
    assert "    Pain in the lower back can have different causes" in made.text
