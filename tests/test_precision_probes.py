"""Precision probes: formulas nobody has written yet, each with the bank ids it must never
be named exactly (issue #11, requirement 1). Written as an attack on the recogniser
(tutor/offline/explain.py, bank.py, evidence.py): look-alikes with one substantive change,
generic shapes, reductions gone wrong and multi-line pastes that mix algorithms.

A probe the recogniser names wrongly today stays here as a strict xfail whose reason says
which name it gave and why that name is wrong, so the suite is green and each defect is
visible; when a fix lands, the xfail turns into an unexpected pass and must be unmarked.
"""

from __future__ import annotations

import pytest

from tutor.offline.bank import formula_bank
from tutor.offline.explain import explain_formula

# 1. Look-alikes: a well-known formula with one substantive change (the comment says which)
LOOK_ALIKES = [
    (
        r"\theta_t = \theta_{t-1} - \alpha \frac{\hat{m}_t}{\hat{v}_t + \epsilon}",
        ("adam", "adam_efficient_step", "adamw"),
    ),  # Adam with the square root removed
    (
        r"m_t = \beta_1 m_{t-1} + \beta_1 g_t",
        ("adam", "ema", "momentum", "adamw"),
    ),  # EMA whose weights do not sum to one
    (r"\hat{m}_t = \frac{m_t}{1 + \beta_1^t}", ("adam", "adamw")),  # bias correction with a plus
    (
        r"\hat{v}_t = \frac{v_t}{1 - \beta_2}",
        ("adam", "adamw"),
    ),  # bias correction without the power t
    (
        r"\theta_{t+1} = \theta_t + \frac{\eta}{\sqrt{E[g^2]_t + \epsilon}} g_t",
        ("rmsprop",),
    ),  # RMSProp ascending
    (
        r"\theta_{t+1} = \theta_t - \frac{\eta}{E[g^2]_t + \epsilon} g_t",
        ("rmsprop",),
    ),  # RMSProp without the root
    (r"r \leftarrow r + g", ("adagrad",)),  # AdaGrad accumulator without the square
    (
        r"v_{t+1} = \mu v_t - \epsilon \nabla f(\theta_t - \mu v_t)",
        ("nesterov",),
    ),  # look-ahead taken backwards
    (
        r"v_{t+1} = \mu v_t - \epsilon \nabla f(\theta_t)",
        ("nesterov",),
    ),  # classical momentum, no look-ahead
    (
        r"\theta_t = \theta_{t-1} - \eta \frac{\hat{m}_t + \lambda \theta_{t-1}}{\sqrt{\hat{v}_t} + \epsilon}",
        ("adamw",),
    ),  # L2 inside the adaptive step is not decoupled decay
    (
        r"\theta_t \leftarrow \theta_{t-1} - \eta_t\left(\beta_1 m_{t-1} + (1 - \beta_1) g_t + \lambda \theta_{t-1}\right)",
        ("lion",),
    ),  # Lion without the sign
    (
        r"\theta \leftarrow \theta + \epsilon \nabla_\theta J(\theta)",
        ("gradient_descent", "sgd"),
    ),  # ascent, not descent
    (r"g \leftarrow \frac{\|g\|}{c} g", ("grad_clip_norm",)),  # clipping ratio inverted
    pytest.param(
        r"\theta^* = \theta_0 - H \nabla_\theta J(\theta_0)",
        ("newton_method", "gradient_descent"),
        marks=pytest.mark.xfail(
            strict=True,
            reason="named gradient descent: H beside the gradient is the Hessian (Newton's step without its inverse), not a learning rate",
        ),
    ),  # Newton without the inverse Hessian
    (
        r"s_t = \beta s_{t-1} + \beta x_t",
        ("ema", "ema_weights", "polyak_average"),
    ),  # weights beta and beta
    (
        r"\theta_{t+1} = \theta_t - \eta \, \mathrm{sign}(\theta_t)",
        ("signsgd",),
    ),  # sign of the parameters, not the gradient
    (
        r"\eta_t = \eta_{\min} + \frac{1}{2}(\eta_{\max} - \eta_{\min})\left(1 + \sin\frac{t \pi}{T}\right)",
        ("cosine_schedule", "warmup_cosine_schedule"),
    ),  # sine for cosine
    (
        r"\eta_t = \eta_{\min} + \frac{1}{2}(\eta_{\max} - \eta_{\min})\cos\frac{t \pi}{T}",
        ("cosine_schedule", "warmup_cosine_schedule"),
    ),  # the 1 + dropped
    (
        r"\eta(t) = d^{-1/2} \max\left(t^{-1/2}, t \cdot T_w^{-3/2}\right)",
        ("noam_schedule",),
    ),  # max for min
    (
        r"\eta_t = \eta_{\max} \cdot \frac{T_{\mathrm{warmup}}}{t}",
        ("linear_warmup",),
    ),  # ratio inverted
    (r"\eta_t = \eta_0 e^{k t}", ("exponential_decay",)),  # growth, not decay
    (r"\eta_t = \eta_0 \left(1 + \frac{t}{T}\right)", ("linear_decay",)),  # linear growth
    (
        r"w_l \sim \mathcal{N}\left(0, \frac{1}{n_l}\right)",
        ("he_init",),
    ),  # 1 for He's 2 (this is LeCun)
    (
        r"\mathrm{Var}(W) = \frac{2}{n_{\mathrm{in}} n_{\mathrm{out}}}",
        ("xavier_init", "he_init"),
    ),  # product for sum
    (
        r"W_{i,j} \sim U\left(-\sqrt{\frac{3}{m + n}}, \sqrt{\frac{3}{m + n}}\right)",
        ("xavier_init",),
    ),  # 3 for 6
    (
        r"W \sim U\left(-\frac{6}{n_{\mathrm{in}}}, \frac{6}{n_{\mathrm{in}}}\right)",
        ("he_init",),
    ),  # He uniform without the root
    (r"\mathrm{Var}(W) = \frac{4}{n_{\mathrm{in}}}", ("he_init",)),  # 4 for 2
    (
        r"\mathrm{Var}(W) = \frac{2}{n_{\mathrm{in}} - n_{\mathrm{out}}}",
        ("xavier_init",),
    ),  # difference of fans
    (
        r"\mathrm{LayerNorm}(x) = \gamma \odot \frac{x - \mu}{\sigma^2 + \epsilon} + \beta",
        ("layernorm",),
    ),  # variance not rooted
    (
        r"\mathrm{LN}(x) = \gamma \odot \frac{x + \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta",
        ("layernorm", "batchnorm"),
    ),  # mean added
    (
        r"\mathrm{RMS}(a) = \frac{1}{n}\sum_{i=1}^{n} a_i^2",
        ("rmsnorm", "root_mean_square"),
    ),  # mean square without the root
    (
        r"\hat{x}_i = \frac{x_i - \mu_B}{\sigma_B^2 + \epsilon}",
        ("batchnorm",),
    ),  # batch variance not rooted
    (
        r"\|x\|_2 = \sum_i x_i^2",
        ("l2_norm", "frobenius_norm"),
    ),  # sum of squares is the squared norm, not the norm
    (r"\|A\|_F = \sqrt{\sum_{i,j} A_{ij}}", ("frobenius_norm",)),  # entries not squared
    (r"\|x\|_1 = \sum_i x_i", ("l1_norm",)),  # no absolute value
    (r"w = g \|v\| v", ("weight_norm",)),  # multiplied by the norm
    (
        r"\bar{a}_i = \frac{a_i}{\frac{1}{n}\sum_{j=1}^{n} a_j} g_i",
        ("rmsnorm",),
    ),  # divided by the plain mean
    (r"\sigma(x) = \frac{1}{1 + e^{x}}", ("sigmoid", "sigmoid_symmetry")),  # sign of the exponent
    (
        r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j z_j}",
        ("softmax",),
    ),  # no exp in the normaliser
    (
        r"\mathrm{softmax}(z)_i = \frac{z_i}{\sum_j e^{z_j}}",
        ("softmax",),
    ),  # no exp in the numerator
    (r"\tanh(x) = \frac{e^x + e^{-x}}{e^x - e^{-x}}", ("tanh",)),  # this is coth
    (r"\mathrm{GELU}(x) = \Phi(x)", ("gelu",)),  # the factor x dropped
    (r"f(x) = x \tanh(x)", ("silu", "mish", "gelu")),  # tanh for sigmoid/softplus
    (r"\mathrm{softplus}(x) = \log(1 - e^x)", ("softplus",)),  # minus for plus
    (r"\zeta(x) = \log(1 + x)", ("softplus",)),  # exp dropped
    (r"f(x) = \min(0, x)", ("relu",)),  # min for max
    (r"f(x) = \max(0.01 x, 0)", ("leaky_relu", "relu")),  # a scaled ReLU is not leaky
    (
        r"f(x) = \begin{cases} x & \text{if } x > 0 \\ \alpha (e^x + 1) & \text{otherwise} \end{cases}",
        ("elu", "celu"),
    ),  # e^x + 1
    (r"\mathrm{FFN}(x) = (\mathrm{Swish}(x W) + x V) W_2", ("swiglu",)),  # sum for product
    (r"\mathrm{ReLU6}(x) = \min(\max(0, x), 8)", ("relu6",)),  # 8 for 6
    (r"L = -\sum_i y_i \hat{y}_i", ("cross_entropy",)),  # log dropped
    (r"L = -\left[y \log p - (1 - y) \log(1 - p)\right]", ("bce",)),  # second sign flipped
    (
        r"\mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)",
        ("mse", "mae_loss"),
    ),  # not squared
    (r"\ell(y, f(x)) = \max(0, 1 + y f(x))", ("hinge_loss",)),  # plus for minus
    (r"\ell(y, f(x)) = \max(0, y f(x) - 1)", ("hinge_loss",)),  # reversed margin
    (
        r"L_\delta(a) = \begin{cases} \delta\left(|a| - \frac{1}{2}\delta\right) & \text{for } |a| \le \delta \\ \frac{1}{2}a^2 & \text{otherwise} \end{cases}",
        ("huber_loss",),
    ),  # branches swapped
    (
        r"L(a, p, n) = \max(d(a, n) - d(a, p) + m, 0)",
        ("triplet_loss",),
    ),  # positive and negative swapped
    (r"\mathrm{FL}(p_t) = -\alpha_t p_t^\gamma \log(p_t)", ("focal_loss",)),  # p_t for 1 - p_t
    (r"\mathrm{FL}(p_t) = (1 - p_t)^\gamma \log(p_t)", ("focal_loss",)),  # sign dropped
    (
        r"D_{\mathrm{KL}}(p \| q) = \sum_x p(x) \log \frac{q(x)}{p(x)}",
        ("kl",),
    ),  # ratio inverted: this is minus KL
    (r"H(X) = \sum_x p(x) \log p(x)", ("entropy",)),  # minus dropped
    (
        r"D_{\mathrm{KL}}(\mathcal{N}(\mu, \sigma^2) \| \mathcal{N}(0, 1)) = \frac{1}{2}\left(\mu^2 + \sigma^2 - 1 + \log \sigma^2\right)",
        ("gaussian_kl",),
    ),  # sign of the log
    (r"y^{LS} = (1 - \alpha) y + \alpha K", ("label_smoothing",)),  # times K, not over K
    (
        r"\mathcal{L} = -\frac{\exp(q \cdot k_+ / \tau)}{\sum_{i=0}^{K} \exp(q \cdot k_i / \tau)}",
        ("infonce", "nt_xent", "clip_loss"),
    ),  # log dropped
    (
        r"L = (1 - Y)\frac{1}{2}D_W^2 + Y\frac{1}{2}\max(0, D_W - m)^2",
        ("contrastive_pair_loss",),
    ),  # margin reversed
    (r"\mathrm{Dice} = \frac{|A \cap B|}{|A| + |B|}", ("dice_loss", "iou")),  # the 2 dropped
    (r"L = -\sum_i p(y_i \mid x_i)", ("nll_loss",)),  # log dropped
    (
        r"\mathrm{SSE} = \sum_{i=1}^{n} (y_i + \hat{y}_i)^2",
        ("sum_of_squares_error", "mse"),
    ),  # sum not difference
    (r"\rho_\tau(u) = u(\tau + \mathbb{1}[u < 0])", ("pinball_loss",)),  # plus for minus
    (r"\mathrm{Precision} = \frac{TP}{TP + FN}", ("precision",)),  # FN for FP
    (r"F_1 = \frac{P R}{P + R}", ("f1_score",)),  # the 2 dropped
    (r"F_1 = \frac{2 P R}{P - R}", ("f1_score",)),  # difference
    (
        r"\mathrm{Accuracy} = \frac{TP + TN}{TP + FP}",
        ("accuracy", "precision"),
    ),  # wrong denominator
    (r"R^2 = 1 + \frac{SS_{\mathrm{res}}}{SS_{\mathrm{tot}}}", ("r_squared",)),  # plus
    (r"R^2 = \frac{SS_{\mathrm{res}}}{SS_{\mathrm{tot}}}", ("r_squared",)),  # the 1 - dropped
    (
        r"\mathrm{PPL} = \exp\left(\frac{1}{N}\sum_{i=1}^{N} \log p(x_i \mid x_{<i})\right)",
        ("perplexity",),
    ),  # minus dropped
    (r"\mathrm{BLEU} = \mathrm{BP} \cdot \sum_{n=1}^{N} w_n \log p_n", ("bleu",)),  # exp dropped
    (r"\mathrm{IoU} = \frac{|A \cup B|}{|A \cap B|}", ("iou",)),  # inverted
    (r"\mathrm{Specificity} = \frac{TN}{TN + FN}", ("specificity",)),  # this is NPV
    (r"\mathrm{Recall} = \frac{TP}{TP + FP}", ("recall",)),  # this is precision
    (r"\mathrm{softmax}\left(\frac{QK^\top}{d_k}\right)V", ("attention",)),  # no square root
    (r"\frac{QK^\top}{\sqrt{d_k}} V", ("attention", "linear_attention")),  # no softmax
    (
        r"\mathrm{softmax}\left(\sqrt{d_k}\, QK^\top\right)V",
        ("attention",),
    ),  # multiplied by the root
    (
        r"M_{ij} = \begin{cases} 0 & \text{if } j \ge i \\ -\infty & \text{otherwise} \end{cases}",
        ("causal_mask",),
    ),  # anti-causal
    (
        r"PE_{(pos, 2i)} = \sin\left(pos \cdot 10000^{2i/d_{\mathrm{model}}}\right)",
        ("positional",),
    ),  # times, not over
    (r"c_t = f_t + c_{t-1} + i_t \odot \tilde{c}_t", ("lstm",)),  # forget gate added
    (r"h_t = o_t \odot c_t", ("lstm",)),  # tanh dropped
    (
        r"h_t = (1 - z_t) \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t",
        ("gru",),
    ),  # not an interpolation
    (r"\tilde{h}_t = \sigma(W x_t + U(r_t \odot h_{t-1}) + b)", ("gru",)),  # sigmoid for tanh
    (r"h_t = \tanh(W h_{t-1}) + U x_t", ("rnn_cell",)),  # input outside the nonlinearity
    (r"f_t = \tanh(W_f \cdot [h_{t-1}, x_t] + b_f)", ("lstm",)),  # forget gate with tanh
    (r"P(A \mid B) = \frac{P(B \mid A) P(B)}{P(A)}", ("bayes",)),  # prior and evidence swapped
    (
        r"\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(x - \mu)^2}{\sigma^2}\right)",
        ("gaussian_pdf",),
    ),  # 1/2 dropped
    (
        r"p(x) = \frac{1}{\sigma\sqrt{2\pi}} e^{\frac{(x-\mu)^2}{2\sigma^2}}",
        ("gaussian_pdf",),
    ),  # sign of the exponent
    (
        r"\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{2\pi\sigma^2} \exp\left(-\frac{(x - \mu)^2}{2\sigma^2}\right)",
        ("gaussian_pdf",),
    ),  # normaliser not rooted
    (
        r"\mathcal{N}(x \mid \mu, \Sigma) = \frac{1}{(2\pi)^{D/2}|\Sigma|^{1/2}} \exp\left(-\frac{1}{2}(x - \mu)^\top \Sigma (x - \mu)\right)",
        ("mvn_pdf",),
    ),  # covariance not inverted
    (
        r"D_M(x) = \sqrt{(x - \mu)^\top \Sigma (x - \mu)}",
        ("mahalanobis",),
    ),  # covariance not inverted
    (r"P(A \mid B) = \frac{P(A \cap B)}{P(A)}", ("conditional_probability",)),  # wrong denominator
    (r"\mathrm{Var}(X) = \mathbb{E}[X^2] + \mathbb{E}[X]^2", ("variance",)),  # plus
    (r"\mathrm{Cov}(X, Y) = \mathbb{E}[XY] + \mathbb{E}[X]\mathbb{E}[Y]", ("covariance",)),  # plus
    ("p(x) = p^x (1 - p)^{x}", ("bernoulli_pmf",)),  # exponent x for 1 - x
    (r"P(k) = \frac{\lambda^k e^{\lambda}}{k!}", ("poisson_pmf",)),  # sign of the exponent
    (r"p(x) = \lambda e^{-x / \lambda}", ("exponential_pdf",)),  # mixes rate and scale
    (r"I(X; Y) = H(X) + H(X \mid Y)", ("mutual_information",)),  # plus
    (r"H(Y \mid X) = H(X, Y) + H(X)", ("conditional_entropy",)),  # plus
    (
        r"\mathrm{JSD}(P \| Q) = D_{\mathrm{KL}}(P \| Q) + D_{\mathrm{KL}}(Q \| P)",
        ("js_divergence",),
    ),  # symmetrised KL, not JS
    (
        r"\mathbb{E}_{p}[f(x)] = \mathbb{E}_{q}\left[f(x)\frac{q(x)}{p(x)}\right]",
        ("importance_sampling",),
    ),  # weight inverted
    (r"H(p, q) = H(p) - D_{\mathrm{KL}}(p \| q)", ("cross_entropy_decomposition",)),  # minus
    (r"H_b(p) = -p \log p + (1 - p) \log(1 - p)", ("binary_entropy", "entropy")),  # second sign
    (r"\sigma^2 = \frac{1}{N}\sum_{i=1}^{N}(x_i - \mu)", ("variance",)),  # not squared
    (
        r"k(\mathbf{x}, \mathbf{x}') = \sigma_f^2 \exp\left(\frac{\|\mathbf{x} - \mathbf{x}'\|^2}{2\ell^2}\right)",
        ("rbf_kernel",),
    ),  # minus dropped
    (r"K(x, x') = \exp(-\gamma \|x - x'\|)", ("rbf_kernel",)),  # norm not squared
    (
        r"\mu(x_*) = \mathbf{k}_*^\top (K + \sigma_n^2 I)\mathbf{y}",
        ("gp_posterior_mean", "kernel_ridge"),
    ),  # not inverted
    (
        r"\sigma^2(x_*) = k(x_*, x_*) + \mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1}\mathbf{k}_*",
        ("gp_posterior_cov",),
    ),  # plus
    (r"k(x, y) = (x^\top y)^d + c", ("polynomial_kernel",)),  # offset outside the power
    (
        r"k(r) = \left(1 + \frac{\sqrt{5} r}{\ell}\right)\exp\left(-\frac{\sqrt{3} r}{\ell}\right)",
        ("matern32_kernel",),
    ),  # 5 and 3 mixed
    (r"w = (X X^\top)^{-1} X^\top y", ("normal_equations",)),  # Gram matrix transposed
    (r"w = (X^\top X)^{-1} X y", ("normal_equations",)),  # transpose dropped
    (r"w = (X^\top X - \lambda I)^{-1} X^\top y", ("ridge_regression",)),  # minus lambda
    (
        r"\boldsymbol{A}^+ = (\boldsymbol{A}^\top\boldsymbol{A})^{-1}\boldsymbol{A}",
        ("pseudo_inverse",),
    ),  # transpose dropped
    (r"\nabla_x x^\top A x = A x", ("quadratic_form_gradient",)),  # should be (A + A^T)x
    (r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} + s_j)", ("softmax_jacobian",)),  # plus
    (
        r"(A + uv^\top)^{-1} = A^{-1} - \frac{A^{-1}uv^\top A^{-1}}{1 - v^\top A^{-1}u}",
        ("sherman_morrison",),
    ),  # denominator sign
    (r"\cos(a, b) = \frac{a \cdot b}{\|a\| + \|b\|}", ("cosine",)),  # sum of norms
    (
        r"d(x, y) = \sum_i (x_i - y_i)^2",
        ("euclidean_distance",),
    ),  # squared distance is not the distance
    (r"A = Q \Lambda Q", ("eigendecomposition",)),  # inverse/transpose dropped
    (
        r"Q(s, a) \leftarrow Q(s, a) + \alpha\left[r + \gamma \min_{a'} Q(s', a') - Q(s, a)\right]",
        ("q_learning",),
    ),  # min for max
    (
        r"Q(s, a) \leftarrow Q(s, a) - \alpha\left(r + \gamma Q(s', a') - Q(s, a)\right)",
        ("sarsa",),
    ),  # steps away from the target
    (r"\delta_t = r_{t+1} + \gamma V(s_t) - V(s_{t+1})", ("td_error",)),  # states swapped
    (r"G_t = \sum_{k=0}^{\infty} \gamma R_{t+k+1}", ("discounted_return",)),  # no power of gamma
    (
        r"v_*(s) = \min_a \sum_{s', r} p(s', r \mid s, a)\left[r + \gamma v_*(s')\right]",
        ("bellman_optimality_v",),
    ),  # min for max
    (
        r"v_\pi(s) = \sum_a \pi(a \mid s) \sum_{s', r} p(s', r \mid s, a)\left[r + \gamma v_\pi(s)\right]",
        ("bellman_v",),
    ),  # s for s'
    ("A(s, a) = Q(s, a) + V(s)", ("advantage",)),  # plus
    (
        r"\hat{A}_t = \sum_{l=0}^{\infty} (\gamma + \lambda)^l \delta_{t+l}",
        ("gae",),
    ),  # sum for product
    (
        r"L(\theta) = \hat{\mathbb{E}}_t\left[\max(r_t(\theta)\hat{A}_t, \operatorname{clip}(r_t(\theta), 1-\epsilon, 1+\epsilon)\hat{A}_t)\right]",
        ("ppo_clip",),
    ),  # max for min
    (
        r"r_t(\theta) = \frac{\pi_{\theta_{\mathrm{old}}}(a_t \mid s_t)}{\pi_\theta(a_t \mid s_t)}",
        ("ppo_ratio",),
    ),  # inverted
    (
        r"A_t = \arg\max_a \left[Q_t(a) - c\sqrt{\frac{\ln t}{N_t(a)}}\right]",
        ("ucb_action",),
    ),  # lower bound
    (
        r"\nabla_\theta J(\theta) = \mathbb{E}_{\pi_\theta}\left[(G_t + b(s_t)) \nabla_\theta \log \pi_\theta(a_t \mid s_t)\right]",
        ("reinforce_baseline",),
    ),  # baseline added
    (
        r"\nabla_\theta J(\theta) = \mathbb{E}_{\pi_\theta}\left[G_t \nabla_\theta \pi_\theta(a_t \mid s_t)\right]",
        ("policy_gradient", "policy_gradient_theorem", "reinforce_baseline"),
    ),  # log dropped under the expectation
    (
        r"\theta' \leftarrow \tau \theta + \tau \theta'",
        ("soft_target_update", "polyak_average", "ema_weights"),
    ),  # tau and tau
    (
        r"y = r + \gamma Q_{\theta}(s', \arg\max_{a'} Q_{\theta}(s', a'))",
        ("double_dqn",),
    ),  # one network in both places
    (
        r"V(s) \leftarrow V(s) + \alpha\left[r + \gamma V(s') + V(s)\right]",
        ("td0_update", "semi_gradient_td0"),
    ),  # plus V(s)
    (
        r"\mathcal{L} = -\mathbb{E}\left[\log \sigma\left(\beta \log \frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)} + \beta \log \frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)}\right)\right]",
        ("dpo",),
    ),  # plus between the two log-ratios
    (
        r"\mathcal{L} = -\mathbb{E}\left[\sigma\left(\beta \log \frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)} - \beta \log \frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)}\right)\right]",
        ("dpo",),
    ),  # log dropped
    (
        r"\max_{\pi_\theta} \mathbb{E}_{x, y}\left[r_\phi(x, y)\right] + \beta \mathbb{D}_{\mathrm{KL}}\left[\pi_\theta(y \mid x) \| \pi_{\mathrm{ref}}(y \mid x)\right]",
        ("kl_regularised_rlhf",),
    ),  # KL rewarded
    (
        r"\mathrm{loss}(\theta) = -\mathbb{E}\left[\log \sigma\left(r_\theta(x, y_w) + r_\theta(x, y_l)\right)\right]",
        ("reward_model_bt",),
    ),  # sum of rewards
    (
        r"R(x, y) = r_\phi(x, y) + \beta \log \frac{\pi^{\mathrm{RL}}(y \mid x)}{\pi^{\mathrm{SFT}}(y \mid x)}",
        ("kl_regularised_rlhf",),
    ),  # penalty sign
    (
        r"x_t = \sqrt{\bar{\alpha}_t} x_0 + (1 - \bar{\alpha}_t) \epsilon",
        ("ddpm_forward",),
    ),  # noise scale not rooted
    (
        r"x_t = \sqrt{1 - \bar{\alpha}_t} x_0 + \sqrt{\bar{\alpha}_t} \epsilon",
        ("ddpm_forward",),
    ),  # coefficients swapped
    (
        r"\mathcal{L} = \mathbb{E}\left[\|\epsilon - \epsilon_\theta(x_t, t)\|\right]",
        ("ddpm_loss",),
    ),  # norm not squared
    (
        r"\tilde{\epsilon}_\theta(z_\lambda, c) = (1 + w)\epsilon_\theta(z_\lambda, c) + w\epsilon_\theta(z_\lambda)",
        ("classifier_free_guidance",),
    ),  # plus
    (
        r"\mathbf{x}_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(\mathbf{x}_t + \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}}\boldsymbol{\epsilon}_\theta(\mathbf{x}_t, t)\right) + \sigma_t \mathbf{z}",
        ("ddpm_sampling_step", "ddpm_reverse_mean"),
    ),  # noise added back
    (
        r"\hat{x}_0 = \frac{x_t + \sqrt{1 - \bar{\alpha}_t}\epsilon_\theta(x_t, t)}{\sqrt{\bar{\alpha}_t}}",
        ("predicted_x0",),
    ),  # plus
    (r"\mathbb{E}[x \mid y] = y - \sigma^2 \nabla_y \log p(y)", ("tweedie_formula",)),  # minus
    (
        r"x_{t+1} = x_t + \frac{\epsilon}{2}\nabla_x \log p(x_t)",
        ("langevin_dynamics", "annealed_langevin"),
    ),  # noise dropped
    (
        r"\max_G \min_D \mathbb{E}_{x}[\log D(x)] + \mathbb{E}_{z}[\log(1 - D(G(z)))]",
        ("gan",),
    ),  # players swapped
    (
        r"\min_G \max_D \mathbb{E}_{x}[\log D(x)] + \mathbb{E}_{z}[\log D(G(z))]",
        ("gan", "gan_nonsaturating"),
    ),  # 1 - dropped inside a minimax
    (
        r"L = \mathbb{E}[D(\tilde{x})] - \mathbb{E}[D(x)] + \lambda \mathbb{E}\left[\|\nabla_{\hat{x}} D(\hat{x})\|_2 - 1\right]",
        ("wgan_gp",),
    ),  # penalty not squared
    (
        r"L_D = \mathbb{E}_{x}\left[\max(0, 1 - D(x))\right] + \mathbb{E}_{z}\left[\max(0, 1 - D(G(z)))\right]",
        ("hinge_gan_loss",),
    ),  # fake term sign
    (
        r"D^*(x) = \frac{p_g(x)}{p_{\mathrm{data}}(x) + p_g(x)}",
        ("gan_optimal_discriminator",),
    ),  # numerator is p_g
    (
        r"\mathcal{L} = \mathbb{E}_{q(z|x)}[\log p(x|z)] + D_{KL}(q(z|x) \| p(z))",
        ("elbo", "beta_vae"),
    ),  # KL added
    (r"z = \mu + \sigma^2 \odot \epsilon", ("reparam",)),  # variance for std
    (
        r"\mathcal{L} = \mathbb{E}_{q(z|x)}[\log p(x|z)] + \beta D_{KL}(q(z|x) \| p(z))",
        ("beta_vae", "elbo"),
    ),  # KL added
    (r"h_t = \tanh(W x_t + U h_{t-1}) + b", ("rnn_cell",)),  # bias outside the nonlinearity
    (r"h_t = o_t + \tanh(c_t)", ("lstm",)),  # sum for the gate product
    (
        r"\sigma(x) = \frac{1}{1 - e^{-x}}.",
        ("sigmoid",),
    ),  # minus in the denominator, trailing full stop
    (r"i_t = \sigma(W_i x_t) + U_i h_{t-1}", ("lstm",)),  # recurrent term outside the gate
    (
        r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}} + \epsilon,",
        ("softmax",),
    ),  # epsilon added, trailing comma
    (
        r"x_{t+1} = x_t - \frac{\epsilon}{2}\nabla_x \log p(x_t) + \sqrt{\epsilon} z_t",
        ("langevin_dynamics", "annealed_langevin"),
    ),  # descends the log density
    (
        r"z = \sigma + \mu \odot \epsilon",
        ("reparam",),
    ),  # the mean scales the noise and the std is the offset
    (
        r"\theta_t = \theta_{t-1} - \alpha \frac{\hat{v}_t}{\sqrt{\hat{m}_t} + \epsilon}",
        ("adam", "adam_efficient_step", "adamw"),
    ),  # second moment on top, root of the first below
    (
        r"c_t = i_t \odot c_{t-1} + f_t \odot \tilde{c}_t",
        ("lstm",),
    ),  # input gate on the old cell, forget gate on the candidate
    (
        r"\eta(t) = d^{-1/2} \min\left(T_w^{-1/2}, T_w \cdot t^{-3/2}\right)",
        ("noam_schedule",),
    ),  # step and warm-up swapped
    pytest.param(
        r"\eta_t = \eta_{\max} + \frac{1}{2}(\eta_{\min} - \eta_{\max})\left(1 + \cos\frac{t \pi}{T}\right)",
        ("cosine_schedule", "warmup_cosine_schedule"),
        marks=pytest.mark.xfail(
            strict=True,
            reason="named cosine annealing: starts at eta_min and rises to eta_max, the reverse of annealing",
        ),
    ),  # rises from min to max
    (
        r"G_t = \sum_{k=0}^{\infty} k^{\gamma} R_{t+k+1}",
        ("discounted_return",),
    ),  # power base and exponent swapped
    (
        r"\mathcal{L}_{\mathrm{DPO}} = -\mathbb{E}_{(x, y_w, y_l) \sim \mathcal{D}}\left[\log \sigma\left(\beta \log \frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)} - \beta \log \frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)}\right)\right]",
        ("dpo",),
    ),  # prefers the loser
    pytest.param(
        r"\mathcal{L}_{\mathrm{DPO}} = -\mathbb{E}\left[\log \sigma\left(\beta \log \frac{\pi_{\mathrm{ref}}(y_w \mid x)}{\pi_\theta(y_w \mid x)} - \beta \log \frac{\pi_{\mathrm{ref}}(y_l \mid x)}{\pi_\theta(y_l \mid x)}\right)\right]",
        ("dpo",),
        marks=pytest.mark.xfail(
            strict=True,
            reason="named DPO: both ratios inverted, the loss prefers the rejected answer",
        ),
    ),  # ratios inverted: prefers the loser
    (
        r"\mathrm{loss}(\theta) = -\mathbb{E}_{(x, y_w, y_l) \sim D}\left[\log \sigma\left(r_\theta(x, y_l) - r_\theta(x, y_w)\right)\right]",
        ("reward_model_bt",),
    ),  # prefers the loser
    (
        r"D_{\mathrm{KL}}(\mathcal{N}(\mu, \sigma^2) \| \mathcal{N}(0, 1)) = \frac{1}{2}\left(\sigma^2 + \mu^2 - 1 - \log \mu^2\right)",
        ("gaussian_kl",),
    ),  # log of the mean, not the variance
    (
        r"\min_G \max_D \mathbb{E}_{x}[\log(1 - D(x))] + \mathbb{E}_{z}[\log D(G(z))]",
        ("gan",),
    ),  # real and fake roles swapped
    pytest.param(
        r"P(B \mid A) = \frac{P(A \cap B)}{P(B)}",
        ("conditional_probability",),
        marks=pytest.mark.xfail(
            strict=True, reason="named conditional probability: P(B|A) divides by P(A), not P(B)"
        ),
    ),  # divides by the wrong marginal
    (r"w = X^\top y (X^\top X)^{-1}", ("normal_equations",)),  # matrix order
    (r"K = P H^\top (H P H^\top - R)^{-1}", ("kalman_update",)),  # minus the noise
    (
        r"L = -\sum_i \hat{y}_i \log y_i",
        ("cross_entropy",),
    ),  # prediction and target swapped: log of the labels
    (
        r"\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\mu^2}} \exp\left(-\frac{(x - \sigma)^2}{2\mu^2}\right)",
        ("gaussian_pdf",),
    ),  # mean and std swapped
    (
        r"L^{CLIP}(\theta) = \hat{\mathbb{E}}_t\left[\min(r_t(\theta)\hat{A}_t, \operatorname{clip}(\hat{A}_t, 1-\epsilon, 1+\epsilon) r_t(\theta))\right]",
        ("ppo_clip",),
    ),  # clips the advantage, not the ratio
    (
        r"\theta' \leftarrow \tau \theta' + (1 - \tau) \theta",
        ("soft_target_update", "polyak_average", "ema_weights"),
    ),  # tau on the target: nearly a hard copy
    (
        r"y^{LS}_k = \alpha y_k + \frac{1 - \alpha}{K}",
        ("label_smoothing",),
    ),  # alpha and 1 - alpha swapped
    (
        r"q(x_t \mid x_0) = \mathcal{N}(x_t; \sqrt{1 - \bar{\alpha}_t} x_0, \bar{\alpha}_t I)",
        ("ddpm_forward",),
    ),  # mean and variance coefficients swapped
    (
        r"x_t = \sqrt{\bar{\alpha}_t} \epsilon + \sqrt{1 - \bar{\alpha}_t} x_0",
        ("ddpm_forward",),
    ),  # data and noise swapped
    (r"P(X = k) = \frac{\lambda^k e^{-\lambda}}{k}", ("poisson_pmf",)),  # no factorial
    (r"\binom{n}{k} = \frac{n}{k (n - k)}", ("binomial_pmf",)),  # no factorials
    (r"P(k) = \frac{n}{k(n-k)} p^k (1 - p)^{n - k}", ("binomial_pmf",)),  # no factorials
    (
        r"\mathbf{y} = \mathbf{W} \odot \mathbf{x} + \mathbf{b}",
        ("linear",),
    ),  # element-wise, not a matrix product
    (
        r"\mathrm{softmax}\left(\frac{Q \odot K}{\sqrt{d_k}}\right)V",
        ("attention",),
    ),  # element-wise scores
    (
        r"\mathbf{A} = \mathbf{U} \odot \boldsymbol{\Sigma} \odot \mathbf{V}^\top",
        ("svd",),
    ),  # element-wise factors
    (
        r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_i}}",
        ("softmax",),
    ),  # the normaliser sums a constant: 1/n
    (
        r"G_t = \sum_{k=0}^{\infty} \gamma^k R_{t}",
        ("discounted_return",),
    ),  # the reward does not move with k
    (
        r"c_t = f_t \odot c_t + i_t \odot \tilde{c}_t",
        ("lstm",),
    ),  # c_t on both sides: no previous cell
    (r"h_t = \tanh(W h_t + U x_t + b)", ("rnn_cell",)),  # h_t defined by itself
    (r"m_t = \beta_1 m_t + (1 - \beta_1) g_t", ("adam", "ema", "adamw")),  # m_t on both sides
    (
        r"Q(s, a) \leftarrow Q(s, a) + \alpha\left[r + \gamma \max_{a'} Q(s, a') - Q(s, a)\right]",
        ("q_learning",),
    ),  # bootstraps from the same state s
    (
        r"Q(s, a) \leftarrow Q(s, a) + \alpha\left(r + \gamma Q(s, a) - Q(s, a)\right)",
        ("sarsa",),
    ),  # target uses the same pair
    (r"\delta_t = r_{t+1} + \gamma V(s_t) - V(s_t)", ("td_error",)),  # one state twice
    (r"L = -\sum_{i} y_i \log \hat{y}_j", ("cross_entropy",)),  # free j
    (
        r"p(\theta \mid x) = \frac{p(x \mid \theta) p(\theta)}{p(\theta)}",
        ("bayes",),
    ),  # divides by the prior, not the evidence
    (r"p(y \mid x) = \frac{p(x, y)}{p(y)}", ("conditional_probability",)),  # wrong marginal
    (
        r"I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x) p(x)}",
        ("mutual_information",),
    ),  # p(x) twice
    (
        r"p(\mathbf{x}) = \prod_{i=1}^{n} p(x_i \mid x_i)",
        ("chain_rule_probability",),
    ),  # conditions on itself
    pytest.param(
        r"\mathbb{E}_{p}[f(x)] \approx \frac{1}{N}\sum_{n=1}^{N} \frac{p(x_n)}{q(x_n)} f(x_n), \quad x_n \sim p",
        ("importance_sampling",),
        marks=pytest.mark.xfail(
            strict=True,
            reason="named importance sampling: samples drawn from p and weighted by p/q are biased; the clause x_n ~ p is ignored",
        ),
    ),  # sampled from p, then weighted by p/q
    (r"\forall i, \quad \mathrm{Var}[W^i] = \frac{2}{n_i + n_i}", ("xavier_init",)),  # fan-in twice
    pytest.param(
        r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_i)",
        ("softmax_jacobian",),
        marks=pytest.mark.xfail(
            strict=True,
            reason="named Jacobian of softmax: s_i for s_j makes it diagonal-only and wrong off the diagonal (indices dropped)",
        ),
    ),  # s_i for s_j
    (
        r"\gamma(z_{nk}) = \frac{\pi_k \mathcal{N}(x_n \mid \mu_k, \Sigma_k)}{\sum_{j=1}^{K} \pi_k \mathcal{N}(x_n \mid \mu_k, \Sigma_k)}",
        ("gmm_e_step",),
    ),  # denominator does not run over j: 1/K
    (
        r"\alpha_{ij} = \frac{\exp(q_i^\top k_j / \sqrt{d_k})}{\sum_{j'} \exp(q_i^\top k_j / \sqrt{d_k})}",
        ("attention",),
    ),  # denominator does not run over j'
    (
        r"\alpha_t(j) = \sum_{i} \alpha_t(i) a_{ij} b_j(o_t)",
        ("hmm_forward",),
    ),  # alpha_t from alpha_t
    (
        r"v_t = \gamma v_t + \eta \nabla_\theta J(\theta)",
        ("momentum", "nesterov"),
    ),  # v_t on both sides
    (r"s_t = \beta s_t + (1 - \beta) x_t", ("ema",)),  # s_t on both sides
    (
        r"\sum_{t} \alpha_t < \infty, \quad \sum_{t} \alpha_t^2 = \infty",
        ("robbins_monro",),
    ),  # conditions swapped
    (
        r"\log \mathbb{E}[X] \le \mathbb{E}[\log X]",
        ("jensen_inequality",),
    ),  # inequality reversed for a concave log
    (r"P(X \ge a) \ge \frac{\mathbb{E}[X]}{a}", ("markov_inequality",)),  # inequality reversed
    (r"P(|X - \mu| \ge k\sigma) \le \frac{1}{k}", ("chebyshev_inequality",)),  # 1/k for 1/k^2
    (
        r"\log p(x) \le \mathbb{E}_{q(z \mid x)}[\log p(x \mid z)] - D_{\mathrm{KL}}(q(z \mid x) \| p(z))",
        ("elbo",),
    ),  # bound reversed
    (
        r"M_{ij} = \begin{cases} -\infty & \text{if } j < i \\ 0 & \text{otherwise} \end{cases}",
        ("causal_mask",),
    ),  # hides the past
]

# 2. Generic shapes: no bank formula at all
GENERIC = [
    "u = p + q s",
    r"z = \frac{x}{y}",
    r"\|v\|",
    r"\|a - b\|",
    r"\sum_{i=1}^{n} a_i",
    r"\frac{1}{K}\sum_{k=1}^{K} z_k",
    pytest.param(
        r"-y \log p",
        marks=pytest.mark.xfail(
            strict=True,
            reason="named class-balanced cross-entropy: one term of a cross-entropy; y is a label, not a class weight alpha_t",
        ),
    ),
    r"w \leftarrow w + \Delta w",
    r"\theta \leftarrow \theta + \delta",
    r"\text{score} = \frac{\text{hits}}{\text{total}}",
    r"\text{gain} = \text{new} - \text{old}",
    r"\text{risk} = \text{hazard} \times \text{exposure}",
    "y = e^{x}",
    r"f(x) = \log x",
    r"a = \sqrt{b}",
    r"c = \|a\|^2",
    r"s = \max_i x_i",
    r"\mathbb{E}[X]",
    "p(x, y)",
    r"\gamma^t r_t",
    "x_{k+1} = A x_k",
    r"m = \frac{a + b + c}{3}",
    r"\log p(x)",
    r"v = \frac{d}{t}",
    "F = m a",
    "y_t = y_{t-1} + 1",
    r"\mathbb{E}[\log(1 - D(G(z)))]",
    r"\beta_1 m_{t-1}",
    r"\frac{\partial L}{\partial w}",
    "z = W x",
    r"\alpha \nabla f",
    r"\hat{y} = \hat{y} + 1.",
    r"k = n \log n",
    r"\text{total} = \sum_i \text{cost}_i",
]

# 3. Reductions gone wrong: a reduced per-item term that is not a known loss or statistic
REDUCTIONS = [
    (
        r"L = \frac{1}{N}\sum_{n=1}^{N}(y_n - \hat{y}_n)^3",
        ("mse", "sum_of_squares_error", "mae_loss"),
    ),  # cubed error
    (
        r"L = \frac{1}{N}\sum_{n=1}^{N}\log(y_n - \hat{y}_n)",
        ("mse", "nll_loss", "cross_entropy"),
    ),  # log of an error
    (
        r"L = -\frac{1}{N}\sum_{n=1}^{N} y_n \hat{y}_n",
        ("cross_entropy", "bce", "nll_loss"),
    ),  # log dropped, mean kept
    (
        r"L = \sum_{i}(y_i + \hat{y}_i)^2",
        ("mse", "sum_of_squares_error", "l2_norm", "euclidean_distance"),
    ),  # square of a sum
    (
        r"E = \sum_{n=1}^{N} (\mathbf{w}^\top \mathbf{x}_n)^2",
        ("sum_of_squares_error", "mse", "linear_regression", "l2_norm"),
    ),  # no target
    (
        r"S = \sum_{i}(x_i^2 - y_i^2)",
        ("sum_of_squares_error", "euclidean_distance", "mse", "l2_norm"),
    ),  # difference of squares
    (
        r"E(\mathbf{w}) = \frac{1}{2}\sum_{n=1}^{N}\left\{y(x_n, \mathbf{w}) + t_n\right\}^2",
        ("sum_of_squares_error",),
    ),  # plus
    (r"L = \frac{1}{N}\sum_{n} |y_n + \hat{y}_n|", ("mae_loss", "l1_norm")),  # plus
    (r"L = \frac{1}{N}\sum_{n}\max(0, y_n \hat{y}_n)", ("hinge_loss",)),  # no margin, wrong sign
    (
        r"L = \frac{1}{N}\sum_{n}\log(1 + \exp(y_n f(x_n)))",
        ("logistic_loss", "softplus"),
    ),  # sign of the margin
    (
        r"L = -\sum_{n}\left[t_n \log y_n + (1 - t_n)\log y_n\right]",
        ("bce", "cross_entropy"),
    ),  # both terms log y
    (
        r"s = \sum_{i} w_i x_i",
        ("weighted_mean", "expectation_mc", "kernel_density_estimate"),
    ),  # weighted sum, not mean
    (
        r"c = \sum_{j} a_j h_j",
        ("additive_attention", "attention", "weighted_mean"),
    ),  # weighted sum without scores
    (
        r"m = \frac{1}{n}\sum_i (x_i - \bar{x})",
        ("variance", "covariance", "standard_score"),
    ),  # not squared
    (
        r"c = \frac{1}{n}\sum_i (x_i - \bar{x})(y_i + \bar{y})",
        ("covariance", "pearson_correlation"),
    ),  # plus
    (
        r"r = \sqrt{\frac{1}{n}\sum_i x_i}",
        ("root_mean_square", "rmsnorm", "standard_error"),
    ),  # not squared
    (
        r"q = \frac{1}{n}\sum_i x_i^2",
        ("root_mean_square", "variance", "rmsnorm"),
    ),  # second moment, no root and no centring
    (r"d = \sum_i (a_i - b_i)", ("l1_norm", "mae_loss", "euclidean_distance")),  # no absolute value
    (r"L = \sum_i (x_i y_i)^2", ("sum_of_squares_error", "mse", "l2_norm")),  # square of a product
    (r"L = \frac{1}{N}\sum_{n} w_n (y_n - \hat{y}_n)^2", ("mse",)),  # weighted MSE is not MSE
    (
        r"\mathcal{L} = \mathbb{E}_{x}\left[\log x\right]",
        ("entropy", "nll_loss", "cross_entropy", "jensen_inequality"),
    ),  # mean log of the input
    (
        r"L = -\mathbb{E}_{(x,y)}\left[y \log x\right]",
        ("cross_entropy", "bce"),
    ),  # one term, not a distribution
    (
        r"L = \frac{1}{N}\sum_{n=1}^{N}\|x_n\|^2",
        ("mse", "l2_norm", "ddpm_loss", "weight_decay"),
    ),  # squared norm of inputs, no difference
    (
        r"\mathcal{L} = \max_{n}(y_n - \hat{y}_n)^2",
        ("mse", "sum_of_squares_error"),
    ),  # max reduction is not a mean or sum
    (
        r"\mathcal{L} = \prod_{n}(y_n - \hat{y}_n)^2",
        ("mse", "sum_of_squares_error"),
    ),  # product reduction
    (r"L = \max_i\left[-y_i \log \hat{y}_i\right]", ("cross_entropy", "nll_loss")),  # max reduction
    (
        r"\mathcal{L} = \mathbb{E}\left[\epsilon - \epsilon_\theta(x_t, t)\right]",
        ("ddpm_loss",),
    ),  # no norm: a mean residual
    (
        r"\mathcal{L} = \sum_{i}\|y_i - \hat{y}_i\|",
        ("mse", "sum_of_squares_error"),
    ),  # norms not squared
    (
        r"L = \frac{1}{N}\sum_n \left(\log y_n - \log \hat{y}_n\right)",
        ("kl", "mse", "cross_entropy"),
    ),  # mean log-ratio without p weights
    (
        r"\mathrm{RMSE} = \sqrt{\frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^2}",
        ("mse",),
    ),  # root of the MSE
    (
        r"L = \left(\frac{1}{N}\sum_{n=1}^{N}(y_n - \hat{y}_n)\right)^2",
        ("mse", "sum_of_squares_error"),
    ),  # square of the mean error
    (
        r"L = \frac{1}{N}\left\|\sum_{n=1}^{N}(y_n - \hat{y}_n)\right\|^2",
        ("mse", "sum_of_squares_error"),
    ),  # norm of the summed error
    (r"L = \log \frac{1}{N}\sum_{n=1}^{N}(y_n - \hat{y}_n)^2", ("mse",)),  # log of the MSE
    (
        r"L = -\log \frac{1}{N}\sum_{n=1}^{N} p(y_n \mid x_n)",
        ("nll_loss", "cross_entropy", "mle"),
    ),  # log of the mean likelihood
    (
        r"L = \frac{1}{N}\sum_{n}(y_n - \hat{y}_n)^2 + \lambda \|w\|^2",
        ("mse",),
    ),  # a regulariser added
    (
        r"d = \|x\|^2 - \|y\|^2",
        ("euclidean_distance", "sum_of_squares_error", "l2_norm"),
    ),  # difference of squared norms
    (r"s = \left(\sum_i x_i\right)^2", ("l2_norm", "sum_of_squares_error")),  # square of the sum
    (
        r"L = -\sum_k \log(y_k \hat{y}_k)",
        ("cross_entropy", "nll_loss"),
    ),  # log of a product, not weight times log
    (r"\mathcal{L} = \frac{1}{N}\sum_{n=1}^{N} (1 - p_n)^\gamma", ("focal_loss",)),  # log dropped
]

# 4. Multi-line pastes mixing lines of two algorithms, or a known line with an unknown one
MIXED_PASTES = [
    pytest.param(
        r"\begin{aligned} m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\ \theta_t &= \theta_{t-1} - \alpha g_t \end{aligned}",
        ("adam", "adamw", "amsgrad", "adam_efficient_step", "ema"),
        marks=pytest.mark.xfail(
            strict=True,
            reason="named EMA for the whole paste: its step is plain SGD that uses neither moment; the first line's name is given to all three",
        ),
    ),  # Adam moments unused by an SGD step
    (
        r"\begin{aligned} s &\leftarrow s + g \odot g \\ w &\leftarrow w - \frac{\eta}{\sqrt{s + \delta}} \odot g \end{aligned}",
        ("rmsprop",),
    ),  # AdaGrad accumulator: not RMSProp
    (
        r"\begin{aligned} a &\leftarrow \rho a + (1 - \rho) g \odot g \\ w &\leftarrow w - \frac{\eta}{\delta + \sqrt{a}} \odot g \end{aligned}",
        ("adagrad",),
    ),  # RMSProp accumulator: not AdaGrad
    (
        r"\begin{aligned} f_t &= \sigma(W_f x_t + U_f h_{t-1} + b_f) \\ i_t &= \sigma(W_i x_t + U_i h_{t-1} + b_i) \\ \tilde{c}_t &= \tanh(W_c x_t + U_c h_{t-1} + b_c) \\ c_t &= f_t \odot c_{t-1} + i_t \odot \tilde{c}_t \\ h_t &= (1 - z_t) \odot h_{t-1} + z_t \odot \tanh(c_t) \end{aligned}",
        ("lstm", "gru"),
    ),  # GRU interpolation as LSTM output
    (
        r"\begin{aligned} z_t &= \sigma(W_z x_t + U_z h_{t-1}) \\ r_t &= \sigma(W_r x_t + U_r h_{t-1}) \\ \tilde{h}_t &= \tanh(W x_t + U(r_t \odot h_{t-1})) \\ c_t &= f_t \odot c_{t-1} + i_t \odot \tilde{h}_t \end{aligned}",
        ("gru", "lstm"),
    ),  # GRU gates ending in an LSTM cell line
    (
        r"\begin{aligned} v &\leftarrow \alpha v - \epsilon g \\ \theta &\leftarrow \theta - \alpha \frac{\hat{m}}{\sqrt{\hat{v}} + \epsilon} \end{aligned}",
        ("momentum", "adam", "nesterov"),
    ),  # velocity v then used as Adam's second moment
    (
        r"\begin{aligned} m &\leftarrow \beta_1 m + (1 - \beta_1) g \\ r &\leftarrow r + g \odot g \\ \theta &\leftarrow \theta - \frac{\epsilon\, m}{\delta + \sqrt{r}} \end{aligned}",
        ("adam", "adagrad"),
    ),  # Adam first moment with AdaGrad accumulator
    (
        r"\begin{aligned} \mu_B &= \frac{1}{m}\sum_{i=1}^{m} x_i \\ \sigma_B^2 &= \frac{1}{m}\sum_{i=1}^{m}(x_i - \mu_B)^2 \\ \hat{x}_i &= \frac{x_i - \mu_B}{\sigma_B^2 + \epsilon} \\ y_i &= \gamma \hat{x}_i + \beta \end{aligned}",
        ("batchnorm",),
    ),  # no square root
    (
        r"\begin{aligned} \mathrm{Var}(W) &= \frac{2}{n_{\mathrm{in}} + n_{\mathrm{out}}} \\ W &\sim U\left(-\sqrt{\frac{6}{n_{\mathrm{in}}}}, \sqrt{\frac{6}{n_{\mathrm{in}}}}\right) \end{aligned}",
        ("xavier_init", "he_init"),
    ),  # Xavier variance with He bound: contradicts itself
    (
        r"\begin{aligned} \delta_t &= r_{t+1} + \gamma V(s_{t+1}) - V(s_t) \\ Q(s_t, a_t) &\leftarrow Q(s_t, a_t) + \alpha \max_a Q(s_{t+1}, a) \end{aligned}",
        ("q_learning", "td_error", "sarsa"),
    ),  # TD error then a Q-update without it
    (
        r"\begin{aligned} m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ \theta_t &= \theta_{t-1} - \eta\, m_t \\ v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \end{aligned}",
        ("adam", "adamw", "lion", "ema"),
    ),  # heavy-ball EMA step plus an unused second moment
    pytest.param(
        r"\begin{aligned} x_t &= \sqrt{\bar{\alpha}_t} x_0 + \sqrt{1 - \bar{\alpha}_t}\epsilon \\ x_{t-1} &= x_t - \epsilon_\theta(x_t, t) \end{aligned}",
        ("ddpm_sampling_step", "ddim_update", "ddpm_forward"),
        marks=pytest.mark.xfail(
            strict=True,
            reason="named DDPM forward process for the whole paste: the made-up reverse step (line 2) is ignored",
        ),
    ),  # forward line plus a made-up reverse step
    (
        r"\begin{aligned} r_t &= \frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_{\mathrm{old}}}(a_t \mid s_t)} \\ L &= \hat{\mathbb{E}}_t\left[r_t \hat{A}_t\right] \end{aligned}",
        ("ppo_clip",),
    ),  # no clipping: CPI surrogate, not PPO-clip
    (
        r"\begin{aligned} i_t &= \sigma(W_i x_t + U_i h_{t-1} + b_i) \\ c_t &= i_t \odot \tilde{c}_t \\ h_t &= o_t \odot \tanh(c_t) \end{aligned}",
        ("lstm",),
    ),  # no forget path: cell forgets everything
    (
        r"\begin{aligned} g &\leftarrow \nabla_\theta L \\ v &\leftarrow \beta v + (1 - \beta) g \\ \theta &\leftarrow \theta + \eta v \end{aligned}",
        ("momentum", "ema", "sgd"),
    ),  # ascends along the EMA
    pytest.param(
        r"\begin{aligned} m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t^2 \\ v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t \\ \theta_t &= \theta_{t-1} - \alpha \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon} \end{aligned}",
        ("adam", "adamw", "adam_efficient_step"),
        marks=pytest.mark.xfail(
            strict=True,
            reason="named Adam: m tracks g^2 and v tracks g, so the step divides the squared-gradient EMA by the root of the gradient EMA; line 2 is read as Lion's, line 3 as Adam's, and they are combined",
        ),
    ),  # moments swapped: divides the squared-gradient EMA by the root of the gradient EMA
    (
        r"\begin{aligned} m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\ \theta_t &= \theta_{t-1} - \alpha \frac{\hat{m}_t}{\hat{v}_t + \epsilon} \end{aligned}",
        ("adam", "adamw", "adam_efficient_step", "ema"),
    ),  # Adam's moments with the root dropped in the step
    (
        r"\begin{aligned} v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\ \hat{v}_t &= \min(\hat{v}_{t-1}, v_t) \\ \theta_t &= \theta_{t-1} - \alpha \frac{m_t}{\sqrt{\hat{v}_t} + \epsilon} \end{aligned}",
        ("amsgrad",),
    ),  # min for AMSGrad's max
    (
        r"\begin{aligned} r_t &= \sigma(W_r x_t + U_r h_{t-1}) \\ z_t &= \sigma(W_z x_t + U_z h_{t-1}) \\ \tilde{h}_t &= \tanh(W x_t + U h_{t-1}) \\ h_t &= (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t \end{aligned}",
        ("gru",),
    ),  # reset gate computed and never used
    (
        r"\begin{aligned} \tilde{\theta} &\leftarrow \theta + \alpha v \\ g &\leftarrow \nabla_{\theta} L(\theta) \\ v &\leftarrow \alpha v - \epsilon g \\ \theta &\leftarrow \theta + v \end{aligned}",
        ("nesterov",),
    ),  # look-ahead point computed, gradient taken at theta
]

NAMED_PROBES = LOOK_ALIKES + REDUCTIONS + MIXED_PASTES


def _exact_id(latex: str) -> str | None:
    found = explain_formula(latex, run=False)
    if found.match_kind != "exact" or found.known is None:
        return None
    return found.known.id


@pytest.mark.parametrize(("latex", "never"), NAMED_PROBES)
def test_a_probe_is_never_named_after_the_formula_it_only_resembles(
    latex: str, never: tuple[str, ...]
) -> None:
    assert _exact_id(latex) not in never


@pytest.mark.parametrize("latex", GENERIC)
def test_a_generic_shape_has_no_name_at_all(latex: str) -> None:
    assert _exact_id(latex) is None


def test_every_forbidden_id_is_a_bank_id() -> None:
    """A misspelt id would make its probe pass vacuously."""
    ids = {formula.id for formula in formula_bank().formulas}
    for param in NAMED_PROBES:
        never = getattr(param, "values", param)[1]  # a pytest.param keeps them in .values
        assert set(never) <= ids, set(never) - ids


def test_the_families_are_large_enough() -> None:
    assert len(LOOK_ALIKES) >= 100
    assert len(GENERIC) >= 30
    assert len(REDUCTIONS) >= 20
    assert len(MIXED_PASTES) >= 10
