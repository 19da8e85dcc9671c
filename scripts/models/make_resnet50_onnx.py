#!/usr/bin/python3
"""Writes ResNet-50 (v1.5, torchvision's layout) as an ONNX file with seeded random weights.

No download: the graph is built with onnx.helper from the published architecture (He et al.
2016, "Deep Residual Learning", table 1; the stride on the 3x3 convolution as in torchvision),
batch normalisation kept as BatchNormalization nodes, a Softmax after the classifier so the
outputs are class probabilities. With --test-data DIR it also writes DIR/test_data_set_0/
input_0.pb and output_0.pb in ONNX's layout, the output computed by a plain numpy forward pass
written here from the same description (an oracle independent of the runtime under test).

Known figures: 25,557,032 learnable parameters (torchvision) plus 2 x 26,560 batch-norm
running statistics = 25,610,152 initializer elements; 4.09 G multiply-accumulates at 224x224.

Usage: make_resnet50_onnx.py OUT.onnx [--seed N] [--test-data DIR]
Needs Debian's python3-onnx and python3-numpy (run with /usr/bin/python3).
"""
import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

STAGES = [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]  # width, blocks, first stride
EXPANSION = 4
CLASSES = 1000


class Builder:
    def __init__(self, rng):
        self.rng = rng
        self.nodes = []
        self.inits = []
        self.weights = {}  # name -> array, for the numpy reference
        self.count = 0

    def name(self, kind):
        self.count += 1
        return f"{kind}_{self.count}"

    def init(self, name, array):
        array = array.astype(np.float32)
        self.weights[name] = array
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def conv(self, x, cin, cout, k, stride):
        n = self.name("conv")
        std = np.sqrt(2.0 / (cin * k * k))  # He initialisation keeps activations O(1)
        w = self.init(n + ".weight", self.rng.normal(0.0, std, (cout, cin, k, k)))
        p = k // 2
        self.nodes.append(helper.make_node(
            "Conv", [x, w], [n], name=n, kernel_shape=[k, k], strides=[stride, stride],
            pads=[p, p, p, p]))
        return n

    def bn(self, x, c, scale=1.0):
        n = self.name("bn")
        s = self.init(n + ".scale", scale * (1.0 + 0.1 * self.rng.standard_normal(c)))
        b = self.init(n + ".bias", 0.1 * self.rng.standard_normal(c))
        m = self.init(n + ".mean", 0.1 * self.rng.standard_normal(c))
        v = self.init(n + ".var", 1.0 + 0.1 * self.rng.random(c))
        self.nodes.append(helper.make_node("BatchNormalization", [x, s, b, m, v], [n], name=n,
                                           epsilon=1e-5))
        return n

    def op(self, kind, inputs, **attrs):
        n = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [n], name=n, **attrs))
        return n


def bottleneck(b, x, cin, width, stride):
    cout = width * EXPANSION
    y = b.op("Relu", [b.bn(b.conv(x, cin, width, 1, 1), width)])
    y = b.op("Relu", [b.bn(b.conv(y, width, width, 3, stride), width)])
    # The last BN of each block starts small (as zero-init-residual training leaves it), so
    # 16 residual sums do not grow the activations without bound.
    y = b.bn(b.conv(y, width, cout, 1, 1), cout, scale=0.2)
    if stride != 1 or cin != cout:
        x = b.bn(b.conv(x, cin, cout, 1, stride), cout)
    return b.op("Relu", [b.op("Add", [y, x])]), cout


def build(seed):
    b = Builder(np.random.default_rng(seed))
    x = b.op("Relu", [b.bn(b.conv("input", 3, 64, 7, 2), 64)])
    x = b.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    c = 64
    for width, blocks, stride in STAGES:
        for i in range(blocks):
            x, c = bottleneck(b, x, c, width, stride if i == 0 else 1)
    x = b.op("Flatten", [b.op("GlobalAveragePool", [x])], axis=1)
    w = b.init("fc.weight", b.rng.normal(0.0, np.sqrt(1.0 / c), (CLASSES, c)))
    bias = b.init("fc.bias", 0.01 * b.rng.standard_normal(CLASSES))
    logits = b.op("Gemm", [x, w, bias], transB=1)
    b.nodes.append(helper.make_node("Softmax", [logits], ["probabilities"], name="softmax",
                                    axis=1))
    graph = helper.make_graph(
        b.nodes, "resnet50",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 224, 224])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, CLASSES])],
        b.inits)
    model = helper.make_model(graph, producer_name="lagrange make_resnet50_onnx.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model, b.weights


# The numpy reference: the same operators, float32 throughout.
def ref_conv(x, w, stride, pad):
    k = w.shape[2]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (k, k), axis=(2, 3))[:, :, ::stride, ::stride]
    n, c, ho, wo = win.shape[:4]
    cols = win.transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, c * k * k)
    out = cols @ w.reshape(w.shape[0], -1).T
    return out.reshape(n, ho, wo, -1).transpose(0, 3, 1, 2)


def reference(model, weights, x):
    values = {"input": x}
    get = lambda name: values[name] if name in values else weights[name]
    for node in model.graph.node:
        a = {at.name: helper.get_attribute_value(at) for at in node.attribute}
        ins = [get(i) for i in node.input]
        if node.op_type == "Conv":
            y = ref_conv(ins[0], ins[1], a["strides"][0], a["pads"][0])
        elif node.op_type == "BatchNormalization":
            x0, s, bb, m, v = ins
            r = lambda t: t.reshape(1, -1, 1, 1)
            y = (x0 - r(m)) / np.sqrt(r(v) + a["epsilon"]) * r(s) + r(bb)
        elif node.op_type == "Relu":
            y = np.maximum(ins[0], 0)
        elif node.op_type == "Add":
            y = ins[0] + ins[1]
        elif node.op_type == "MaxPool":
            xp = np.pad(ins[0], ((0, 0), (0, 0), (1, 1), (1, 1)), constant_values=-np.inf)
            y = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(2, 3))[:, :, ::2, ::2]
            y = y.max(axis=(4, 5))
        elif node.op_type == "GlobalAveragePool":
            y = ins[0].mean(axis=(2, 3), keepdims=True)
        elif node.op_type == "Flatten":
            y = ins[0].reshape(ins[0].shape[0], -1)
        elif node.op_type == "Gemm":
            y = ins[0] @ ins[1].T + ins[2]
        elif node.op_type == "Softmax":
            e = np.exp(ins[0] - ins[0].max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
        else:
            raise ValueError(node.op_type)
        values[node.output[0]] = y.astype(np.float32)
    return values["probabilities"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=50)
    parser.add_argument("--test-data")
    args = parser.parse_args()
    model, weights = build(args.seed)
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    onnx.save(model, args.out)
    if args.test_data:
        x = np.random.default_rng(args.seed + 1).standard_normal((1, 3, 224, 224)).astype(np.float32)
        y = reference(model, weights, x)
        d = os.path.join(args.test_data, "test_data_set_0")
        os.makedirs(d, exist_ok=True)
        for name, t in (("input_0.pb", numpy_helper.from_array(x, "input")),
                        ("output_0.pb", numpy_helper.from_array(y, "probabilities"))):
            with open(os.path.join(d, name), "wb") as f:
                f.write(t.SerializeToString())


if __name__ == "__main__":
    main()
