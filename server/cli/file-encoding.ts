import chardet from 'chardet';
import iconv from 'iconv-lite';

// Text files of companies come in whatever encoding the spreadsheet that saved them used: UTF-8 (with
// or without BOM), UTF-16 from Excel's "Unicode text", and on Chinese Windows GBK / GB18030 (Excel's
// default "CSV"), sometimes Big5. UTF-8 is taken when the bytes are valid UTF-8; otherwise the
// detector decides among the encodings such a file can have, and GB18030 (a superset of GBK) is the
// fallback for what it cannot tell.

const utf8 = new TextDecoder('utf-8', { fatal: true });
const plausible = /^(UTF-16LE|UTF-16BE|Big5|GB18030|GBK|GB2312|EUC-TW)$/i;

export function decodeText(content: Buffer): string {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
    return content.subarray(3).toString('utf8');
  }
  if (content[0] === 0xff && content[1] === 0xfe) {
    return iconv.decode(content.subarray(2), 'utf-16le');
  }
  if (content[0] === 0xfe && content[1] === 0xff) {
    return iconv.decode(content.subarray(2), 'utf-16be');
  }
  try {
    return utf8.decode(content);
  } catch {
    // not UTF-8: detect below
  }
  const detected = chardet.detect(content);
  const encoding = detected && plausible.test(detected) && iconv.encodingExists(detected) ? detected : 'gb18030';
  return iconv.decode(content, encoding);
}
