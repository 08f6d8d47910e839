/**
 * Rough estimates from shop data (content/shop/pricing.json): a price range and a lead time from a
 * part's size or measured geometry, material and quantity, with every assumption stated so staff can
 * adjust before sending. It never makes an order or a Stripe quote; it is a starting point for a person.
 *
 * A proposal has two parts, kept apart by type rather than filtered later:
 * - `assumptions`: written for the buyer ("Printed in PETG (FDM), 0.2 mm layers"). The shop's form
 *   sends these, as staff leave them, with the estimate.
 * - `internal`: the shop's costing (rates, capacity, quantity breaks, material warnings). The shop's
 *   estimate editor shows it labelled "Internal — never sent"; no mail, document or customer page reads it.
 *
 * Two models, both deliberately simple and visible; what differs is only how a part's printed volume
 * and machine time are found:
 * - from the typed size (no 3D file): the bounding box (length × width × height) times a fill
 *   fraction (low…high), because a printed part is walls plus infill, never a solid block; machine
 *   time is that volume ÷ the material's build rate. The range is wide because the box says little.
 * - from the measured file (`geometry`, the geometry core's report): for FDM, printed volume = shell
 *   (side walls × perimeters × extrusion width, plus top and bottom solid layers over the part's
 *   footprint, capped by the part's volume) + infill (the remaining interior × infill fraction) +
 *   supports (the report's support volume for the chosen orientation × support density); machine time
 *   = printed volume ÷ the material's deposition rate + layers (height ÷ layer height) × a per-layer
 *   time for travel, retraction and the layer change, each layer taking at least the material's
 *   minimum layer time (cooling). For SLS the part is solid and needs no supports; its time is the
 *   sintered volume at the material's build rate plus its share of a build's height, taken as its
 *   bounding box at the shop's packing rate. The range is narrow (± a few per cent) around that
 *   figure, wider when the file has problems (open edges, a suspect unit). The constants were
 *   calibrated against PrusaSlicer by test/bench/geometry.bench.ts.
 * Then, for either model:
 * - per part: material (volume × price per cm³) plus machine time × hour rate, times the quantity
 *   break for the quantity;
 * - total: setup fee plus per part × quantity, never below the minimum order;
 * - lead days: the material's base lead time plus the printing days the whole quantity needs on the farm.
 */
import { z } from 'zod/mini';
import type { GeometryProblem, GeometryReport, Orientation, OrientationFigures } from './geometry/report.js';

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
  /**
   * FDM, measured model: what the nozzle lays down per hour on the walls (perimeters) at the bench's
   * profile; infill and supports go faster by the model's fillSpeedup. Without it the build rate stands in.
   */
  depositionCm3PerHour: z.optional(positive()),
  /** FDM, measured model: the shortest time a layer may take so it cools (the slicer slows down below it). */
  minLayerSeconds: z.optional(z.number().check(z.minimum(0))),
});
export type Material = z.infer<typeof materialSchema>;

const fraction = () => z.number().check(z.minimum(0), z.maximum(1));

export const meshModelSchema = z.object({
  /** How far either side of the measured figure the range reaches, for a clean mesh. */
  rangeFraction: fraction(),
  /** The same for a mesh with problems (open edges, a suspect unit): the figures are less certain. */
  uncertainRangeFraction: fraction(),
  fdm: z.object({
    perimeters: z.number().check(z.int(), z.positive()),
    /** Effective width of one perimeter: the volume it lays per mm² of side wall, per perimeter. */
    extrusionWidthMm: positive(),
    /** Solid layers under every top and over every bottom surface, averaged over the two. */
    solidLayers: z.number().check(z.minimum(0)),
    /** Extra shell on faces within 45° of horizontal (domes, chamfers), which get walls and solid layers. */
    slopeShellMm: z.number().check(z.minimum(0)),
    infillFraction: fraction(),
    /** Extruded volume per unit of infill density: overlap with the walls, anchors, line shape. */
    infillFlow: positive(),
    /** Share of the report's support volume (columns down to the bed) printed as sparse support. */
    supportDensity: fraction(),
    /** Dense support interface under every overhanging face, as a thickness. */
    supportInterfaceMm: z.number().check(z.minimum(0)),
    /** Infill, solid layers and supports print this many times faster than the walls (the deposition rate). */
    fillSpeedup: positive(),
    /** Travel, retraction and the layer change, per layer. */
    layerSeconds: z.number().check(z.minimum(0)),
    /** The first layer goes down slowly so it sticks: seconds per cm² of the part's footprint. */
    firstLayerSecondsPerCm2: z.number().check(z.minimum(0)),
  }),
  sls: z.object({
    /** Bounding-box volume a build processes per hour at the shop's packing: the part's share of the build height. */
    boxCm3PerHour: positive(),
  }),
});

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
  /** The printers' build volume (x, y, z): the geometry core flags a part that does not fit. */
  buildVolumeMm: z.optional(z.tuple([positive(), positive(), positive()])),
  /** The measured model's constants; without them a measured part is priced from its bounding box. */
  meshModel: z.optional(meshModelSchema),
});
export type PricingData = z.infer<typeof pricingDataSchema>;
export type MeshModel = z.infer<typeof meshModelSchema>;

export interface EstimatePriceInput {
  size: { lengthMm: number; widthMm: number; heightMm: number };
  /** What the customer wrote: "PETG", "nylon", "help_me_choose", … */
  material: string;
  quantity: number;
  environment: Partial<Record<EnvironmentKey, boolean>>;
  /** The measured 3D file, when the customer sent one: the price comes from the mesh, not the typed size. */
  geometry?: GeometryReport;
  /** Which way up the part is printed; the report's suggested orientation when absent. */
  orientation?: Orientation;
}

/** What the measured model found for one part, for staff and the calibration bench. */
export interface MeasuredPrint {
  /** Printed material per part: shell + infill + supports (FDM), or the solid part (SLS). */
  printedVolumeCm3: number;
  shellCm3: number;
  infillCm3: number;
  supportCm3: number;
  /** Machine hours per part. */
  printHours: number;
  layers: number;
  up: Orientation;
  /** The file had problems, so the range is the wider one. */
  uncertain: boolean;
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
  /** Present when the estimate was priced from a measured 3D file. */
  measured?: MeasuredPrint;
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
  if (input.geometry) checkGeometry(input.geometry, input.orientation);
  const needs = ENVIRONMENT_KEYS.filter((key) => input.environment[key] === true);
  const matched = matchMaterial(data.materials, input.material);
  const material = matched ?? recommendMaterial(data.materials, needs);
  const assumptions: string[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const currency = data.currency.toUpperCase();
  const money = (minor: number) => `${minor / 100} ${currency}`;

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

  const basis =
    input.geometry && data.meshModel && usable(input.geometry)
      ? measuredBasis({ geometry: input.geometry, up: input.orientation, model: data.meshModel, material, data })
      : typedBasis({ input, data, material });
  if (input.geometry && !data.meshModel) notes.push('No measured model in the shop data: priced from the typed size.');
  if (input.geometry && data.meshModel && !usable(input.geometry)) {
    notes.push('The file gave no usable volume: priced from the typed size.');
    warnings.push('The 3D file could not be measured (empty, flat or too many triangles): check it before sending.');
  }
  assumptions.push(...basis.assumptions);
  notes.push(...basis.notes);
  warnings.push(...basis.warnings);
  const { volume, hours } = basis;

  const factor = quantityBreakFactor(data.quantityBreaks, input.quantity);
  const perPart = (cm3: number, machineHours: number) =>
    Math.round((cm3 * material.pricePerCm3Minor + machineHours * data.machineHourRateMinor) * factor);
  const perPartMinor = { low: perPart(volume.low, hours.low), high: perPart(volume.high, hours.high) };
  notes.push(
    basis.measured
      ? `${material.name} (${material.process}) at ${material.pricePerCm3Minor / 100} ${currency}/cm³ and ${data.machineHourRateMinor / 100} ${currency}/h.`
      : `${material.name} (${material.process}) at ${material.pricePerCm3Minor / 100} ${currency}/cm³ and ${material.buildRateCm3PerHour} cm³ per machine hour at ${data.machineHourRateMinor / 100} ${currency}/h.`,
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

  const days = { min: basis.printDays(input.quantity, 'low'), max: basis.printDays(input.quantity, 'high') };
  const leadDays = { min: material.leadDays.min + days.min, max: material.leadDays.max + days.max };
  assumptions.push('Lead time in working days, counted from the purchasing release.');
  notes.push(
    `Capacity: ${data.printers} printers at ${data.printerHoursPerDay} h a day, ${days.min}–${days.max} printing days on top of ${material.name}'s ${material.leadDays.min}–${material.leadDays.max} days.`,
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
    ...(basis.measured ? { measured: basis.measured } : {}),
  };
}

type Bound = 'low' | 'high';

/** How one part's printed volume and machine time were found, with the words that say so. */
interface VolumeBasis {
  volume: Record<Bound, number>;
  hours: Record<Bound, number>;
  /** Printing days for the whole quantity on the farm. */
  printDays(quantity: number, bound: Bound): number;
  assumptions: string[];
  notes: string[];
  warnings: string[];
  measured?: MeasuredPrint;
}

/** The typed size: bounding box × fill fraction, machine time from the build rate. */
function typedBasis({
  input,
  data,
  material,
}: {
  input: EstimatePriceInput;
  data: PricingData;
  material: Material;
}): VolumeBasis {
  const { lengthMm, widthMm, heightMm } = input.size;
  const boxCm3 = (lengthMm * widthMm * heightMm) / 1000;
  const volume = { low: boxCm3 * data.fillFraction.low, high: boxCm3 * data.fillFraction.high };
  const capacityHoursPerDay = data.printers * data.printerHoursPerDay;
  return {
    volume,
    hours: { low: volume.low / material.buildRateCm3PerHour, high: volume.high / material.buildRateCm3PerHour },
    printDays: (quantity, bound) =>
      Math.ceil((volume[bound] * quantity) / material.buildRateCm3PerHour / capacityHoursPerDay),
    assumptions: [`Sized from your request: ${lengthMm} × ${widthMm} × ${heightMm} mm per part.`],
    notes: [
      `${pct(data.fillFraction.low)}–${pct(data.fillFraction.high)} of the bounding box is printed material (≈${round1(volume.low)}–${round1(volume.high)} cm³ per part).`,
    ],
    warnings: [],
  };
}

const OPPOSITE: Record<Orientation, Orientation> = {
  '+z': '-z',
  '-z': '+z',
  '+x': '-x',
  '-x': '+x',
  '+y': '-y',
  '-y': '+y',
};

/** Problems that make the measured figures less certain, so the range widens. */
const UNCERTAIN: readonly GeometryProblem[] = ['not_watertight', 'inconsistent_orientation', 'too_small', 'too_large'];

/** The customer's words for each problem that widens the range. */
const PROBLEM_WORDS: Partial<Record<GeometryProblem, string>> = {
  not_watertight: 'has open edges or gaps',
  inconsistent_orientation: 'has faces pointing the wrong way',
  too_small: 'is very small, perhaps drawn in another unit',
  too_large: 'is larger than our printers take, or drawn in another unit',
};

/** A report whose volume the model can price: measured, not empty, not over the analysis limit. */
function usable(geometry: GeometryReport): boolean {
  return (
    geometry.volumeMm3 > 0 &&
    geometry.orientation.heightMm > 0 &&
    !geometry.problems.includes('zero_volume') &&
    !geometry.problems.includes('too_many_triangles')
  );
}

/** Refuses figures no measurement produces: negative, not finite, or an orientation the report lacks. */
function checkGeometry(geometry: GeometryReport, up: Orientation | undefined): void {
  const figures = [
    geometry.volumeMm3,
    geometry.surfaceAreaMm2,
    ...geometry.boundingBoxMm,
    geometry.orientation.heightMm,
    geometry.orientation.overhangAreaMm2,
    geometry.orientation.supportVolumeMm3,
  ];
  if (geometry.boundingBoxMm.length !== 3 || figures.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new RangeError('geometry figures must be finite and not negative');
  }
  if (up !== undefined && up !== geometry.orientation.up && !geometry.orientations.some((o) => o.up === up)) {
    throw new RangeError(`geometry has no figures for orientation ${up}`);
  }
}

/** The measured file: shell + infill + supports for FDM, the solid part for SLS (see the header). */
function measuredBasis({
  geometry,
  up,
  model,
  material,
  data,
}: {
  geometry: GeometryReport;
  up: Orientation | undefined;
  model: MeshModel;
  material: Material;
  data: PricingData;
}): VolumeBasis {
  const orientation: OrientationFigures =
    up === undefined || up === geometry.orientation.up
      ? geometry.orientation
      : (geometry.orientations.find((o) => o.up === up) ?? geometry.orientation);
  const sls = material.process.toUpperCase() === 'SLS';
  const volume = geometry.volumeMm3;
  const height = orientation.heightMm;
  const layerHeight = material.layerHeightMm;
  const layers = Math.max(1, Math.ceil(height / layerHeight - 1e-9));
  const notes: string[] = [];
  const warnings: string[] = [];

  let shell: number;
  let infill: number;
  let support: number;
  let hours: number;
  if (sls) {
    // Powder carries the part, so no supports; it is sintered solid. Its time is its sintered volume
    // plus its share of the build's height, taken as its bounding box at the shop's packing.
    shell = volume;
    infill = 0;
    support = 0;
    const boxCm3 = geometry.boundingBoxMm.reduce((product, side) => product * side, 1) / 1000;
    hours = volume / 1000 / material.buildRateCm3PerHour + boxCm3 / model.sls.boxCm3PerHour;
    notes.push(
      `Measured model (SLS): ${round1(volume / 1000)} cm³ sintered at ${material.buildRateCm3PerHour} cm³/h, plus a ${round1(boxCm3)} cm³ bounding box at ${model.sls.boxCm3PerHour} cm³/h of build: ${round2(hours)} h per part.`,
    );
  } else {
    const fdm = model.fdm;
    // Horizontal surfaces (tops and bottoms) taken as twice the volume over the height, exact for a
    // prism; the rest of the surface is side wall that gets the perimeters. Faces within 45° of
    // horizontal, up or down (domes, chamfers), get walls and solid layers both: slopeShellMm more.
    const opposite = geometry.orientations.find((o) => o.up === OPPOSITE[orientation.up]);
    const sloped = orientation.overhangAreaMm2 + (opposite?.overhangAreaMm2 ?? 0);
    const footprint = volume / height;
    const horizontal = Math.min(2 * footprint, geometry.surfaceAreaMm2);
    const sides = geometry.surfaceAreaMm2 - horizontal;
    shell = Math.min(
      sides * fdm.perimeters * fdm.extrusionWidthMm +
        horizontal * fdm.solidLayers * layerHeight +
        sloped * fdm.slopeShellMm,
      volume,
    );
    const walls = Math.min(sides * fdm.perimeters * fdm.extrusionWidthMm, shell);
    infill = (volume - shell) * fdm.infillFraction * fdm.infillFlow;
    support =
      orientation.supportVolumeMm3 > 0
        ? orientation.supportVolumeMm3 * fdm.supportDensity + orientation.overhangAreaMm2 * fdm.supportInterfaceMm
        : 0;
    const deposition = material.depositionCm3PerHour ?? material.buildRateCm3PerHour;
    const extruding =
      ((walls / 1000 / deposition + (shell - walls + infill + support) / 1000 / (deposition * fdm.fillSpeedup)) *
        3600) /
      layers;
    const perLayer = Math.max(extruding + fdm.layerSeconds, material.minLayerSeconds ?? 0);
    hours = (layers * perLayer + (footprint / 100) * fdm.firstLayerSecondsPerCm2) / 3600;
    notes.push(
      `Measured model (FDM): shell ${round1(shell / 1000)} cm³ (${fdm.perimeters} perimeters × ${fdm.extrusionWidthMm} mm on the sides, ${fdm.solidLayers} solid layers top and bottom, ${fdm.slopeShellMm} mm more on slopes), infill ${round1(infill / 1000)} cm³ (${pct(fdm.infillFraction)} × ${fdm.infillFlow}), supports ${round1(support / 1000)} cm³ (${pct(fdm.supportDensity)} of ${round1(orientation.supportVolumeMm3 / 1000)} cm³ plus ${fdm.supportInterfaceMm} mm of interface): ${round1((shell + infill + support) / 1000)} cm³ per part.`,
      `${layers} layers of ${layerHeight} mm; ${material.name} walls at ${deposition} cm³/h, infill and supports ×${fdm.fillSpeedup}, plus ${fdm.layerSeconds} s a layer (at least ${material.minLayerSeconds ?? 0} s) and ${fdm.firstLayerSecondsPerCm2} s/cm² for the first layer: ${round2(hours)} h per part.`,
    );
  }

  const printed = (shell + infill + support) / 1000;
  const problems = geometry.problems.filter((problem) => UNCERTAIN.includes(problem));
  const uncertain = problems.length > 0;
  const spread = uncertain ? model.uncertainRangeFraction : model.rangeFraction;
  notes.push(
    `Range ±${pct(spread)} around the measured figure${uncertain ? ` (the file ${problems.join(', ')})` : ''}.`,
  );

  const [x, y, z] = geometry.boundingBoxMm.map(mm);
  const material3 = round1(printed).toFixed(1);
  const assumptions = [
    sls
      ? `Measured from your file: ${x} × ${y} × ${z} mm per part, ${material3} cm³ of sintered material; no supports needed.`
      : `Measured from your file: ${x} × ${y} × ${z} mm per part, about ${material3} cm³ of printed material (walls, ${pct(model.fdm.infillFraction)} infill${support > 0 ? ' and the supports it needs' : ''}).`,
  ];
  // Asking for the suggested orientation is not a choice worth a sentence; another one is.
  const chosen = up !== undefined && up !== geometry.orientation.up;
  if (!sls && (chosen || orientation.up !== '+z')) {
    assumptions.push(
      chosen
        ? `Printed the way up you chose, ${mm(height)} mm tall.`
        : `Printed ${mm(height)} mm tall, the way up that needs the least support.`,
    );
  }
  if (uncertain) {
    const words = problems.map((problem) => PROBLEM_WORDS[problem]).filter((text) => text !== undefined);
    assumptions.push(
      `Your file ${words.join(' and ')}, so its measured figures are less certain and the range is wider; the technical review checks the file.`,
    );
    warnings.push(
      `The file's measured figures are less certain: ${problems.join(', ')}. Check the file before sending.`,
    );
  }
  if (geometry.problems.includes('too_large') && data.buildVolumeMm) {
    warnings.push(
      `Larger than the build volume (${data.buildVolumeMm.join(' × ')} mm) or in the wrong unit: split, turn or rescale it.`,
    );
  }

  const low = 1 - spread;
  const high = 1 + spread;
  const capacityHoursPerDay = data.printers * data.printerHoursPerDay;
  const bounded = { low: hours * low, high: hours * high };
  return {
    volume: { low: printed * low, high: printed * high },
    hours: bounded,
    printDays: (quantity, bound) => Math.ceil((bounded[bound] * quantity) / capacityHoursPerDay),
    assumptions,
    notes,
    warnings,
    measured: {
      printedVolumeCm3: round2(printed),
      shellCm3: round2(shell / 1000),
      infillCm3: round2(infill / 1000),
      supportCm3: round2(support / 1000),
      printHours: round3(hours),
      layers,
      up: orientation.up,
      uncertain,
    },
  };
}

/** Whole millimetres from 10 mm up, tenths below: what a buyer reads off a drawing. */
function mm(value: number): number {
  return value >= 10 ? Math.round(value) : round1(value);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Hours to a thousandth (under 4 s), so even a tiny part's time is not shown as zero. */
function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
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
