/**
 * Which schema validates each step, and the react-hook-form resolver over it. Kept apart from
 * steps.ts because it brings zod and the whole request schema: the form imports this module only
 * when it first checks a step (and fetches it right after the page starts), so /quote/'s first
 * JavaScript goes without them (docs/architecture.md §3.5).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import { createRequestSchema, stepSchemas } from '../../domain/request-schema.js';
import { localToday, pickerDate, type FormStep } from './steps.js';
import type { FormValues } from './values.js';

/**
 * The schema for a step. The purchasing and review steps use the whole request schema: the rule
 * "the approver's email is not the technical contact's unless declared" spans two steps, and the
 * review must prove the whole request valid. Errors that land on an earlier step make the form go back
 * to it (e.g. a needed-by date that has passed since the draft was saved).
 */
export function schemaForStep(step: FormStep, today: string, formatDate?: (isoDate: string) => string) {
  const schemas = stepSchemas({ today, formatDate });
  switch (step) {
    case 'mode':
      return schemas.mode;
    case 'part':
      return schemas.part;
    case 'files':
      return schemas.files;
    case 'technical':
      return schemas.technical;
    case 'purchasing':
    case 'review':
      return createRequestSchema({ today, formatDate });
  }
}

/** The resolver for a step, dated today in the browser's own calendar. */
export function resolverForStep(step: FormStep): Resolver<FormValues> {
  // zod/mini's input type is not FormValues (inputs hold '' and undefined where the output has
  // optional fields); the schema checks the values, so widening the resolver's type is safe.
  return zodResolver(
    schemaForStep(step, localToday(new Date()), (date) => pickerDate(date)),
  ) as unknown as Resolver<FormValues>;
}
