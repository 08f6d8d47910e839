/**
 * The instant price from a measured 3D file: `estimatePrice` with the geometry, reduced to what the
 * customer is shown (the range in money, lead time, the assumptions in their words). Runs in the
 * geometry worker beside the measuring, so the pricing code, its shop data and zod load there and not
 * with the page; pure, so it is unit-tested in Node.
 */
import type { GeometryReport, Orientation } from '../../domain/geometry/report.js';
import { formatMoney } from '../../domain/money.js';
import { estimatePrice, type EnvironmentKey, type PricingData } from '../../domain/pricing.js';
import { sizeWhenPrinted } from './model-figures.js';

export interface ModelPriceInput {
  report: GeometryReport;
  up: Orientation;
  /** What the customer wrote, or '' / 'help_me_choose' when they asked the shop to choose. */
  material: string;
  quantity: number;
  environment: Partial<Record<EnvironmentKey, boolean>>;
}

export interface ModelPrice {
  /** "€95 – €120", or one amount when the range has closed up. */
  range: string;
  totalMinor: { low: number; high: number };
  currency: string;
  quantity: number;
  leadDays: { min: number; max: number };
  /** Written for the buyer by the pricing: what the range rests on. */
  assumptions: string[];
}

/**
 * Float noise around zero (a support volume of −2e-13 mm³ where nothing needs support) taken as the zero
 * it is, so the pricing's check for impossible figures does not refuse a clean part. Anything larger
 * than a billionth of the part's box stays as it is, and the pricing refuses it.
 */
function withoutNoise(report: GeometryReport): GeometryReport {
  const box = report.boundingBoxMm[0] * report.boundingBoxMm[1] * report.boundingBoxMm[2];
  const tolerance = 1e-9 * (Number.isFinite(box) ? box : 0);
  const clean = (value: number) => (value < 0 && value > -tolerance ? 0 : value);
  const figures = (o: GeometryReport['orientation']) => ({
    ...o,
    overhangAreaMm2: clean(o.overhangAreaMm2),
    supportVolumeMm3: clean(o.supportVolumeMm3),
  });
  return { ...report, orientation: figures(report.orientation), orientations: report.orientations.map(figures) };
}

/** The price, or null when the mesh gives nothing to price (flat, empty) or the pricing refuses it. */
export function priceModel(input: ModelPriceInput, data: PricingData): ModelPrice | null {
  const { up, quantity, environment } = input;
  const report = withoutNoise(input.report);
  if (!(report.volumeMm3 > 0) || report.problems.includes('zero_volume')) return null;
  const [lengthMm, widthMm, heightMm] = sizeWhenPrinted(report, up);
  try {
    const estimate = estimatePrice({
      input: {
        size: { lengthMm, widthMm, heightMm },
        material: input.material.trim() === '' ? 'help_me_choose' : input.material,
        quantity,
        environment,
        geometry: report,
        orientation: up,
      },
      data,
    });
    const { low, high } = estimate.totalMinor;
    const money = (minor: number) => formatMoney(minor, estimate.currency);
    return {
      range: low === high ? money(low) : `${money(low)} – ${money(high)}`,
      totalMinor: { low, high },
      currency: estimate.currency,
      quantity: estimate.quantity,
      leadDays: estimate.leadDays,
      assumptions: estimate.assumptions,
    };
  } catch {
    // Figures the pricing refuses (a broken report) leave the form as it was: no price, no crash.
    return null;
  }
}
