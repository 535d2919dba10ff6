// The run's alarms in `loss_log.json`: LOSSMANAGER_LOG.alarms, a list in the order they were
// raised (src/manager/alarms). A field NectarGAN's reader ignores, as `series` is.
import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built

/** Kinds are not checked against this build's: a newer build's log may hold others. */
export const logAlarmsSchema = z.array(
  z.looseObject({
    kind: z.string(),
    step: z.number().min(0),
    series: z.array(z.string()).default([]),
    detail: z.string().default(''),
  }),
);
