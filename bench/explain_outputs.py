"""Everything `tutor explain` shows for a fixed set of formulas, written to a folder, so
that two checkouts can be compared byte for byte (issue #13's explain round: the models
became plain classes and `--json` had to stay identical).

    PYTHONPATH=/path/to/checkout-a python bench/explain_outputs.py /tmp/a
    PYTHONPATH=/path/to/checkout-b python bench/explain_outputs.py /tmp/b
    diff -r /tmp/a /tmp/b

Per formula: `tutor explain --json --no-run` in English and Japanese, with the run for every
third one (the CLI, a process each), and `to_markdown` in both languages (the TUI's
`/explain`), with `name_en` and `match_kind`. Give each checkout its own TUTOR_CACHE_DIR.
"""

from __future__ import annotations

import os
import subprocess
import sys

FORMULAS = [
    r"\mathrm{ReGLU}(x, W, V) = \max(0, xW) \otimes xV",
    r"\mathcal{L}_{\mathrm{CFM}}(\theta) = \mathbb{E}_{t, x_0, x_1}\left\|v_\theta(x_t, t)"
    r" - (x_1 - x_0)\right\|^2",
    r"\ell(y, f(x)) = \log\left(1 + e^{-y f(x)}\right)",
    r"\mathrm{FFN}(x) = \max(0, xW_1 + b_1)W_2 + b_2",
    r"\theta_{t+1} \doteq \theta_t + \alpha\left(G_t - b(S_t)\right)"
    r"\frac{\nabla \pi(A_t \mid S_t, \theta_t)}{\pi(A_t \mid S_t, \theta_t)}",
    r"f(\mathbb{E}[x]) \le \mathbb{E}[f(x)]",
    r"G_t \doteq R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \cdots"
    r" = \sum_{k=0}^{\infty} \gamma^k R_{t+k+1}",
    r"\mathrm{Recall} = \frac{TP}{TP + FN}",
    r"\|x\|_p = \left( \sum_i |x_i|^p \right)^{1/p}",
    r"\mathrm{SwiGLU}(x, W, V, b, c) = \mathrm{Swish}_1(xW + b) \otimes (xV + c)",
    r"p(\theta \mid x) = \frac{p(x \mid \theta)\, p(\theta)}{p(x)}",
    r"R^2 = 1 - \frac{\mathrm{RSS}}{\mathrm{TSS}}"
    r" = 1 - \frac{\sum_i (y_i - \hat{y}_i)^2}{\sum_i (y_i - \bar{y})^2}",
    r"\hat{\theta}^{(t)} = \alpha \hat{\theta}^{(t-1)} + (1 - \alpha)\theta^{(t)}",
    r"\log \mathrm{softmax}(z)_i = z_i - \log \sum_j \exp(z_j)",
    r"x^2",
    r"\sum_i x_i",
    r"\frac{",
    "",
    r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
    r"r_t(\theta) = \frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_{old}}(a_t \mid s_t)}",
    r"\begin{aligned} m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t \\"
    r" v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\"
    r" \theta_t &= \theta_{t-1} - \alpha m_t / (\sqrt{v_t} + \epsilon) \end{aligned}",
    r"Q \in \mathbb{R}^{n \times d}, K \in \mathbb{R}^{m \times d}, Q K^\top",
    r"\sigma(x) = \frac{1}{1 + e^{-x}} + y",
    r"\mathrm{softmax}(QK^\top / \sqrt{d_k}) V",
    r"\int f(x) dx = 1",
    r"\mathbb{E}_{x \sim p}[\log q(x)] + \foo{x}",
    r"\mathrm{head}_i = \mathrm{Attention}(QW_i^Q, KW_i^K, VW_i^V)",  # a part of a formula
    r"\theta_{t+1} = \theta_t + v_{t+1}",
    r"G_{t:t+n} \doteq R_{t+1} + \gamma R_{t+2} + \cdots + \gamma^{n-1} R_{t+n}"
    r" + \gamma^n V_{t+n-1}(S_{t+n})",
    r"\mathrm{Cov}(f(x), g(y)) = \mathbb{E}\left[(f(x) - \mathbb{E}[f(x)])"
    r"(g(y) - \mathbb{E}[g(y)])\right]",
    r"p_i = \frac{\exp(z_i/\tau)}{\sum_j \exp(z_j/\tau)}",
    r"\log p_i = z_i - \log\sum_{j} e^{z_j}",
    r"\mathrm{sigmoid}(x) = \frac{1}{1+e^{-x}}",
    r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
]


def main(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for i, latex in enumerate(FORMULAS):
        for variant, before, after in (
            ("norun", [], ["--no-run"]),
            ("ja", ["--lang", "ja"], ["--no-run"]),
            ("run", [], []),
        ):
            if variant == "run" and i % 3:
                continue
            argv = [sys.executable, "-m", "tutor", *before, "explain", "--json", *after, latex]
            done = subprocess.run(argv, capture_output=True)
            with open(os.path.join(folder, f"{i:02d}-{variant}.json"), "wb") as out:
                out.write(done.stdout + b"\n--stderr--\n" + done.stderr)
                out.write(f"\nexit {done.returncode}\n".encode())
    from tutor.offline.explain import explain_formula

    for i, latex in enumerate(FORMULAS):
        for lang in ("en", "ja"):
            shown = explain_formula(latex, lang=lang, run=i % 3 == 0)
            with open(os.path.join(folder, f"{i:02d}-{lang}.md"), "w", encoding="utf-8") as out:
                out.write(f"{shown.to_markdown(lang)}\n{shown.name_en!r} {shown.match_kind!r}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "explain-outputs")
