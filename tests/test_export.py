"""Obsidian-ready exports: math as $…$ / $$…$$, no slash-command noise, readable front
matter; read back as Markdown with the math intact."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from tutor.conversations import ConversationStore, Message, obsidian_math
from tutor.exporting import decimal_string, plural, render_note, untouched_since_export
from tutor.offline.explain import explain_formula

SIGMOID = r"\sigma(x) = \frac{1}{1+e^{-x}}"


def _front(text: str) -> dict[str, str]:
    front = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in front.strip().splitlines())


def test_conversation_export_reads_back_with_its_math(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    cid = store.new()
    store.add(cid, Message("user", "/help"))
    store.add(cid, Message("assistant", "the list of commands", "command"))
    store.add(cid, Message("user", SIGMOID))
    answer = explain_formula(SIGMOID, run=False).to_markdown("en")
    store.add(cid, Message("assistant", answer, "offline"))
    store.add(cid, Message("user", r"why is `\mathbf{x}^\top \mathbf{y}` a number?"))
    store.add(
        cid,
        Message(
            "assistant",
            r"Because `\mathbf{x}^\top \mathbf{y}` sums products; in NumPy `x @ y`.",
            "gemini",
            "gemini-3.5-flash",
            120,
            40,
            Decimal("0.000012300"),
        ),
    )
    store.add(cid, Message("user", "/spend"))
    store.add(cid, Message("assistant", "today $0.00", "command"))
    text = store.export_markdown(cid)
    fields = _front(text)
    assert fields["cost_usd"] == '"0.0000123"' and fields["models"] == "[gemini-3.5-flash]"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["date"])
    assert fields["tags"] == "[tutor, conversation]" and fields["messages"] == "4"
    assert fields["title"] == '"\\\\sigma(x) = \\\\frac{1}{1+e^{-x}}"'
    assert "/help" not in text and "/spend" not in text and "list of commands" not in text
    body = text.split("---\n", 2)[2]
    assert f"## You\n\n$$\n{SIGMOID}\n$$" in body  # the pasted formula, displayed
    assert f"## tutor (offline)\n\n$$\n{SIGMOID}\n$$" in body  # not its Unicode in a code block
    assert "```text\nσ(x)" not in body
    assert r"$\mathbf{x}^\top \mathbf{y}$" in body and "`x @ y`" in body  # code stays code
    assert r"$\sigma$" in body  # the symbol list's LaTeX spans
    # every $…$ and $$…$$ is balanced
    assert (
        body.count("$$") % 2 == 0
        and re.sub(r"\$\$.*?\$\$", "", body, flags=re.S).count("$") % 2 == 0
    )


def test_zero_cost_is_a_decimal_string_not_an_exponent() -> None:
    assert decimal_string(Decimal("0E-9")) == '"0.00"'
    assert decimal_string(Decimal("0.001234000")) == '"0.001234"'
    assert decimal_string(Decimal("12.5")) == '"12.50"'


def test_plurals() -> None:
    assert plural(1, "day") == "1 day" and plural(0, "day") == "0 days"
    assert plural(1, "note") == "1 note" and plural(3, "note") == "3 notes"


def test_code_that_is_not_latex_stays_code() -> None:
    assert obsidian_math("use `np.exp(x)` or `x_i`") == "use `np.exp(x)` or `x_i`"
    assert obsidian_math(r"the `\frac` command") == r"the `\frac` command"  # no arguments


def test_a_note_knows_whether_it_was_edited() -> None:
    note = render_note(["date: 2026-01-01"], "# title\n\nbody\n")
    assert untouched_since_export(note)
    assert not untouched_since_export(note.replace("body", "my body"))
    assert not untouched_since_export("---\ndate: 2026-01-01\n---\n\nno hash\n")
