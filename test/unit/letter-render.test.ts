import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../src/letters/html.js';
import type { Letter } from '../../src/letters/letter.js';
import { renderLetterHtml } from '../../src/letters/render-html.js';
import { renderLetterText } from '../../src/letters/render-text.js';

const letter: Letter = {
  language: 'cy-GB',
  title: 'Llythyr at Ann',
  staffNote: null,
  sender: 'Example Ombudsman',
  date: '14 Mai 2026',
  recipient: { name: 'Ann', referenceLine: 'Ein cyfeirnod: A1' },
  subject: 'Cyfyngiadau',
  salutation: 'Annwyl Ann,',
  opening: ['Agoriad.'],
  sections: [
    {
      id: 'restrictions',
      heading: 'Y cyfyngiadau',
      blocks: [
        { kind: 'paragraph', text: 'Cyflwyniad.' },
        { kind: 'list', items: [{ text: 'Amseroedd:', items: ['Dydd Llun, o 10:00 tan 12:00'] }, { text: 'Recordio.' }] },
        { kind: 'subheading', text: 'Is-bennawd' },
      ],
    },
  ],
  closing: ['Diwedd.'],
  signOff: 'Yn gywir,',
  signature: 'Example Ombudsman',
};

describe('html helper', () => {
  it('escapes interpolated text, arrays and attributes, and passes nested templates through', () => {
    const name = `<img src=x onerror="alert('x')">`;
    expect(escapeHtml(name)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;');
    expect(html`<p title="${name}">${[name, html`<b>${'&'}</b>`]}${null}${false}${3}</p>`.value).toBe(
      `<p title="${escapeHtml(name)}">${escapeHtml(name)}<b>&amp;</b>3</p>`,
    );
  });
});

describe('renderLetterHtml', () => {
  const page = renderLetterHtml(letter);

  it('is a complete, printable document in the letter language', () => {
    expect(page).toMatch(/^<!doctype html>\n<html lang="cy-GB">/);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>Llythyr at Ann</title>');
    expect(page).toContain('@media print');
    expect(page).toContain('@page { size: A4;');
    expect(page).not.toContain('<script');
    expect(page.trimEnd()).toMatch(/<\/html>$/);
  });

  it('lays out headings, labelled sections and nested lists accessibly', () => {
    expect(page).toContain('<main>');
    expect(page).toContain('<h1>Cyfyngiadau</h1>');
    expect(page).toContain('<section id="restrictions" aria-labelledby="restrictions-heading">');
    expect(page).toContain('<h2 id="restrictions-heading">Y cyfyngiadau</h2>');
    expect(page).toContain('<li>Amseroedd:<ul><li>Dydd Llun, o 10:00 tan 12:00</li></ul></li><li>Recordio.</li>');
    expect(page).toContain('<h3>Is-bennawd</h3>');
  });

  it('shows a staff note only when there is one', () => {
    expect(page).not.toContain('staff-note"');
    expect(renderLetterHtml({ ...letter, staffNote: 'DRAFT' })).toContain('<aside class="staff-note" role="note">DRAFT</aside>');
  });
});

describe('renderLetterText', () => {
  it('lays the letter out as wrapped plain text with underlined headings and indented lists', () => {
    const long = 'gair '.repeat(40).trim();
    const text = renderLetterText({ ...letter, opening: [long] });
    expect(text).toContain('Example Ombudsman\n\n14 Mai 2026\n\nAnn\nEin cyfeirnod: A1\n\nCyfyngiadau\n-----------\n\nAnnwyl Ann,');
    expect(text).toContain('Y cyfyngiadau\n-------------\n\nCyflwyniad.\n\n  - Amseroedd:\n      - Dydd Llun, o 10:00 tan 12:00\n  - Recordio.');
    expect(text.endsWith('Yn gywir,\n\nExample Ombudsman\n')).toBe(true);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(text).not.toMatch(/<[a-z]/i);
  });
});
