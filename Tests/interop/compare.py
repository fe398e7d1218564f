#!/usr/bin/env python3
"""Checks ONNX models exported by zoo against onnxruntime.

Reads WORK_DIR/manifest.json (written by the ONNXInterop executable): per arch, the exported
model.onnx, the input batch zoo ran (decoded JPEG/PNG files, preprocessed), zoo's outputs and
the max |x| zoo saw for every activation, keyed by its ONNX tensor name. For each arch it

  1. validates the model with onnx.checker (full check, including shape inference);
  2. checks the interface: input `input_1` of shape [N, 3, H, W] with a symbolic batch, and the
     outputs zoo named;
  3. runs onnxruntime (CPU) on the same batch, and on its first item alone (dynamic batch),
     comparing every output with zoo's;
  4. exposes every activation zoo labelled as a graph output and compares its max |x| with
     zoo's, which proves the tensor names INT8 calibration writes are the right tensors.

Tolerance (relative, 1e-4): every element must satisfy |zoo - ort| <= 1e-4 * max(|ort|, 1e-3);
the reported "max rel" is max(|zoo - ort| / max(|ort|, 1e-3)) and must be <= 1e-4. Prints a
table and exits 1 on any mismatch.

Usage: compare.py WORK_DIR
"""
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort

RTOL = 1e-4
FLOOR = 1e-3


def rel_error(zoo, ref):
    """Max abs error and max relative error with the floor, over all elements."""
    zoo = np.asarray(zoo, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if zoo.shape != ref.shape:
        raise AssertionError(f"shape {zoo.shape} from zoo, {ref.shape} from onnxruntime")
    diff = np.abs(zoo - ref)
    return float(diff.max(initial=0.0)), float((diff / np.maximum(np.abs(ref), FLOOR)).max(initial=0.0))


def session(model):
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def check_arch(work, entry):
    """Returns (row, failures) for one arch."""
    failures = []
    model = onnx.load(os.path.join(work, entry["model"]))
    onnx.checker.check_model(model, full_check=True)

    graph = model.graph
    if model.producer_name != "zoo":
        failures.append(f"producer is {model.producer_name!r}, not 'zoo'")
    if [i.name for i in graph.input] != [entry["input"]]:
        failures.append(f"inputs are {[i.name for i in graph.input]}, expected [{entry['input']!r}]")
    batch = graph.input[0].type.tensor_type.shape.dim[0]
    if batch.dim_param != "N":
        failures.append(f"batch dimension is {batch}, expected the symbol N")
    output_names = list(entry["outputs"])
    if [o.name for o in graph.output] != output_names:
        failures.append(f"outputs are {[o.name for o in graph.output]}, expected {output_names}")

    x = np.load(os.path.join(work, entry["input_file"]))
    sess = session(model)
    max_abs, max_rel = 0.0, 0.0
    for batch_input, rows in ((x, slice(None)), (x[:1], slice(0, 1))):
        results = sess.run(output_names, {entry["input"]: batch_input})
        for name, ref in zip(output_names, results):
            zoo = np.load(os.path.join(work, entry["outputs"][name]))[rows]
            a, r = rel_error(zoo, ref)
            max_abs, max_rel = max(max_abs, a), max(max_rel, r)
    if max_rel > RTOL:
        failures.append(f"outputs differ: max rel {max_rel:.3g} > {RTOL}")

    # Every labelled activation as an extra output; compare max |x|.
    tensors = [t for t in entry["amax"] if t not in output_names and t != entry["input"]]
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    for t in tensors:
        probe.graph.output.append(onnx.helper.make_tensor_value_info(t, onnx.TensorProto.FLOAT, None))
    values = session(probe).run(tensors, {entry["input"]: x})
    amax_rel = 0.0
    for t, v in zip(tensors, values):
        _, r = rel_error(entry["amax"][t], np.abs(v).max())
        amax_rel = max(amax_rel, r)
        if r > RTOL:
            failures.append(f"activation {t}: max |x| {entry['amax'][t]:.6g} in zoo, {np.abs(v).max():.6g} in onnxruntime")
    row = [entry["arch"], f"{entry['parameters']:,}", f"{len(graph.node)}", f"{max_abs:.3g}", f"{max_rel:.3g}",
           f"{len(tensors)}", f"{amax_rel:.3g}", f"{entry['export_seconds']:.3f}", "ok" if not failures else "FAIL"]
    return row, failures


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    work = sys.argv[1]
    with open(os.path.join(work, "manifest.json")) as f:
        manifest = json.load(f)
    print(f"onnxruntime {ort.__version__}, onnx {onnx.__version__}; images: {', '.join(manifest['images'])}")
    print(f"tolerance: |zoo - ort| <= {RTOL:g} * max(|ort|, {FLOOR:g}) for every element")
    header = ["arch", "params", "onnx nodes", "max abs err", "max rel err", "activations", "amax rel err", "export s", "result"]
    rows, problems = [], []
    for entry in manifest["archs"]:
        try:
            row, failures = check_arch(work, entry)
        except Exception as error:  # a model onnxruntime or the checker rejects is a failure, not a crash
            row, failures = [entry["arch"]] + ["-"] * (len(header) - 2) + ["FAIL"], [f"{type(error).__name__}: {error}"]
        rows.append(row)
        problems += [f"{entry['arch']}: {f}" for f in failures]
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    print(line)
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print(line)
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
    print(line)
    if not manifest["archs"]:
        problems.append("no archs were exported")
    for p in problems:
        print("FAIL " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
