"""PyTorch reference numbers for the tfjs loss library (src/losses).

Regenerate (from the repository root) with Debian's python and its python3-torch:

    /usr/bin/python3 test/reference/make_loss_fixtures.py

It writes test/reference/loss_fixtures.json, which test/losses/pytorchReference.test.ts
reads. PyTorch is a reference for numbers only, never a dependency of the product: the
test needs neither python nor torch at run time, only the committed JSON. Regenerate
only when a case is added or a formula is meant to change, and review the diff.

What it is: our own re-statement, in PyTorch and in MMagic's NCHW layout, of the formulas
of MMagic's (open-mmlab/mmagic, mmagic/models/losses) mask_reduce_loss, L1/MSE/
Charbonnier losses, MaskedTVLoss, PSNRLoss, GradientLoss, GANLoss (and GANLossComps'
wgan-logistic-ns), GaussianBlur, gradient_penalty_loss, r1_gradient_penalty_loss and
gen_path_regularizer, and of NectarGAN's (ZacharyBork/NectarGAN, nectargan/losses/
losses.py) Sobel and Laplacian losses. Written from those sources' semantics, not
copied from them. Notes on where we knowingly differ from the sources:
- MMagic's GaussianBlur builds its kernel from float32 scalars; here it is float64.
- MMagic's gradient_penalty_loss draws alpha with torch.rand; here alpha is fixed and
  written into the fixture (our gradientPenaltyLoss takes it as {alpha}).
- MMagic's gen_path_regularizer draws latents inside the generator and the image noise
  with randn_like; here both are fixed and written into the fixture (our
  genPathRegularizer takes them as sampleLatent and noise).

Everything is computed in float64. Inputs are drawn from a seeded generator, rounded to
4 decimals and then to float32, so the float32 tensors the test builds from the JSON are
exactly the tensors the references were computed on. Tensors are written channels-last
(NHWC, converted from NCHW with permute(0, 2, 3, 1)) as {"shape": [...], "data": [flat,
row-major]}; network weights keep PyTorch's layout (conv [out, in, kh, kw], linear
[out, in]) and the test converts them.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
SEED = 20240607
GEN = torch.Generator().manual_seed(SEED)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'loss_fixtures.json')


# --------------------------------------------------------------------------- helpers


def exact32(t):
    """Rounds to 4 decimals, then to float32, back in float64: what the test will hold."""
    return (torch.round(t * 1e4) / 1e4).float().double()


def randn(*shape, scale=1.0):
    return exact32(torch.randn(*shape, generator=GEN) * scale)


def rand(*shape):
    return exact32(torch.rand(*shape, generator=GEN))


def binary_mask(*shape, p=0.6):
    return (torch.rand(*shape, generator=GEN) < p).double()


def to_nhwc(t):
    return t.permute(0, 2, 3, 1) if t.dim() == 4 else t


def num(x):
    return float(f'{float(x):.12g}')


def input_json(t, nchw=True):
    """An input tensor: 4 decimals suffice, since exact32 rounded it to them."""
    t = to_nhwc(t) if nchw else t
    return {'shape': list(t.shape), 'data': [round(float(v), 4) for v in t.reshape(-1).tolist()]}


def value_json(t, nchw=True):
    """An expected value: a number for a scalar, else {shape, data} (NHWC for 4-D)."""
    t = t.detach()
    if t.dim() == 0:
        return num(t)
    t = to_nhwc(t) if nchw else t
    return {'shape': list(t.shape), 'data': [num(v) for v in t.reshape(-1).tolist()]}


TENSORS = {}


def register(name, t, nchw=True):
    TENSORS[name] = input_json(t, nchw)
    return t


# ------------------------------------------------- MMagic's reductions (loss_wrapper)


def reduce_plain(loss, reduction):
    if reduction == 'none':
        return loss
    if reduction == 'mean':
        return loss.mean()
    if reduction == 'sum':
        return loss.sum()
    raise ValueError(reduction)


def mask_reduce(loss, weight=None, reduction='mean', sample_wise=False):
    """mask_reduce_loss: weight multiplies; 'mean' with a weight is the masked mean."""
    if weight is None:
        return reduce_plain(loss, reduction)
    assert weight.dim() == loss.dim() and weight.shape[1] in (1, loss.shape[1])
    weighted = loss * weight
    if reduction != 'mean':
        return reduce_plain(weighted, reduction)
    full = weight.expand_as(loss)
    if sample_wise:
        per_sample = full.sum(dim=(1, 2, 3), keepdim=True)
        return (weighted / (per_sample + 1e-12)).sum() / per_sample.shape[0]
    return weighted.sum() / (full.sum() + 1e-12)


# ------------------------------------------------------------------- the fixtures


def pixel_cases(pred, target, w1, wc):
    elementwise = {
        'L1Loss': lambda p, t, eps: (p - t).abs(),
        'MSELoss': lambda p, t, eps: (p - t) ** 2,
        'CharbonnierLoss': lambda p, t, eps: torch.sqrt((p - t) ** 2 + eps),
    }
    setups = [
        # (config, weight name)
        ({}, None),
        ({'loss_weight': 0.5}, 'w1'),
        ({'reduction': 'mean', 'sample_wise': True}, 'w1'),
        ({'reduction': 'mean', 'sample_wise': True, 'loss_weight': 2.0}, 'wc'),
        ({'reduction': 'mean'}, 'wc'),
        ({'reduction': 'sum', 'loss_weight': 0.25}, 'w1'),
        ({'reduction': 'sum'}, None),
        ({'reduction': 'none', 'loss_weight': 3.0}, 'wc'),
        ({'reduction': 'none'}, None),
    ]
    weights = {'w1': w1, 'wc': wc, None: None}
    cases = []
    for loss_type, fn in elementwise.items():
        variants = [{}] if loss_type != 'CharbonnierLoss' else [{}, {'eps': 1e-3}]
        for extra in variants:
            for config, wname in setups:
                cfg = {**config, **extra}
                eps = cfg.get('eps', 1e-12)
                value = cfg.get('loss_weight', 1.0) * mask_reduce(
                    fn(pred, target, eps), weights[wname], cfg.get('reduction', 'mean'), cfg.get('sample_wise', False))
                cases.append({'loss': loss_type, 'config': cfg, 'pred': 'pred', 'target': 'target',
                              'weight': wname, 'expected': value_json(value)})
    return cases


def mask_reduce_cases(elem, w1, wc):
    cases = []
    for wname, weight in (('w1', w1), ('wc', wc), (None, None)):
        for reduction in ('mean', 'sum', 'none'):
            for sample_wise in (False, True):
                if sample_wise and (reduction != 'mean' or weight is None):
                    continue
                cases.append({'loss': 'elem', 'weight': wname, 'reduction': reduction, 'sample_wise': sample_wise,
                              'expected': value_json(mask_reduce(elem, weight, reduction, sample_wise))})
    return cases


def masked_tv(pred, mask, loss_weight):
    """MaskedTVLoss: masked L1 between vertical, and between horizontal, neighbours."""
    y_diff = loss_weight * mask_reduce((pred[:, :, :-1, :] - pred[:, :, 1:, :]).abs(), mask[:, :, :-1, :])
    x_diff = loss_weight * mask_reduce((pred[:, :, :, :-1] - pred[:, :, :, 1:]).abs(), mask[:, :, :, :-1])
    return x_diff + y_diff


def psnr_loss(pred, target, loss_weight):
    scale = 10 / math.log(10)
    return loss_weight * scale * torch.log(((pred - target) ** 2).mean(dim=(1, 2, 3)) + 1e-8).mean()


SOBEL_X = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
SOBEL_Y = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]]
LAPLACIAN = [[0, 1, 0], [1, -4, 1], [0, 1, 0]]


def filt(x, kernel):
    """A single-channel 3x3 cross-correlation, zero-padded (F.conv2d, padding 1)."""
    return F.conv2d(x, torch.tensor(kernel, dtype=x.dtype).view(1, 1, 3, 3), padding=1)


def gradient_loss(pred, target, weight, reduction, loss_weight):
    """MMagic's GradientLoss: L1 of Sobel-x maps + L1 of Sobel-y maps, on 1-channel input."""
    assert pred.shape[1] == 1
    dx = mask_reduce((filt(pred, SOBEL_X) - filt(target, SOBEL_X)).abs(), weight, reduction)
    dy = mask_reduce((filt(pred, SOBEL_Y) - filt(target, SOBEL_Y)).abs(), weight, reduction)
    return (dx + dy) * loss_weight


def gray(x):
    return x.mean(dim=1, keepdim=True)


def sobel_magnitude(x):
    g = gray(x)
    return torch.sqrt(filt(g, SOBEL_X) ** 2 + filt(g, SOBEL_Y) ** 2 + 1e-6)


def metric(a, b, name):
    return (a - b).abs() if name == 'L1' else (a - b) ** 2


def edge_cases(pred1, target1, wg, pred3, target3):
    cases = []
    for config, wname in (({}, None), ({'loss_weight': 0.7}, 'wg'), ({'reduction': 'sum'}, 'wg'),
                          ({'reduction': 'none', 'loss_weight': 2.0}, None), ({'reduction': 'sum'}, None)):
        weight = wg if wname else None
        value = gradient_loss(pred1, target1, weight, config.get('reduction', 'mean'), config.get('loss_weight', 1.0))
        cases.append({'loss': 'GradientLoss', 'config': config, 'pred': 'pred1', 'target': 'target1',
                      'weight': wname, 'expected': value_json(value)})
    # NectarGAN computes loss_metric(a, b) with F.l1_loss / F.mse_loss's default 'mean', so
    # its forward is the mean of the metric; loss_weight is applied outside it.
    for loss_type, edge in (('SobelLoss', sobel_magnitude), ('LaplacianLoss', lambda x: filt(gray(x), LAPLACIAN))):
        for config in ({}, {'metric': 'L2'}, {'loss_weight': 4.0}):
            value = config.get('loss_weight', 1.0) * metric(edge(pred3), edge(target3), config.get('metric', 'L1')).mean()
            cases.append({'loss': loss_type, 'config': config, 'pred': 'pred', 'target': 'target', 'weight': None,
                          'expected': value_json(value)})
    return cases


def edge_reduction_notes(pred3, target3):
    """NectarGAN's forward with reduction 'sum'/'none' reduces an already-mean scalar."""
    notes = []
    for loss_type, edge in (('SobelLoss', sobel_magnitude), ('LaplacianLoss', lambda x: filt(gray(x), LAPLACIAN))):
        elem = metric(edge(pred3), edge(target3), 'L1')
        notes.append({'loss': loss_type, 'reduction': 'sum', 'pred': 'pred', 'target': 'target',
                      'nectargan_forward': value_json(elem.mean()), 'elementwise_sum': value_json(elem.sum())})
    return notes


def gaussian_kernel_2d(size=71, sigma=10.0):
    """MMagic's GaussianBlur kernel: outer product of normalized 1-D Gaussians (float64 here)."""
    centre = size // 2
    g = torch.tensor([math.exp(-((i - centre) ** 2) / (2 * sigma ** 2)) for i in range(size)])
    g = g / g.sum()
    return g[:, None] @ g[None, :]


def gaussian_blur(x, size=71, sigma=10.0):
    c = x.shape[1]
    kernel = gaussian_kernel_2d(size, sigma).expand(c, 1, size, size)
    return F.conv2d(x, kernel, padding=(size - 1) // 2, groups=c)


def gan_loss(gan_type, x, target_is_real, is_disc, loss_weight=1.0, real=1.0, fake=0.0, mask=None):
    """GANLoss / GANLossComps.forward, per gan_type."""
    label = real if target_is_real else fake
    if gan_type == 'vanilla':
        loss = F.binary_cross_entropy_with_logits(x, torch.full_like(x, label))
    elif gan_type == 'lsgan':
        loss = F.mse_loss(x, torch.full_like(x, label))
    elif gan_type == 'l1':
        loss = F.l1_loss(x, torch.full_like(x, label))
    elif gan_type == 'wgan':
        loss = -x.mean() if target_is_real else x.mean()
    elif gan_type == 'wgan-logistic-ns':
        loss = F.softplus(-x).mean() if target_is_real else F.softplus(x).mean()
    elif gan_type == 'hinge':
        if is_disc:
            loss = F.relu(1 + (-x if target_is_real else x)).mean()
        else:
            loss = -x.mean()
    elif gan_type == 'smgan':
        if x.shape[2:] != mask.shape[2:]:
            x = F.interpolate(x, size=mask.shape[2:], mode='bilinear', align_corners=True)
        if is_disc:
            target = torch.full_like(x, label) if target_is_real else gaussian_blur(mask)
            loss = F.mse_loss(x, target)
        else:
            loss = (F.mse_loss(x, torch.full_like(x, label)) * mask / mask.mean()).mean()
    else:
        raise ValueError(gan_type)
    return loss if is_disc else loss * loss_weight


def gan_cases(logits, sm_small, sm_same, sm_mask):
    cases = []
    for gan_type in ('vanilla', 'lsgan', 'wgan', 'hinge', 'l1', 'wgan-logistic-ns'):
        for config in ({}, {'loss_weight': 0.5}):
            for target_is_real in (True, False):
                for is_disc in (True, False):
                    value = gan_loss(gan_type, logits, target_is_real, is_disc, config.get('loss_weight', 1.0))
                    cases.append({'config': {'gan_type': gan_type, **config}, 'input': 'logits', 'mask': None,
                                  'target_is_real': target_is_real, 'is_disc': is_disc, 'expected': value_json(value)})
    for target_is_real in (True, False):
        for is_disc in (True, False):
            value = gan_loss('vanilla', logits, target_is_real, is_disc, 2.0, real=0.9)
            cases.append({'config': {'gan_type': 'vanilla', 'real_label_val': 0.9, 'loss_weight': 2.0}, 'input': 'logits',
                          'mask': None, 'target_is_real': target_is_real, 'is_disc': is_disc,
                          'expected': value_json(value)})
    smgan_setups = [
        ('sm_small', {'gan_type': 'smgan'}, True, True),
        ('sm_small', {'gan_type': 'smgan'}, False, True),
        ('sm_small', {'gan_type': 'smgan', 'loss_weight': 0.5}, True, False),
        ('sm_small', {'gan_type': 'smgan', 'real_label_val': 0.9}, True, True),
        ('sm_small', {'gan_type': 'smgan', 'real_label_val': 0.9, 'loss_weight': 3.0}, True, False),
        ('sm_same', {'gan_type': 'smgan'}, False, True),
        ('sm_same', {'gan_type': 'smgan', 'loss_weight': 0.5}, True, False),
    ]
    inputs = {'sm_small': sm_small, 'sm_same': sm_same}
    for name, config, target_is_real, is_disc in smgan_setups:
        value = gan_loss('smgan', inputs[name], target_is_real, is_disc, config.get('loss_weight', 1.0),
                         real=config.get('real_label_val', 1.0), mask=sm_mask)
        cases.append({'config': config, 'input': name, 'mask': 'sm_mask', 'target_is_real': target_is_real,
                      'is_disc': is_disc, 'expected': value_json(value)})
    return cases


# -------------------------------------------------------------- penalties (double backprop)


class Critic:
    """conv 3x3 (3 -> 2, padding 1) -> leaky_relu(0.2) -> flatten (C, H, W) -> linear(-> 1)."""

    def __init__(self, h, w):
        self.conv_w = randn(2, 3, 3, 3, scale=0.5).requires_grad_()
        self.conv_b = randn(2, scale=0.1).requires_grad_()
        self.lin_w = randn(1, 2 * h * w, scale=0.3).requires_grad_()
        self.lin_b = randn(1, scale=0.1).requires_grad_()

    def params(self):
        return [self.conv_w, self.conv_b, self.lin_w, self.lin_b]

    def __call__(self, x):
        h = F.leaky_relu(F.conv2d(x, self.conv_w, self.conv_b, padding=1), 0.2)
        return F.linear(h.flatten(1), self.lin_w, self.lin_b)

    def to_json(self):
        return {'conv_weight_oihw': value_json(self.conv_w, nchw=False), 'conv_bias': value_json(self.conv_b),
                'linear_weight_out_in': value_json(self.lin_w, nchw=False), 'linear_bias': value_json(self.lin_b)}


def input_grad(net, x):
    x = x.clone().requires_grad_()
    out = net(x)
    return torch.autograd.grad(out, x, grad_outputs=torch.ones_like(out), create_graph=True)[0]


def gradient_penalty(critic, real, fake, alpha, mask, norm_mode):
    """gradient_penalty_loss, with a given alpha."""
    g = input_grad(critic, alpha * real + (1 - alpha) * fake)
    if mask is not None:
        g = g * mask
    if norm_mode == 'pixel':
        penalty = ((g.norm(2, dim=1) - 1) ** 2).mean()
    else:
        penalty = ((g.reshape(g.shape[0], -1).norm(2, dim=1) - 1) ** 2).mean()
    return penalty / mask.mean() if mask is not None else penalty


def r1_penalty(critic, real, mask, norm_mode):
    """r1_gradient_penalty_loss."""
    g = input_grad(critic, real)
    if mask is not None:
        g = g * mask
    if norm_mode == 'pixel':
        penalty = (g.norm(2, dim=1) ** 2).mean()
    else:
        penalty = g.pow(2).reshape(g.shape[0], -1).sum(1).mean()
    return penalty / mask.mean() if mask is not None else penalty


def param_grads(value, params):
    grads = torch.autograd.grad(value, params, allow_unused=True)
    return [torch.zeros_like(p) if g is None else g for p, g in zip(params, grads)]


def penalty_cases(critic, real, fake, alpha, masks):
    """masks: {name: mask}; None for no mask. 'pen_mask_one' masks out all of sample 1,
    so its gradient norm is exactly 0 (torch's norm has subgradient 0 there)."""
    cases = []
    names = ['conv_weight_oihw', 'conv_bias', 'linear_weight_out_in', 'linear_bias']
    for kind in ('gp', 'r1'):
        for norm_mode in ('pixel', 'HWC'):
            for mask_name, m in masks.items():
                if kind == 'gp':
                    value = gradient_penalty(critic, real, fake, alpha, m, norm_mode)
                else:
                    value = r1_penalty(critic, real, m, norm_mode)
                grads = param_grads(value, critic.params())
                cases.append({'kind': kind, 'norm_mode': norm_mode, 'mask': mask_name,
                              'expected': num(value),
                              'grads': {n: value_json(g, nchw=False) for n, g in zip(names, grads)}})
    return cases


class Generator:
    """w+ latents [N, 2, 3] -> flatten -> linear(6 -> 8) -> leaky_relu(0.2) -> linear(8 -> H*W*C)
    -> tanh -> reshape to NHWC [N, H, W, C] -> permuted to NCHW for MMagic's formula."""

    def __init__(self, h, w, c):
        self.shape = (h, w, c)
        self.w1 = randn(8, 6, scale=0.5).requires_grad_()
        self.b1 = randn(8, scale=0.1).requires_grad_()
        self.w2 = randn(h * w * c, 8, scale=0.5).requires_grad_()
        self.b2 = randn(h * w * c, scale=0.1).requires_grad_()

    def params(self):
        return [self.w1, self.b1, self.w2, self.b2]

    def __call__(self, latents):
        hidden = F.leaky_relu(F.linear(latents.flatten(1), self.w1, self.b1), 0.2)
        nhwc = torch.tanh(F.linear(hidden, self.w2, self.b2)).reshape(latents.shape[0], *self.shape)
        return nhwc.permute(0, 3, 1, 2)

    def to_json(self):
        return {'linear1_weight_out_in': value_json(self.w1, nchw=False), 'linear1_bias': value_json(self.b1),
                'linear2_weight_out_in': value_json(self.w2, nchw=False), 'linear2_bias': value_json(self.b2)}


def path_regularizer(generator, latents, raw_noise_nchw, mean_path_length, decay, weight):
    """gen_path_regularizer with given latents and noise (before its 1/sqrt(H*W) scaling)."""
    latents = latents.clone().requires_grad_()
    fake = generator(latents)
    noise = raw_noise_nchw / math.sqrt(fake.shape[2] * fake.shape[3])
    grad = torch.autograd.grad((fake * noise).sum(), latents, create_graph=True)[0]
    path_lengths = torch.sqrt(grad.pow(2).sum(2).mean(1))
    path_mean = mean_path_length + decay * (path_lengths.mean() - mean_path_length)
    penalty = (path_lengths - path_mean).pow(2).mean() * weight
    return penalty, path_mean, path_lengths


def path_cases(generator, latents, raw_noise):
    cases = []
    names = ['linear1_weight_out_in', 'linear1_bias', 'linear2_weight_out_in', 'linear2_bias']
    for mean_path_length, decay, weight in ((0.0, 0.01, 1.0), (0.5, 0.1, 2.0)):
        penalty, path_mean, path_lengths = path_regularizer(generator, latents, raw_noise, mean_path_length, decay,
                                                            weight)
        grads = param_grads(penalty, generator.params())
        cases.append({'mean_path_length': mean_path_length, 'decay': decay, 'weight': weight,
                      'expected': {'penalty': num(penalty), 'path_mean': num(path_mean),
                                   'path_lengths': value_json(path_lengths, nchw=False)},
                      'grads': {n: value_json(g, nchw=False) for n, g in zip(names, grads)}})
    return cases


def main():
    # Pixel, reduction and image losses: a 2x3x4x4 batch, 1- and 3-channel weights.
    pred = register('pred', randn(2, 3, 4, 4))
    target = register('target', randn(2, 3, 4, 4))
    w1 = register('w1', binary_mask(2, 1, 4, 4))
    wc = register('wc', rand(2, 3, 4, 4))
    elem = register('elem', rand(2, 3, 4, 4) * 2)
    tv_mask = register('tv_mask', binary_mask(2, 1, 4, 4))
    # GradientLoss: MMagic convolves a single-channel map; 2x1x5x5.
    pred1 = register('pred1', randn(2, 1, 5, 5))
    target1 = register('target1', randn(2, 1, 5, 5))
    wg = register('wg', rand(2, 1, 5, 5))
    # GAN losses: critic logits 2x1x3x3; smgan on a 2x1x6x6 mask (input 3x3: resized; or 6x6).
    logits = register('logits', randn(2, 1, 3, 3, scale=2.0))
    sm_small = register('sm_small', rand(2, 1, 3, 3))
    sm_same = register('sm_same', rand(2, 1, 6, 6))
    sm_mask = torch.zeros(2, 1, 6, 6)
    sm_mask[0, :, 1:4, 2:5] = 1
    sm_mask[1, :, 3:6, 0:3] = 1
    sm_mask[1, :, 0, 5] = 1
    register('sm_mask', sm_mask)
    # Penalties: the critic on 2x3x4x4 images, alpha fixed, a binary 1-channel mask.
    critic = Critic(4, 4)
    real = register('real', randn(2, 3, 4, 4))
    fake = register('fake', randn(2, 3, 4, 4))
    alpha = register('alpha', exact32(torch.tensor([0.3, 0.8]).view(2, 1, 1, 1)))
    pen_mask = register('pen_mask', binary_mask(2, 1, 4, 4))
    pen_mask_one = torch.zeros(2, 1, 4, 4)
    pen_mask_one[0, :, 1:3, :] = 1
    register('pen_mask_one', pen_mask_one)
    # Path length: w+ latents [2, 2, 3] and raw image noise NCHW [2, 2, 2, 2].
    generator = Generator(2, 2, 2)
    latents = register('latents', randn(2, 2, 3), nchw=False)
    raw_noise = register('noise', randn(2, 2, 2, 2))

    fixtures = {
        'meta': {
            'generated_by': 'test/reference/make_loss_fixtures.py',
            'torch_version': torch.__version__,
            'seed': SEED,
            'layout': 'tensors NHWC (from NCHW by permute(0, 2, 3, 1)); network weights in torch layout',
        },
        'tensors': TENSORS,
        'mask_reduce': mask_reduce_cases(elem, w1, wc),
        'pixel': pixel_cases(pred, target, w1, wc),
        'masked_tv': [{'loss_weight': lw, 'pred': 'pred', 'mask': 'tv_mask',
                       'expected': num(masked_tv(pred, tv_mask, lw))} for lw in (1.0, 2.5)],
        'psnr': [{'loss_weight': lw, 'pred': 'pred', 'target': 'target', 'expected': num(psnr_loss(pred, target, lw))}
                 for lw in (1.0, 0.5)],
        'edge': edge_cases(pred1, target1, wg, pred, target),
        'edge_reduction_notes': edge_reduction_notes(pred, target),
        'gaussian_blur': {'input': 'sm_mask', 'expected': value_json(gaussian_blur(sm_mask))},
        'gan': gan_cases(logits, sm_small, sm_same, sm_mask),
        'critic': critic.to_json(),
        'penalties': penalty_cases(critic, real, fake, alpha,
                                   {None: None, 'pen_mask': pen_mask, 'pen_mask_one': pen_mask_one}),
        'generator': generator.to_json(),
        'path': path_cases(generator, latents, raw_noise),
    }
    with open(OUT, 'w') as f:
        json.dump(fixtures, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
