#!/usr/bin/python3
"""The bench's one-epoch recipe in plain PyTorch, as a peer to compare `digits bench --recipe one-epoch` against.

Run by hand with Debian's python3-torch (apt-get install python3-torch), never in CI or the product:

    /usr/bin/python3 bench/peers/quick_cnn.py --seed 42
    /usr/bin/python3 bench/peers/quick_cnn.py --seed 42 --no-cycle-momentum --init glorot

quick-cnn as digits builds it: each convolution and hidden dense layer is followed by ReLU, then batch
normalisation (32C5S2valid-BN-32C3valid-BN-64C3S2valid-BN-128-BN-10). Adam, PyTorch's OneCycleLR (peak lr 0.01,
pct_start 0.2, div 25, final_div 1e4), label smoothing 0.1, batch 64, one epoch over all 60,000 training images,
then the 10,000 test images. Pixels are scaled to [0, 1] and nothing else, as digits does.
"""
import argparse
import gzip
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

START = time.time()


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).reshape(count, 1, rows, cols)
    return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).long()


def quick_cnn(width=1.0):
    a, b, c, d = (int(round(n * width)) for n in (32, 32, 64, 128))
    return nn.Sequential(
        nn.Conv2d(1, a, 5, stride=2), nn.ReLU(), nn.BatchNorm2d(a),
        nn.Conv2d(a, b, 3), nn.ReLU(), nn.BatchNorm2d(b),
        nn.Conv2d(b, c, 3, stride=2), nn.ReLU(), nn.BatchNorm2d(c),
        nn.Flatten(), nn.Linear(c * 4 * 4, d), nn.ReLU(), nn.BatchNorm1d(d),
        nn.Linear(d, 10))


def glorot(model):
    """DJL's default initialisation: Xavier/Glorot uniform weights, zero biases."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--pct", type=float, default=0.2)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--init", choices=["pytorch", "glorot"], default="pytorch")
    p.add_argument("--cycle-momentum", action=argparse.BooleanOptionalAction, default=True,
                   help="OneCycleLR's default: Adam's beta1 goes 0.95 -> 0.85 -> 0.95 against the rate")
    p.add_argument("--data", default="data/mnist")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_train = idx(f"{args.data}/train-images-idx3-ubyte.gz").float() / 255
    y_train = idx(f"{args.data}/train-labels-idx1-ubyte.gz")
    x_test = idx(f"{args.data}/t10k-images-idx3-ubyte.gz").float() / 255
    y_test = idx(f"{args.data}/t10k-labels-idx1-ubyte.gz")

    model = quick_cnn()
    if args.init == "glorot":
        glorot(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps = (len(x_train) + args.batch_size - 1) // args.batch_size
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=steps,
                                                   pct_start=args.pct, cycle_momentum=args.cycle_momentum)
    generator = torch.Generator().manual_seed(args.seed)
    trained = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        for i in range(steps):
            batch = order[i * args.batch_size:(i + 1) * args.batch_size]
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch], label_smoothing=args.label_smoothing)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
    trained = time.time() - trained
    model.eval()
    with torch.no_grad():
        correct = sum((model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
                      for i in range(0, len(x_test), 1000))
    print(f"seed {args.seed} init {args.init} cycle_momentum {args.cycle_momentum}: test accuracy {correct / len(x_test):.4f}, "
          f"training {trained:.1f} s, wall {time.time() - START:.1f} s (torch {torch.__version__}, {args.threads} threads)")


if __name__ == "__main__":
    main()
