#!/usr/bin/python3
"""Generator of the conformance vectors of the rules torch 1.13 does not have (issue
"Beyond the lecture"): format "descent-conformance/1", written to
packages/conformance/vectors/optimizers/beyond-adam.json.

Run from the repository root with Debian's PyTorch 1.13, the packages built (the rule
defaults are read from @descent/core's registry, as optimizers.py does):

    npm run build && /usr/bin/python3 packages/conformance/generators/beyond_adam.py

Every rule here is re-implemented twice from its published algorithm, both written for
this project (no code of the original is copied), and the trajectory written comes from
the first ("source" flavour); the second ("check" flavour) must agree in float64 far
inside the tolerance of the float64 `reference` target, as in optimizers.py:

    lamb   source: optax.lamb as optax composes it — a chain of gradient transformations
                   over the whole list of tensors (scale_by_adam, add_decayed_weights,
                   scale_by_trust_ratio, scale_by_learning_rate), re-written here in torch;
           check:  the per-tensor formula (FormulaLamb).
    lars   source: optax.lars as optax composes it (add_decayed_weights,
                   scale_by_trust_ratio, scale_by_learning_rate, trace);
           check:  the per-tensor formula (FormulaLars).
    adafactor
           source: torch.optim.Adafactor's single-tensor algorithm (torch 2.5+, absent
                   from Debian's 1.13), re-written here step by step: norms along an axis,
                   lerp_, the row-by-column matrix product, rsqrt, host-side α and clip;
           check:  the formula with sums, moving averages and broadcasting (FormulaAdafactor).
    muon   source: torch.optim.Muon's single-tensor loop (torch 2.9+) for matrices, re-written
                   here (lerp_, the Newton–Schulz iteration with X·Xᵀ, adjust_lr_fn) in the
                   run's dtype, not bfloat16 as torch; torch.optim.AdamW(foreach=False) for
                   the other tensors;
           check:  the formula, its Newton–Schulz iteration written with Xᵀ·X (FormulaMuon).

Everything else — data, float32 proxies, tolerance ladder, JSON layout — is
optimizers.py's (imported), so the two files read the same way and are held to the same
checks. Deterministic: re-running gives byte-identical files.
"""

import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import optimizers as base  # noqa: E402  (the shared generator machinery)

OUT_FILE = os.path.join(base.OUT_DIR, "beyond-adam.json")


# --------------------------------------------------------------------------------------
# A small optax in torch: a gradient transformation is (init(params) -> state,
# update(updates, state, params) -> (updates, state)) over lists of tensors; the
# optimizer adds the final updates to the parameters.
# --------------------------------------------------------------------------------------

def chain(*transforms):
    def init(params):
        return [t[0](params) for t in transforms]

    def update(updates, state, params):
        new_state = []
        for (_, t_update), s in zip(transforms, state):
            updates, s = t_update(updates, s, params)
            new_state.append(s)
        return updates, new_state

    return init, update


def scale_by_adam(b1, b2, eps, eps_root):
    def init(params):
        return {"count": 0, "mu": [torch.zeros_like(p) for p in params], "nu": [torch.zeros_like(p) for p in params]}

    def update(updates, state, params):
        mu = [(1 - b1) * g + b1 * m for g, m in zip(updates, state["mu"])]
        nu = [(1 - b2) * g * g + b2 * v for g, v in zip(updates, state["nu"])]
        count = state["count"] + 1
        mu_hat = [m / (1 - b1 ** count) for m in mu]
        nu_hat = [v / (1 - b2 ** count) for v in nu]
        out = [m / (torch.sqrt(v + eps_root) + eps) for m, v in zip(mu_hat, nu_hat)]
        return out, {"count": count, "mu": mu, "nu": nu}

    return init, update


def add_decayed_weights(weight_decay):
    def update(updates, state, params):
        return [u + weight_decay * p for u, p in zip(updates, params)], state

    return (lambda params: None), update


def scale_by_trust_ratio(trust_coefficient=1.0, eps=0.0):
    def update(updates, state, params):
        out = []
        for u, p in zip(updates, params):
            param_norm = torch.linalg.vector_norm(p)
            update_norm = torch.linalg.vector_norm(u)
            ratio = trust_coefficient * param_norm / (update_norm + eps)
            zero = torch.logical_or(param_norm == 0, update_norm == 0)
            out.append(u * torch.where(zero, torch.ones_like(ratio), ratio))
        return out, state

    return (lambda params: None), update


def scale_by_learning_rate(rate):
    """`rate` is a one-element list holding this step's learning rate (the schedule's)."""
    def update(updates, state, params):
        return [-rate[0] * u for u in updates], state

    return (lambda params: None), update


def trace(decay, nesterov):
    def init(params):
        return [torch.zeros_like(p) for p in params]

    def update(updates, state, params):
        new_trace = [u + decay * t for u, t in zip(updates, state)]
        out = [u + decay * t for u, t in zip(updates, new_trace)] if nesterov else new_trace
        return out, new_trace

    return init, update


def optax_lamb(c, rate):
    return chain(scale_by_adam(c["beta1"], c["beta2"], c["epsilon"], c["epsilonRoot"]),
                 add_decayed_weights(c["weightDecay"]), scale_by_trust_ratio(), scale_by_learning_rate(rate))


def optax_lars(c, rate):
    return chain(add_decayed_weights(c["weightDecay"]),
                 scale_by_trust_ratio(c["trustCoefficient"], c["epsilon"]),
                 scale_by_learning_rate(rate), trace(c["momentum"], c["nesterov"]))


class ChainRule:
    """A rule from a chain of transformations: p <- p + updates."""

    def __init__(self, make, c, params):
        self.params, self.rate, self.diag = params, [0.0], {}
        self.init, self.update = make(c, self.rate)
        self.state = self.init([p.detach() for p in params])

    def step(self, grads, lr):
        self.rate[0] = lr
        updates, self.state = self.update(grads, self.state, [p.detach() for p in self.params])
        for p, u in zip(self.params, updates):
            p.add_(u)

    def state_tensors(self):
        yield from base._tensors_in(self.state)


# --------------------------------------------------------------------------------------
# The per-tensor formulas (the independent check).
# --------------------------------------------------------------------------------------

def _trust_ratio(p, u, coefficient, eps, diag):
    pn, un = float(p.norm()), float(u.norm())
    if pn == 0 or un == 0:
        diag["unit_ratio"] = diag.get("unit_ratio", 0) + 1
        return 1.0
    return coefficient * pn / (un + eps)


class FormulaLamb(base.FormulaRule):
    def update(self, i, p, g, lr):
        c, t = self.c, self.t
        m = c["beta1"] * self.buf("m", i) + (1 - c["beta1"]) * g
        v = c["beta2"] * self.buf("v", i) + (1 - c["beta2"]) * g * g
        self.put("m", i, m)
        self.put("v", i, v)
        u = (m / (1 - c["beta1"] ** t)) / ((v / (1 - c["beta2"] ** t) + c["epsilonRoot"]).sqrt() + c["epsilon"])
        u = u + c["weightDecay"] * p
        p.sub_(lr * _trust_ratio(p, u, 1.0, 0.0, self.diag) * u)


class FormulaLars(base.FormulaRule):
    def update(self, i, p, g, lr):
        c = self.c
        u = g + c["weightDecay"] * p
        scaled = lr * _trust_ratio(p, u, c["trustCoefficient"], c["epsilon"], self.diag) * u
        b = scaled + c["momentum"] * self.buf("b", i)
        self.put("b", i, b)
        p.sub_(scaled + c["momentum"] * b if c["nesterov"] else b)


class SourceAdafactor:
    """torch.optim.Adafactor, its single-tensor loop, for tensors of any rank (the last two
    axes of a tensor of rank >= 2 are factored, leading axes index matrices)."""

    def __init__(self, c, params):
        self.c, self.params, self.diag = c, params, {}
        self.state = [{} for _ in params]

    def step(self, grads, lr):
        c = self.c
        eps1, eps2, d = c["epsilon1"], c["epsilon2"], c["clipThreshold"]
        for p, g, st in zip(self.params, grads, self.state):
            if not st:
                st["step"] = 0
                if g.dim() > 1:
                    st["row"] = g.new_zeros(list(g.shape[:-1]) + [1])
                    st["col"] = g.new_zeros(list(g.shape[:-2]) + [1, g.shape[-1]])
                else:
                    st["var"] = torch.zeros_like(g)
            st["step"] += 1
            t = float(st["step"])
            weight = t ** c["beta2Decay"]
            rho = min(lr, 1 / t ** 0.5)
            alpha = max(eps2, p.norm(2).item() / p.numel() ** 0.5) * rho
            if c["weightDecay"] != 0:
                p.mul_(1 - lr * c["weightDecay"])
            if g.dim() > 1:
                st["row"].lerp_(torch.norm(g, dim=-1, keepdim=True).square_().div_(g.size(-1)), weight)
                st["col"].lerp_(torch.norm(g, dim=-2, keepdim=True).square_().div_(g.size(-2)), weight)
                estimate = st["row"] @ st["col"]
                estimate.div_(st["row"].mean(dim=-2, keepdim=True).clamp_(min=eps1))
            else:
                st["var"].lerp_(g * g, weight)
                estimate = st["var"].clone()
            u = estimate.clamp_(min=eps1 * eps1).rsqrt_().mul_(g)
            clip = max(1.0, u.norm(2).item() / (u.numel() ** 0.5 * d))
            self.diag["clipped"] = self.diag.get("clipped", 0) + int(clip > 1)
            p.add_(u, alpha=-alpha / clip)

    def state_tensors(self):
        for st in self.state:
            for key in ("row", "col", "var"):
                if key in st:
                    yield st[key]


class FormulaAdafactor(base.FormulaRule):
    def factor(self, name, i, like):
        """A factored moment of tensor i, zero (shaped like `like`) until first kept."""
        lst = self.s.setdefault(name, [None] * len(self.params))
        if lst[i] is None:
            lst[i] = torch.zeros_like(like)
        return lst[i]

    def update(self, i, p, g, lr):
        c, t = self.c, self.t
        w = t ** c["beta2Decay"]
        n = p.numel()
        alpha = max(c["epsilon2"], math.sqrt(float((p * p).sum()) / n)) * min(lr, 1 / math.sqrt(t))
        p.mul_(1 - lr * c["weightDecay"])
        g2 = g * g
        if g.dim() > 1:
            rows, cols = g.shape[-2], g.shape[-1]
            r = (1 - w) * self.factor("r", i, g2.sum(-1, keepdim=True)) + w * g2.sum(-1, keepdim=True) / cols
            k = (1 - w) * self.factor("k", i, g2.sum(-2, keepdim=True)) + w * g2.sum(-2, keepdim=True) / rows
            self.put("r", i, r)
            self.put("k", i, k)
            v = r * k / torch.clamp(r.sum(-2, keepdim=True) / rows, min=c["epsilon1"])
        else:
            v = (1 - w) * self.buf("v", i) + w * g2
            self.put("v", i, v)
        u = g / torch.sqrt(torch.clamp(v, min=c["epsilon1"] ** 2))
        clip = max(1.0, math.sqrt(float((u * u).sum()) / n) / c["clipThreshold"])
        p.sub_(alpha / clip * u)


def _muon_rate(c, lr, shape):
    rows, cols = shape
    if c["adjustLearningRate"] == "original":
        return lr * math.sqrt(max(1, rows / cols))
    return lr * 0.2 * math.sqrt(max(rows, cols))


class SourceMuon:
    """torch.optim.Muon for the matrices, torch.optim.AdamW for the other tensors."""

    def __init__(self, c, params):
        self.c, self.params, self.diag = c, params, {}
        self.buffers = [torch.zeros_like(p) if p.dim() == 2 else None for p in params]
        others = [p for p in params if p.dim() != 2]
        self.adamw = torch.optim.AdamW(others, lr=c["learningRate"], betas=(c["adamBeta1"], c["adamBeta2"]),
                                       eps=c["adamEpsilon"], weight_decay=c["weightDecay"], foreach=False) if others else None

    def orthogonalize(self, g):
        c = self.c
        x = g.T if g.size(0) > g.size(1) else g.clone()
        x = x / x.norm().clamp(min=c["epsilon"])
        for _ in range(c["nsSteps"]):
            gram = x @ x.T
            x = torch.addmm(x, torch.addmm(gram, gram, gram, beta=c["nsB"], alpha=c["nsC"]), x, beta=c["nsA"])
        return x.T if g.size(0) > g.size(1) else x

    def step(self, grads, lr):
        c = self.c
        for p, g, buf in zip(self.params, grads, self.buffers):
            if buf is None:
                p.grad = g.clone()
                continue
            buf.lerp_(g, 1 - c["momentum"])
            direction = g.lerp(buf, c["momentum"]) if c["nesterov"] else buf
            o = self.orthogonalize(direction)
            p.mul_(1 - lr * c["weightDecay"])
            p.add_(o, alpha=-_muon_rate(c, lr, p.shape))
        if self.adamw is not None:
            for group in self.adamw.param_groups:
                group["lr"] = lr
            self.adamw.step()

    def state_tensors(self):
        yield from (b for b in self.buffers if b is not None)
        if self.adamw is not None:
            yield from base._tensors_in(self.adamw.state)


class FormulaMuon(base.FormulaRule):
    def update(self, i, p, g, lr):
        c, t = self.c, self.t
        p.mul_(1 - lr * c["weightDecay"])
        if p.dim() != 2:
            b1, b2 = c["adamBeta1"], c["adamBeta2"]
            m = b1 * self.buf("m", i) + (1 - b1) * g
            v = b2 * self.buf("v", i) + (1 - b2) * g * g
            self.put("m", i, m)
            self.put("v", i, v)
            p.sub_((lr / (1 - b1 ** t)) * m / (v.sqrt() / math.sqrt(1 - b2 ** t) + c["adamEpsilon"]))
            return
        mu = c["momentum"]
        b = mu * self.buf("b", i) + (1 - mu) * g
        self.put("b", i, b)
        x = (1 - mu) * g + mu * b if c["nesterov"] else b
        wide = x.size(0) <= x.size(1)
        x = x if wide else x.T
        x = x / max(math.sqrt(float((x * x).sum())), c["epsilon"])
        for _ in range(c["nsSteps"]):
            gram = x.T @ x                      # X·p(XᵀX) = p(XXᵀ)·X
            x = c["nsA"] * x + c["nsB"] * (x @ gram) + c["nsC"] * (x @ gram @ gram)
        x = x if wide else x.T
        p.sub_(_muon_rate(c, lr, p.shape) * x)


# type -> (source chain, check formula, source text)
RULES = {
    "lamb": (optax_lamb, FormulaLamb,
             "optax.lamb re-implemented as optax's chain (scale_by_adam, add_decayed_weights, scale_by_trust_ratio, "
             "scale_by_learning_rate) in torch; checked against the per-tensor formula"),
    "lars": (optax_lars, FormulaLars,
             "optax.lars re-implemented as optax's chain (add_decayed_weights, scale_by_trust_ratio, "
             "scale_by_learning_rate, trace) in torch; checked against the per-tensor formula"),
    "adafactor": (None, FormulaAdafactor,
                  "torch.optim.Adafactor (torch 2.5+; single-tensor loop re-implemented in torch 1.13 ops, "
                  "eps1 = float32 machine epsilon as torch uses for float32 parameters); "
                  "checked against the formula with sums and broadcasting"),
    "muon": (None, FormulaMuon,
             "torch.optim.Muon (torch 2.9+; single-tensor loop re-implemented in torch 1.13 ops, Newton-Schulz in the "
             "run's dtype instead of bfloat16) for matrices, torch.optim.AdamW(foreach=False) for the other tensors; "
             "checked against the formula (Newton-Schulz written with X^T X)"),
}

_base_make_rule = base.make_rule
_base_rule_source_text = base.rule_source_text


def make_rule(c, params, flavor):
    if c["type"] not in RULES:
        return _base_make_rule(c, params, flavor)
    source, check, _ = RULES[c["type"]]
    if flavor == "check":
        return check(c, params)
    if source is not None:
        return ChainRule(source, c, params)
    return SourceMuon(c, params) if c["type"] == "muon" else SourceAdafactor(c, params)


def rule_source_text(c):
    return RULES[c["type"]][2] if c["type"] in RULES else _base_rule_source_text(c)


_base_check_expectations = base.check_expectations


def check_expectations(case, res):
    """optimizers.py's checks, "unit_ratio" (some trust ratio was 1 because a norm was 0) and
    "clipped" (Adafactor's update clipping acted)."""
    bad = _base_check_expectations(case, res)
    for name in ("unit_ratio", "clipped"):
        if name in case.get("_expect", ()) and not res["diag"].get(name):
            bad.append(name)
    return bad


# The shared runner looks these up in its own module.
base.make_rule = make_rule
base.rule_source_text = rule_source_text
base.check_expectations = check_expectations


# --------------------------------------------------------------------------------------
# Cases.  _pscale 0 makes a tensor start at zero (‖p‖ = 0: trust ratio 1 on its first
# step); _gscale 0 gives it zero gradients throughout (LAMB's step, and LARS's u without
# decay, is then 0: trust ratio 1).
# --------------------------------------------------------------------------------------

ZERO_TENSORS = dict(_shapes=[[3, 4], [4], [2, 3]], _pscale=[1.0, 0.0, 0.5], _gscale=[1.0, 0.2, 0.0], _expect=["unit_ratio"])

CASES = [
    dict(id="lamb/default", optimizer={"type": "lamb"}, _steps=10),
    dict(id="lamb/weight-decay",
         optimizer={"type": "lamb", "learningRate": 0.02, "beta1": 0.8, "beta2": 0.99, "weightDecay": 0.1}, _steps=12),
    dict(id="lamb/epsilon-root", optimizer={"type": "lamb", "learningRate": 0.01, "epsilon": 1e-3, "epsilonRoot": 1e-4},
         _steps=10),
    dict(id="lamb/zero-tensors", optimizer={"type": "lamb", "learningRate": 0.01}, _steps=8, **ZERO_TENSORS),
    dict(id="lamb/cosine", optimizer={"type": "lamb", "learningRate": 0.05, "weightDecay": 0.01},
         schedule={"type": "cosine", "decaySteps": 10, "minLearningRate": 0.001}, _steps=12),
    dict(id="lars/default", optimizer={"type": "lars"}, _steps=10),
    dict(id="lars/nesterov-weight-decay",
         optimizer={"type": "lars", "learningRate": 0.5, "momentum": 0.8, "nesterov": True, "weightDecay": 0.01},
         _steps=12),
    dict(id="lars/coefficient-epsilon",
         optimizer={"type": "lars", "learningRate": 0.2, "trustCoefficient": 0.02, "epsilon": 0.1, "momentum": 0.0},
         _steps=10),
    dict(id="lars/zero-tensors", optimizer={"type": "lars", "learningRate": 0.1}, _steps=8, **ZERO_TENSORS),
    dict(id="lars/step-schedule", optimizer={"type": "lars", "learningRate": 2.0, "weightDecay": 1e-3},
         schedule={"type": "step", "stepSize": 4, "gamma": 0.5}, _steps=12),
    dict(id="adafactor/default", optimizer={"type": "adafactor"}, _steps=10),
    dict(id="adafactor/weight-decay", optimizer={"type": "adafactor", "learningRate": 0.05, "weightDecay": 0.1,
                                                 "beta2Decay": -0.5}, _steps=12),
    # Two dense layers, kernel [in, out] then bias: the brain target lays them out as brain.js
    # stores them, kernels transposed, which leaves Adafactor's factored estimate unchanged.
    dict(id="adafactor/epsilons-clip",
         optimizer={"type": "adafactor", "epsilon1": 1e-3, "epsilon2": 0.1, "clipThreshold": 1.2},
         _shapes=[[3, 4], [4], [4, 2], [2]], _pscale=[1.0, 0.3, 2.0, 0.5], _gscale=[1.0, 0.2, 3.0, 0.5], _steps=10,
         _expect=["clipped"]),
    dict(id="adafactor/cosine", optimizer={"type": "adafactor", "learningRate": 0.2},
         schedule={"type": "cosine", "decaySteps": 10, "minLearningRate": 0.01}, _steps=12),
    # "original" scales by rows/columns as the tensor is stored; the brain target stores dense
    # kernels transposed (as torch does), so those cases use square kernels, and the rest the
    # symmetric "matchRmsAdamw".
    dict(id="muon/default", optimizer={"type": "muon"}, _shapes=[[4, 4], [4]], _steps=10),
    dict(id="muon/momentum-match-adamw",
         optimizer={"type": "muon", "learningRate": 0.02, "momentum": 0.9, "nesterov": False,
                    "adjustLearningRate": "matchRmsAdamw", "weightDecay": 0.01},
         _shapes=[[3, 5], [5], [5, 2], [2]], _pscale=[1.0, 0.3, 2.0, 0.5], _gscale=[1.0, 0.2, 3.0, 0.5], _steps=10),
    dict(id="muon/steps-epsilon-cosine",
         optimizer={"type": "muon", "learningRate": 0.05, "weightDecay": 0, "nsSteps": 3, "epsilon": 1e-3,
                    "adamBeta2": 0.99},
         schedule={"type": "cosine", "decaySteps": 10, "minLearningRate": 0.005}, _shapes=[[4, 4], [4]], _steps=12),
]


def main():
    return base.write_case_file(CASES, OUT_FILE)


if __name__ == "__main__":
    sys.exit(main())
