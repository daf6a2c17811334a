import { describe, expect, it } from 'vitest';
import { parseCompanyName } from '../../models/conflicts/keys/company-name.js';
import { checkCreditCode } from '../../models/conflicts/keys/credit-code.js';
import { customerKeys, normalizeCompanyName } from '../../models/conflicts/keys/customer-keys.js';
import { companyEmailDomain } from '../../models/conflicts/keys/email-domain.js';
import { compareNames } from '../../models/conflicts/name-similarity.js';
import { maskPhone, normalizePhone } from '../../models/conflicts/keys/phone.js';

const core = (name: string) => parseCompanyName(name).core;

describe('company names', () => {
  it('when a name carries a region, legal form and industry word, then its core name is the brand alone', () => {
    expect(core('北京字节跳动科技有限公司')).toBe('字节跳动');
    expect(core('字节跳动')).toBe('字节跳动');
    expect(core('阿里巴巴(中国)网络技术有限公司')).toBe('阿里巴巴');
    expect(core('华为技术有限公司')).toBe('华为');
  });

  it('when the region is a province and city chain, a district, or in brackets, then it is stripped and remembered', () => {
    for (const name of [
      '广东省深圳市腾讯计算机系统有限公司',
      '深圳市腾讯计算机系统有限公司',
      '深圳腾讯计算机系统有限公司',
      '腾讯计算机系统（深圳）有限公司',
    ]) {
      const parsed = parseCompanyName(name);
      expect(parsed.core).toBe('腾讯');
      expect(parsed.readings[0]).toMatchObject({ province: '广东', city: '深圳' });
    }
    expect(parseCompanyName('北京市海淀区华信达科技有限公司').readings[0]).toMatchObject({
      core: '华信达',
      province: '北京',
      city: '海淀',
    });
  });

  it('when the legal form or industry words vary, then the core name does not', () => {
    const variants = [
      '华信达科技有限公司',
      '华信达信息技术有限责任公司',
      '华信达网络科技股份有限公司',
      '华信达集团有限公司',
      '华信达（集团）有限公司',
      '华信达电子科技有限公司上海分公司',
      '华信达',
    ];
    expect(new Set(variants.map(core))).toEqual(new Set(['华信达']));
  });

  it('when the name is typed full-width, in traditional characters or with spaces and punctuation, then it normalises to the same key', () => {
    const keys = ['ＴＣＬ科技集团股份有限公司', 'TCL 科技集团股份有限公司', 'tcl科技集团股份有限公司'].map(
      normalizeCompanyName,
    );
    expect(new Set(keys).size).toBe(1);
    expect(normalizeCompanyName('北京華為技術有限公司')).toBe(normalizeCompanyName('北京华为技术有限公司'));
    expect(core('騰訊科技（深圳）有限公司')).toBe('腾讯');
  });

  it('when a bare region word starts the name, then the unstripped reading is kept too (安康 may be the brand)', () => {
    expect(parseCompanyName('安康信达科技有限公司').readings.map((r) => r.core)).toEqual(['信达', '安康信达']);
    const comparison = compareNames(
      parseCompanyName('北京安康信达科技有限公司'),
      parseCompanyName('安康信达科技有限公司'),
    );
    expect(comparison).toMatchObject({ likeness: 'core', sameEntity: true });
  });

  it('when two names share a core but name different cities, then they are the same brand, not the same entity', () => {
    const comparison = compareNames(
      parseCompanyName('北京华信达科技有限公司'),
      parseCompanyName('上海华信达科技有限公司'),
    );
    expect(comparison).toMatchObject({ likeness: 'core-elsewhere', sameEntity: false });
  });

  it('when two names differ by one character or only in a number, then they are not called the same entity', () => {
    expect(
      compareNames(parseCompanyName('深圳市宏达科技有限公司'), parseCompanyName('深圳市鸿达科技有限公司'))
        ?.sameEntity ?? false,
    ).toBe(false);
    expect(
      compareNames(parseCompanyName('测试客户12有限公司'), parseCompanyName('测试客户13有限公司'))?.sameEntity ?? false,
    ).toBe(false);
    // Two neighbouring characters swapped in a longer core is a slip, not another company.
    expect(
      compareNames(parseCompanyName('北京字跳节动科技有限公司'), parseCompanyName('北京字节跳动科技有限公司')),
    ).toMatchObject({ likeness: 'similar', sameEntity: true });
  });
});

describe('credit codes, phones and mail domains', () => {
  it('when a credit code passes the GB 32100-2015 check, then it is accepted however it is typed; otherwise refused', () => {
    expect(checkCreditCode('91110108551385082Q')).toEqual({ ok: true, code: '91110108551385082Q' });
    expect(checkCreditCode(' 9111 0108 5513 8508 2q ')).toEqual({ ok: true, code: '91110108551385082Q' });
    expect(checkCreditCode('９１４４０３００７０８４６１１３６Ｔ')).toEqual({ ok: true, code: '91440300708461136T' });
    expect(checkCreditCode('91110108551385082A')).toMatchObject({ ok: false, reason: 'checksum' });
    expect(checkCreditCode('9111010855138508IQ')).toMatchObject({ ok: false, reason: 'characters' });
    expect(checkCreditCode('911101085513')).toMatchObject({ ok: false, reason: 'length' });
    expect(customerKeys({ name: 'x', creditCode: '91110108551385082A' }).creditCode).toBeUndefined();
  });

  it('when a mobile or landline is written in any common format, then it normalises to one key', () => {
    for (const raw of ['+86 138-0013-8000', '0086 13800138000', '8613800138000', '138 0013 8000', '+8613800138000']) {
      expect(normalizePhone(raw)).toBe('13800138000');
    }
    for (const raw of [
      '(010) 6552-8888',
      '010-65528888',
      '+86 10 6552 8888',
      '86-10-65528888',
      '010-65528888-123',
      '010 6552 8888转123',
    ]) {
      expect(normalizePhone(raw)).toBe('010-65528888');
    }
    expect(normalizePhone('+86 755 8601 3388')).toBe('0755-86013388');
    expect(normalizePhone('12345')).toBe('');
    expect(maskPhone('13800138000')).toBe('138****8000');
  });

  it('when an e-mail is on a free mailbox, then it is no key; a company domain is, subdomains folded', () => {
    expect(companyEmailDomain('zhang@qq.com')).toBe('');
    expect(companyEmailDomain('Li@VIP.163.com')).toBe('');
    expect(companyEmailDomain('wang@mail.bytedance.com')).toBe('bytedance.com');
    expect(companyEmailDomain('sales@huawei.com.cn')).toBe('huawei.com.cn');
    expect(customerKeys({ name: 'x', emails: ['a@qq.com', 'b@corp.example.cn'] }).emailDomains).toEqual(['example.cn']);
  });
});
