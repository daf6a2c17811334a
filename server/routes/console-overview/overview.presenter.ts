import type { ConsoleOverview } from '../../../models/console/console-overview.js';
import type { OverviewAnswer } from './console-overview.schema.js';

// The console's 概览 answer (GET /api/console/overview): the domain's figures are plain data already
// (business dates, counts, the digest's review); the answer names what it passes on.

export function presentOverview(overview: ConsoleOverview): OverviewAnswer {
  return {
    date: overview.date,
    scopeName: overview.scopeName,
    departments: overview.departments,
    digest: { team: overview.digest.team, teams: overview.digest.teams },
    daily: overview.daily,
  };
}
