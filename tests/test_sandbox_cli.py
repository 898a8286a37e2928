"""`tutor doctor` and `tutor run`'s sandbox flags."""

from __future__ import annotations

import json

import pytest

from tutor.cli import main
from tutor.sandbox import client, launch


def test_doctor_lists_every_layer(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["doctor", "--json"])
    layers = json.loads(capsys.readouterr().out)
    assert {"seccomp", "landlock", "netns", "rlimits", "audit hook", "AST check"} <= set(layers)
    for name, layer in layers.items():
        if not layer["active"]:
            assert layer["detail"], name  # a skipped layer always says why
    assert code == (0 if layers["seccomp"]["active"] else 1)


def test_run_refuses_without_a_kernel_wall_unless_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(client, "wall_mode", lambda: "none")
    monkeypatch.setattr(launch, "wall_mode", lambda: "none")
    monkeypatch.setattr(client, "_servers", {})
    assert main(["run", "1 + 1"]) == 1
    assert "not available on this system" in capsys.readouterr().out
    assert main(["run", "--unsafe-no-kernel-sandbox", "1 + 1"]) == 0
    captured = capsys.readouterr()
    assert "WITHOUT the kernel sandbox" in captured.err and "2" in captured.out
    for server in client._servers.values():
        server.close()


def test_run_output_with_backtick_lines_stays_in_its_block(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["run", "--json", "print('```')"]) == 0
    assert json.loads(capsys.readouterr().out)["stdout"] == "```\n"


def test_run_print_shows_its_output_and_no_none_result() -> None:
    from tutor.sandbox.result import Outcome, ValueView

    printed = Outcome(ok=True, stdout="1\n", value=ValueView(repr="None", type="NoneType"))
    assert printed.to_markdown() == "```text\n1\n```"
    zero = Outcome(ok=True, value=ValueView(repr="0", type="int"))
    assert "int" in zero.to_markdown() and "0" in zero.to_markdown()


def test_run_print_in_the_sandbox_has_no_none_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "print(1)"]) == 0
    out = capsys.readouterr().out
    assert "1" in out and "None" not in out
