"""The caret picture under a bad input: short inputs whole, long ones as a window."""

from symgrad.errors import CARET_CONTEXT, ParseError


def test_short_input_is_shown_whole_with_the_caret_under_the_place():
    assert ParseError("bad", text="x + @y", position=4).caret() == "  x + @y\n      ^"


def test_long_input_shows_a_window_around_the_place():
    text = "a" * 100 + "@" + "b" * 100
    input_line, caret_line = ParseError("bad", text=text, position=100).caret().splitlines()
    assert input_line == "  …" + "a" * CARET_CONTEXT + "@" + "b" * (CARET_CONTEXT - 1) + "…"
    assert input_line[caret_line.index("^")] == "@"


def test_the_window_starts_at_the_beginning_when_the_place_is_near_it():
    input_line, caret_line = ParseError("bad", text="_" + "x" * 80, position=0).caret().splitlines()
    assert input_line.startswith("  _x") and input_line.endswith("…") and caret_line == "  ^"


def test_no_caret_without_text_or_position():
    assert ParseError("bad").caret() is None and ParseError("bad", text="x").caret() is None
