/**
 * The first step: what you need now (mode, quantities, date). The one step the page opens on, so it is
 * the one that loads with the page; the later steps (step-fields.tsx) load right after it starts.
 */
import { useFormContext } from 'react-hook-form';
import { MODE_NEXT, MODE_TITLE } from '../../domain/labels.js';
import { MODES, QUANTITY_NEED, type Mode, type QuantityField } from '../../domain/request-fields.js';
import { Checkbox, RadioGroup, TextField } from './fields.js';
import type { FormValues } from './values.js';

export function ModeStep({ today, dateExample }: { today: string; dateExample: string }) {
  const { watch } = useFormContext<FormValues>();
  const chosen = watch('mode');
  return (
    <>
      <RadioGroup
        path="mode"
        legend="What do you need now?"
        className="mode-choices"
        choices={MODES.map((mode) => ({ value: mode, label: MODE_TITLE[mode], hint: MODE_NEXT[mode] }))}
      />
      <Quantities mode={chosen} />
      <TextField
        path="neededBy"
        label="Needed by"
        type="date"
        min={today}
        hint={dateExample ? `The date you need the parts by, e.g. ${dateExample}.` : 'The date you need the parts by.'}
        className="field-date"
      />
    </>
  );
}

const QUANTITY_HINT: Record<Mode, string> = {
  sample: 'How many samples you need; add the later batch if you know it.',
  production: 'The total quantity, the opening lot, or both.',
  rough_estimate: 'The quantity you want priced, in any one box; a rough figure is fine.',
};

/** The quantities, marked required or optional as the chosen mode's rule says (`QUANTITY_NEED`). */
function Quantities({ mode }: { mode: Mode | undefined }) {
  const need = QUANTITY_NEED[mode ?? 'rough_estimate'];
  const props = (field: QuantityField) => ({
    optional: need[field] === 'optional',
    required: need[field] === 'required',
  });
  return (
    <fieldset className="field">
      <legend>Quantities</legend>
      <p className="hint">{QUANTITY_HINT[mode ?? 'rough_estimate']}</p>
      <div className="size-row">
        <TextField path="quantities.sample" label="Samples" number inputMode="numeric" {...props('sample')} />
        <TextField
          path="quantities.openingLot"
          label="Opening lot"
          number
          inputMode="numeric"
          {...props('openingLot')}
        />
        <TextField path="quantities.total" label="Total" number inputMode="numeric" {...props('total')} />
      </div>
      <Checkbox
        path="quantities.provisional"
        label="The quantity is still moving"
        hint="The shop can quote a provisional total and release it lot by lot."
      />
    </fieldset>
  );
}
