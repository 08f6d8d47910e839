/**
 * The later plain field steps: part, technical contact, purchasing approver. Loaded after the page
 * starts, not with it (the first step is mode-step.tsx).
 */
import { useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { HELP_ME_CHOOSE } from '../../domain/request-fields.js';
import { site } from '../../domain/site.js';
import { messageAt } from '../lib/fields.js';
import { Checkbox, RadioGroup, TextField } from './fields.js';
import type { FormValues } from './values.js';

export function PartStep() {
  const { watch, setValue, formState } = useFormContext<FormValues>();
  const helpMe = watch('part.material') === HELP_ME_CHOOSE;
  const notes = watch('part.environment.notes');
  const finish = watch('part.finish');
  const detailErrors = Boolean(
    messageAt(formState.errors, 'part.environment.notes') || messageAt(formState.errors, 'part.finish'),
  );
  // Optional detail stays one click away; it opens by itself when it holds something or a problem.
  const [moreOpen, setMoreOpen] = useState(() => Boolean(notes || finish));
  const showMore = moreOpen || detailErrors;
  return (
    <>
      <div className="field-columns">
        <TextField path="part.name" label="Part name" hint='For example "Pump housing bracket".' />
        <RadioGroup
          path="part.kind"
          legend="Replacement or new?"
          className="choices-compact"
          choices={[
            { value: 'replacement', label: 'It replaces an existing part' },
            { value: 'new', label: 'It is a new part' },
          ]}
        />
      </div>
      <TextField
        path="part.problem"
        label="What problem does the part solve?"
        hint="What it does, what fails today, anything the shop should know."
        multiline
      />
      <fieldset className="field">
        <legend>Approximate size in millimetres</legend>
        <div className="size-row">
          <TextField path="part.size.lengthMm" label="Length (mm)" number inputMode="decimal" type="text" />
          <TextField path="part.size.widthMm" label="Width (mm)" number inputMode="decimal" type="text" />
          <TextField path="part.size.heightMm" label="Height (mm)" number inputMode="decimal" type="text" />
        </div>
      </fieldset>
      <div className="field-group field-columns">
        <div className="choice">
          <input
            type="checkbox"
            id="q-material-help"
            checked={helpMe}
            onChange={(event) =>
              setValue('part.material', event.target.checked ? HELP_ME_CHOOSE : '', { shouldDirty: true })
            }
          />
          <label htmlFor="q-material-help">
            <span className="choice-label">Help me choose the material</span>
            <span className="choice-hint">The shop recommends one from what the part must survive.</span>
          </label>
        </div>
        {!helpMe && (
          <>
            <TextField
              path="part.material"
              label="Material preference"
              hint={`For example ${site.materials.slice(0, 3).join(', ')}.`}
              list="material-suggestions"
            />
            <datalist id="material-suggestions">
              {site.materials.map((material) => (
                <option key={material} value={material} />
              ))}
            </datalist>
          </>
        )}
      </div>
      <fieldset className="field">
        <legend>What is the part exposed to?</legend>
        <p className="hint">Tick all that apply; leave all empty if none.</p>
        <div className="choice-grid">
          <Checkbox path="part.environment.heat" label="Heat" />
          <Checkbox path="part.environment.load" label="Load" />
          <Checkbox path="part.environment.motion" label="Motion or vibration" />
          <Checkbox path="part.environment.outdoorUv" label="Outdoor use or sunlight (UV)" />
          <Checkbox path="part.environment.chemicals" label="Oils, solvents or other chemicals" />
        </div>
      </fieldset>
      <div className="more-detail">
        {!detailErrors && (
          <button
            type="button"
            className="button-link"
            aria-expanded={showMore}
            aria-controls="q-more-detail"
            onClick={() => setMoreOpen(!showMore)}
          >
            {showMore ? 'Hide the optional detail' : 'Add optional detail: conditions in numbers, finish'}
          </button>
        )}
        <div id="q-more-detail" hidden={!showMore}>
          <TextField
            path="part.environment.notes"
            label="Conditions in numbers"
            hint="For example 80 °C continuous, 20 N on the clip."
            optional
            multiline
          />
          <TextField
            path="part.finish"
            label="Finish"
            hint="For example matte black, sanded, threaded inserts."
            optional
          />
        </div>
      </div>
    </>
  );
}

export function TechnicalStep() {
  return (
    <>
      <p className="step-intro">
        The person who answers “is this the right part?”: fit, geometry, material, whether a sample is needed. They get
        their own review link by email.
      </p>
      <TextField path="technicalContact.name" label="Name" autoComplete="name" />
      <TextField
        path="technicalContact.email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        hint="The review link goes here."
      />
      <TextField path="technicalContact.phone" label="Phone" type="tel" autoComplete="tel" optional />
      <TextField path="technicalContact.company" label="Company" autoComplete="organization" />
      <TextField path="technicalContact.jobTitle" label="Job title" autoComplete="organization-title" optional />
    </>
  );
}

export function PurchasingStep() {
  const { watch } = useFormContext<FormValues>();
  const same = watch('sameContactForBothRoles');
  const poStatus = watch('purchasingApprover.poStatus');
  return (
    <>
      <p className="step-intro">
        The person who may release the order: price, quantity, terms, PO. A technical thumbs-up never orders anything;
        only this person accepting a quote through their own purchasing link does.
      </p>
      <Checkbox
        path="sameContactForBothRoles"
        label="I will also approve the purchase"
        hint="Tick only if the technical contact is also the person who releases purchase orders."
      />
      {!same && (
        <>
          <TextField path="purchasingApprover.name" label="Approver's name" autoComplete="off" />
          <TextField
            path="purchasingApprover.email"
            label="Approver's email"
            type="email"
            inputMode="email"
            autoComplete="off"
            hint="Quotes to release go here, never to the technical contact."
          />
          <TextField path="purchasingApprover.company" label="Approver's company" autoComplete="off" />
          <TextField path="purchasingApprover.jobTitle" label="Approver's job title" autoComplete="off" optional />
        </>
      )}
      <RadioGroup
        path="purchasingApprover.poStatus"
        legend="Purchase order"
        choices={[
          { value: 'none', label: 'None yet' },
          { value: 'in_progress', label: 'In progress' },
          { value: 'issued', label: 'Issued' },
        ]}
      />
      {poStatus === 'issued' && <TextField path="purchasingApprover.poNumber" label="PO number" autoComplete="off" />}
      <SecondApproverFields />
    </>
  );
}

/**
 * Approval by amount at intake (architecture §11): one box, and only when it is ticked the second
 * approver and the amount above which both must release, grouped under their own legend.
 */
function SecondApproverFields() {
  const { watch } = useFormContext<FormValues>();
  const needed = watch('needsSecondApprover');
  return (
    <>
      <Checkbox
        path="needsSecondApprover"
        label="Orders above an amount need a second approver"
        hint="If your company needs two signatures above an amount, name the second approver: above it both release, each through their own link."
      />
      {needed && (
        <fieldset className="field second-approver">
          <legend>Second approver</legend>
          <TextField path="secondApprover.name" label="Second approver's name" autoComplete="off" />
          <TextField
            path="secondApprover.email"
            label="Second approver's email"
            type="email"
            inputMode="email"
            autoComplete="off"
            hint="Another person than the approver above. They get their own link when a quote above the amount arrives."
          />
          <TextField path="secondApprover.jobTitle" label="Second approver's job title" autoComplete="off" optional />
          <TextField
            path="secondApprover.threshold"
            label={`Amount above which both must release (${site.currency.toUpperCase()})`}
            inputMode="decimal"
            autoComplete="off"
            hint="The quote total, e.g. 5000. At or below it, the approver above releases alone."
          />
        </fieldset>
      )}
    </>
  );
}
