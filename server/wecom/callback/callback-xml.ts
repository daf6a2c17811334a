import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../../models/shared/app-error.js';

// WeCom callback XML, parsed defensively: a DOCTYPE or entity declaration is refused outright (no
// entity expansion, no external entities), anything not well-formed is refused, and only the five
// predefined XML entities are decoded.

export type XmlFields = Record<string, unknown>;

const FORBIDDEN = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST|<!NOTATION/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Multi-valued children of a change_external_chat update.
  isArray: (name) => name === 'Item',
});

// An event as WeCom writes it: <xml> holding flat elements, each with one CDATA section or plain text, no
// markup, entity, carriage return or control character. Every such string is well-formed XML, and what the
// parser makes of it is known: CDATA as it is, text trimmed, in document order. The parser renames or refuses
// names of Object.prototype and makes arrays of repeated names and of Item, so those take the parser's path.
// One pass of sticky expressions, field by field: the opening, each field (name, then its CDATA or its text),
// the closing. Inside CDATA no `]]>`, text holds no `<`, so each field's reading is the only one possible.
const CDATA = String.raw`<!\[CDATA\[((?:[^\]\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFE\uFFFF]|\](?!\]>))*)\]\]>`;
const TEXT = String.raw`([^<>&\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFE\uFFFF]*)`;
const FLAT_OPEN = /[ \t\n]*<xml>/y;
const FLAT_FIELD = new RegExp(String.raw`[ \t\n]*<([A-Za-z][A-Za-z0-9_]{0,63})>(?:${CDATA}|${TEXT})<\/\1>`, 'y');
const FLAT_CLOSE = /[ \t\n]*<\/xml>[ \t\n]*$/y;

/** The fields of a flat event, read without building a tree (the parser's result exactly), or null. */
function flatFields(xml: string): XmlFields | null {
  FLAT_OPEN.lastIndex = 0;
  if (!FLAT_OPEN.test(xml)) {
    return null;
  }
  const fields: XmlFields = {};
  let at = FLAT_OPEN.lastIndex;
  let count = 0;
  for (;;) {
    FLAT_FIELD.lastIndex = at;
    const field = FLAT_FIELD.exec(xml);
    if (field === null) {
      break;
    }
    const [, name, cdata, text] = field;
    if (name! in fields || name! in Object.prototype || name === 'prototype' || name === 'Item') {
      return null;
    }
    fields[name!] = cdata ?? text!.trim();
    at = FLAT_FIELD.lastIndex;
    count += 1;
  }
  FLAT_CLOSE.lastIndex = at;
  return count > 0 && FLAT_CLOSE.test(xml) ? fields : null;
}

/** The children of the <xml> root as plain strings (nested elements as objects/arrays). */
export function parseCallbackXml(xml: string): XmlFields {
  if (FORBIDDEN.test(xml)) {
    throw new AppError('WECOM_CALLBACK_XML_FORBIDDEN', '企业微信回调 XML 含有不允许的 DOCTYPE/实体声明');
  }
  return flatFields(xml) ?? parseXmlTree(xml);
}

/** parseCallbackXml through the XML library alone: validated, then parsed (DOCTYPEs not refused here). */
export function parseXmlTree(xml: string): XmlFields {
  if (XMLValidator.validate(xml) !== true) {
    throw new AppError('WECOM_CALLBACK_XML_INVALID', '企业微信回调 XML 格式不正确');
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch {
    throw new AppError('WECOM_CALLBACK_XML_INVALID', '企业微信回调 XML 格式不正确');
  }
  const root = (parsed as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    throw new AppError('WECOM_CALLBACK_XML_INVALID', '企业微信回调 XML 缺少 <xml> 根元素');
  }
  return root as XmlFields;
}

// The one <Encrypt> element of an envelope, as WeCom writes it: text in CDATA or bare. A regular
// expression anchored on the literal tag over bounded character classes: no tree is built.
const ENCRYPT_ELEMENT = /<Encrypt>\s*(?:<!\[CDATA\[([^\]<]{1,65536})\]\]>|([^<]{1,65536}))\s*<\/Encrypt>/g;

/**
 * The envelope's Encrypt field, found without parsing the XML, so the signature over it can be checked
 * before any XML tree is built for a sender who may not be WeCom. Refuses a body with none or several.
 */
export function extractEncryptField(body: string): string {
  const found = [...body.matchAll(ENCRYPT_ELEMENT)].slice(0, 2);
  if (found.length !== 1) {
    throw new AppError(
      'WECOM_CALLBACK_XML_INVALID',
      found.length === 0 ? '企业微信回调缺少 <Encrypt>' : '企业微信回调含有多个 <Encrypt>',
    );
  }
  return (found[0]![1] ?? found[0]![2]!).trim();
}

// An envelope as WeCom writes it: <xml> holding only flat elements, each with a CDATA section (no blank, no
// ']', no markup or control characters) or plain text (no markup or control characters, no entity). Every such string is
// well-formed XML whose elements the parser reads back unchanged, so it needs no tree.
const PLAIN_ENVELOPE =
  /^<xml>(?:[ \t\r\n]*<([A-Za-z][A-Za-z0-9_]{0,63})>(?:<!\[CDATA\[[^\]<>&\s\p{Cc}]*\]\]>|[^<>&\p{Cc}\uFFFE\uFFFF]*)<\/\1>)*[ \t\r\n]*<\/xml>[ \t\r\n]*$/u;

/**
 * Refuses (WECOM_CALLBACK_XML_INVALID) an envelope that is not well-formed XML or whose <Encrypt> is not
 * `encrypted` (the field its signature was checked over). A plain envelope is recognised without a parse.
 */
export function checkEnvelope(body: string, encrypted: string): void {
  if (body.length <= 65536 && PLAIN_ENVELOPE.test(body)) {
    return;
  }
  if (textField(parseCallbackXml(body), 'Encrypt') !== encrypted) {
    throw new AppError('WECOM_CALLBACK_XML_INVALID', '企业微信回调 XML 格式不正确');
  }
}

/** A field as a string ('' when absent or not a plain value). */
export function textField(fields: XmlFields, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function escapeCdata(value: string): string {
  return value.replace(/]]>/g, ']]]]><![CDATA[>');
}

/** Builds callback XML the way WeCom writes it (CDATA for strings, bare numbers), for the emulator. */
export function buildCallbackXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${escapeCdata(v)}]]></${k}>`))
    .join('');
  return `<xml>${body}</xml>`;
}
