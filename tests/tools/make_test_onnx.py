#!/usr/bin/python3
"""Writes the small ONNX models that tst_imageembedder runs, with Debian's python3-onnx.

    /usr/bin/python3 make_test_onnx.py OUTDIR

OUTDIR/tiny-embed.onnx   opset 7: data 1x3x16x16 -> Conv 1x1 (3->4, bias) -> Relu
                         -> GlobalAveragePool "pool" (1x4x1x1) -> Flatten -> Gemm "logits" (1x3)
OUTDIR/clip-inputs.onnx  opset 11: data 1x3x16x16 -> Clip(x, min, max) with min and max as
                         inputs, the form OpenCV 4.6 cannot import (mobilenetv2-12 uses it)
OUTDIR/tiny-embed.json   the weights, so the test can compute the expected embedding by hand

The weights are fixed numbers, so every run writes the same files.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SIDE = 16


def conv_weights():
    # 4 output channels x 3 input channels, with negative entries so that Relu matters.
    w = np.array([[0.5, -0.25, 0.125], [-0.5, 1.0, 0.25], [0.3, 0.3, 0.3], [1.0, -1.0, 0.0]],
                 dtype=np.float32)
    b = np.array([0.1, -0.2, 0.0, 0.05], dtype=np.float32)
    return w, b


def tiny_embed(outdir):
    w, b = conv_weights()
    gemm_w = np.arange(12, dtype=np.float32).reshape(3, 4) / 10.0
    gemm_b = np.zeros(3, dtype=np.float32)
    inits = [
        numpy_helper.from_array(w.reshape(4, 3, 1, 1), "conv_w"),
        numpy_helper.from_array(b, "conv_b"),
        numpy_helper.from_array(gemm_w, "fc_w"),
        numpy_helper.from_array(gemm_b, "fc_b"),
    ]
    nodes = [
        helper.make_node("Conv", ["data", "conv_w", "conv_b"], ["conv"], kernel_shape=[1, 1]),
        helper.make_node("Relu", ["conv"], ["relu"]),
        helper.make_node("GlobalAveragePool", ["relu"], ["pool"]),
        helper.make_node("Flatten", ["pool"], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], transB=1),
    ]
    # IR 3, as the zoo's opset-7 files: every initializer is also a graph input.
    inputs = [helper.make_tensor_value_info("data", TensorProto.FLOAT, [1, 3, SIDE, SIDE])]
    inputs += [helper.make_tensor_value_info(t.name, t.data_type, t.dims) for t in inits]
    graph = helper.make_graph(
        nodes, "tiny-embed", inputs,
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 3])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 7)],
                              producer_name="lookalike-tests")
    model.ir_version = 3
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(outdir, "tiny-embed.onnx"))
    with open(os.path.join(outdir, "tiny-embed.json"), "w") as f:
        json.dump({"side": SIDE, "conv_w": w.tolist(), "conv_b": b.tolist(),
                   "fc_w": gemm_w.tolist(), "fc_b": gemm_b.tolist()}, f)


def clip_inputs(outdir):
    inits = [numpy_helper.from_array(np.array(0.0, dtype=np.float32), "lo"),
             numpy_helper.from_array(np.array(6.0, dtype=np.float32), "hi")]
    nodes = [helper.make_node("Clip", ["data", "lo", "hi"], ["clipped"]),
             helper.make_node("GlobalAveragePool", ["clipped"], ["pool"])]
    graph = helper.make_graph(
        nodes, "clip-inputs",
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, [1, 3, SIDE, SIDE])],
        [helper.make_tensor_value_info("pool", TensorProto.FLOAT, [1, 3, 1, 1])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)],
                              producer_name="lookalike-tests")
    model.ir_version = 6
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(outdir, "clip-inputs.onnx"))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    tiny_embed(sys.argv[1])
    clip_inputs(sys.argv[1])


if __name__ == "__main__":
    main()
