/**
 * The instant estimate from a measured 3D file, DOM-free so it is unit-tested: which quantity the mode
 * prices, the report rescaled when the customer says the file was drawn in inches or metres, the
 * problems in plain words, the orientation choices and the figures as text (the preview's text
 * alternative). The price itself comes from the geometry worker (lib/model-price.ts). Type imports
 * only, besides lib/model-figures: this module loads lazily and must not pull zod or the pricing in.
 */
import type { GeometryProblem, GeometryReport, LengthUnit, Orientation } from '../../domain/geometry/report.js';
import type { ModelPriceInput } from '../lib/model-price.js';
import { sizeWhenPrinted } from '../lib/model-figures.js';
import type { FormValues } from './values.js';

export { sizeWhenPrinted };

/** The quantity a rough price is for: the one the mode asks about first, as the shop's proposal picks it. */
export function quantityFor(values: Pick<FormValues, 'mode' | 'quantities'>): number {
  const { sample, openingLot, total } = values.quantities;
  const order =
    values.mode === 'sample'
      ? [sample, openingLot, total]
      : values.mode === 'production'
        ? [openingLot, total, sample]
        : [total, openingLot, sample];
  const found = order.find((value) => value !== undefined && Number.isInteger(value) && value >= 1);
  return found ?? 1;
}

const UNIT_WORDS: Record<LengthUnit, string> = {
  mm: 'millimetres',
  cm: 'centimetres',
  m: 'metres',
  in: 'inches',
  ft: 'feet',
  micron: 'microns',
};

export function unitWords(unit: LengthUnit): string {
  return UNIT_WORDS[unit];
}

/**
 * The report as if the file had been drawn in another unit: lengths × scale, areas × scale², volumes
 * × scale³. The size checks are the customer's answer now, so the unit problems and the suggestion go.
 */
export function rescaleReport(report: GeometryReport, unit: LengthUnit, scale: number): GeometryReport {
  if (scale === 1) return report;
  const area = scale * scale;
  const volume = area * scale;
  const figures = (o: GeometryReport['orientation']) => ({
    up: o.up,
    heightMm: o.heightMm * scale,
    overhangAreaMm2: o.overhangAreaMm2 * area,
    supportVolumeMm3: o.supportVolumeMm3 * volume,
  });
  const { unitSuggestion: _answered, ...rest } = report;
  return {
    ...rest,
    units: unit,
    volumeMm3: report.volumeMm3 * volume,
    surfaceAreaMm2: report.surfaceAreaMm2 * area,
    boundingBoxMm: [report.boundingBoxMm[0] * scale, report.boundingBoxMm[1] * scale, report.boundingBoxMm[2] * scale],
    orientation: figures(report.orientation),
    orientations: report.orientations.map(figures),
    problems: report.problems.filter((problem) => problem !== 'too_small' && problem !== 'too_large'),
  };
}

const PROBLEM_WORDS: Record<GeometryProblem, string> = {
  not_watertight:
    'The model has gaps in its surface (it is not watertight), so its volume is approximate. The shop checks the file before printing; exporting it again as a closed solid helps.',
  inconsistent_orientation:
    'Some faces of the model point inwards and others outwards, so the figures may be off. Exporting it again from your CAD program usually fixes this.',
  inside_out: 'The model is inside out (its faces point inwards). We measured it the right way round.',
  zero_volume: 'The model is flat or empty: it has no volume to print. Check that the export included the solid body.',
  too_small:
    'The model is under 3 mm on its longest side. If it was drawn in inches or metres, say so below and the figures follow.',
  too_large:
    'The model does not fit our printers in any orientation. If it was drawn in another unit, say so below; otherwise the shop will talk to you about splitting it.',
  too_many_triangles: 'The model has too many triangles to measure here; the shop measures it from the file.',
};

/** The report's problems, each as a sentence the customer can act on. */
export function problemSentences(report: GeometryReport): string[] {
  return report.problems.map((problem) => PROBLEM_WORDS[problem]);
}

const UP_WORDS: Record<Orientation, string> = {
  '+z': 'as drawn',
  '-z': 'upside down',
  '+x': 'on its side, X up',
  '-x': 'on its side, X down',
  '+y': 'on its end, Y up',
  '-y': 'on its end, Y down',
};

/** The orientation choices, the suggested one (least support) first and said so. */
export function orientationChoices(report: GeometryReport): { up: Orientation; label: string }[] {
  return report.orientations.map((o) => ({
    up: o.up,
    label: `${capitalise(UP_WORDS[o.up])}${o.up === report.orientation.up ? ' (suggested)' : ''}`,
  }));
}

export function figuresFor(report: GeometryReport, up: Orientation) {
  return report.orientations.find((o) => o.up === up) ?? report.orientation;
}

/** Support worth naming: over a cubic millimetre (below that it is rounding in the measuring). */
export function supportIn(report: GeometryReport, up: Orientation): number {
  const volume = figuresFor(report, up).supportVolumeMm3;
  return volume > 1 ? volume : 0;
}

const number = (value: number, digits = 1) =>
  new Intl.NumberFormat('en-GB', { maximumFractionDigits: value >= 100 ? 0 : digits }).format(value);

export function formatSize([a, b, c]: readonly number[]): string {
  return `${number(a ?? 0)} × ${number(b ?? 0)} × ${number(c ?? 0)} mm`;
}

export function formatVolume(mm3: number): string {
  return `${number(mm3 / 1000, 2)} cm³`;
}

/** The preview in words: what a person who cannot see the canvas needs to know about the part. */
export function figuresText(report: GeometryReport, up: Orientation): string {
  const size = sizeWhenPrinted(report, up);
  const support = supportIn(report, up);
  const parts = report.shells === 1 ? 'one piece' : `${report.shells} separate pieces`;
  return (
    `3D preview of the part printed ${UP_WORDS[up]}: ${formatSize(size)} (width × depth × height), ` +
    `${formatVolume(report.volumeMm3)}, ${parts}, ${number(report.triangleCount, 0)} triangles. ` +
    (support > 0
      ? `About ${formatVolume(support)} of support under the faces tinted orange.`
      : 'No support needed in this orientation.')
  );
}

/** What the worker prices: the measured part as turned, with the material and quantity from the form. */
export function priceInput(
  report: GeometryReport,
  up: Orientation,
  values: Pick<FormValues, 'mode' | 'quantities' | 'part'>,
): ModelPriceInput {
  const { heat, load, motion, outdoorUv, chemicals } = values.part.environment;
  return {
    report,
    up,
    material: values.part.material,
    quantity: quantityFor(values),
    environment: { heat, load, motion, outdoorUv, chemicals },
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
