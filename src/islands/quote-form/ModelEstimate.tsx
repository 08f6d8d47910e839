/** @jsxRuntime classic */
/**
 * What the form shows for one 3D file: the part in 3D, its measured size and volume, and an instant
 * price range from the measured mesh, labelled as a rough estimate, not an order. Loaded with
 * `React.lazy` by the files step when the first 3D file is added (the page's first JavaScript stays as
 * it was); the geometry worker and the preview worker (three.js) start from here, both off the main
 * thread, which keeps only the canvas and forwards the gestures (docs/architecture.md §3.4).
 *
 * Nothing here can break the form: a file the reader cannot open says so and the request goes on with
 * the typed size; a browser without WebGL gets the figures without the picture.
 */
// Classic JSX (React.createElement, the pragma above): the page's islands share react/jsx-runtime in
// one chunk with the API client; a lazy module importing jsx-runtime too would split that chunk and
// grow the page's first JavaScript (test/bench/quote-bundle.bench.ts).
import * as React from 'react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { LengthUnit, Orientation } from '../../domain/geometry/report.js';
import {
  analyseModelFile,
  modelFormatOf,
  priceMeasuredModel,
  type ModelAnalysis,
  type ModelPrice,
} from '../lib/geometry-client.js';
import { attachPreviewControls, canvasSize } from '../lib/preview-controls.js';
import {
  openPreview,
  previewRenderer,
  warmPreview,
  type PreviewRenderer,
  type PreviewSession,
} from '../lib/preview-client.js';
import {
  figuresText,
  formatSize,
  formatVolume,
  orientationChoices,
  priceInput,
  problemSentences,
  rescaleReport,
  sizeWhenPrinted,
  supportIn,
  unitWords,
} from './model-estimate.js';
import type { FormValues } from './values.js';

/** The units a customer may say the file was drawn in, with millimetres per unit. */
const UNIT_CHOICES: { unit: LengthUnit; scale: number }[] = [
  { unit: 'mm', scale: 1 },
  { unit: 'in', scale: 25.4 },
  { unit: 'cm', scale: 10 },
  { unit: 'm', scale: 1000 },
];

export type ModelEstimateProps = {
  file: File;
  name: string;
  /** What the price depends on from the other steps. */
  values: Pick<FormValues, 'mode' | 'quantities' | 'part'>;
  /**
   * Set when the file is over the upload limit: "12 MB, over the 4 MB upload limit". Passed in, like
   * the values, so this lazily loaded module shares no code with the page's first JavaScript.
   */
  overLimit?: string | undefined;
};

export default function ModelEstimate({ file, name, values, overLimit }: ModelEstimateProps) {
  const format = modelFormatOf(name);
  const [analysis, setAnalysis] = useState<ModelAnalysis | null>(null);
  const [chosenUp, setChosenUp] = useState<Orientation | null>(null);
  const [unit, setUnit] = useState<LengthUnit>('mm');
  const id = useId();

  // The renderer starts loading with the analysis, not after it: the preview is ready when the figures are.
  useEffect(() => warmPreview(), []);

  useEffect(() => {
    if (!format) return;
    let live = true;
    void analyseModelFile(file, format).then((result) => {
      if (live) setAnalysis(result);
    });
    return () => {
      live = false;
    };
  }, [file, format]);

  const scale = UNIT_CHOICES.find((choice) => choice.unit === unit)?.scale ?? 1;
  const report = useMemo(
    () => (analysis?.ok ? rescaleReport(analysis.report, unit, scale) : null),
    [analysis, unit, scale],
  );
  const up = chosenUp ?? report?.orientation.up ?? '+z';
  // Priced by the worker (it holds the pricing code and data); a reply for older choices is dropped.
  const [priced, setPriced] = useState<{ price: ModelPrice | null } | null>(null);
  useEffect(() => {
    if (!report) return;
    let live = true;
    void priceMeasuredModel(priceInput(report, up, values)).then((price) => {
      if (live) setPriced({ price });
    });
    return () => {
      live = false;
    };
  }, [report, up, values]);
  const price = priced?.price ?? null;

  let status: string;
  if (!analysis) status = `Measuring ${name}…`;
  else if (!report) status = `${name} could not be measured.`;
  else
    status = `${name} measured: ${formatSize(sizeWhenPrinted(report, up))}, ${formatVolume(report.volumeMm3)}.${
      price ? ` Rough price ${price.range}.` : ''
    }`;

  const showUnits = report !== null && unitProblem(analysis);

  return (
    <section className="model-estimate" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="model-title">
        Instant estimate from {name}
      </h3>
      {/* Polite: the figures arrive a moment after the file; a screen reader hears them when it is free. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {overLimit && (
        <p className="notice model-over-limit">
          {name} is {overLimit}, so it is not attached to your request. It was measured here in your browser for the
          estimate below; the shop needs the file itself, so send it another way (email or a download link) once you
          have sent the request.
        </p>
      )}
      {!analysis && <p className="meta">Measuring the model in your browser…</p>}
      {analysis && !analysis.ok && (
        <div className="model-unreadable" role="alert">
          <p>
            <strong>We could not open {name}.</strong> {analysis.message}
          </p>
          <p>
            You can still send the request: the estimate uses the size you typed on “The part” step, and the shop looks
            at the file itself.
          </p>
        </div>
      )}
      {analysis?.ok && report && (
        <>
          <Preview
            key={name}
            positions={analysis.positions}
            insideOut={analysis.report.problems.includes('inside_out')}
            up={up}
            scale={scale}
            description={`${figuresText(report, up)}${analysis.previewSimplified ? ' The picture is simplified; the figures are from the full model.' : ''}`}
            size={formatSize(sizeWhenPrinted(report, up))}
            support={supportIn(report, up) > 0}
            name={name}
          />
          <dl className="model-figures">
            <div>
              <dt>Size as printed</dt>
              <dd className="model-size">{formatSize(sizeWhenPrinted(report, up))}</dd>
            </div>
            <div>
              <dt>Volume</dt>
              <dd className="model-volume">{formatVolume(report.volumeMm3)}</dd>
            </div>
            <div>
              <dt>Support</dt>
              <dd>{supportIn(report, up) > 0 ? `about ${formatVolume(supportIn(report, up))}` : 'none needed'}</dd>
            </div>
            <div>
              <dt>Pieces</dt>
              <dd>{report.shells}</dd>
            </div>
          </dl>
          {report.problems.length > 0 && (
            <ul className="model-problems">
              {problemSentences(report).map((sentence) => (
                <li key={sentence}>{sentence}</li>
              ))}
            </ul>
          )}
          {showUnits && (
            <fieldset className="model-units">
              <legend>The numbers in the file are in</legend>
              {UNIT_CHOICES.map((choice) => (
                <label key={choice.unit} className="model-unit">
                  <input
                    type="radio"
                    name={`${id}-unit`}
                    value={choice.unit}
                    checked={unit === choice.unit}
                    onChange={() => setUnit(choice.unit)}
                  />{' '}
                  {unitWords(choice.unit)}
                  {choice.unit === analysis.report.unitSuggestion?.unit && ' (likely)'}
                </label>
              ))}
            </fieldset>
          )}
          <div className="field model-orientation">
            <label htmlFor={`${id}-up`}>Print orientation</label>
            <select id={`${id}-up`} value={up} onChange={(event) => setChosenUp(event.target.value as Orientation)}>
              {orientationChoices(report).map((choice) => (
                <option key={choice.up} value={choice.up}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          {!priced ? (
            <p className="meta">Working out the price…</p>
          ) : price ? (
            <div className="model-price">
              <p className="model-price-label">
                Rough price for {price.quantity} {price.quantity === 1 ? 'piece' : 'pieces'}
              </p>
              <p className="model-price-range">{price.range}</p>
              <p className="meta">
                A rough estimate from your file, not an order or a firm quote. Ready in about {price.leadDays.min}–
                {price.leadDays.max} working days after purchasing releases the order. The shop confirms the price after
                a person has looked at the file.
              </p>
              <details className="model-assumptions">
                <summary>What this estimate assumes</summary>
                <ul>
                  {price.assumptions.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </details>
            </div>
          ) : (
            <p className="meta">
              No price from this file: it has no volume to print. The shop prices from the size you typed instead.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function unitProblem(analysis: ModelAnalysis | null): boolean {
  if (!analysis?.ok) return false;
  const { problems, unitSuggestion } = analysis.report;
  return unitSuggestion !== undefined || problems.includes('too_small') || problems.includes('too_large');
}

type PreviewProps = {
  positions: Float32Array;
  insideOut: boolean;
  up: Orientation;
  scale: number;
  description: string;
  /** The measured size, drawn over the picture. */
  size: string;
  /** Some faces need support in this orientation (they are tinted). */
  support: boolean;
  name: string;
};

/**
 * The canvas, drawn by the preview worker (or, where a worker cannot draw, by three.js on the page);
 * words instead where WebGL is unavailable. The canvas is keyed by the renderer: one handed to a
 * worker that cannot draw is replaced by a fresh one for the page.
 */
function Preview({ positions, insideOut, up, scale, description, size, support, name }: PreviewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const session = useRef<PreviewSession | null>(null);
  const [renderer, setRenderer] = useState<PreviewRenderer>(previewRenderer);
  const [state, setState] = useState<'loading' | 'ready' | 'no-webgl'>('loading');
  const descriptionId = useId();
  // The view to open with, kept current by the effect below, which also sends every change.
  const view = useRef({ up, scale });

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    let live = true;
    let detach: (() => void) | undefined;
    const style = getComputedStyle(element);
    const opened = openPreview(renderer, {
      canvas: element,
      positions,
      insideOut,
      colours: {
        base: style.getPropertyValue('--color-brand-400').trim() || '#3f9599',
        tint: style.getPropertyValue('--color-highlight').trim() || '#d9822b',
        box: style.getPropertyValue('--color-muted').trim() || '#515a64',
      },
      size: canvasSize(element),
      view: view.current,
      onDrawn: () => {
        if (live) setState('ready');
      },
      onLost: () => {
        if (live) setState('no-webgl');
      },
    });
    void opened.then((result) => {
      if (!live) {
        if (typeof result === 'object') result.close();
        return;
      }
      if (result === 'try-page') setRenderer('page');
      else if (result === 'unavailable') setState('no-webgl');
      else {
        session.current = result;
        result.show(view.current);
        detach = attachPreviewControls({ canvas: element, input: result.input, resize: result.resize });
      }
    });
    return () => {
      live = false;
      detach?.();
      session.current?.close();
      session.current = null;
    };
  }, [positions, insideOut, renderer]);

  useEffect(() => {
    view.current = { up, scale };
    session.current?.show(view.current);
  }, [up, scale]);

  return (
    <figure className="model-preview">
      <canvas
        key={renderer}
        ref={canvas}
        className="model-canvas"
        hidden={state === 'no-webgl'}
        role="img"
        tabIndex={state === 'ready' ? 0 : -1}
        aria-label={`3D preview of ${name}. Arrow keys turn it, plus and minus zoom, 0 resets the view.`}
        aria-describedby={descriptionId}
      />
      {state === 'ready' && (
        <p className="model-overlay" aria-hidden="true">
          {size}
          {support && (
            <span className="model-legend">
              <span className="model-swatch" /> needs support
            </span>
          )}
        </p>
      )}
      {state === 'no-webgl' && (
        <p className="model-no-preview">
          Your browser cannot show the 3D preview here (WebGL is not available); the figures below are measured all the
          same.
        </p>
      )}
      <figcaption id={descriptionId} className="meta model-caption">
        {description}
      </figcaption>
    </figure>
  );
}
