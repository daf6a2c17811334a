// Compiled by `npm run typecheck` (never run): each answer type the mini-app reads from its generated
// declarations (miniapp/src/lib/api-types.generated.d.ts) must be the type of the server's zod schema.
// A schema changed without `npm run generate:client-types` fails here; the mini-app's own compile then
// fails wherever a page uses a field the server no longer answers.
import type * as Client from '../../miniapp/src/lib/api-types.generated.js';
import type * as Customers from '../../server/routes/customers/customer-answers.schema.js';
import type * as FollowUps from '../../server/routes/follow-ups/follow-ups.schema.js';
import type * as Me from '../../server/routes/me/me.schema.js';
import type * as My from '../../server/routes/my/my.schema.js';
import type * as Pool from '../../server/routes/pool/pool.schema.js';
import type * as Team from '../../server/routes/team/team.schema.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;

export type ClientTypesMatchServerSchemas = [
  Holds<Same<Client.ActionAnswer, Customers.ActionAnswer>>,
  Holds<Same<Client.CustomerDetailAnswer, Customers.CustomerDetailAnswer>>,
  Holds<Same<Client.DropCountdownAnswer, Customers.DropCountdownAnswer>>,
  Holds<Same<Client.FollowUpAnswer, Customers.FollowUpAnswer>>,
  Holds<Same<Client.PoolUsageAnswer, Customers.PoolUsageAnswer>>,
  Holds<Same<Client.ProfileAnswer, Customers.ProfileAnswer>>,
  Holds<Same<Client.FollowUpCheckAnswer, FollowUps.FollowUpCheckAnswer>>,
  Holds<Same<Client.MeAnswer, Me.MeAnswer>>,
  Holds<Same<Client.CustomerBookAnswer, My.CustomerBookAnswer>>,
  Holds<Same<Client.PoolFiltersAnswer, Pool.PoolFiltersAnswer>>,
  Holds<Same<Client.PoolPageAnswer, Pool.PoolPageAnswer>>,
  Holds<Same<Client.RepDrillDownAnswer, Team.RepDrillDownAnswer>>,
  Holds<Same<Client.TeamReviewAnswer, Team.TeamReviewAnswer>>,
];
