/**
 * Entry point of `npm run train` (see USAGE in ./usage): wires the CLI to the process.
 * Run through ./launch.mjs, which bundles this file for Node.
 */
import '../zodConfig'; // first: before any module builds a zod schema
import * as tf from '@tensorflow/tfjs';
import { main } from './main';

// Prod mode skips tfjs's debug-time checks and its banner advertising tfjs-node, a native
// add-on (it downloads libtensorflow at install) that this project does not use.
tf.enableProdMode();

const controller = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nstopping: writing the loss log and a checkpoint (Ctrl-C again to quit at once)\n');
  controller.abort();
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  root: process.cwd(),
});
