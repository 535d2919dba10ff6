/**
 * The datasets, browser-safe: everything here runs in the worker and in Node. The Node-only MNIST
 * file reader is `./mnistFile` (it imports node:fs), deliberately not re-exported.
 */
export * from './mnist';
export * from './heldOut';
export * from './pairImage';
export * from './pairs';
export * from './random';
export * from './source';
export * from './tensors';
export * from './toy';
export * from './mnistHeldOut';
