import { describe, expect, it } from 'vitest';
import { detectCad, isAsciiStl, isBinaryStl, isStep, isThreeMf } from '../../src/server/files/file-types.js';
import { sanitizeFileName } from '../../src/server/files/file-name.js';
import { megabytes } from '../../src/server/files/read-multipart.js';
import { contentDisposition } from '../../src/server/files/get-file.js';
import { ASCII_STL, STEP_FILE, binaryStl, storedZip, threeMf } from '../support/intake.js';

describe('CAD detection from bytes', () => {
  it('recognises a binary STL only when its size matches its triangle count', () => {
    expect(isBinaryStl(binaryStl(1))).toBe(true);
    expect(isBinaryStl(binaryStl(1000))).toBe(true);
    expect(isBinaryStl(Buffer.concat([binaryStl(2), Buffer.from([0])]))).toBe(false);
    expect(isBinaryStl(binaryStl(2).subarray(0, 150))).toBe(false);
    const zero = binaryStl(1);
    zero.writeUInt32LE(0, 80);
    expect(isBinaryStl(zero)).toBe(false);
  });

  it('recognises an ASCII STL by its solid/facet/endsolid structure', () => {
    expect(isAsciiStl(Buffer.from(ASCII_STL))).toBe(true);
    expect(isAsciiStl(Buffer.from(`  \n${ASCII_STL}`))).toBe(true);
    expect(isAsciiStl(Buffer.from('solid but nothing else'))).toBe(false);
    expect(isAsciiStl(Buffer.from(ASCII_STL.replace('endsolid', 'end')))).toBe(false);
    expect(isAsciiStl(Buffer.from(`${ASCII_STL}\0`))).toBe(false);
  });

  it('recognises STEP by its ISO-10303-21 header, with or without a BOM', () => {
    expect(isStep(Buffer.from(STEP_FILE))).toBe(true);
    expect(isStep(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(STEP_FILE)]))).toBe(true);
    expect(isStep(Buffer.from(`HEADER;\n${STEP_FILE}`))).toBe(false);
  });

  it('recognises 3MF as a ZIP holding a 3D model part', () => {
    expect(isThreeMf(threeMf())).toBe(true);
    expect(isThreeMf(storedZip({ '3D/other.model': '<model/>' }))).toBe(true);
    expect(isThreeMf(storedZip({ 'word/document.xml': '<w/>' }))).toBe(false);
    expect(isThreeMf(storedZip({ 'x/3D/3dmodel.model': '<model/>' }))).toBe(false);
    expect(isThreeMf(Buffer.from('PK\x03\x04 truncated'))).toBe(false);
  });

  it('names the type and extension it found', () => {
    expect(detectCad(binaryStl(1))).toEqual({ contentType: 'model/stl', extension: 'stl' });
    expect(detectCad(threeMf())).toEqual({ contentType: 'model/3mf', extension: '3mf' });
    expect(detectCad(Buffer.from(STEP_FILE))).toEqual({ contentType: 'model/step', extension: 'step' });
    expect(detectCad(Buffer.from('hello'))).toBeUndefined();
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['bracket.png', 'bracket.png'],
    ['  spaced name.stl  ', 'spaced name.stl'],
    ['.hidden.png', 'hidden.png'],
    ['trailing.dots...', 'trailing.dots'],
    ['ctl\u0000\u0007\u001b[31mred.png', 'ctl[31mred.png'],
    ['rtl\u202egnp.exe', 'rtlgnp.exe'],
    ['Überarbeitung.step', 'Überarbeitung.step'],
    ['e\u0301.png', 'é.png'],
  ])('%j → %j', (raw, clean) => {
    expect(sanitizeFileName(raw)).toBe(clean);
  });

  it.each(['../etc/passwd', '..\\boot.ini', 'a/b.png', '/abs.png', '..', '.', '', '   '])('refuses %j', (raw) => {
    expect(() => sanitizeFileName(raw)).toThrow(/the file name is not valid/);
  });

  it('bounds the length and keeps the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(500)}.step`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.step')).toBe(true);
  });
});

describe('download headers and sizes', () => {
  it('serves images inline and CAD as attachments, with an RFC 5987 UTF-8 name', () => {
    expect(contentDisposition('image', 'photo 1.png')).toBe(
      `inline; filename="photo 1.png"; filename*=UTF-8''photo%201.png`,
    );
    expect(contentDisposition('cad', 'Halterung "neu" (2).step')).toBe(
      `attachment; filename="Halterung _neu_ (2).step"; filename*=UTF-8''Halterung%20%22neu%22%20%282%29.step`,
    );
    expect(contentDisposition('cad', 'Über.stl')).toBe(
      `attachment; filename="_ber.stl"; filename*=UTF-8''%C3%9Cber.stl`,
    );
  });

  it('words byte limits as people read them', () => {
    expect(megabytes(4 * 1024 * 1024)).toBe('4 MB');
    expect(megabytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(megabytes(2000)).toBe('2 KB');
  });
});
