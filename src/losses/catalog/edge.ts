import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import type { ArgSpec } from '../argSpec';
import { dataInfo, interval, lossName, lossWeight, reduction } from '../config';
import { defineLoss } from './entry';

export const EDGE_ARGS: readonly ArgSpec[] = [
  { name: 'pred', kind: 'tensor' },
  { name: 'target', kind: 'tensor' },
  { name: 'weight', kind: 'tensor', optional: true },
];

function edgeSchema(defaultName: string) {
  return z.strictObject({
    loss_weight: lossWeight,
    reduction,
    data_info: dataInfo,
    interval,
    loss_name: lossName(defaultName),
  });
}

export type EdgeSchema = ReturnType<typeof edgeSchema>;
export type EdgeConfig = z.input<EdgeSchema>;

const metric = z.enum(['L1', 'L2']).default('L1').describe("NectarGAN's metric between the edge maps: L1, or L2 (MSE).");

export const EDGE_SCHEMAS = {
  GradientLoss: edgeSchema('loss_gradient'),
  SobelLoss: edgeSchema('loss_sobel').extend({ metric }),
  LaplacianLoss: edgeSchema('loss_laplacian').extend({ metric }),
};

export const EDGE_LOSSES = {
  GradientLoss: defineLoss({
    type: 'GradientLoss',
    description: 'L1 between the Sobel x- and y-gradients of prediction and target, per channel.',
    schema: EDGE_SCHEMAS.GradientLoss,
    args: EDGE_ARGS,
  }),
  SobelLoss: defineLoss({
    type: 'SobelLoss',
    description: "NectarGAN's structure loss: L1 (or L2) between the Sobel gradient magnitudes of the grayscale images.",
    schema: EDGE_SCHEMAS.SobelLoss,
    args: EDGE_ARGS,
  }),
  LaplacianLoss: defineLoss({
    type: 'LaplacianLoss',
    description: "NectarGAN's Laplacian loss: L1 (or L2) between the 4-neighbour Laplacians of the grayscale images.",
    schema: EDGE_SCHEMAS.LaplacianLoss,
    args: EDGE_ARGS,
  }),
};
