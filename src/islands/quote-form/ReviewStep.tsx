/** Review: everything entered, grouped by step with a way back, and the handoff note the request starts with. */
import type { DraftFile } from './draft.js';
import { startingHandoffNote } from './handoff-preview.js';
import { reviewSections } from './review.js';
import type { FormStep } from './steps.js';
import type { FormValues } from './values.js';

export type ReviewStepProps = {
  values: FormValues;
  files: readonly DraftFile[];
  onEdit: (step: FormStep) => void;
};

export function ReviewStep({ values, files, onEdit }: ReviewStepProps) {
  return (
    <>
      <p className="step-intro">Check everything below, then send the request. Nothing is ordered by sending it.</p>
      {reviewSections(values, files).map((section) => (
        <section className="review-section" key={section.step} aria-labelledby={`review-${section.step}`}>
          <div className="review-head">
            <h3 id={`review-${section.step}`}>{section.title}</h3>
            <button type="button" className="button-link" onClick={() => onEdit(section.step)}>
              Change<span className="visually-hidden"> {section.title.toLowerCase()}</span>
            </button>
          </div>
          <dl>
            {section.rows.map((row, index) => (
              <div key={`${row.label}-${index}`}>
                <dt>{row.label}</dt>
                <dd>{row.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <section className="handoff" aria-labelledby="review-handoff">
        <h3 id="review-handoff">Where the request starts</h3>
        <p>{startingHandoffNote(values)}</p>
      </section>
    </>
  );
}
