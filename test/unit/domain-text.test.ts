/** The one rule for acceptable text (src/domain/text.ts): what it refuses, and the words it uses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { AppError } from '../../src/domain/errors.js';
import { parseOrThrow } from '../../src/domain/request-schema.js';
import { findTextFault, multiLineText, singleLineText, textFault, type TextFault } from '../../src/domain/text.js';

describe('textFault', () => {
  it.each<[string, string, TextFault | undefined, TextFault | undefined]>([
    ['plain text', 'Pump housing bracket', undefined, undefined],
    ['accents, symbols and emoji', 'Größe 80 °C, 20 N – ok 👍🏽', undefined, undefined],
    ['a NUL', 'a\u0000b', 'control character', 'control character'],
    ['a bell', 'a\u0007b', 'control character', 'control character'],
    ['DEL', 'a\u007fb', 'control character', 'control character'],
    ['a C1 control (NEL)', 'a\u0085b', 'control character', 'control character'],
    ['the last C1 control', 'a\u009fb', 'control character', 'control character'],
    ['a line break', 'line one\nline two', 'line break', undefined],
    ['a Windows line break', 'line one\r\nline two', 'line break', undefined],
    ['a tab', 'a\tb', 'tab', undefined],
    ['a lone high surrogate', 'a\ud800b', 'broken character', 'broken character'],
    ['a lone low surrogate', 'a\udc00b', 'broken character', 'broken character'],
    ['half an emoji at the end', 'ok \ud83d', 'broken character', 'broken character'],
    ['surrogates in the wrong order', '\ude00\ud83d', 'broken character', 'broken character'],
    ['a line separator (not a control)', 'a\u2028b', undefined, undefined],
  ])('%s', (_title, text, single, multi) => {
    expect(textFault(text, 'single-line')).toBe(single);
    expect(textFault(text, 'multi-line')).toBe(multi);
  });

  it('accepts every well-formed string without control characters, refuses it with one inserted', () => {
    const clean = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((text) => !/[\p{Cc}]/u.test(text));
    const control = fc.oneof(
      fc.integer({ min: 0, max: 0x1f }).filter((code) => code !== 0x09 && code !== 0x0a && code !== 0x0d),
      fc.integer({ min: 0x7f, max: 0x9f }),
    );
    fc.assert(
      fc.property(clean, control, fc.nat(), (text, code, at) => {
        expect(textFault(text, 'single-line')).toBeUndefined();
        const cut = at % (text.length + 1);
        const spoiled = `${text.slice(0, cut)}${String.fromCharCode(code)}${text.slice(cut)}`;
        // Cutting between the halves of a surrogate pair breaks the text even before the control.
        expect(['control character', 'broken character']).toContain(textFault(spoiled, 'multi-line'));
      }),
    );
  });
});

describe('singleLineText and multiLineText', () => {
  const name = singleLineText({
    label: 'the part name',
    max: 20,
    empty: 'Enter a name.',
    tooLong: 'Shorten the name.',
  });
  const notes = multiLineText({ label: 'the notes', max: 50, tooLong: 'Shorten the notes.' });
  const messages = (schema: z.ZodMiniType, value: unknown) =>
    schema.safeParse(value).error?.issues.map((issue) => issue.message);

  it('refuses with a message naming the field and the kind of character', () => {
    expect({
      nul: messages(name, 'Bracket\u0000'),
      surrogate: messages(name, 'Bracket \ud800'),
      newline: messages(name, 'Bracket\nclip'),
      tab: messages(name, 'Bracket\tclip'),
      notesNul: messages(notes, 'line\n\u0000'),
    }).toMatchInlineSnapshot(`
      {
        "newline": [
          "Put the part name on one line: remove the line break and try again.",
        ],
        "notesNul": [
          "There is a character we cannot store in the notes (an invisible control character). Remove it and try again.",
        ],
        "nul": [
          "There is a character we cannot store in the part name (an invisible control character). Remove it and try again.",
        ],
        "surrogate": [
          "There is a character we cannot store in the part name (a broken character, such as half of an emoji). Retype that part and try again.",
        ],
        "tab": [
          "Put the part name on one line: remove the tab and try again.",
        ],
      }
    `);
  });

  it('trims, keeps line breaks and tabs in multi-line text, and says when a value is not text', () => {
    expect(name.parse('  Bracket  ')).toBe('Bracket');
    expect(notes.parse(' one\r\ntwo\tthree ')).toBe('one\r\ntwo\tthree');
    expect(messages(name, 42)).toEqual(['Enter a name.']);
    expect(messages(notes, 42)).toEqual(['Enter the notes as text.']);
  });
});

describe('parseOrThrow as the last line of defence', () => {
  const careless = z.object({ email: z.string(), tags: z.array(z.string()) });

  function refusal(value: unknown): Record<string, string> | undefined {
    try {
      parseOrThrow(careless, value);
    } catch (error) {
      if (error instanceof AppError) return error.fields;
      throw error;
    }
    throw new Error('expected a refusal');
  }

  it('refuses text PostgreSQL cannot store even when the schema forgot the rule', () => {
    expect({
      nul: refusal({ email: 'a\u0000@b', tags: [] }),
      surrogate: refusal({ email: 'a@b', tags: ['ok', '\udfff'] }),
    }).toMatchInlineSnapshot(`
      {
        "nul": {
          "email": "There is a character we cannot store in this field (an invisible control character). Remove it and try again.",
        },
        "surrogate": {
          "tags.1": "There is a character we cannot store in this field (a broken character, such as half of an emoji). Retype that part and try again.",
        },
      }
    `);
    expect(parseOrThrow(careless, { email: 'a@b', tags: ['line\nbreak'] })).toEqual({
      email: 'a@b',
      tags: ['line\nbreak'],
    });
  });

  it("replaces zod's default messages with plain ones naming the field", () => {
    expect({
      array: refusal([]),
      string: refusal('x'),
      number: refusal(1),
      wrongTypes: refusal({ email: 1, tags: 'x' }),
    }).toMatchInlineSnapshot(`
      {
        "array": {
          "_form": "The form arrived empty or garbled; reload the page and send it again.",
        },
        "number": {
          "_form": "The form arrived empty or garbled; reload the page and send it again.",
        },
        "string": {
          "_form": "The form arrived empty or garbled; reload the page and send it again.",
        },
        "wrongTypes": {
          "email": "Check the "email" field: it is missing or not in the form we expect.",
          "tags": "Check the "tags" field: it is missing or not in the form we expect.",
        },
      }
    `);
  });

  it('finds the first broken text at any depth of a parsed value', () => {
    expect(findTextFault({ a: [{ b: 'fine' }, { c: 'x\u0001' }] })).toEqual({
      path: ['a', '1', 'c'],
      fault: 'control character',
    });
    expect(findTextFault({ a: ['fine', 1, null, true] })).toBeUndefined();
  });
});
