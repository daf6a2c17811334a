import type { Role } from '../../models/org/employee.model.js';
import { grantStartupRoles } from '../../models/org/startup-roles.js';
import { systemActor } from '../../models/shared/domain-context.js';
import type { AppDeps } from '../app.js';
import { demoCorpRoles } from '../wecom/emulator/demo-corp.js';

/**
 * The console's first admins, granted at start-up once the org is synced: the WeCom app's
 * administrators (agent/get_admin_list) and ADMIN_USER_IDS; in local mode also the demo corp's ops
 * member. WeCom being unreachable only skips the app administrators.
 */
export async function grantFirstAdmins(deps: Pick<AppDeps, 'config' | 'wecom' | 'log' | 'clock'>): Promise<void> {
  let appAdmins: string[] = [];
  try {
    appAdmins = await deps.wecom.listAppAdmins();
  } catch (error) {
    deps.log.warn('could not read the WeCom app administrators; only ADMIN_USER_IDS become admins', { error });
  }
  const grants: { userId: string; role: Role }[] = [
    ...[...appAdmins, ...deps.config.adminUserIds].map((userId) => ({ userId, role: 'admin' as const })),
    ...(deps.config.mode === 'local' ? demoCorpRoles.ops.map((userId) => ({ userId, role: 'ops' as const })) : []),
  ];
  const granted = await grantStartupRoles(grants, systemActor('startup-roles'), deps.clock.now());
  if (granted.length > 0) {
    deps.log.info('console roles granted at start-up', { granted });
  }
}
