// The training CLI's --help text: every flag, the sweep flags, the built-in specs and the exit codes.
import { BUILTIN_SPECS } from '../manager/builtinSpecs';

export const USAGE = `Trains a GAN headless in Node on the playground's engine.

Usage: npm run train -- --spec <name or file.json> --out DIR [options]

  --spec NAME|FILE        a built-in spec (listed below), or a JSON file holding a loss spec
                          ({"losses": [...]}) or run settings ({"family", "spec", ...})
  --out DIR               where loss_log.json, samples/step-NNNNNN.png and the checkpoint go
  --family toy|dcgan|pix2pix
                          default: from the spec's name (toy/* -> toy, pix2pix/* -> pix2pix,
                          else dcgan)
  --steps N               training iterations (default 200)
  --backend cpu|wasm      tfjs backend (default: wasm for DCGAN and pix2pix, cpu for the toy GAN)
  --threads N             wasm threads, 1-8 (default 1; more run the threaded SIMD binary)
  --batch-size N          default: the family's (toy 64, dcgan 16, pix2pix 4)
  --seed N                default 0
  --lr X                  both networks' learning rate (default: toy 0.01, else 2e-4)
  --optimizer JSON        both networks' optimizer, merged over the default Adam, e.g.
                          '{"type":"sgd","momentum":0.9}' or '{"type":"rmsprop","decay":0.95}'
  --g-optimizer JSON      G's alone (after --optimizer); --d-optimizer JSON: D's
  --steps-per-epoch N     iterations per epoch, for epoch-unit schedules (default: one pass
                          over the data, or 1,000 where it never runs out)
  --samples-every N       steps between sample PNGs, 0 for none (default: 10 over the run)
  --checkpoint-every N    steps between checkpoints (default: only at the end)
  --grad-every N          every N iterations, record each loss's gradient norm, share and
                          cosines (loss_log.json's "series"); default off, 0 off
  --grad-layers           with --grad-every: each loss's gradient norm per weight tensor too
  --metrics-every N       every N iterations, and once at the end, measure quality (toy:
                          KL, JS, mode coverage; DCGAN: KID, FID, class entropy on
                          held-out digits; pix2pix: L1, PSNR, SSIM on held-out
                          pairs) into the log's "series"; default and 0:
                          at the end only
  --ema-momentum X        keep an EMA generator (MMagic's ema_config): after each iteration's
                          G updates, average = (1 - X) * average + X * G, X in (0, 1), e.g.
                          0.001 (MMagic's momentum is the new weights' share, not a decay);
                          samples show it, metrics measure it too (metric/...@ema)
  --ema-start N           the iteration the averaging starts at (before it: a copy of G); default 0
  --model JSON            model overrides, e.g. '{"width":8}'
  --data JSON             data overrides, e.g. '{"kind":"ring"}' (toy), '{"digits":[3]}' (dcgan)
  --name NAME             the experiment's name in the loss log (default: DIR's name)
  --overwrite             replace the log, checkpoint and samples a previous run left in DIR
  --export-mmagic DIR     instead of training, write the run as an MMagic 1.x training config
                          (DIR/configs/NAME.py, NAME: --name or the spec's), train.sh
                          (tools/dist_train.sh or torchrun), slurm_array.sh and a README of
                          what differs from the playground; --steps sets max_iters; no --out
  --help                  this text

Alarms (D overpowering G, mode collapse, a vanishing G gradient, a metric worsening, a loss
blowing up) print as they are raised, one line each, and go into loss_log.json's "alarms";
their thresholds are the settings file's "alarms" (README: Alarms).

Sweeps: npm run train -- --sweep sweep.json --out DIR [--jobs N] [--backend cpu|wasm]
  --sweep FILE            a sweep file: {"base": "pix2pix/basic", "axes":
                          {"losses.G_L1.loss_weight": [1, 10, 100]}, "seeds": [1, 2], "steps": 2000}
                          (base: a built-in spec, a spec or settings file, or a settings object;
                          axes: losses.<loss>.<field> or a settings path such as
                          optimizers.G.learningRate); each variant trains into DIR/<variant>/,
                          then DIR/summary.csv and summary.json; a rerun skips finished variants
  --jobs N                variants at once, each a process (default: the core count)
  --export-mmagic DIR     instead of training, one MMagic config per variant in DIR/configs/
                          (named as the variant folders), train.sh, slurm_array.sh (one array
                          task per variant) and a README; no --out

Built-in specs: ${Object.keys(BUILTIN_SPECS).join(', ')}

Exit codes: 0 done, 1 unexpected failure, 2 bad arguments or settings, 3 a loss became NaN
or infinite (the log and the last good checkpoint are kept), 130 interrupted (Ctrl-C; the
log and a checkpoint are written first).`;
