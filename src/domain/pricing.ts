/**
 * Rough estimates from shop data (content/shop/pricing.json): a price range and a lead time from a
 * part's size, material and quantity, with every assumption stated so staff can adjust before sending.
 * It never makes an order or a Stripe quote; it is a starting point for a person.
 *
 * A proposal has two parts, kept apart by type rather than filtered later:
 * - `assumptions`: written for the buyer ("Printed in PETG (FDM), 0.2 mm layers"). The shop's form
 *   sends these, as staff leave them, with the estimate.
 * - `internal`: the shop's costing (rates, capacity, quantity breaks, material warnings). The shop's
 *   estimate editor shows it labelled "Internal — never sent"; no mail, document or customer page reads it.
 *
 * The model, deliberately simple and visible:
 * - volume: the bounding box (length × width × height) times a fill fraction (low…high), because a
 *   printed part is walls plus infill, never a solid block;
 * - per part: material (volume × price per cm³) plus machine time (volume ÷ build rate × hour rate),
 *   times the quantity break for the quantity;
 * - total: setup fee plus per part × quantity, never below the minimum order;
 * - lead days: the material's base lead time plus the printing days the whole quantity needs on the farm.
 */
import { z } from 'zod/mini';

export const ENVIRONMENT_KEYS = ['heat', 'load', 'motion', 'outdoorUv', 'chemicals'] as const;
export type EnvironmentKey = (typeof ENVIRONMENT_KEYS)[number];

const positive = () => z.number().check(z.positive());
const minor = () => z.number().check(z.int(), z.minimum(0));
const range = () =>
  z.object({ min: z.number().check(z.int(), z.minimum(0)), max: z.number().check(z.int(), z.minimum(0)) });

export const materialSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  aliases: z.array(z.string()),
  process: z.string(),
  densityGPerCm3: positive(),
  pricePerCm3Minor: positive(),
  buildRateCm3PerHour: positive(),
  /** Layer height the shop prints this material at, told to the buyer. */
  layerHeightMm: positive(),
  leadDays: range(),
  environments: z.array(z.enum(ENVIRONMENT_KEYS)),
});
export type Material = z.infer<typeof materialSchema>;

export const pricingDataSchema = z.object({
  currency: z.string().check(z.length(3)),
  setupFeeMinor: minor(),
  minimumOrderMinor: minor(),
  machineHourRateMinor: minor(),
  fillFraction: z.object({ low: positive(), high: positive() }),
  printers: z.number().check(z.int(), z.positive()),
  printerHoursPerDay: positive(),
  quantityBreaks: z
    .array(z.object({ minQuantity: z.number().check(z.int(), z.positive()), factor: positive() }))
    .check(z.minLength(1)),
  materials: z.array(materialSchema).check(z.minLength(1)),
});
export type PricingData = z.infer<typeof pricingDataSchema>;

export interface EstimatePriceInput {
  size: { lengthMm: number; widthMm: number; heightMm: number };
  /** What the customer wrote: "PETG", "nylon", "help_me_choose", … */
  material: string;
  quantity: number;
  environment: Partial<Record<EnvironmentKey, boolean>>;
}

export interface PriceEstimate {
  currency: string;
  quantity: number;
  material: { id: string; name: string; process: string; matched: boolean };
  volumeCm3: { low: number; high: number };
  weightG: { low: number; high: number };
  perPartMinor: { low: number; high: number };
  totalMinor: { low: number; high: number };
  leadDays: { min: number; max: number };
  quantityBreakFactor: number;
  minimumOrderApplied: boolean;
  /** Conditions the customer named that this material is not rated for. */
  unsuitableFor: EnvironmentKey[];
  /** Written for the buyer: what the range rests on, in their words. The only lines the form sends. */
  assumptions: string[];
  /** The shop's own costing, for staff only: never sent to a customer. */
  internal: InternalCosting;
}

/** How the shop built the numbers and what staff must check; shown in the editor only. */
export interface InternalCosting {
  /** Rates, volumes and capacity behind the range. */
  notes: string[];
  /** What staff should check before sending, e.g. a material not rated for a named condition. */
  warnings: string[];
}

export const ENVIRONMENT_WORDS: Record<EnvironmentKey, string> = {
  heat: 'heat',
  load: 'load',
  motion: 'motion or vibration',
  outdoorUv: 'outdoor use / UV',
  chemicals: 'oils, solvents or chemicals',
};

const normalize = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** The material the customer named, or undefined ("help me choose", an unknown name). */
export function matchMaterial(materials: readonly Material[], wanted: string): Material | undefined {
  const text = normalize(wanted);
  if (text === '' || text === 'help_me_choose') return undefined;
  const exact = materials.find((m) => m.id === text || m.aliases.includes(text) || normalize(m.name) === text);
  if (exact) return exact;
  // "PA12 nylon, black" should find PA12; longest alias first so "pa12-gf" beats "pa12".
  const candidates = materials.flatMap((m) => m.aliases.map((alias) => ({ m, alias })));
  candidates.sort((a, b) => b.alias.length - a.alias.length);
  return candidates.find(({ alias }) => new RegExp(`(^|[^a-z0-9])${escapeRegExp(alias)}($|[^a-z0-9])`).test(text))?.m;
}

/** The cheapest material rated for every named condition; the cheapest overall when none is. */
export function recommendMaterial(materials: readonly Material[], needs: readonly EnvironmentKey[]): Material {
  const byPrice = [...materials].sort((a, b) => a.pricePerCm3Minor - b.pricePerCm3Minor);
  const first = byPrice[0];
  if (!first) throw new Error('pricing data has no materials');
  return byPrice.find((m) => needs.every((need) => m.environments.includes(need))) ?? first;
}

/** The factor of the largest break the quantity reaches. */
export function quantityBreakFactor(breaks: PricingData['quantityBreaks'], quantity: number): number {
  let factor = 1;
  let reached = 0;
  for (const step of breaks) {
    if (quantity >= step.minQuantity && step.minQuantity >= reached) {
      factor = step.factor;
      reached = step.minQuantity;
    }
  }
  return factor;
}

export interface EstimatePriceOptions {
  input: EstimatePriceInput;
  data: PricingData;
}

export function estimatePrice({ input, data }: EstimatePriceOptions): PriceEstimate {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) throw new RangeError('quantity must be at least 1');
  const needs = ENVIRONMENT_KEYS.filter((key) => input.environment[key] === true);
  const matched = matchMaterial(data.materials, input.material);
  const material = matched ?? recommendMaterial(data.materials, needs);
  const assumptions: string[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const money = (minor: number) => `${minor / 100} ${data.currency.toUpperCase()}`;

  const printedIn = `${material.name} (${material.process}), ${material.layerHeightMm} mm layers`;
  if (matched) {
    assumptions.push(`Printed in ${printedIn}.`);
  } else {
    const why =
      normalize(input.material) === 'help_me_choose'
        ? 'You asked us to choose the material'
        : `"${input.material}" is not a material we print`;
    assumptions.push(`${why}: priced in ${printedIn}; the technical review confirms the choice.`);
    notes.push(`Substituted ${material.name}: the most economical material rated for the named conditions.`);
  }
  const { lengthMm, widthMm, heightMm } = input.size;
  assumptions.push(`Sized from your request: ${lengthMm} × ${widthMm} × ${heightMm} mm per part.`);
  const boxCm3 = (lengthMm * widthMm * heightMm) / 1000;
  const volume = { low: boxCm3 * data.fillFraction.low, high: boxCm3 * data.fillFraction.high };
  notes.push(
    `${pct(data.fillFraction.low)}–${pct(data.fillFraction.high)} of the bounding box is printed material (≈${round1(volume.low)}–${round1(volume.high)} cm³ per part).`,
  );

  const factor = quantityBreakFactor(data.quantityBreaks, input.quantity);
  const perPart = (cm3: number) =>
    Math.round(
      (cm3 * material.pricePerCm3Minor + (cm3 / material.buildRateCm3PerHour) * data.machineHourRateMinor) * factor,
    );
  const perPartMinor = { low: perPart(volume.low), high: perPart(volume.high) };
  notes.push(
    `${material.name} (${material.process}) at ${material.pricePerCm3Minor / 100} ${data.currency.toUpperCase()}/cm³ and ${material.buildRateCm3PerHour} cm³ per machine hour at ${data.machineHourRateMinor / 100} ${data.currency.toUpperCase()}/h.`,
  );
  const pieces = `${input.quantity} ${input.quantity === 1 ? 'piece' : 'pieces'}`;
  const cheaperAbove = data.quantityBreaks.some((step) => step.minQuantity > input.quantity && step.factor < factor);
  assumptions.push(cheaperAbove ? `Price for ${pieces}; larger batches cost less per piece.` : `Price for ${pieces}.`);
  if (factor !== 1) notes.push(`Quantity break for ${input.quantity} parts: ${pct(1 - factor)} off the unit price.`);

  const raw = {
    low: data.setupFeeMinor + perPartMinor.low * input.quantity,
    high: data.setupFeeMinor + perPartMinor.high * input.quantity,
  };
  const minimumOrderApplied = raw.low < data.minimumOrderMinor;
  // Whole currency units: a rough range with cents would pretend a precision it does not have.
  const totalMinor = {
    low: Math.floor(Math.max(raw.low, data.minimumOrderMinor) / 100) * 100,
    high: Math.ceil(Math.max(raw.high, data.minimumOrderMinor) / 100) * 100,
  };
  assumptions.push('Includes the one-time setup of the print job.');
  notes.push(`Setup fee ${money(data.setupFeeMinor)}.`);
  if (minimumOrderApplied) {
    assumptions.push('Small orders are charged at our minimum order value; this estimate is at that minimum.');
    notes.push(`The minimum order of ${money(data.minimumOrderMinor)} applies.`);
  }

  const capacityHoursPerDay = data.printers * data.printerHoursPerDay;
  const printDays = (cm3: number) =>
    Math.ceil((cm3 * input.quantity) / material.buildRateCm3PerHour / capacityHoursPerDay);
  const leadDays = {
    min: material.leadDays.min + printDays(volume.low),
    max: material.leadDays.max + printDays(volume.high),
  };
  assumptions.push('Lead time in working days, counted from the purchasing release.');
  notes.push(
    `Capacity: ${data.printers} printers at ${data.printerHoursPerDay} h a day, ${printDays(volume.low)}–${printDays(volume.high)} printing days on top of ${material.name}'s ${material.leadDays.min}–${material.leadDays.max} days.`,
  );

  const unsuitableFor = needs.filter((need) => !material.environments.includes(need));
  if (unsuitableFor.length > 0) {
    warnings.push(
      `${material.name} is not rated for ${unsuitableFor.map((key) => ENVIRONMENT_WORDS[key]).join(', ')}: check the material with the technical contact.`,
    );
  }
  assumptions.push('Excludes shipping and tax. A rough estimate, not an order or a firm quote.');

  return {
    currency: data.currency,
    quantity: input.quantity,
    material: { id: material.id, name: material.name, process: material.process, matched: matched !== undefined },
    volumeCm3: { low: round1(volume.low), high: round1(volume.high) },
    weightG: {
      low: Math.round(volume.low * material.densityGPerCm3),
      high: Math.round(volume.high * material.densityGPerCm3),
    },
    perPartMinor,
    totalMinor,
    leadDays,
    quantityBreakFactor: factor,
    minimumOrderApplied,
    unsuitableFor,
    assumptions,
    internal: { notes, warnings },
  };
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
