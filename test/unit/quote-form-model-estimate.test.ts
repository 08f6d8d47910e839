/**
 * The quote form's instant estimate from a measured 3D file: the quantity each mode prices, the report
 * rescaled when the customer says the file was drawn in inches, problems and orientations in words, the
 * preview's text alternative, and the price the geometry worker gives (lib/model-price.ts) following
 * material, quantity and orientation.
 */
import { describe, expect, it } from 'vitest';
import raw from '../../content/shop/pricing.json' with { type: 'json' };
import { measureMesh } from '../../src/domain/geometry/measure.js';
import type { GeometryReport } from '../../src/domain/geometry/report.js';
import { pricingDataSchema } from '../../src/domain/pricing.js';
import { priceModel, type ModelPriceInput } from '../../src/islands/lib/model-price.js';
import {
  figuresText,
  orientationChoices,
  priceInput,
  problemSentences,
  quantityFor,
  rescaleReport,
  sizeWhenPrinted,
} from '../../src/islands/quote-form/model-estimate.js';
import { emptyValues } from '../../src/islands/quote-form/values.js';
import { box, mushroom, scaled } from '../support/solids.js';

const data = pricingDataSchema.parse(raw);

function measured(solid: { positions: Float32Array; triangleCount: number }): GeometryReport {
  return measureMesh(
    { positions: solid.positions, triangleCount: solid.triangleCount, units: 'mm' },
    { format: 'stl', buildVolumeMm: data.buildVolumeMm ?? [250, 210, 210] },
  );
}

const values = (overrides: { material?: string; total?: number; mode?: 'rough_estimate' | 'sample' } = {}) => {
  const base = emptyValues('draft');
  return {
    mode: overrides.mode ?? 'rough_estimate',
    quantities: { ...base.quantities, sample: 2, total: overrides.total ?? 20 },
    part: { ...base.part, material: overrides.material ?? 'PETG' },
  } as const;
};

describe('the quantity a rough price is for', () => {
  it('is the one the mode asks about first, else 1', () => {
    expect(quantityFor(values())).toBe(20);
    expect(quantityFor(values({ mode: 'sample' }))).toBe(2);
    const none = emptyValues('draft');
    expect(quantityFor({ mode: 'production', quantities: none.quantities })).toBe(1);
  });
});

describe('a part drawn in another unit', () => {
  const tiny = measured(scaled(box([2, 1, 0.5]), 1));

  it('is flagged too small, and rescaled lengths, areas and volumes follow the unit the customer names', () => {
    expect(tiny.problems).toContain('too_small');
    const inches = rescaleReport(tiny, 'in', 25.4);
    expect(inches.units).toBe('in');
    expect(inches.boundingBoxMm[0]).toBeCloseTo(50.8, 6);
    expect(inches.volumeMm3).toBeCloseTo(tiny.volumeMm3 * 25.4 ** 3, 3);
    expect(inches.surfaceAreaMm2).toBeCloseTo(tiny.surfaceAreaMm2 * 25.4 ** 2, 3);
    expect(inches.orientation.heightMm).toBeCloseTo(tiny.orientation.heightMm * 25.4, 6);
    // The customer answered the unit question: it is no longer a problem or a suggestion.
    expect(inches.problems).not.toContain('too_small');
    expect(inches.unitSuggestion).toBeUndefined();
    expect(rescaleReport(tiny, 'mm', 1)).toBe(tiny);
  });
});

describe('words', () => {
  const part = measured(mushroom());

  it('offers the six orientations, the suggested one first and said so', () => {
    const choices = orientationChoices(part);
    expect(choices).toHaveLength(6);
    expect(choices[0]).toEqual({ up: '-z', label: 'Upside down (suggested)' });
    expect(choices.map((choice) => choice.up)).toContain('+z');
  });

  it('turns the size with the part', () => {
    const flat = measured(box([10, 20, 30]));
    expect(sizeWhenPrinted(flat, '+z')).toEqual([10, 20, 30]);
    expect(sizeWhenPrinted(flat, '-x')).toEqual([20, 30, 10]);
    expect(sizeWhenPrinted(flat, '+y')).toEqual([10, 30, 20]);
  });

  it('says what the picture shows, for a person who cannot see it', () => {
    expect(figuresText(part, '-z')).toBe(
      '3D preview of the part printed upside down: 60 × 60 × 40 mm (width × depth × height), 48 cm³, one piece, 68 triangles. No support needed in this orientation.',
    );
    expect(figuresText(part, '+z')).toMatch(/About [\d.]+ cm³ of support under the faces tinted orange\.$/);
  });

  it('names every problem in a sentence the customer can act on', () => {
    const sentences = problemSentences({
      ...part,
      problems: ['not_watertight', 'inside_out', 'zero_volume', 'too_small', 'too_large'],
    });
    expect(sentences).toHaveLength(5);
    expect(sentences[0]).toMatch(/gaps in its surface/);
    expect(sentences[3]).toMatch(/inches or metres/);
  });
});

describe('the instant price', () => {
  const part = measured(mushroom());
  const price = (input: Partial<ModelPriceInput> = {}) =>
    priceModel({ ...priceInput(part, '-z', values()), ...input }, data);

  it('is a money range for the quantity, with the assumptions in the buyer’s words', () => {
    const result = price();
    expect(result?.range).toMatch(/^€[\d,.]+ – €[\d,.]+$/);
    expect(result?.quantity).toBe(20);
    expect(result?.assumptions.join(' ')).toMatch(/not an order/);
  });

  it('follows orientation, quantity and material', () => {
    const upsideDown = price()?.totalMinor.high ?? 0;
    const upright = price({ up: '+z' })?.totalMinor.high ?? 0;
    // Upright the cap needs support: more material, more time.
    expect(upright).toBeGreaterThan(upsideDown);
    expect(price({ quantity: 200 })?.totalMinor.high).toBeGreaterThan(upsideDown);
    expect(price({ material: 'PA12' })?.totalMinor).not.toEqual(price()?.totalMinor);
    // An empty material is "help me choose", never a refusal.
    expect(price({ material: '' })).not.toBeNull();
  });

  it('gives nothing for a part with no volume, and never throws', () => {
    expect(price({ report: { ...part, volumeMm3: 0, problems: ['zero_volume'] } })).toBeNull();
    expect(price({ report: { ...part, volumeMm3: Number.NaN } })).toBeNull();
  });
});
