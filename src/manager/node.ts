/**
 * Node-only parts of the manager (they import node:fs): never import this from code the
 * page or the worker bundles.
 */
export { FileLossLogSink } from './lossLog/fileSink';
