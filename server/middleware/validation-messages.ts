import type { z } from 'zod';

// What a person reads when a request is refused: which field, in Chinese, and what is wrong with it,
// also in Chinese. Schemas that carry their own Chinese message keep it; every other zod issue is
// said here (zod's own texts are English, or in its zh-CN locale still say "string" and "undefined").

const fieldLabels: Record<string, string> = {
  address: '地址',
  assignments: '分配列表',
  boss: '老板',
  channel: '跟进方式',
  code: '登录码',
  complainantCustomerId: '申诉客户',
  contactId: '联系人',
  contactName: '联系人姓名',
  content: '跟进内容',
  creditCode: '统一社会信用代码',
  customerId: '客户',
  decision: '裁决结果',
  defaultTarget: '默认接手人',
  description: '说明',
  email: '邮箱',
  emails: '邮箱',
  grade: '意向等级',
  handoverUserId: '交接人',
  id: 'ID',
  industry: '行业',
  isKeyPerson: '是否关键决策人',
  kind: '类型',
  legalRepresentative: '法定代表人',
  limit: '条数',
  maxDaysInPool: '最多在公海天数',
  minDaysInPool: '最少在公海天数',
  name: '名称',
  nextFollowUpAt: '下次跟进时间',
  nextStep: '下一步计划',
  note: '备注',
  page: '页码',
  pageSize: '每页条数',
  phones: '电话',
  position: '职位',
  q: '搜索词',
  reason: '原因',
  region: '地区',
  sort: '排序',
  source: '来源',
  stage: '阶段',
  status: '状态',
  target: '接手人',
  title: '职位',
  userId: '成员',
  website: '官网',
};

const typeNames: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  array: '列表',
  object: '对象',
  date: '日期',
};

/** The Chinese name of the field an issue is about: its last named path segment. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((p): p is string => typeof p === 'string');
  return key ? (fieldLabels[key] ?? key) : '请求内容';
}

function sizeMessage(issue: z.core.$ZodRawIssue, big: boolean): string {
  const { origin } = issue as { origin?: string };
  const limit = Number((issue as { maximum?: unknown; minimum?: unknown })[big ? 'maximum' : 'minimum']);
  if (origin === 'string') {
    return big ? `最多 ${limit} 个字` : limit <= 1 ? '不能为空' : `至少 ${limit} 个字`;
  }
  if (origin === 'array' || origin === 'set') {
    return big ? `最多 ${limit} 项` : `至少 ${limit} 项`;
  }
  return big ? `不能大于 ${limit}` : `不能小于 ${limit}`;
}

/** zod's per-parse error map: a Chinese message for each issue a schema did not word itself. */
export function chineseIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) {
        return '必须填写';
      }
      const expected = String((issue as { expected?: unknown }).expected);
      return `应为${typeNames[expected] ?? '正确的格式'}`;
    }
    case 'too_small':
      return sizeMessage(issue, false);
    case 'too_big':
      return sizeMessage(issue, true);
    case 'invalid_value': {
      const values = ((issue as { values?: unknown[] }).values ?? []).map(String);
      return values.length > 0 && values.length <= 8 ? `只能是 ${values.join('、')} 之一` : '取值不在允许范围内';
    }
    case 'unrecognized_keys':
      return `不支持的字段：${((issue as { keys?: string[] }).keys ?? []).join('、')}`;
    case 'invalid_format':
      return '格式不正确';
    case 'not_multiple_of':
      return '数值不符合要求';
    default:
      return '格式不正确';
  }
}

export interface FieldProblem {
  /** Where, as the client sent it: body.content, query.page, body.phones.0 */
  field: string;
  /** The field in Chinese. */
  label: string;
  message: string;
}

/** The problems of one failed parse, one per issue (each unknown key its own). */
export function fieldProblems(part: string, issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [part, ...path, key].join('.'),
        label: key,
        message: '不支持这个字段',
      }));
    }
    return [{ field: [part, ...path].join('.'), label: fieldLabel(issue.path), message: issue.message }];
  });
}

/** The one-line Chinese summary: 「跟进内容」最多 5000 个字；「foo」不支持这个字段 */
export function problemSummary(problems: FieldProblem[]): string {
  const lines = [...new Set(problems.map((p) => `「${p.label}」${p.message}`))];
  const shown = lines.slice(0, 5).join('；');
  return `请求参数不正确：${shown}${lines.length > 5 ? ` 等 ${lines.length} 处` : ''}`;
}
