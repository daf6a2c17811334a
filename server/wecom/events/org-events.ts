import { isAppError } from '../../../models/shared/app-error.js';
import {
  deleteDepartment,
  renameEmployee,
  resignEmployee,
  upsertDepartment,
  upsertEmployee,
  type WecomMember,
} from '../../../models/wecom/org-sync.js';
import { field, type WecomEventHandler } from './handler-env.js';

// change_contact events: the address book changed. Members are read back from WeCom (user/get) so
// the employee reflects WeCom as it is now; the event's own fields fill in what user/get withholds.

function numbers(list: string): number[] | undefined {
  return list
    ? list
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n))
    : undefined;
}

export const memberChanged: WecomEventHandler = async (event, env) => {
  const oldUserId = field(event, 'UserID');
  const userId = field(event, 'NewUserID') || oldUserId;
  if (!userId) {
    return 'ignored: no UserID';
  }
  if (userId !== oldUserId) {
    await renameEmployee(oldUserId, userId);
  }
  const fromEvent: WecomMember = {
    userid: userId,
    name: field(event, 'Name') || undefined,
    department: numbers(field(event, 'Department')),
    main_department: Number(field(event, 'MainDepartment')) || undefined,
    is_leader_in_dept: numbers(field(event, 'IsLeaderInDept')),
    position: field(event, 'Position') || undefined,
    mobile: field(event, 'Mobile') || undefined,
    email: field(event, 'Email') || undefined,
    status: Number(field(event, 'Status')) || undefined,
  };
  let fromWecom: WecomMember = { userid: userId };
  try {
    fromWecom = await env.wecom.getUser(userId);
  } catch (error) {
    if (!isAppError(error, 'WECOM_USER_NOT_FOUND')) {
      throw error;
    }
  }
  const defined = Object.fromEntries(Object.entries(fromEvent).filter(([, v]) => v !== undefined));
  const { created } = await upsertEmployee({ ...fromWecom, ...defined, userid: userId }, env.now);
  return `employee ${created ? 'created' : 'updated'}`;
};

export const memberDeleted: WecomEventHandler = async (event, env) => {
  const { known, awaitingHandover } = await resignEmployee(field(event, 'UserID'), env.now, `wecom:${event._id}`);
  return known ? `employee resigned; ${awaitingHandover} customers await handover` : 'ignored: unknown employee';
};

export const departmentChanged: WecomEventHandler = async (event) => {
  const id = Number(field(event, 'Id'));
  if (!Number.isInteger(id) || id <= 0) {
    return 'ignored: no department Id';
  }
  const parent = field(event, 'ParentId');
  const order = field(event, 'Order');
  const { created } = await upsertDepartment({
    id,
    name: field(event, 'Name') || undefined,
    parentid: parent ? Number(parent) : undefined,
    order: order ? Number(order) : undefined,
  });
  return `department ${created ? 'created' : 'updated'}`;
};

export const departmentDeleted: WecomEventHandler = async (event) => {
  await deleteDepartment(Number(field(event, 'Id')));
  return 'department deleted';
};
