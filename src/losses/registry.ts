import { CharbonnierLoss, L1Loss, MSELoss } from './pixelLosses';
import { GradientLoss, LaplacianLoss, SobelLoss } from './edgeLosses';
import { GANLoss, GANLossComps } from './ganLoss';
import { MaskedTVLoss, PSNRLoss } from './imageLosses';
import { showValue } from './jsonText';
import { perceptualLossFromJson } from './perceptualLoss';
import { DiscShiftLoss, GeneratorPathRegularizer, GradientPenaltyLoss, R1GradientPenalty } from './regularizerModules';
import { LossConfigError, type LossModule } from './types';

/** A JSON loss config: MMagic's `dict(type=..., loss_weight=..., ...)`. */
export interface LossConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}

/** Builds a loss module from its config; throws a LossConfigError naming any bad option. */
export type LossFactory = (config: LossConfig) => LossModule;

/**
 * Loss types by name, like tfjs's kernel registry: a Map with register / get / list and
 * errors that say what is missing.
 */
export class LossRegistry {
  private readonly factories = new Map<string, LossFactory>();

  register(type: string, factory: LossFactory): void {
    if (typeof type !== 'string' || type.length === 0) {
      throw new LossConfigError(`registerLoss: the type must be a non-empty string, got ${showValue(type)}`);
    }
    if (this.factories.has(type)) {
      throw new LossConfigError(`registerLoss: the loss type "${type}" is already registered`);
    }
    this.factories.set(type, factory);
  }

  has(type: string): boolean {
    return this.factories.has(type);
  }

  /** Registered types, sorted. */
  list(): string[] {
    return [...this.factories.keys()].sort();
  }

  build(config: LossConfig): LossModule {
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw new LossConfigError(`buildLoss: a loss config must be an object with a "type", got ${showValue(config)}`);
    }
    const { type } = config;
    if (typeof type !== 'string') {
      throw new LossConfigError(`buildLoss: the config has no "type" string; registered types: ${this.list().join(', ')}`);
    }
    const factory = this.factories.get(type);
    if (factory === undefined) {
      throw new LossConfigError(`buildLoss: unknown loss type "${type}"; registered types: ${this.list().join(', ')}`);
    }
    return factory(config);
  }
}

/** A factory for a loss class. The config's shape is checked at run time by the class's schema. */
function fromClass<C>(Loss: new (config: C) => LossModule): LossFactory {
  return (config) => new Loss(config as C);
}

/**
 * Registers the built-in losses (MMagic's names, plus its "Comps" aliases so MMagic configs
 * build as they are). Called explicitly, never as an import side effect.
 */
export function registerBuiltinLosses(registry: LossRegistry): void {
  const builtins: Record<string, LossFactory> = {
    L1Loss: fromClass(L1Loss),
    MSELoss: fromClass(MSELoss),
    CharbonnierLoss: fromClass(CharbonnierLoss),
    MaskedTVLoss: fromClass(MaskedTVLoss),
    PSNRLoss: fromClass(PSNRLoss),
    GradientLoss: fromClass(GradientLoss),
    SobelLoss: fromClass(SobelLoss),
    LaplacianLoss: fromClass(LaplacianLoss),
    GANLoss: fromClass(GANLoss),
    GANLossComps: fromClass(GANLossComps),
    DiscShiftLoss: fromClass(DiscShiftLoss),
    DiscShiftLossComps: fromClass(DiscShiftLoss),
    GradientPenaltyLoss: fromClass(GradientPenaltyLoss),
    GradientPenaltyLossComps: fromClass(GradientPenaltyLoss),
    R1GradientPenalty: fromClass(R1GradientPenalty),
    R1GradientPenaltyComps: fromClass(R1GradientPenalty),
    GeneratorPathRegularizer: fromClass(GeneratorPathRegularizer),
    GeneratorPathRegularizerComps: fromClass(GeneratorPathRegularizer),
    // Needs a feature network besides its JSON: the factory explains `new PerceptualLoss(config, model)`.
    PerceptualLoss: perceptualLossFromJson,
  };
  for (const [type, factory] of Object.entries(builtins)) registry.register(type, factory);
}

function createDefaultRegistry(): LossRegistry {
  const registry = new LossRegistry();
  registerBuiltinLosses(registry);
  return registry;
}

/** The registry `buildLoss` and `registerLoss` use. */
export const defaultLossRegistry = createDefaultRegistry();

/** Builds any registered loss from a JSON config, e.g. `{type: 'GANLoss', gan_type: 'hinge'}`. */
export function buildLoss(config: LossConfig): LossModule {
  return defaultLossRegistry.build(config);
}

/** Adds a loss type; registering a type twice is an error. */
export function registerLoss(type: string, factory: LossFactory): void {
  defaultLossRegistry.register(type, factory);
}

/** The registered loss types. */
export function listLossTypes(): string[] {
  return defaultLossRegistry.list();
}
