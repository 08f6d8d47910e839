/**
 * The shop's cost basis as text a customer must never see, derived from content/shop/pricing.json:
 * the machine-hour rate, printer count and hours a day, quantity breaks as percentages, prices per
 * cm³, build rates, and the fill fractions behind the volume. Each is matched as it would be written
 * ("18 EUR/h", "6 printers", "20%", "0.09", "15 cm³"), never as a bare number that dates and totals
 * contain anyway.
 */
import raw from '../../content/shop/pricing.json' with { type: 'json' };
import { pricingDataSchema } from '../../src/domain/pricing.js';

export const pricing = pricingDataSchema.parse(raw);

const num = (value: number) => value.toString().replace('.', '\\.');
// Not part of a longer number: "0.09" is not inside "90.09" or "0.095".
const alone = (pattern: string) => new RegExp(`(?<![\\d.,])${pattern}(?![\\d])`, 'i');
const percent = (fraction: number) => alone(`${Math.round(fraction * 100)}\\s?%`);

export interface CostBasisPattern {
  what: string;
  pattern: RegExp;
}

export function costBasisPatterns(): CostBasisPattern[] {
  const hour = pricing.machineHourRateMinor / 100;
  const currency = `(?:${pricing.currency}|€)`;
  const patterns: CostBasisPattern[] = [
    { what: 'machine-hour rate', pattern: alone(`${num(hour)}(?:\\.00)?\\s?${currency}\\s?/\\s?h`) },
    { what: 'machine-hour rate', pattern: alone(`€\\s?${num(hour)}(?:\\.00)?\\s?(?:/|per)\\s?h`) },
    { what: 'machine hour', pattern: /machine[- ]hour/i },
    { what: 'printer count', pattern: alone(`${pricing.printers}\\s+printers`) },
    { what: 'hours a day', pattern: alone(`${num(pricing.printerHoursPerDay)}\\s?h(?:ours)?\\s+(?:a|per)\\s+day`) },
    { what: 'fill fraction', pattern: percent(pricing.fillFraction.low) },
    { what: 'fill fraction', pattern: percent(pricing.fillFraction.high) },
    { what: 'bounding box', pattern: /bounding box/i },
  ];
  for (const step of pricing.quantityBreaks) {
    if (step.factor !== 1)
      patterns.push({ what: `quantity break from ${step.minQuantity}`, pattern: percent(1 - step.factor) });
  }
  for (const material of pricing.materials) {
    patterns.push(
      { what: `${material.name} price per cm³`, pattern: alone(num(material.pricePerCm3Minor / 100)) },
      { what: `${material.name} build rate`, pattern: alone(`${num(material.buildRateCm3PerHour)}\\s?cm(?:³|3)`) },
    );
  }
  patterns.push({ what: 'a price per cm³', pattern: /\/\s?cm(?:³|3)/i });
  return patterns;
}

/** What of the cost basis a text gives away; empty when nothing. */
export function costBasisIn(text: string): string[] {
  return costBasisPatterns()
    .filter(({ pattern }) => pattern.test(text))
    .map(({ what, pattern }) => `${what} (${pattern.source}): "${pattern.exec(text)?.[0] ?? ''}"`);
}
