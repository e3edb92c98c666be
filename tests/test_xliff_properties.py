"""Random texts through the XLIFF codes and into words files: nothing lost, nothing moved.

Two properties the XLIFF import rests on, each tried on many texts (Hypothesis):

* a text written as XLIFF inline codes and read back is the same text;
* a translation whose codes stand in another order than the source's (as word order
  differs between languages) comes back with each code where it was: bold stays bold
  and each link keeps its address;
* a new text put into a translated words file in place reads back as exactly that
  text, with the file's comments and its other lines untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from leaflet.content import markup
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
    st.just("[sundhed.dk](https://sundhed.dk)"),
    st.just("{url}"),
    st.just("\n"),
    st.just(" "),
)
PIECES = st.lists(PIECE, min_size=1, max_size=12)
TEXT = PIECES.map("".join).filter(lambda t: t == t.strip())
#: A text and a translation of it: the same pieces in another order.
REORDERED = PIECES.flatmap(lambda p: st.tuples(st.just(p), st.permutations(p))).map(
    lambda pair: ("".join(pair[0]), "".join(pair[1]))
)


@COMMON
@given(TEXT)
def test_a_text_comes_back_from_its_codes(text: str) -> None:
    xml = f"<target>{inline.to_xliff(text)}</target>".encode()
    element = xmlread.parse_bytes(Path("t.xlf"), xml)
    decoded = inline.decode(element, text)
    assert decoded.problems == ()
    assert decoded.text == text


def _codes(text: str) -> Counter[tuple[str, str]]:
    found = markup.parts(text)
    return Counter((p.kind, p.href) for p in found if p.kind not in ("text", "newline"))


@COMMON
@given(REORDERED)
def test_a_translation_in_another_word_order_keeps_its_codes(pair: tuple[str, str]) -> None:
    source, target = pair
    assume(source == source.strip() and target == target.strip())
    assume(_codes(source) == _codes(target))  # pieces run together can make other codes
    alone = xmlread.parse_bytes(Path("t.xlf"), f"<t>{inline.to_xliff(target)}</t>".encode())
    assume(inline.decode(alone, target).text == target)  # as the test above, on its own
    xml = f"<target>{inline.to_xliff(target, source)}</target>".encode()
    element = xmlread.parse_bytes(Path("t.xlf"), xml)
    decoded = inline.decode(element, source)
    assert decoded.problems == ()
    assert decoded.text == target


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

#: The lines of FILE that a new heading, second list item and first cell leave alone.
KEPT = [
    line
    for line in FILE.splitlines()
    if not line.startswith(("heading:", '      - "two', "        - [a cell", "  reviewed:"))
]
assert len(KEPT) == len(FILE.splitlines()) - 4

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
    # Every line that holds none of the changed texts is kept as it was, in its place.
    lines = iter(made.text.splitlines())
    for kept in KEPT:
        assert any(line == kept for line in lines), (kept, made.text)
