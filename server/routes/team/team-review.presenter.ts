import type { RepDrillDown, TeamReview } from '../../../models/digest/team-review-view.js';
import { presentCustomerBook } from '../my/customer-book.presenter.js';
import type { RepDrillDownAnswer, TeamReviewAnswer } from './team.schema.js';
import { idAndName } from '../../../models/shared/id-and-name.js';

// The team page's answers (GET /api/team/review, GET /api/team/reps/:id), shaped from the domain's
// review: the digest's figures as they are (plain data already), customers and notes with string ids
// and ISO instants.

export function presentTeamReview(review: TeamReview): TeamReviewAnswer {
  return {
    date: review.date,
    team: review.team,
    reps: review.reps,
    teams: review.teams,
    droppingTomorrow: review.droppingTomorrow.map(({ customer: c, ownerName }) => ({
      ...idAndName(c),
      ownerId: String(c.ownerId),
      ownerName,
      grade: c.grade ?? null,
      at: c.protectedUntil!.toISOString(),
      reason: c.dropReason ?? null,
    })),
  };
}

export function presentRepDrillDown(drill: RepDrillDown): RepDrillDownAnswer {
  return {
    ...presentCustomerBook(drill),
    todaysFollowUps: drill.todaysFollowUps.map((f) => ({
      id: String(f._id),
      customerId: String(f.customerId),
      at: f.createdAt.toISOString(),
      content: f.content,
      valid: f.quality?.valid ?? false,
      reasons: (f.quality?.reasons ?? []).map((r) => r.message),
    })),
  };
}
