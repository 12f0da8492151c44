#!/usr/bin/python3
"""Generator of the recurrent-net conformance vectors for brain.js (format "descent-conformance/1").

Run from the repository root with Debian's PyTorch 1.13:

    /usr/bin/python3 packages/conformance/generators/brain_recurrent.py

It writes packages/conformance/vectors/nets/brain-recurrent.json: closed-loop cases whose
objective is the training loss of a brain.js recurrent net (objective type
"brainRecurrent"), whose parameters are the net's matrices in brain.js's layout and order
(`model.allMatrices`: the lookup table `input` of a token net, each hidden layer's
matrices, `outputConnector`, `output`; each [rows, columns], row-major).

How the numbers are made (float64, from parameters drawn by a seeded torch.Generator and
rounded to float32):
* LSTM (a token net): torch.nn.LSTMCell, one per hidden layer, with brain.js's matrices
  mapped onto it: weight_ih rows = [inputMatrix; forgetMatrix; cellActivationMatrix;
  outputMatrix] (torch's gate order i, f, g, o), weight_hh likewise from the *Hidden
  matrices, bias_ih from the biases and bias_hh = 0. brain.js's LSTM keeps no separate cell
  state: each step's previous cell is the previous output, so every step calls the cell
  with (h, h). Tokens: brain.js's DataFormatter numbers the characters by first
  appearance and adds "unrecognized"; a sequence of n tokens is read as START (row 0), then
  each token (row index + 1), and taught each next token (index + 1) then END (0), with
  softmax cross-entropy summed over steps.
* GRUTimeStep: brain.js's GRU equations written in torch and differentiated by autograd
  (torch's GRU puts the reset gate after the hidden matrix, brain.js before it):
  z = σ(Wz·x + Uz·h + bz), r = σ(Wr·x + Ur·h + br), g = tanh(Wc·x + Uc·(r ⊙ h) + bc),
  h' = (1 − z) ⊙ g + z ⊙ h. Each vector is taught the next one, loss ½‖y − next‖² summed
  over steps.
* The loss of a case is the mean over its sequences (one full batch per step). The update
  is torch.optim (SGD, Adam) after torch.nn.utils.clip_grad_norm_ when the case clips.
* expectedLoss[s] is the loss after step s.
"""

import json
import os

import torch

F64 = torch.float64
torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "nets", "brain-recurrent.json")

LSTM_GATES = ["input", "forget", "output", "cellActivation"]
GRU_GATES = ["updateGate", "resetGate", "cellWrite"]


def draw(gen, shape, scale=0.5):
    values = (torch.rand(shape, generator=gen, dtype=F64) * 2 - 1) * scale
    return values.float().double()


def token_layout(strings, hidden):
    characters = []
    for s in strings:
        for ch in s:
            if ch not in characters:
                characters.append(ch)
    vocabulary = len(characters) + 1  # brain.js adds "unrecognized"
    index = {ch: i for i, ch in enumerate(characters)}
    sequences = [[index[ch] for ch in s] for s in strings]
    shapes = [("input", [vocabulary + 1, vocabulary])]
    inputs = vocabulary
    for l, size in enumerate(hidden):
        for g in LSTM_GATES:
            shapes += [(f"hiddenLayers/{l}/{g}Matrix", [size, inputs]), (f"hiddenLayers/{l}/{g}Hidden", [size, size]), (f"hiddenLayers/{l}/{g}Bias", [size, 1])]
        inputs = size
    shapes += [("outputConnector", [vocabulary + 1, inputs]), ("output", [vocabulary + 1, 1])]
    return sequences, shapes


def lstm_loss(params, names, sequences, hidden):
    p = dict(zip(names, params))
    cells = []
    for l in range(len(hidden)):
        g = lambda gate, kind: p[f"hiddenLayers/{l}/{gate}{kind}"]
        order = ["input", "forget", "cellActivation", "output"]  # torch's gate order: i, f, g, o
        cells.append((torch.cat([g(k, "Matrix") for k in order]), torch.cat([g(k, "Hidden") for k in order]), torch.cat([g(k, "Bias") for k in order]).reshape(-1)))
    total = torch.zeros((), dtype=F64)
    for seq in sequences:
        hs = [torch.zeros(1, size, dtype=F64) for size in hidden]
        n = len(seq)
        for t in range(n + 1):
            source = 0 if t == 0 else seq[t - 1] + 1
            target = seq[t] + 1 if t < n else 0
            x = p["input"][source].reshape(1, -1)
            for l, (w_ih, w_hh, b_ih) in enumerate(cells):
                # torch.nn.LSTMCell's own kernel (what its forward calls), brain.js's matrices as its weights, bias_hh = 0
                h, _ = torch._VF.lstm_cell(x, (hs[l], hs[l]), w_ih, w_hh, b_ih, torch.zeros_like(b_ih))
                hs[l] = h
                x = h
            logits = (p["outputConnector"] @ x.reshape(-1, 1) + p["output"]).reshape(1, -1)
            total = total + torch.nn.functional.cross_entropy(logits, torch.tensor([target]), reduction="sum")
    return total / len(sequences)


def gru_layout(inputs, hidden, outputs):
    shapes = []
    size_in = inputs
    for l, size in enumerate(hidden):
        for g in GRU_GATES:
            shapes += [(f"hiddenLayers/{l}/{g}InputMatrix", [size, size_in]), (f"hiddenLayers/{l}/{g}HiddenMatrix", [size, size]), (f"hiddenLayers/{l}/{g}Bias", [size, 1])]
        size_in = size
    shapes += [("outputConnector", [outputs, size_in]), ("output", [outputs, 1])]
    return shapes


def gru_loss(params, names, sequences, hidden):
    p = dict(zip(names, params))
    total = torch.zeros((), dtype=F64)
    for seq in sequences:
        vectors = [torch.tensor(v, dtype=F64).reshape(-1, 1) for v in seq]
        hs = [torch.zeros(size, 1, dtype=F64) for size in hidden]
        for t in range(len(vectors) - 1):
            x = vectors[t]
            for l in range(len(hidden)):
                g = lambda gate, kind: p[f"hiddenLayers/{l}/{gate}{kind}"]
                h = hs[l]
                z = torch.sigmoid(g("updateGate", "InputMatrix") @ x + g("updateGate", "HiddenMatrix") @ h + g("updateGate", "Bias"))
                r = torch.sigmoid(g("resetGate", "InputMatrix") @ x + g("resetGate", "HiddenMatrix") @ h + g("resetGate", "Bias"))
                c = torch.tanh(g("cellWrite", "InputMatrix") @ x + g("cellWrite", "HiddenMatrix") @ (r * h) + g("cellWrite", "Bias"))
                hs[l] = (1 - z) * c + z * h
                x = hs[l]
            y = p["outputConnector"] @ x + p["output"]
            total = total + 0.5 * ((y - vectors[t + 1]) ** 2).sum()
    return total / len(sequences)


def trajectory(loss_of, initial, optimizer, steps, clip):
    leaves = [v.clone().requires_grad_(True) for v in initial]
    if optimizer["type"] == "sgd":
        opt = torch.optim.SGD(leaves, lr=optimizer["learningRate"])
    else:
        opt = torch.optim.Adam(leaves, lr=optimizer["learningRate"])
    expected, losses = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss_of(leaves).backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(leaves, clip)
        opt.step()
        expected.append([[float(x) for x in leaf.detach().reshape(-1)] for leaf in leaves])
        with torch.no_grad():
            losses.append(float(loss_of(leaves)))
    return expected, losses


def case(case_id, objective, shapes, initial, loss_of, optimizer, steps, clip, source, rtol, atol):
    expected, losses = trajectory(loss_of, initial, optimizer, steps, clip)
    result = {
        "id": case_id,
        "source": source,
        "optimizer": optimizer,
        "objective": objective,
        "params": [{"shape": shape, "values": [float(x) for x in v.reshape(-1)]} for (_, shape), v in zip(shapes, initial)],
        "steps": steps,
        "expected": expected,
        "expectedLoss": losses,
        "rtol": rtol,
        "atol": atol,
    }
    if clip is not None:
        result["transforms"] = [{"type": "clipByGlobalNorm", "maxNorm": clip}]
    return result


def main():
    cases = []
    strings = ["abca", "cab", "bcaab"]
    hidden = [4, 3]
    sequences, shapes = token_layout(strings, hidden)
    gen = torch.Generator().manual_seed(15)
    initial = [draw(gen, shape) for _, shape in shapes]
    names = [name for name, _ in shapes]
    objective = {"type": "brainRecurrent", "net": "LSTM", "options": {"hiddenLayers": hidden}, "data": strings}
    lstm = lambda params: lstm_loss(params, names, sequences, hidden)
    source = "torch.nn.LSTMCell's kernel (torch._VF.lstm_cell) per step with (h, h), brain.js's matrices mapped onto its weights; autograd; torch.optim"
    cases.append(case("brain-lstm/sgd-one-step", objective, shapes, initial, lstm, {"type": "sgd", "learningRate": 0.5}, 1, None, source, 1e-4, 1e-6))
    cases.append(case("brain-lstm/adam-clip", objective, shapes, initial, lstm, {"type": "adam", "learningRate": 0.05}, 4, 1.0, source + ", clip_grad_norm_", 1e-4, 1e-5))

    seqs = [[[0.1, 0.9], [0.5, -0.3], [-0.7, 0.2], [0.4, 0.4]], [[0.3, 0.3], [-0.2, 0.6], [0.8, -0.1]], [[-0.5, 0.1], [0.2, 0.2], [0.6, -0.4], [0.0, 0.7], [0.3, 0.1]]]
    hidden = [3]
    shapes = gru_layout(2, hidden, 2)
    gen = torch.Generator().manual_seed(16)
    initial = [draw(gen, shape) for _, shape in shapes]
    names = [name for name, _ in shapes]
    objective = {"type": "brainRecurrent", "net": "GRUTimeStep", "options": {"inputSize": 2, "outputSize": 2, "hiddenLayers": hidden}, "data": seqs}
    gru = lambda params: gru_loss(params, names, seqs, hidden)
    source = "brain.js's GRU equations in torch, autograd; torch.optim"
    cases.append(case("brain-gru-timestep/sgd-one-step", objective, shapes, initial, gru, {"type": "sgd", "learningRate": 0.5}, 1, None, source, 1e-4, 1e-6))
    cases.append(case("brain-gru-timestep/adam-clip", objective, shapes, initial, gru, {"type": "adam", "learningRate": 0.05}, 4, 0.5, source + ", clip_grad_norm_", 1e-4, 1e-5))

    with open(OUT, "w") as f:
        json.dump({"format": "descent-conformance/1", "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
