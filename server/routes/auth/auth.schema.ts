import { z } from 'zod';

export const loginBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1, '缺少登录凭证')
    .max(256, '登录凭证格式不正确')
    .regex(/^[\w-]+$/, '登录凭证格式不正确')
    .describe('The code from wx.qy.login (valid 5 minutes, single use)'),
});
export type LoginBody = z.infer<typeof loginBody>;

export const localLoginBody = z.strictObject({
  userId: z
    .string()
    .trim()
    .min(1, '缺少成员账号')
    .max(64)
    .regex(/^[\w.@-]+$/, '成员账号格式不正确')
    .describe('WeCom userid of a member of the emulated corp'),
});
export type LocalLoginBody = z.infer<typeof localLoginBody>;

export const loginResponse = z.object({
  token: z.string().describe('Session token: send it as `Authorization: Bearer <token>`'),
  expiresAt: z.string().describe('When the token expires (ISO 8601); log in again after'),
  employee: z.object({ id: z.string(), name: z.string(), role: z.enum(['rep', 'manager', 'ops', 'admin']) }).loose(),
});

export const localMembersResponse = z.object({
  members: z.array(z.object({ userId: z.string(), name: z.string(), role: z.string().describe('rep or manager') })),
});
export type LocalMembersAnswer = z.infer<typeof localMembersResponse>;
