import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { describeDecision, parseDecisionHeader } from '../../scripts/simulator/decision-header.js';
import { formatInline, formatTwiml } from '../../scripts/simulator/twiml-printer.js';
import { attribute, decodeEntities, findVerb, parseTwiml, TwimlError } from '../../scripts/simulator/twiml-reader.js';

const PUBLIC_URL = 'https://callguard.example.test';

function refusal(): string {
  const response = new twilio.twiml.VoiceResponse();
  const voice = { voice: 'Polly.Amy', language: 'en-GB' } as const;
  response.say(voice, 'We are not accepting phone calls from this number. You can still contact us in writing, by letter or by email.');
  const gather = response.gather({ action: `${PUBLIC_URL}/webhooks/voice/emergency?lang=en&attempt=1`, numDigits: 1, timeout: 5 });
  gather.say(voice, 'If this is an emergency, press 1.');
  response.hangup();
  return response.toString();
}

describe('parseTwiml', () => {
  it('reads elements, attributes in order, and decoded text', () => {
    const root = parseTwiml(refusal());
    expect(root.name).toBe('Response');
    const gather = root.children[1];
    if (gather?.type !== 'element') throw new Error('expected <Gather>');
    expect(gather.attributes).toEqual([
      ['action', `${PUBLIC_URL}/webhooks/voice/emergency?lang=en&attempt=1`],
      ['numDigits', '1'],
      ['timeout', '5'],
    ]);
    expect(attribute(gather, 'action')).toBe(`${PUBLIC_URL}/webhooks/voice/emergency?lang=en&attempt=1`);
    expect(attribute(gather, 'method')).toBeNull();
  });

  it('decodes predefined entities and character references', () => {
    expect(decodeEntities('It&#x2019;s &lt;1&gt; &amp; &quot;ok&quot; &apos;x&apos; &#169; &eacute;')).toBe('It’s <1> & "ok" \'x\' © &eacute;');
    const root = parseTwiml('<Response><Say>Don&#39;t &amp; won&#x2019;t</Say></Response>');
    expect(formatTwiml(root)).toEqual(['  <Say>Don\'t & won’t</Say>']);
  });

  it.each([
    ['', /empty body/],
    ['<html><body>Oops</body></html>', /one <Response> root element, found <html>/],
    ['<Response><Say>unclosed</Response>', /not well-formed XML/],
    ['Internal Server Error', /not well-formed XML/],
  ])('refuses %j', (xml, message) => {
    expect(() => parseTwiml(xml)).toThrow(TwimlError);
    expect(() => parseTwiml(xml)).toThrow(message);
  });
});

describe('formatTwiml', () => {
  it('prints the verbs indented, long text on one line, without the XML declaration or <Response>', () => {
    expect(formatTwiml(parseTwiml(refusal()))).toEqual([
      '  <Say voice="Polly.Amy" language="en-GB">We are not accepting phone calls from this number. You can still contact us in writing, by letter or by email.</Say>',
      `  <Gather action="${PUBLIC_URL}/webhooks/voice/emergency?lang=en&attempt=1" numDigits="1" timeout="5">`,
      '    <Say voice="Polly.Amy" language="en-GB">If this is an emergency, press 1.</Say>',
      '  </Gather>',
      '  <Hangup/>',
    ]);
  });

  it('keeps a short element with children on one line and splits a long one', () => {
    const response = new twilio.twiml.VoiceResponse();
    response.dial({ timeout: 20 }).number('+442079460999');
    const dial = response.dial({
      action: `${PUBLIC_URL}/webhooks/voice/dial-result`,
      timeout: 20,
      timeLimit: 900,
      record: 'record-from-answer',
    });
    dial.number('+442079460999');
    dial.client('alice');
    expect(formatTwiml(parseTwiml(response.toString()), '')).toEqual([
      '<Dial timeout="20"><Number>+442079460999</Number></Dial>',
      `<Dial action="${PUBLIC_URL}/webhooks/voice/dial-result" timeout="20" timeLimit="900" record="record-from-answer">`,
      '  <Number>+442079460999</Number>',
      '  <Client>alice</Client>',
      '</Dial>',
    ]);
  });

  it('shows an empty response for what it is', () => {
    expect(formatTwiml(parseTwiml('<?xml version="1.0"?><Response/>'))).toEqual(['  <Response/> (empty: Twilio hangs up)']);
  });

  it('puts back spaces between text and elements, and escapes quotes in attributes', () => {
    const root = parseTwiml('<Response><Say voice="a &quot;b&quot;">Hello <break time="1s"/> world</Say></Response>');
    const say = root.children[0];
    if (say === undefined) throw new Error('expected <Say>');
    expect(formatInline(say)).toBe('<Say voice="a &quot;b&quot;">Hello <break time="1s"/> world</Say>');
  });
});

describe('findVerb', () => {
  it('finds the first reachable verb of a name', () => {
    const search = findVerb(parseTwiml(refusal()), 'Gather');
    expect(search.kind).toBe('found');
    expect(findVerb(parseTwiml(refusal()), 'Dial')).toEqual({ kind: 'missing' });
  });

  it('knows that nothing after <Hangup>, <Reject> or a <Dial> with an action is run', () => {
    for (const ender of ['<Hangup/>', '<Reject reason="busy"/>', '<Redirect>/x</Redirect>', '<Dial action="/d"><Number>+1</Number></Dial>']) {
      const search = findVerb(parseTwiml(`<Response>${ender}<Gather action="/g"/></Response>`), 'Gather');
      expect(search.kind).toBe('unreachable');
    }
    const fallsThrough = findVerb(parseTwiml('<Response><Gather action="/g"/><Dial action="/d"><Number>+1</Number></Dial></Response>'), 'Dial');
    expect(fallsThrough.kind).toBe('found');
  });
});

describe('describeDecision', () => {
  it('reads a refusal', () => {
    expect(describeDecision('kind=refuse reason=bar breaches=1 emergency=yes')).toBe('refuse (bar) · 1 breach · emergency key offered');
  });

  it('reads a connection', () => {
    expect(describeDecision('kind=connect routes=2 record=yes time-limit=900 breaches=0 withheld=no')).toBe(
      'connect · 2 routes · recorded · time limit 900 s · 0 breaches · caller identified',
    );
    expect(describeDecision('kind=connect routes=1 record=no breaches=2 withheld=yes emergency=no')).toBe(
      'connect · 1 route · not recorded · 2 breaches · caller withheld · no emergency key',
    );
  });

  it('shows unknown or malformed tokens as they came', () => {
    expect(describeDecision('  kind=voicemail  mood=calm breaches=many strange reason=x=y ')).toBe(
      'voicemail (x=y) · mood=calm · breaches=many · strange',
    );
    expect(describeDecision('reason=bar')).toBe('reason=bar');
  });

  it('says when there is no header', () => {
    expect(describeDecision(null)).toBe('(no X-Callguard-Decision header)');
    expect(describeDecision('   ')).toBe('(no X-Callguard-Decision header)');
  });

  it('splits tokens', () => {
    expect(parseDecisionHeader('a=1 b= =c d')).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '' },
      { key: null, value: '=c' },
      { key: null, value: 'd' },
    ]);
  });
});

describe('formatTwiml with SSML', () => {
  it('keeps a <Say> on one line with its SSML, however long', () => {
    const response = new twilio.twiml.VoiceResponse();
    response.say({ voice: 'Polly.Amy', language: 'en-GB' }, '').prosody({ rate: 'slow' }, 'The organisation accepts calls from you only at set times, and this is not one of them.');
    expect(formatTwiml(parseTwiml(response.toString()))).toEqual([
      '  <Say voice="Polly.Amy" language="en-GB"><prosody rate="slow">The organisation accepts calls from you only at set times, and this is not one of them.</prosody></Say>',
    ]);
  });
});

describe('describeDecision, other tokens', () => {
  it('reads the single point of contact and the language', () => {
    expect(describeDecision('kind=connect spoc=yes language=cy-GB')).toBe('connect · single point of contact · language cy-GB');
    expect(describeDecision('kind=connect spoc=no language=<odd>')).toBe('connect · any staff · language=<odd>');
  });
});
