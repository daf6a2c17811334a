import { parseCallbackXml, type XmlFields } from './callback-xml.js';

// The parsed fields of a stored WeCom event. An event is stored with its decrypted XML only (the XML was
// checked and parsed before it was stored, so it parses again); events stored by an earlier version also carry
// the parsed `fields`, which are used as they are. Each event object is parsed once, however many fields its
// handler reads.

const parsed = new WeakMap<object, XmlFields>();

export function eventFields(event: { xml: string; fields?: unknown }): XmlFields {
  if (event.fields !== null && typeof event.fields === 'object') {
    return event.fields as XmlFields;
  }
  let fields = parsed.get(event);
  if (!fields) {
    fields = parseCallbackXml(event.xml);
    parsed.set(event, fields);
  }
  return fields;
}
