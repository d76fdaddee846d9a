import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedInStaff, type TestApp } from '../support/test-app.js';

let app: TestApp;
let agent: SignedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  agent = await app.staff('agent');
});
afterAll(() => app?.close());

describe('customers API', () => {
  it('creates a customer with 201, storing numbers as E.164 and defaulting the language', async () => {
    const res = await agent.api.post('/api/customers', {
      name: 'Morgan Example',
      reference: 'C-1001',
      phoneNumbers: ['07700 900301', '020 7946 0301', '+44 7700 900301'],
      communicationNeeds: 'Dyslexic: prefers calls to letters.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      name: 'Morgan Example',
      reference: 'C-1001',
      phoneNumbers: ['+447700900301', '+442079460301'],
      communicationNeeds: 'Dyslexic: prefers calls to letters.',
      language: 'en-GB',
    });
    expect((await agent.api.get(`/api/customers/${res.body.id}`)).body).toEqual(res.body);
  });

  it('finds the same customer by all four spellings of one UK number', async () => {
    const created = (await agent.api.post('/api/customers', { name: 'Four Spellings', phoneNumbers: ['07700 900123'] })).body;
    for (const spelling of ['07700 900123', '+44 (0)7700 900123', '00447700900123', '447700900123']) {
      const res = await agent.api.get(`/api/customers?phone=${encodeURIComponent(spelling)}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([created.id]);
    }
  });

  it('answers an unparseable number with 400 naming the field', async () => {
    const create = await agent.api.post('/api/customers', { name: 'Bad Number', phoneNumbers: ['07700 900400', 'call me maybe'] });
    expect(create.status).toBe(400);
    expect(create.body.error.fields).toHaveProperty(['phoneNumbers.1']);
    const search = await agent.api.get('/api/customers?phone=banana');
    expect(search.status).toBe(400);
    expect(search.body.error.fields).toHaveProperty('phone');
  });

  it('updates fields and replaces the phone numbers', async () => {
    const created = (await agent.api.post('/api/customers', { name: 'Sam Patch', phoneNumbers: ['07700 900501'] })).body;
    const res = await agent.api.patch(`/api/customers/${created.id}`, {
      phoneNumbers: ['07700 900502'],
      language: 'cy-GB',
      communicationNeeds: 'Speak slowly.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Sam Patch', phoneNumbers: ['+447700900502'], language: 'cy-GB', communicationNeeds: 'Speak slowly.' });
    expect((await agent.api.get('/api/customers?phone=07700900501')).body.items).toEqual([]);
  });

  it('lets two customers share a household number', async () => {
    const a = (await agent.api.post('/api/customers', { name: 'Household A', phoneNumbers: ['020 7946 0777'] })).body;
    const b = (await agent.api.post('/api/customers', { name: 'Household B', phoneNumbers: ['020 7946 0777'] })).body;
    const found = (await agent.api.get('/api/customers?phone=02079460777')).body.items.map((c: { id: string }) => c.id);
    expect(found.sort()).toEqual([a.id, b.id].sort());
  });

  it('answers 409 when a reference belongs to another customer', async () => {
    expect((await agent.api.post('/api/customers', { name: 'Ref One', reference: 'DUP-1' })).status).toBe(201);
    const dup = await agent.api.post('/api/customers', { name: 'Ref Two', reference: 'DUP-1' });
    expect(dup.status).toBe(409);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'X', language: 'fr-FR' }, 'language'],
    [{ name: 'X', phoneNumbers: '07700900123' }, 'phoneNumbers'],
    [{ name: 'X', communicationNeeds: 'x'.repeat(5000) }, 'communicationNeeds'],
    [{ name: 'X', favouriteColour: 'blue' }, 'body'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await agent.api.post('/api/customers', body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).join(' ') + res.body.error.message).toContain(field);
  });

  it('answers 404 for an unknown customer and 401 without a session', async () => {
    expect((await agent.api.get('/api/customers/6f1c1d8e-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await agent.api.patch('/api/customers/6f1c1d8e-0000-4000-8000-000000000000', { name: 'x' })).status).toBe(404);
    expect((await app.api.get('/api/customers')).status).toBe(401);
  });
});
