import type { EmulatorCorp } from './emulator-corp.js';
import type { WecomEmulator } from './wecom-emulator.js';

// The demo corp of local mode: a sales org with two teams, their managers, reps and an ops member.
// Its credentials are fixed and only ever used against the local emulator.

export const demoCorp: EmulatorCorp = {
  corpId: 'wwlocaldemo0001',
  secret: 'local-demo-secret-not-a-real-one',
  agentId: 1000002,
  token: 'LocalDemoToken01',
  aesKey: 'bG9jYWxkZW1va2V5bG9jYWxkZW1va2V5bG9jYWxkZW1',
};

/** Roles of the demo corp the product assigns at start-up: its ops member; its app administrator is admin. */
export const demoCorpRoles = { ops: ['qianyun'], appAdmins: ['chenjing'] };

const demoAdmin = {
  userid: 'chenjing',
  name: '陈静',
  department: [5],
  position: 'CRM系统管理员',
  customerContact: false,
};

/** The demo corp's app administrator, also in a corp saved before the console existed. */
export function ensureDemoAdmin(emulator: WecomEmulator): void {
  if (!emulator.state.users.has(demoAdmin.userid)) {
    emulator.addUser(demoAdmin);
  }
  emulator.state.appAdmins = [...demoCorpRoles.appAdmins];
}

export function seedDemoCorp(emulator: WecomEmulator): void {
  emulator.addDepartment(1, '演示科技有限公司', 0);
  emulator.addDepartment(2, '销售部', 1);
  emulator.addDepartment(3, '华东SMB组', 2);
  emulator.addDepartment(4, '大客户KA组', 2);
  emulator.addDepartment(5, '销售运营部', 1);
  emulator.addUser({
    userid: 'zhaolei',
    name: '赵磊',
    department: [3],
    is_leader_in_dept: [1],
    position: '华东SMB组主管',
  });
  emulator.addUser({ userid: 'wangfang', name: '王芳', department: [3], position: '销售' });
  emulator.addUser({ userid: 'lihua', name: '李华', department: [3], position: '销售' });
  emulator.addUser({ userid: 'sunli', name: '孙丽', department: [4], is_leader_in_dept: [1], position: 'KA组主管' });
  emulator.addUser({ userid: 'zhoujie', name: '周杰', department: [4], position: '大客户经理' });
  emulator.addUser({ userid: 'qianyun', name: '钱芸', department: [5], position: '销售运营', customerContact: false });
}

/** CRM roles WeCom's address book cannot say: the ops member works as 销售运营 in the product. */
export const demoRoles: Record<string, 'ops'> = { qianyun: 'ops' };
