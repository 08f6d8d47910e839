/**
 * The shop's pricing data, kept as JSON in content/shop/ so it is edited and reviewed like the guides,
 * and imported (not read from disk) so every serverless bundle carries it. Validated once on first use:
 * a typo in the file fails loudly instead of pricing with NaN.
 */
import raw from '../../../content/shop/pricing.json' with { type: 'json' };
import type { EstimateProposal } from '../../domain/contracts/inbox.js';
import { estimatePrice, pricingDataSchema, type PricingData } from '../../domain/pricing.js';
import { pricingGeometry } from '../requests/files.js';
import type { LoadedRequest } from '../requests/load-request.js';

let cached: PricingData | undefined;

export function pricingData(): PricingData {
  cached ??= pricingDataSchema.parse(raw);
  return cached;
}

export type { EstimateProposal };

/**
 * The proposal for a request: its measured 3D file (or else the size typed), material and environment,
 * at the quantity its mode asks about. Computed here from the figures the server measured and stored
 * on upload, never from figures a browser sent (architecture §5).
 */
export function proposeEstimateFor(loaded: Pick<LoadedRequest, 'details' | 'request' | 'files'>): EstimateProposal {
  const { part, quantities } = loaded.details;
  const choices: [EstimateProposal['quantityBasis'], number | undefined][] =
    loaded.request.mode === 'sample'
      ? [
          ['sample', quantities.sample],
          ['opening lot', quantities.openingLot],
          ['total', quantities.total],
        ]
      : loaded.request.mode === 'production'
        ? [
            ['opening lot', quantities.openingLot],
            ['total', quantities.total],
            ['sample', quantities.sample],
          ]
        : [
            ['total', quantities.total],
            ['opening lot', quantities.openingLot],
            ['sample', quantities.sample],
          ];
  const [quantityBasis, quantity] = choices.find(([, value]) => value !== undefined) ?? ['one part', 1];
  const measured = pricingGeometry(loaded.files);
  const estimate = estimatePrice({
    input: {
      size: part.size,
      material: part.material,
      quantity: quantity ?? 1,
      environment: part.environment,
      ...(measured ? { geometry: measured.geometry } : {}),
    },
    data: pricingData(),
  });
  if (!measured) return { ...estimate, quantityBasis };
  const which = measured.measuredFiles > 1 ? ` (the newest of ${measured.measuredFiles} measured 3D files)` : '';
  return {
    ...estimate,
    quantityBasis,
    sizedFrom: measured.file,
    internal: {
      ...estimate.internal,
      notes: [`Measured from ${measured.file.name}${which}.`, ...estimate.internal.notes],
    },
  };
}
