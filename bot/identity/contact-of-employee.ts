import type { Contact, Wechaty } from 'wechaty';
import { EmployeeModel } from '../../models/org/employee.model.js';

// The chat contact of a colleague the bot must message: the reverse of employeeOfContact(). Among the
// account's colleagues with the employee's name, the one whose handle or id is the WeCom userid; or
// the only one of that name. Namesakes without a matching userid are not guessed.

export async function contactOfEmployee(bot: Wechaty, userId: string): Promise<Contact | null> {
  const employee = await EmployeeModel.findOne({ userId, status: 'active' }, { name: 1 }).lean();
  if (!employee) {
    return null;
  }
  const colleagues = (await bot.Contact.findAll({ name: employee.name })).filter((c) => c.coworker() && !c.self());
  const byUserId = colleagues.find((c) => c.handle() === userId || c.id === userId);
  if (byUserId) {
    return byUserId;
  }
  return colleagues.length === 1 ? colleagues[0]! : null;
}
