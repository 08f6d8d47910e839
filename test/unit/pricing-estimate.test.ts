import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import data from '../../content/shop/pricing.json' with { type: 'json' };
import {
  estimatePrice,
  matchMaterial,
  pricingDataSchema,
  quantityBreakFactor,
  recommendMaterial,
  type EstimatePriceInput,
  type PricingData,
} from '../../src/domain/pricing.js';
import { costBasisIn } from '../support/cost-basis.js';

const shop = pricingDataSchema.parse(data);

/** A tiny, round data set so expected numbers can be worked out by hand. */
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
      id: 'hot',
      name: 'Hot',
      aliases: ['hot'],
      process: 'SLS',
      densityGPerCm3: 2,
      pricePerCm3Minor: 20,
      buildRateCm3PerHour: 10,
      layerHeightMm: 0.1,
      leadDays: { min: 3, max: 5 },
      environments: ['heat', 'load'],
    },
  ],
};

const input = (overrides: Partial<EstimatePriceInput> = {}): EstimatePriceInput => ({
  size: { lengthMm: 100, widthMm: 100, heightMm: 100 },
  material: 'cheap',
  quantity: 1,
  environment: {},
  ...overrides,
});

describe('estimatePrice on hand-checked numbers', () => {
  // 100 mm cube = 1000 cm³ box → 100…200 cm³ printed. Per part (cheap): 100 × 10 + 100/10 × 1000 = 11 000 low,
  // 200 × 10 + 20 × 1000 = 22 000 high.
  it.each([
    { quantity: 1, perPart: [11_000, 22_000], total: [12_000, 23_000], factor: 1, lead: [2 + 1, 4 + 2] },
    { quantity: 2, perPart: [11_000, 22_000], total: [23_000, 45_000], factor: 1, lead: [2 + 2, 4 + 4] },
    { quantity: 10, perPart: [5_500, 11_000], total: [56_000, 111_000], factor: 0.5, lead: [2 + 10, 4 + 20] },
  ])('$quantity pcs', ({ quantity, perPart, total, factor, lead }) => {
    const estimate = estimatePrice({ input: input({ quantity }), data: simple });
    expect(estimate.perPartMinor).toEqual({ low: perPart[0], high: perPart[1] });
    expect(estimate.totalMinor).toEqual({ low: total[0], high: total[1] });
    expect(estimate.quantityBreakFactor).toBe(factor);
    expect(estimate.leadDays).toEqual({ min: lead[0], max: lead[1] });
    expect(estimate.volumeCm3).toEqual({ low: 100, high: 200 });
    expect(estimate.weightG).toEqual({ low: 100, high: 200 });
  });

  it('applies the minimum order to a tiny part and says so', () => {
    const estimate = estimatePrice({
      input: input({ size: { lengthMm: 10, widthMm: 10, heightMm: 10 } }),
      data: simple,
    });
    expect(estimate.totalMinor).toEqual({ low: 5000, high: 5000 });
    expect(estimate.minimumOrderApplied).toBe(true);
    expect(estimate.assumptions.join(' ')).toMatch(/charged at our minimum order value/);
    expect(estimate.assumptions.join(' ')).not.toMatch(/50 EUR/);
    expect(estimate.internal.notes.join(' ')).toMatch(/minimum order of 50 EUR applies/);
  });

  it('rounds the range outward to whole currency units', () => {
    const estimate = estimatePrice({
      input: input({ size: { lengthMm: 101, widthMm: 100, heightMm: 100 } }),
      data: simple,
    });
    expect(estimate.totalMinor.low % 100).toBe(0);
    expect(estimate.totalMinor.high % 100).toBe(0);
    expect(estimate.totalMinor.low).toBeLessThanOrEqual(1000 + estimate.perPartMinor.low);
    expect(estimate.totalMinor.high).toBeGreaterThanOrEqual(1000 + estimate.perPartMinor.high);
  });
});

describe('materials', () => {
  it.each([
    ['PETG', 'petg'],
    ['petg ', 'petg'],
    ['PA12 nylon, black', 'pa12'],
    ['PA12-GF', 'pa12-gf'],
    ['glass filled nylon', 'pa12-gf'],
    ['Polycarbonate', 'pc'],
    ['ABS or similar', 'asa'],
    ['TPU 95A', 'tpu'],
  ])('"%s" is %s', (wanted, id) => {
    expect(matchMaterial(shop.materials, wanted)?.id).toBe(id);
  });

  it.each(['help_me_choose', '', 'unobtainium', 'space'])('"%s" matches nothing', (wanted) => {
    expect(matchMaterial(shop.materials, wanted)).toBeUndefined();
  });

  it.each([
    [[], 'petg'],
    [['heat'], 'asa'],
    [['heat', 'chemicals'], 'pa12'],
    [['outdoorUv', 'motion'], 'asa'],
    [['heat', 'outdoorUv', 'chemicals'], 'petg'],
  ] as const)('recommends for %j: %s', (needs, id) => {
    expect(recommendMaterial(shop.materials, needs).id).toBe(id);
  });

  it('states the substitution when the customer asks us to choose', () => {
    const estimate = estimatePrice({
      input: input({ material: 'help_me_choose', environment: { heat: true } }),
      data: simple,
    });
    expect(estimate.material).toMatchObject({ id: 'hot', matched: false });
    expect(estimate.assumptions[0]).toBe(
      'You asked us to choose the material: priced in Hot (SLS), 0.1 mm layers; the technical review confirms the choice.',
    );
    expect(estimate.internal.notes[0]).toMatch(/Substituted Hot: the most economical material rated/);
  });

  it('warns when the named material is not rated for a named condition', () => {
    const estimate = estimatePrice({ input: input({ environment: { heat: true, load: true } }), data: simple });
    expect(estimate.material.id).toBe('cheap');
    expect(estimate.unsuitableFor).toEqual(['heat']);
    // A warning for staff, not a sentence for the buyer.
    expect(estimate.internal.warnings).toEqual([
      'Cheap is not rated for heat: check the material with the technical contact.',
    ]);
    expect(estimate.assumptions.join(' ')).not.toMatch(/not rated|technical contact/);
  });
});

describe('customer assumptions and internal costing', () => {
  it('words the customer part for the buyer', () => {
    const estimate = estimatePrice({
      input: input({ material: 'PETG', quantity: 50, size: { lengthMm: 120, widthMm: 80, heightMm: 40 } }),
      data: shop,
    });
    expect(estimate.assumptions).toEqual([
      'Printed in PETG (FDM), 0.2 mm layers.',
      'Sized from your request: 120 × 80 × 40 mm per part.',
      'Price for 50 pieces; larger batches cost less per piece.',
      'Includes the one-time setup of the print job.',
      'Lead time in working days, counted from the purchasing release.',
      'Excludes shipping and tax. A rough estimate, not an order or a firm quote.',
    ]);
  });

  it('keeps rates, capacity and breaks in the internal part', () => {
    const estimate = estimatePrice({ input: input({ material: 'PETG', quantity: 50 }), data: shop });
    const internal = estimate.internal.notes.join(' ');
    expect(internal).toContain('PETG (FDM) at 0.09 EUR/cm³ and 15 cm³ per machine hour at 18 EUR/h.');
    expect(internal).toContain('Quantity break for 50 parts: 20% off the unit price.');
    expect(internal).toContain('Capacity: 6 printers at 20 h a day');
    // The patterns the HTTP test uses do find the cost basis where it is.
    expect(costBasisIn(internal).length).toBeGreaterThan(4);
  });

  it('says nothing of larger batches at the top break', () => {
    const estimate = estimatePrice({ input: input({ material: 'PETG', quantity: 5000 }), data: shop });
    expect(estimate.assumptions).toContain('Price for 5000 pieces.');
    const one = estimatePrice({ input: input({ material: 'PETG', quantity: 1 }), data: shop });
    expect(one.assumptions).toContain('Price for 1 piece; larger batches cost less per piece.');
  });

  it('never puts the cost basis in the customer assumptions, for any part, material, quantity or condition', () => {
    const environment = fc.record({
      heat: fc.boolean(),
      load: fc.boolean(),
      motion: fc.boolean(),
      outdoorUv: fc.boolean(),
      chemicals: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.record({
          // Sizes that are not themselves cost-basis numbers, so a hit is the model's words.
          lengthMm: fc.integer({ min: 101, max: 999 }),
          widthMm: fc.integer({ min: 101, max: 999 }),
          heightMm: fc.integer({ min: 101, max: 999 }),
        }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(...shop.materials.map((m) => m.name), 'help_me_choose', 'unobtainium'),
        environment,
        (size, quantity, material, env) => {
          const estimate = estimatePrice({ input: input({ size, quantity, material, environment: env }), data: shop });
          expect(costBasisIn(estimate.assumptions.join('\n'))).toEqual([]);
        },
      ),
    );
  });
});

describe('quantity breaks', () => {
  it.each([
    [1, 1],
    [9, 1],
    [10, 0.9],
    [49, 0.9],
    [50, 0.8],
    [999, 0.7],
    [1000, 0.62],
    [1_000_000, 0.62],
  ])('%i pcs → ×%f', (quantity, factor) => {
    expect(quantityBreakFactor(shop.quantityBreaks, quantity)).toBe(factor);
  });
});

describe('properties over the shop data', () => {
  const size = fc.record({
    lengthMm: fc.integer({ min: 1, max: 2000 }),
    widthMm: fc.integer({ min: 1, max: 2000 }),
    heightMm: fc.integer({ min: 1, max: 2000 }),
  });

  it('always gives a whole-unit range low ≤ high, at least the minimum order, and a lead time min ≤ max', () => {
    fc.assert(
      fc.property(
        size,
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom('PETG', 'PA12', 'help_me_choose', 'TPU'),
        (s, quantity, material) => {
          const estimate = estimatePrice({ input: input({ size: s, quantity, material }), data: shop });
          expect(estimate.totalMinor.low).toBeLessThanOrEqual(estimate.totalMinor.high);
          expect(estimate.totalMinor.low).toBeGreaterThanOrEqual(shop.minimumOrderMinor);
          expect(Number.isSafeInteger(estimate.totalMinor.high)).toBe(true);
          expect(estimate.totalMinor.high % 100).toBe(0);
          expect(estimate.leadDays.min).toBeLessThanOrEqual(estimate.leadDays.max);
          expect(estimate.assumptions.at(-1)).toMatch(/not an order/);
        },
      ),
    );
  });

  it('never gets cheaper in total when the same part is ordered in a larger quantity within one break', () => {
    fc.assert(
      fc.property(size, fc.integer({ min: 1, max: 5000 }), (s, quantity) => {
        const factor = quantityBreakFactor(shop.quantityBreaks, quantity);
        fc.pre(quantityBreakFactor(shop.quantityBreaks, quantity + 1) === factor);
        const a = estimatePrice({ input: input({ size: s, quantity, material: 'PETG' }), data: shop });
        const b = estimatePrice({ input: input({ size: s, quantity: quantity + 1, material: 'PETG' }), data: shop });
        expect(b.totalMinor.high).toBeGreaterThanOrEqual(a.totalMinor.high);
      }),
    );
  });

  it('refuses a quantity below 1', () => {
    expect(() => estimatePrice({ input: input({ quantity: 0 }), data: shop })).toThrow(RangeError);
  });
});
