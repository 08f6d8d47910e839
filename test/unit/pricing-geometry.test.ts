import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import data from '../../content/shop/pricing.json' with { type: 'json' };
import type { GeometryReport, Orientation, OrientationFigures } from '../../src/domain/geometry/report.js';
import {
  estimatePrice,
  pricingDataSchema,
  type EstimatePriceInput,
  type MeshModel,
  type PricingData,
} from '../../src/domain/pricing.js';
import { costBasisIn } from '../support/cost-basis.js';

const shop = pricingDataSchema.parse(data);

/** A model with round constants so the measured figures can be worked out by hand. */
const roundModel: MeshModel = {
  rangeFraction: 0.1,
  uncertainRangeFraction: 0.3,
  fdm: {
    perimeters: 1,
    extrusionWidthMm: 1,
    solidLayers: 0,
    slopeShellMm: 0,
    infillFraction: 0.5,
    infillFlow: 1,
    supportDensity: 0.5,
    supportInterfaceMm: 0,
    fillSpeedup: 1,
    layerSeconds: 0,
    firstLayerSecondsPerCm2: 0,
  },
  sls: { boxCm3PerHour: 10 },
};

const simple: PricingData = {
  currency: 'eur',
  setupFeeMinor: 1000,
  minimumOrderMinor: 5000,
  machineHourRateMinor: 1000,
  fillFraction: { low: 0.1, high: 0.2 },
  printers: 1,
  printerHoursPerDay: 10,
  quantityBreaks: [
    { minQuantity: 1, factor: 1 },
    { minQuantity: 10, factor: 0.5 },
  ],
  buildVolumeMm: [250, 210, 210],
  meshModel: roundModel,
  materials: [
    {
      id: 'cheap',
      name: 'Cheap',
      aliases: ['cheap'],
      process: 'FDM',
      densityGPerCm3: 1,
      pricePerCm3Minor: 10,
      buildRateCm3PerHour: 10,
      layerHeightMm: 0.2,
      leadDays: { min: 2, max: 4 },
      environments: ['load'],
    },
    {
      id: 'sintered',
      name: 'Sintered',
      aliases: ['sintered'],
      process: 'SLS',
      densityGPerCm3: 1,
      pricePerCm3Minor: 10,
      buildRateCm3PerHour: 10,
      layerHeightMm: 0.1,
      leadDays: { min: 3, max: 5 },
      environments: ['heat'],
    },
  ],
};

const ORIENTATIONS: Orientation[] = ['+z', '-z', '+x', '-x', '+y', '-y'];

/** A block's report as the geometry core writes it: nothing overhangs whichever way it lies. */
function block([x, y, z]: [number, number, number], extra: Partial<GeometryReport> = {}): GeometryReport {
  const height: Record<Orientation, number> = { '+z': z, '-z': z, '+x': x, '-x': x, '+y': y, '-y': y };
  const orientations: OrientationFigures[] = ORIENTATIONS.map((up) => ({
    up,
    heightMm: height[up],
    overhangAreaMm2: 0,
    supportVolumeMm3: 0,
  }));
  return {
    format: 'stl',
    units: 'mm',
    triangleCount: 12,
    volumeMm3: x * y * z,
    surfaceAreaMm2: 2 * (x * y + y * z + x * z),
    boundingBoxMm: [x, y, z],
    shells: 1,
    watertight: true,
    orientation: orientations[0]!,
    orientations,
    problems: [],
    ...extra,
  };
}

/** A 60 × 60 × 40 mushroom (cap on top): upright its cap needs 96 cm³ of support, upside down none. */
function mushroom(): GeometryReport {
  const upright: OrientationFigures = { up: '+z', heightMm: 40, overhangAreaMm2: 3200, supportVolumeMm3: 96_000 };
  const flipped: OrientationFigures = { up: '-z', heightMm: 40, overhangAreaMm2: 0, supportVolumeMm3: 0 };
  return {
    ...block([60, 60, 40]),
    volumeMm3: 60 * 60 * 10 + 20 * 20 * 30,
    surfaceAreaMm2: 2 * 3600 + 4 * 600 + 4 * 600,
    orientation: flipped,
    orientations: [flipped, upright],
  };
}

const input = (overrides: Partial<EstimatePriceInput> = {}): EstimatePriceInput => ({
  size: { lengthMm: 100, widthMm: 100, heightMm: 100 },
  material: 'cheap',
  quantity: 1,
  environment: {},
  ...overrides,
});

const spread = (range: { low: number; high: number }) => range.high / range.low;

describe('estimatePrice from a measured file', () => {
  // A 10 mm cube in the round model: tops and bottoms 2 × 1000/10 = 200 mm², sides 400 mm² × 1 mm = 400 mm³
  // of shell; infill (1000 − 400) × 0.5 = 300 mm³: 0.7 cm³, at 10 cm³/h 0.07 h. Per part 0.7 × 10 + 0.07 ×
  // 1000 = 77 cents, ±10 %: 69…85.
  it('prices from the mesh, not the typed size, and says what it measured', () => {
    const estimate = estimatePrice({ input: input({ geometry: block([10, 10, 10]) }), data: simple });
    expect(estimate.measured).toEqual({
      printedVolumeCm3: 0.7,
      shellCm3: 0.4,
      infillCm3: 0.3,
      supportCm3: 0,
      printHours: 0.07,
      layers: 50,
      up: '+z',
      uncertain: false,
    });
    expect(estimate.volumeCm3).toEqual({ low: 0.6, high: 0.8 });
    expect(estimate.perPartMinor).toEqual({ low: 69, high: 85 });
    expect(estimate.totalMinor).toEqual({ low: 5000, high: 5000 });
    expect(estimate.minimumOrderApplied).toBe(true);
    expect(estimate.assumptions).not.toContain('Sized from your request: 100 × 100 × 100 mm per part.');
    expect(estimate.assumptions[1]).toBe(
      'Measured from your file: 10 × 10 × 10 mm per part, about 0.7 cm³ of printed material (walls, 50% infill).',
    );
  });

  it('keeps the typed-size model, and no measured figures, when there is no file', () => {
    const estimate = estimatePrice({ input: input(), data: simple });
    expect(estimate).not.toHaveProperty('measured');
    expect(estimate.assumptions[1]).toBe('Sized from your request: 100 × 100 × 100 mm per part.');
  });

  it('gives a narrow range from a mesh where the typed size gives a wide one', () => {
    const size = { lengthMm: 84, widthMm: 40, heightMm: 22 };
    const typed = estimatePrice({ input: input({ size, material: 'PETG', quantity: 20 }), data: shop });
    const measured = estimatePrice({
      input: input({ size, material: 'PETG', quantity: 20, geometry: block([84, 40, 22]) }),
      data: shop,
    });
    expect(spread(typed.volumeCm3)).toBeGreaterThan(2);
    expect(spread(measured.volumeCm3)).toBeLessThan(1.35);
    expect(spread(measured.perPartMinor)).toBeLessThan(1.35);
    expect(measured.assumptions[1]).toMatch(
      /^Measured from your file: 84 × 40 × 22 mm per part, about \d+\.\d cm³ of printed material \(walls, 15% infill\)\.$/,
    );
    // The rates stay with the shop.
    const notes = measured.internal.notes.join(' ');
    expect(notes).toContain('PETG walls at 10.6 cm³/h');
    expect(notes).toMatch(/Range ±12% around the measured figure\./);
  });

  it('keeps the setup fee, the minimum order and the quantity breaks', () => {
    const geometry = block([40, 30, 20]);
    const one = estimatePrice({ input: input({ geometry }), data: simple });
    const ten = estimatePrice({ input: input({ geometry, quantity: 10 }), data: simple });
    expect(ten.quantityBreakFactor).toBe(0.5);
    // Half the unit price, give or take the cent each is rounded to.
    expect(Math.abs(ten.perPartMinor.low - one.perPartMinor.low / 2)).toBeLessThanOrEqual(1);
    const thousand = estimatePrice({ input: input({ geometry, quantity: 1000 }), data: simple });
    expect(thousand.minimumOrderApplied).toBe(false);
    expect(thousand.totalMinor.low).toBe(Math.floor((1000 + thousand.perPartMinor.low * 1000) / 100) * 100);
    expect(thousand.totalMinor.high).toBe(Math.ceil((1000 + thousand.perPartMinor.high * 1000) / 100) * 100);
    expect(thousand.assumptions).toContain('Includes the one-time setup of the print job.');
    // 1000 parts × 1.34 h each (the low end: −10 %), on one printer at 10 h a day.
    expect(thousand.leadDays.min).toBe(2 + Math.ceil((thousand.measured!.printHours * 0.9 * 1000) / 10));
  });

  it('adds supports where the part needs them, and none the way up that needs none', () => {
    const upright = estimatePrice({ input: input({ geometry: mushroom(), orientation: '+z' }), data: simple });
    const suggested = estimatePrice({ input: input({ geometry: mushroom() }), data: simple });
    const askedForSuggested = estimatePrice({
      input: input({ geometry: mushroom(), orientation: '-z' }),
      data: simple,
    });
    expect(askedForSuggested.assumptions).toEqual(suggested.assumptions);
    expect(upright.measured?.supportCm3).toBe(48);
    expect(upright.measured?.up).toBe('+z');
    expect(upright.assumptions.join(' ')).toMatch(/and the supports it needs\)/);
    expect(upright.assumptions).toContain('Printed the way up you chose, 40 mm tall.');
    expect(suggested.measured?.supportCm3).toBe(0);
    expect(suggested.measured?.up).toBe('-z');
    expect(suggested.assumptions).toContain('Printed 40 mm tall, the way up that needs the least support.');
    expect(upright.perPartMinor.low).toBeGreaterThan(suggested.perPartMinor.high);
  });

  it('prices SLS solid, without supports, from its volume and its share of a build', () => {
    const estimate = estimatePrice({
      input: input({ material: 'sintered', geometry: mushroom(), orientation: '+z' }),
      data: simple,
    });
    // 48 cm³ solid at 10 cm³/h, plus a 144 cm³ bounding box at 10 cm³/h of build: 4.8 + 14.4 h.
    expect(estimate.measured).toMatchObject({ printedVolumeCm3: 48, supportCm3: 0, printHours: 19.2, layers: 400 });
    expect(estimate.assumptions[1]).toBe(
      'Measured from your file: 60 × 60 × 40 mm per part, 48.0 cm³ of sintered material; no supports needed.',
    );
  });

  it('still prices a file with open edges, with a wider range that says why', () => {
    const clean = estimatePrice({ input: input({ geometry: block([40, 30, 20]) }), data: simple });
    const open = estimatePrice({
      input: input({ geometry: block([40, 30, 20], { watertight: false, problems: ['not_watertight'] }) }),
      data: simple,
    });
    expect(open.measured?.uncertain).toBe(true);
    expect(open.measured?.printedVolumeCm3).toBe(clean.measured?.printedVolumeCm3);
    expect(spread(open.perPartMinor)).toBeGreaterThan(spread(clean.perPartMinor));
    expect(open.assumptions).toContain(
      'Your file has open edges or gaps, so its measured figures are less certain and the range is wider; the technical review checks the file.',
    );
    expect(open.internal.warnings.join(' ')).toMatch(/less certain: not_watertight/);
  });

  it('flags a part over the build volume for staff', () => {
    const estimate = estimatePrice({
      input: input({ geometry: block([400, 30, 20], { problems: ['too_large'] }) }),
      data: simple,
    });
    expect(estimate.measured?.uncertain).toBe(true);
    expect(estimate.internal.warnings.join(' ')).toMatch(/Larger than the build volume \(250 × 210 × 210 mm\)/);
  });

  it('falls back to the typed size when the file gave no usable volume', () => {
    const estimate = estimatePrice({
      input: input({ geometry: block([10, 10, 0], { problems: ['zero_volume'] }) }),
      data: simple,
    });
    expect(estimate).not.toHaveProperty('measured');
    expect(estimate.assumptions[1]).toBe('Sized from your request: 100 × 100 × 100 mm per part.');
    expect(estimate.internal.warnings.join(' ')).toMatch(/could not be measured/);
  });

  it.each<[string, Partial<GeometryReport>]>([
    ['a volume that is not a number', { volumeMm3: Number.NaN }],
    ['a negative area', { surfaceAreaMm2: -1 }],
    ['an infinite size', { boundingBoxMm: [10, Number.POSITIVE_INFINITY, 10] }],
    [
      'a negative support volume',
      { orientation: { up: '+z', heightMm: 10, overhangAreaMm2: 0, supportVolumeMm3: -5 } },
    ],
  ])('refuses %s', (_, extra) => {
    expect(() => estimatePrice({ input: input({ geometry: block([10, 10, 10], extra) }), data: simple })).toThrow(
      RangeError,
    );
  });

  it('refuses an orientation the report has no figures for', () => {
    const geometry = { ...mushroom(), orientations: mushroom().orientations.slice(0, 1) };
    expect(() => estimatePrice({ input: input({ geometry, orientation: '+x' }), data: simple })).toThrow(RangeError);
  });

  it('never puts the cost basis in the customer assumptions, for any measured block and quantity', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 101, max: 240 }),
          fc.integer({ min: 101, max: 200 }),
          fc.integer({ min: 101, max: 200 }),
        ),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(...shop.materials.map((m) => m.name)),
        fc.boolean(),
        (sides, quantity, material, watertight) => {
          const geometry = block(sides, watertight ? {} : { watertight: false, problems: ['not_watertight'] });
          const estimate = estimatePrice({ input: input({ geometry, quantity, material }), data: shop });
          expect(estimate.measured).toBeDefined();
          expect(costBasisIn(estimate.assumptions.join('\n'))).toEqual([]);
        },
      ),
    );
  });
});

describe('properties of the measured model over the shop data', () => {
  it('gives finite, positive figures and a whole-unit range at least the minimum, for any measured part', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: 1, max: 300, noNaN: true }), fc.double({ min: 1, max: 300, noNaN: true })),
        fc.double({ min: 0.2, max: 300, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(...shop.materials.map((m) => m.id)),
        ([x, y], z, fill, supportShare, quantity, material) => {
          // Any part inside its box: the volume a share of the box, the area at least the box's.
          const base = block([x, y, z]);
          const figures = {
            up: '+z' as const,
            heightMm: z,
            overhangAreaMm2: x * y * supportShare,
            supportVolumeMm3: x * y * z * supportShare,
          };
          const geometry = {
            ...base,
            volumeMm3: x * y * z * fill,
            orientation: figures,
            orientations: [figures, ...base.orientations.slice(1)],
          };
          const estimate = estimatePrice({ input: input({ geometry, quantity, material }), data: shop });
          const measured = estimate.measured!;
          for (const value of [
            measured.printedVolumeCm3,
            measured.printHours,
            ...Object.values(estimate.perPartMinor),
          ]) {
            expect(Number.isFinite(value)).toBe(true);
          }
          expect(measured.printHours).toBeGreaterThanOrEqual(0);
          expect(estimate.totalMinor.low).toBeLessThanOrEqual(estimate.totalMinor.high);
          expect(estimate.totalMinor.low).toBeGreaterThanOrEqual(shop.minimumOrderMinor);
          expect(estimate.totalMinor.high % 100).toBe(0);
          expect(estimate.leadDays.min).toBeLessThanOrEqual(estimate.leadDays.max);
        },
      ),
    );
  });
});

describe('the shop data for measured files', () => {
  it('has the build volume, the measured model and a deposition rate for every FDM material', () => {
    expect(shop.buildVolumeMm).toEqual([250, 210, 210]);
    expect(shop.meshModel?.fdm.perimeters).toBe(2);
    for (const material of shop.materials.filter((m) => m.process === 'FDM')) {
      expect(material.depositionCm3PerHour, material.id).toBeGreaterThan(0);
    }
  });
});
