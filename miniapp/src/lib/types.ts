// Shapes of the API answers the pages use (the server's OpenAPI document at /api/openapi.json is the
// reference; the page tests run against the real server, so a drift fails them).

export interface PoolUsage {
  used: number;
  capacity: number;
  staked: number;
  stakeLimit: number;
  claimsToday: number;
  dailyClaimLimit: number;
}

export interface PoolItem {
  id: string;
  name: string;
  industry: string;
  region: string;
  source: string;
  grade: string | null;
  completeness: number;
  daysInPool: number | null;
  cooldownUntil: string | null;
  can: { claim: boolean; stake: boolean };
}

export interface PoolPage {
  items: PoolItem[];
  page: number;
  hasMore: boolean;
}

export interface DropCountdown {
  at: string;
  daysLeft: number;
  reason: string | null;
}

export interface CustomerBook {
  pool: PoolUsage;
  private: {
    id: string;
    name: string;
    grade: string | null;
    stage: string;
    locked: boolean;
    drop: DropCountdown | null;
  }[];
  staked: {
    id: string;
    name: string;
    completeness: number;
    greened: boolean;
    stakeDeadline: string | null;
    daysLeft: number | null;
  }[];
}

export interface ActionAnswer {
  customer: { id: string; state: string; grade: string | null; stage: string };
  pool: PoolUsage;
}

export interface QualityReason {
  code: string;
  message: string;
}

export interface FollowUpCheck {
  valid: boolean;
  score: number;
  reasons: QualityReason[];
  wouldCount: boolean;
  effect: string;
}

export interface CustomerDetail {
  id: string;
  name: string;
  state: string;
  stage: string;
  grade: string | null;
  owner: { id: string; name: string } | null;
  stakeDeadline: string | null;
  locked: boolean;
  drop: DropCountdown | null;
  cooldownUntil: string | null;
  profile: Record<string, unknown> & {
    industry: string;
    region: string;
    address: string;
    source: string;
    boss: string;
    creditCode: string;
    phones: string[];
  };
  completeness: { score: number; missing: string[] };
  contacts: {
    id: string;
    name: string;
    position: string;
    role: string | null;
    isKeyPerson: boolean;
    phones: string[];
    wechat: string;
    email: string;
    fromWecom: boolean;
  }[];
  contactsMasked: boolean;
  followUps: {
    id: string;
    at: string;
    author: string;
    channel: string;
    contactName: string;
    content: string;
    nextStep: string;
    valid: boolean;
    reasons: QualityReason[];
    counted: boolean;
  }[];
  gradeHistory: { from: string | null; to: string | null; at: string; by: string; reason: string }[];
  stageHistory: { from: string | null; to: string | null; at: string; by: string; reason: string }[];
  ledger: { at: string; action: string; actor: string; reason: string }[];
  /** The server's permission policy: a button is shown exactly when its action would succeed. */
  can: {
    followUp: boolean;
    changeGrade: boolean;
    changeStage: boolean;
    updateProfile: boolean;
    editContacts: boolean;
    release: boolean;
    claim: boolean;
    stake: boolean;
    unstake: boolean;
    lock: boolean;
    unlock: boolean;
    complain: boolean;
  };
}

export interface TeamTotals {
  followUps: number;
  valid: number;
  filler: number;
  newLeads: number;
  claims: number;
  releases: number;
  drops: number;
  newAClass: number;
  aClass: number;
  droppingTomorrow: number;
  conflicts: number;
  capacityUsed: number;
  capacityLimit: number;
}

export interface TeamFigures {
  reps: number;
  totals: TeamTotals;
  forecast: { nextMonth: { expected: number }; nextQuarter: { expected: number } };
  alarm: { noNewAClass: boolean; days: number };
}

export interface RepFigures {
  employeeId: string;
  name: string;
  followUps: { total: number; valid: number; filler: number };
  aClass: unknown[];
  claims: number;
  releases: number;
  drops: number;
  droppingTomorrow: { customerId: string; name: string }[];
  capacity: { used: number; limit: number };
}

export interface TeamReview {
  date: string;
  team: TeamFigures | null;
  reps: RepFigures[];
  teams: { departmentId: number; name: string; review: TeamFigures }[];
  droppingTomorrow: {
    id: string;
    name: string;
    ownerName: string;
    grade: string | null;
    at: string;
    reason: string | null;
  }[];
}
