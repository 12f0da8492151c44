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

Everything else — data, float32 proxies, tolerance ladder, JSON layout — is
optimizers.py's (imported), so the two files read the same way and are held to the same
checks. Deterministic: re-running gives byte-identical files.
"""

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


# type -> (source chain, check formula, source text)
RULES = {
    "lamb": (optax_lamb, FormulaLamb,
             "optax.lamb re-implemented as optax's chain (scale_by_adam, add_decayed_weights, scale_by_trust_ratio, "
             "scale_by_learning_rate) in torch; checked against the per-tensor formula"),
    "lars": (optax_lars, FormulaLars,
             "optax.lars re-implemented as optax's chain (add_decayed_weights, scale_by_trust_ratio, "
             "scale_by_learning_rate, trace) in torch; checked against the per-tensor formula"),
}

_base_make_rule = base.make_rule
_base_rule_source_text = base.rule_source_text


def make_rule(c, params, flavor):
    if c["type"] not in RULES:
        return _base_make_rule(c, params, flavor)
    source, check, _ = RULES[c["type"]]
    return ChainRule(source, c, params) if flavor == "source" else check(c, params)


def rule_source_text(c):
    return RULES[c["type"]][2] if c["type"] in RULES else _base_rule_source_text(c)


_base_check_expectations = base.check_expectations


def check_expectations(case, res):
    """optimizers.py's checks, and "unit_ratio": some trust ratio was 1 because a norm was 0."""
    bad = _base_check_expectations(case, res)
    if "unit_ratio" in case.get("_expect", ()) and not res["diag"].get("unit_ratio"):
        bad.append("unit_ratio")
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
]


def main():
    built, rows = [], []
    for case in CASES:
        out, stats = base.build_case(case)
        built.append(out)
        rows.append((case["id"], stats))
    text = base.dumps_case_file(built)
    with open(OUT_FILE, "w") as fh:
        fh.write(text)
    print("descent-conformance/1 vectors written to", os.path.relpath(OUT_FILE))
    print("ratios: f32 = torch float32, store32 = float64 math with float32 storage (both <= 0.25); "
          "ref = the check implementation against rtol 1e-9/atol 1e-12 (<= 0.1)")
    for case_id, st in rows:
        print(f"  {case_id:32s} rtol {st['rtol']:g}  f32 {st['f32_ratio']:.3f}  store32 {st['store32_ratio']:.3f}  "
              f"ref {st['ref_ratio']:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
