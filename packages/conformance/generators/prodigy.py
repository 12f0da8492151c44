#!/usr/bin/python3
"""Generator of the conformance vectors of Prodigy (Mishchenko & Defazio, "Prodigy: An
Expeditiously Adaptive Parameter-Free Learner"), format "descent-conformance/1", written to
packages/conformance/vectors/optimizers/prodigy.json.

Run from the repository root with Debian's PyTorch 1.13, the packages built (the rule
defaults are read from @descent/core's registry, as optimizers.py does):

    npm run build && /usr/bin/python3 packages/conformance/generators/prodigy.py

torch has no Prodigy. The algorithm is re-implemented twice for this project (no code of
the original is copied), from the authors' reference implementation `prodigyopt.Prodigy`
(github.com/konstmish/prodigy, prodigyopt/prodigy.py at commit
3efb213ee8af5a6bf76f28726398433a847b38e9, the version with the d/d0 scaling of the
numerator and of s):

    source: SourceProdigy follows the reference's `step` statement by statement: one loop
            over the tensors that adds each one's share of the numerator
            (d/d0)·dlr·<g, p0 - p> and of the denominator sum|s|, updating the moments and
            s in place; then d from the totals; then a second loop taking every tensor's
            step with dlr of the old d and epsilon scaled by the new d.
    check:  CheckProdigy writes the same method over one flat vector (every tensor
            concatenated), as the paper's algorithm reads: inner products and norms of the
            whole parameter vector instead of per-tensor sums.

Options of the reference not covered: slice_p (statistics on every p-th element; 1 here),
fsdp_in_use (sharded tensors), parameter groups with learning rate 0 (each tensor here
uses the scheduled rate). Everything else — data, float32 proxies, tolerance ladder, JSON
layout — is optimizers.py's (imported). Deterministic: re-running gives byte-identical files.
"""

import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import optimizers as base  # noqa: E402  (the shared generator machinery)

OUT_FILE = os.path.join(base.OUT_DIR, "prodigy.json")

# beta3 null: sqrt(beta2); growthRate null: no limit (the reference's inf).
PRODIGY_DEFAULTS = dict(base.RULE_DEFAULTS["prodigy"])


def resolve_prodigy(cfg):
    unknown = [k for k in cfg if k != "type" and k not in PRODIGY_DEFAULTS]
    if unknown:
        raise ValueError(f"unknown fields {unknown} for rule 'prodigy'")
    return dict(PRODIGY_DEFAULTS, **cfg)


def beta3_of(c):
    return c["beta3"] if c["beta3"] is not None else math.sqrt(c["beta2"])


def growth_of(c):
    return c["growthRate"] if c["growthRate"] is not None else math.inf


class SourceProdigy:
    """prodigyopt.Prodigy.step, statement by statement, over a list of tensors."""

    def __init__(self, c, params):
        self.c, self.params = c, params
        self.d = self.d_max = c["d0"]
        self.d_numerator = 0.0
        self.k = 0
        self.state = [None] * len(params)
        self.diag = {"d": []}

    def state_tensors(self):
        for st in self.state:
            if st is not None:
                yield from st.values()

    def step(self, grads, lr):
        c = self.c
        beta1, beta2, beta3 = c["beta1"], c["beta2"], beta3_of(c)
        d, d0, k = self.d, c["d0"], self.k
        decay, decouple = c["weightDecay"], c["decouple"]
        bias_correction = ((1 - beta2 ** (k + 1)) ** 0.5) / (1 - beta1 ** (k + 1)) if c["useBiasCorrection"] else 1
        dlr = d * lr * bias_correction
        d_numerator = self.d_numerator * beta3
        delta_numerator, d_denom = 0.0, 0.0
        used = []
        for i, (p, g) in enumerate(zip(self.params, grads)):
            grad = g.clone()
            if decay != 0 and not decouple:
                grad.add_(p, alpha=decay)
            used.append(grad)
            if self.state[i] is None:
                st = {"s": torch.zeros_like(p), "p0": p.detach().clone(), "exp_avg_sq": torch.zeros_like(p)}
                if beta1 > 0:
                    st["exp_avg"] = torch.zeros_like(p)
                self.state[i] = st
            st = self.state[i]
            delta_numerator += (d / d0) * dlr * torch.dot(grad.flatten(), (st["p0"] - p).flatten()).item()
            if beta1 > 0:
                st["exp_avg"].mul_(beta1).add_(grad, alpha=d * (1 - beta1))
            st["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=d * d * (1 - beta2))
            st["s"].mul_(beta3).add_(grad, alpha=(d / d0) * (d if c["safeguardWarmup"] else dlr))
            d_denom += st["s"].abs().sum().item()
        if d_denom == 0:
            return
        if lr > 0:
            global_numerator = d_numerator + delta_numerator
            d_hat = c["dCoef"] * global_numerator / d_denom
            if d == d0:
                d = max(d, d_hat)
            self.d_max = max(self.d_max, d_hat)
            d = min(self.d_max, d * growth_of(c))
            self.d, self.d_numerator = d, global_numerator
        self.diag["d"].append(self.d)
        for p, grad, st in zip(self.params, used, self.state):
            denom = st["exp_avg_sq"].sqrt().add_(d * c["epsilon"])
            if decay != 0 and decouple:
                p.add_(p, alpha=-decay * dlr)
            if beta1 > 0:
                p.addcdiv_(st["exp_avg"], denom, value=-dlr)
            else:
                p.addcdiv_(grad, denom, value=-dlr * d)
        self.k += 1


class CheckProdigy:
    """The same method over one flat vector x (every tensor concatenated): r is the
    numerator, s, m, v and x0 vectors; d, dMax scalars."""

    def __init__(self, c, params):
        self.c, self.params = c, params
        self.sizes = [p.numel() for p in params]
        self.x0 = None
        self.d = self.d_max = c["d0"]
        self.r = 0.0
        self.t = 0
        self.diag = {}

    def state_tensors(self):
        if self.x0 is not None:
            yield from (self.x0, self.m, self.v, self.s)

    def _flat(self, tensors):
        return torch.cat([t.reshape(-1) for t in tensors])

    def step(self, grads, lr):
        c = self.c
        b1, b2, b3 = c["beta1"], c["beta2"], beta3_of(c)
        x, g = self._flat(self.params), self._flat(grads)
        if self.x0 is None:
            self.x0, self.m, self.v, self.s = x.clone(), torch.zeros_like(x), torch.zeros_like(x), torch.zeros_like(x)
        wd = c["weightDecay"]
        if wd != 0 and not c["decouple"]:
            g = g + wd * x
        d, ratio = self.d, self.d / c["d0"]
        correction = math.sqrt(1 - b2 ** (self.t + 1)) / (1 - b1 ** (self.t + 1)) if c["useBiasCorrection"] else 1.0
        dlr = d * lr * correction
        self.m = b1 * self.m + d * (1 - b1) * g
        self.v = b2 * self.v + d * d * (1 - b2) * g * g
        self.s = b3 * self.s + ratio * (d if c["safeguardWarmup"] else dlr) * g
        norm_s = float(self.s.abs().sum())
        if norm_s == 0:
            return
        r = b3 * self.r + ratio * dlr * float(g @ (self.x0 - x))
        d_hat = c["dCoef"] * r / norm_s
        d_max = max(self.d_max, d_hat)
        d_new = min(d_max, (max(d, d_hat) if d == c["d0"] else d) * growth_of(c))
        self.r, self.d, self.d_max = r, d_new, d_max
        direction = self.m if b1 > 0 else d_new * g
        x = x - wd * dlr * x * (1 if c["decouple"] else 0) - dlr * direction / (self.v.sqrt() + d_new * c["epsilon"])
        for p, piece in zip(self.params, torch.split(x, self.sizes)):
            p.copy_(piece.reshape(p.shape))
        self.t += 1


_base_make_rule = base.make_rule
_base_rule_source_text = base.rule_source_text
_base_resolve_rule = base.resolve_rule
_base_check_expectations = base.check_expectations
_base_make_data = base.make_data


def make_data(case, attempt):
    """optimizers.py's data; with `_drift` w, the gradient of step s is w·(the first step's)
    plus its own draw, so that the steps keep a direction and <g, p0 - p> grows (random
    gradients alone leave Prodigy's d near d0)."""
    data = _base_make_data(case, attempt)
    w = case.get("_drift")
    if w is not None:
        first = data["grads"][0]
        data["grads"] = [first] + [[base.f32(w * g0 + g) for g0, g in zip(first, step)] for step in data["grads"][1:]]
    return data


def make_rule(c, params, flavor):
    if c["type"] != "prodigy":
        return _base_make_rule(c, params, flavor)
    return SourceProdigy(c, params) if flavor == "source" else CheckProdigy(c, params)


def rule_source_text(c):
    if c["type"] != "prodigy":
        return _base_rule_source_text(c)
    return ("prodigyopt.Prodigy (github.com/konstmish/prodigy, prodigyopt/prodigy.py at 3efb213; torch has none) "
            "re-implemented step by step over the list of tensors; checked against the method written over one "
            "flat vector of every tensor")


def resolve_rule(cfg):
    return resolve_prodigy(cfg) if cfg["type"] == "prodigy" else _base_resolve_rule(cfg)


def check_expectations(case, res):
    """optimizers.py's checks, and "d_grew": d left d0 (the estimate acted within the case)."""
    bad = _base_check_expectations(case, res)
    d = res["diag"].get("d", [])
    if "d_grew" in case.get("_expect", ()) and not (d and d[-1] > 2 * resolve_prodigy(case["optimizer"])["d0"]):
        bad.append("d_grew")
    return bad


# The shared runner looks these up in its own module.
base.make_rule = make_rule
base.rule_source_text = rule_source_text
base.resolve_rule = resolve_rule
base.check_expectations = check_expectations
base.make_data = make_data

# Three tensors (a matrix, a vector, a matrix): d is one number summed over all of them.
THREE = dict(_shapes=[[3, 4], [4], [2, 3]], _pscale=[1.0, 0.3, 2.0], _gscale=[1.0, 0.2, 3.0], _drift=3.0)

CASES = [
    # d0 = 1e-6 moves the parameters by ~1e-6 at first: of order one, float32 holds that
    # displacement to a few ulps and <g, p0 - p> (hence d) to no digit; small parameters
    # (as a fresh layer's) keep it exact enough for a float32 tolerance.
    dict(id="prodigy/default", optimizer={"type": "prodigy"}, _steps=12, _expect=["d_grew"],
         **dict(THREE, _pscale=[1e-3, 3e-4, 2e-3])),
    dict(id="prodigy/d0", optimizer={"type": "prodigy", "d0": 1e-3}, _steps=10, _expect=["d_grew"], **THREE),
    dict(id="prodigy/bias-correction", optimizer={"type": "prodigy", "d0": 1e-3, "useBiasCorrection": True},
         _steps=14, _expect=["d_grew"], **THREE),
    dict(id="prodigy/decoupled-decay", optimizer={"type": "prodigy", "d0": 1e-2, "weightDecay": 0.1},
         _steps=8, _expect=["d_grew"], **THREE),
    dict(id="prodigy/coupled-decay",
         optimizer={"type": "prodigy", "d0": 1e-2, "weightDecay": 0.05, "decouple": False, "beta3": 0.9},
         _steps=8, _expect=["d_grew"], **THREE),
    dict(id="prodigy/safeguard-warmup", optimizer={"type": "prodigy", "d0": 1e-3, "safeguardWarmup": True},
         _steps=10, _expect=["d_grew"], **THREE),
    dict(id="prodigy/growth-rate-dcoef-schedule",
         optimizer={"type": "prodigy", "d0": 1e-3, "growthRate": 1.2, "dCoef": 2.0, "learningRate": 0.5,
                    "beta1": 0.8, "beta2": 0.99},
         schedule={"type": "cosine", "decaySteps": 16, "minLearningRate": 0.05}, _steps=16, _expect=["d_grew"],
         **THREE),
    dict(id="prodigy/no-first-moment",
         optimizer={"type": "prodigy", "d0": 1e-3, "beta1": 0.0, "epsilon": 1e-6, "growthRate": 2.0},
         _steps=10, _expect=["d_grew"], **THREE),
]


def main():
    return base.write_case_file(CASES, OUT_FILE)


if __name__ == "__main__":
    sys.exit(main())
