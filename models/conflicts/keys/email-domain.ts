// A company's e-mail domain identifies it; a free mailbox (qq.com, 163.com, gmail.com…) does not.

const freeMailDomains = new Set([
  'qq.com',
  'vip.qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  'vip.163.com',
  'vip.126.com',
  '188.com',
  'sina.com',
  'sina.cn',
  'vip.sina.com',
  'sohu.com',
  'tom.com',
  '21cn.com',
  '139.com',
  '189.cn',
  'wo.cn',
  'aliyun.com',
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.com.cn',
  'icloud.com',
  'me.com',
  'mac.com',
  'protonmail.com',
  'proton.me',
  'yandex.com',
  'mail.com',
  '263.net',
  'china.com',
]);

// Second-level zones under which a registrable domain has three labels (xx.com.cn).
const secondLevelZones = new Set([
  'com.cn',
  'net.cn',
  'org.cn',
  'gov.cn',
  'edu.cn',
  'ac.cn',
  'com.hk',
  'com.tw',
  'co.uk',
  'co.jp',
]);

/** The registrable domain of an address or a domain, lower case ('' when there is none). */
export function emailDomain(email: string): string {
  const text = email.normalize('NFKC').trim().toLowerCase();
  const at = text.lastIndexOf('@');
  const host = (at >= 0 ? text.slice(at + 1) : text).replace(/^\.+|\.+$/g, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) {
    return '';
  }
  const labels = host.split('.');
  const keep = secondLevelZones.has(labels.slice(-2).join('.')) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains.has(domain);
}

/** The company domain of an address, or '' for free mailboxes and malformed input. */
export function companyEmailDomain(email: string): string {
  const text = email.normalize('NFKC').trim().toLowerCase();
  const at = text.lastIndexOf('@');
  const host = at >= 0 ? text.slice(at + 1) : text;
  if (isFreeMailDomain(host)) {
    return '';
  }
  const domain = emailDomain(text);
  return isFreeMailDomain(domain) ? '' : domain;
}
