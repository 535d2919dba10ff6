#!/usr/bin/env python3
"""The same training steps in PyTorch on the CPU or a CUDA GPU: a reference outside the project.

Mirrors src/engine/models/dcgan.ts and pix2pix.ts at the page's defaults
(src/protocol/presets.ts) and the bench's cases (bench/cases.ts) layer by layer, with the same losses (the built-in 'dcgan' and
'pix2pix/basic' specs), optimizer (Adam 2e-4, beta1 0.5) and batch, and the same step as
GanTrainer: one D update (G runs forward without gradients, D on real and on fake), then
one G update (G forward again, D on fake with D's weights frozen). Differences, on purpose
or not avoidable:
  - NCHW tensors (PyTorch's CPU default) where tfjs uses NHWC;
  - data: the same MNIST file for DCGAN (random batches), but random tensors for pix2pix
    (our procedural edges-to-shapes pairs are drawn in TypeScript); batches are drawn each
    step in both;
  - tfjs's Adam epsilon is 1e-7, PyTorch's 1e-8 (no effect on speed).

Prints one JSON line per measurement:
  {"case": "dcgan28", "device": "cpu", "threads": 1, "steps": N, "seconds": S, "cpu_seconds": C, ...}
Usage: reference.py [--seconds S] [--threads 1,2] [--cases dcgan28,pix2pix32,pix2pix64,dcgan28-wide]
                    [--mnist PATH] [--device cpu|cuda]
--device cuda on a torch without CUDA or a machine without a GPU exits with status 3 and
"no CUDA: ..." on stderr. On CUDA each step ends in .item(), which waits for the GPU, so the
time per step is the GPU's; --threads only sets the CPU threads that feed it.
"""

NO_CUDA_EXIT = 3
import argparse
import json
import os
import sys
import time
import warnings

import torch
from torch import nn
import torch.nn.functional as F

LEAKY = 0.2
# padding='same' with an even kernel warns that it pads a copy of the input, as tfjs does too.
warnings.filterwarnings('ignore', message="Using padding='same'")


def bn(channels, dims=2):
    # tfjs: batchNormalization({momentum: 0.9, epsilon: 1e-5}); PyTorch's momentum is 1 - that.
    return (nn.BatchNorm2d if dims == 2 else nn.BatchNorm1d)(channels, momentum=0.1, eps=1e-5)


def conv(cin, cout, transpose, stride, bias):
    """4x4 'same' conv or transposed conv: padding 1 at stride 2 gives TF's 'same' shapes."""
    cls = nn.ConvTranspose2d if transpose else nn.Conv2d
    return cls(cin, cout, 4, stride=stride, padding=1, bias=bias)


class DcganG(nn.Module):
    """dcgan.ts generator, width w, depth 0, gNorm batch: dense -> 7x7x4w -> 14x14x2w -> 28x28x1."""

    def __init__(self, noise_dim=64, w=16):
        super().__init__()
        self.w = w
        self.dense = nn.Linear(noise_dim, 7 * 7 * 4 * w, bias=False)
        self.bn0 = bn(7 * 7 * 4 * w, dims=1)
        self.up1 = conv(4 * w, 2 * w, True, 2, bias=False)
        self.bn1 = bn(2 * w)
        self.up2 = conv(2 * w, 1, True, 2, bias=True)

    def forward(self, z):
        x = F.relu(self.bn0(self.dense(z)))
        x = x.view(-1, 7, 7, 4 * self.w).permute(0, 3, 1, 2)  # tfjs reshapes to NHWC
        x = F.relu(self.bn1(self.up1(x)))
        return torch.tanh(self.up2(x))


class DcganD(nn.Module):
    """dcgan.ts discriminator, dNorm none: 28 -> 14x14xw -> 7x7x2w -> dense 1."""

    def __init__(self, w=16):
        super().__init__()
        self.c1 = conv(1, w, False, 2, bias=True)
        self.c2 = conv(w, 2 * w, False, 2, bias=True)
        self.out = nn.Linear(7 * 7 * 2 * w, 1)

    def forward(self, x):
        x = F.leaky_relu(self.c1(x), LEAKY)
        x = F.leaky_relu(self.c2(x), LEAKY)
        return self.out(x.flatten(1))


def filters_at(w, i):
    return w * min(2 ** i, 8)


class UNet(nn.Module):
    """pix2pix.ts generator: log2(S) stride-2 encoder stages to 1x1, decoder with skips, no dropout."""

    def __init__(self, size=32, ca=1, cb=3, w=16):
        super().__init__()
        depth = size.bit_length() - 1
        self.depth = depth
        self.down = nn.ModuleList()
        self.down_bn = nn.ModuleList()
        cin = ca
        for i in range(depth):
            norm = not (i == 0 or i == depth - 1)
            self.down.append(conv(cin, filters_at(w, i), False, 2, bias=not norm))
            self.down_bn.append(bn(filters_at(w, i)) if norm else nn.Identity())
            cin = filters_at(w, i)
        self.up = nn.ModuleList()
        self.up_bn = nn.ModuleList()
        for i in range(depth - 2, -1, -1):
            self.up.append(conv(cin, filters_at(w, i), True, 2, bias=False))
            self.up_bn.append(bn(filters_at(w, i)))
            cin = 2 * filters_at(w, i)  # after the concatenation with the skip
        self.last = conv(cin, cb, True, 2, bias=True)

    def forward(self, x):
        skips = []
        for c, b in zip(self.down, self.down_bn):
            x = F.leaky_relu(b(c(x)), LEAKY)
            skips.append(x)
        for j, (c, b) in enumerate(zip(self.up, self.up_bn)):
            i = self.depth - 2 - j
            x = torch.cat([F.relu(b(c(x))), skips[i]], 1)
        return torch.tanh(self.last(x))


class PatchGan(nn.Module):
    """pix2pix.ts discriminator, dNorm none, dLayers 3: stride-2 convs, then a 4x4 stride-1 conv to one logit map."""

    def __init__(self, cin=4, w=16, layers=3):
        super().__init__()
        self.convs = nn.ModuleList()
        for i in range(layers):
            self.convs.append(conv(cin, filters_at(w, i), False, 2, bias=True))
            cin = filters_at(w, i)
        # TF's 'same' for a 4x4 stride-1 conv pads 1 before and 2 after; so does padding='same'.
        self.logits = nn.Conv2d(cin, 1, 4, stride=1, padding='same', bias=True)

    def forward(self, x):
        for c in self.convs:
            x = F.leaky_relu(c(x), LEAKY)
        return self.logits(x)


def adam(params):
    return torch.optim.Adam(params, lr=2e-4, betas=(0.5, 0.999))


def bce(logits, real):
    target = torch.ones_like(logits) if real else torch.zeros_like(logits)
    return F.binary_cross_entropy_with_logits(logits, target)


def set_requires_grad(net, flag):
    for p in net.parameters():
        p.requires_grad_(flag)


def load_mnist(path):
    """The MNU8 file of src/engine/data/mnist.ts, as [N, 1, 28, 28] in [-1, 1]."""
    with open(path, 'rb') as f:
        data = f.read()
    count = int.from_bytes(data[8:12], 'little')
    pixels = torch.frombuffer(bytearray(data[16 + count:16 + count + count * 784]), dtype=torch.uint8)
    return pixels.view(count, 1, 28, 28).float() / 127.5 - 1


def dcgan_step_fn(mnist_path, device, w=16, n=32):
    torch.manual_seed(0)
    G, D = DcganG(w=w).to(device), DcganD(w=w).to(device)
    opt_g, opt_d = adam(G.parameters()), adam(D.parameters())
    digits = load_mnist(mnist_path) if mnist_path and os.path.exists(mnist_path) else torch.rand(10000, 1, 28, 28) * 2 - 1
    digits = digits.to(device)

    def real_batch():
        return digits[torch.randint(0, digits.shape[0], (n,), device=device)]

    def step():
        real = real_batch()
        with torch.no_grad():
            fake = G(torch.randn(n, 64, device=device))
        opt_d.zero_grad(set_to_none=True)
        loss_d = bce(D(real), True) + bce(D(fake), False)
        loss_d.backward()
        opt_d.step()
        set_requires_grad(D, False)
        opt_g.zero_grad(set_to_none=True)
        real_batch()  # GanTrainer draws a real batch in each update
        loss_g = bce(D(G(torch.randn(n, 64, device=device))), True)
        loss_g.backward()
        opt_g.step()
        set_requires_grad(D, True)
        return loss_d.item() + loss_g.item()

    return step


def pix2pix_step_fn(device, size=32):
    torch.manual_seed(0)
    G, D = UNet(size=size).to(device), PatchGan().to(device)
    opt_g, opt_d = adam(G.parameters()), adam(D.parameters())
    n = 4

    def batch():
        return (torch.rand(n, 1, size, size, device=device) * 2 - 1,
                torch.rand(n, 3, size, size, device=device) * 2 - 1)

    def step():
        a, b = batch()
        with torch.no_grad():
            fake = G(a)
        opt_d.zero_grad(set_to_none=True)
        loss_d = bce(D(torch.cat([a, b], 1)), True) + bce(D(torch.cat([a, fake], 1)), False)
        loss_d.backward()
        opt_d.step()
        a, b = batch()
        set_requires_grad(D, False)
        opt_g.zero_grad(set_to_none=True)
        fake = G(a)
        loss_g = bce(D(torch.cat([a, fake], 1)), True) + 100 * F.l1_loss(fake, b)
        loss_g.backward()
        opt_g.step()
        set_requires_grad(D, True)
        return loss_d.item() + loss_g.item()

    return step


def cuda_problem():
    """Why CUDA cannot be used here, or None."""
    if torch.version.cuda is None:
        return f'no CUDA: torch {torch.__version__} was built without CUDA'
    if not torch.cuda.is_available():
        return f'no CUDA: torch {torch.__version__} (CUDA {torch.version.cuda}) finds no GPU'
    return None


def measure(step, seconds, min_steps=5):
    for _ in range(3):
        step()
    steps = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while steps < min_steps or time.perf_counter() - t0 < seconds:
        step()
        steps += 1
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {'steps': steps, 'seconds': wall, 'cpu_seconds': cpu, 'steps_per_second': steps / wall}


def warm_allocator():
    """Frees one 31 MB block first, as a real training script's dataset load does.

    glibc's malloc serves blocks over its mmap threshold (128 kB at start) with mmap and munmap,
    fresh zeroed pages each time, and raises the threshold to the size of an mmapped block when
    one is freed (up to 32 MB). pix2pix 32's activations are a few hundred kB: run alone, PyTorch
    mmaps and faults them in every step and trains 1.3-1.6x slower here (9-13 steps/s against
    15-21) than after DCGAN's MNIST load, whose temporaries raise the threshold. Measured by case
    order (dcgan28 then pix2pix32, against pix2pix32 alone) and by this block alone; with oneDNN
    off the order makes no difference. So each case runs at PyTorch's faster, order-free speed.
    """
    block = torch.empty(7_800_000)
    block.fill_(0)
    del block


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seconds', type=float, default=5)
    parser.add_argument('--threads', default='1')
    parser.add_argument('--cases', default='dcgan28,pix2pix32')
    parser.add_argument('--mnist', default='public/data/mnist-10k.u8')
    parser.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    args = parser.parse_args()
    if args.device == 'cuda':
        problem = cuda_problem()
        if problem:
            print(problem, file=sys.stderr)
            return NO_CUDA_EXIT
    device = torch.device(args.device)
    warm_allocator()
    makers = {
        'dcgan28': lambda: dcgan_step_fn(args.mnist, device),
        'pix2pix32': lambda: pix2pix_step_fn(device, 32),
        'pix2pix64': lambda: pix2pix_step_fn(device, 64),
        # bench/cases.ts: the DCGAN at width 64, batch 64.
        'dcgan28-wide': lambda: dcgan_step_fn(args.mnist, device, w=64, n=64),
    }
    cases = args.cases.split(',')
    unknown = [c for c in cases if c not in makers]
    if unknown:
        parser.error(f'unknown case(s) {", ".join(unknown)}; known: {", ".join(makers)}')
    for threads in [int(t) for t in args.threads.split(',')]:
        torch.set_num_threads(threads)
        for case in cases:
            result = measure(makers[case](), args.seconds)
            line = {'case': case, 'device': args.device, 'threads': threads, 'torch': torch.__version__, **result}
            if args.device == 'cuda':
                line['gpu'] = torch.cuda.get_device_name(device)
            print(json.dumps(line), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
