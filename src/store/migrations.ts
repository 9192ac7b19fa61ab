// The database schema, as numbered migrations; PRAGMA user_version records how many have been applied.

/**
 * Each entry moves the schema from version i to i + 1. Append only: never edit a migration that has shipped,
 * add a new one (a deployed database has already run the old text).
 * Timestamps are ISO-8601 UTC strings (`Date.toISOString()`), which sort as text, unless a migration says otherwise.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE subscriptions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    channel       TEXT    NOT NULL,
    creator       TEXT    NOT NULL,
    topic         TEXT    NOT NULL DEFAULT '',
    at_time       TEXT    NOT NULL,
    tz            TEXT    NOT NULL,
    days          TEXT    NOT NULL CHECK (days IN ('daily', 'weekdays')),
    count         INTEGER NOT NULL CHECK (count BETWEEN 1 AND 10),
    notify_empty  INTEGER NOT NULL DEFAULT 0,
    status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    pause_reason  TEXT,
    created_at    TEXT    NOT NULL
  );
  CREATE INDEX subscriptions_by_channel ON subscriptions (channel);

  CREATE TABLE runs (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    local_date      TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
    claimed_by      TEXT    NOT NULL,
    claimed_at      TEXT    NOT NULL,
    finished_at     TEXT,
    retryable       INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    message_ts      TEXT,
    paper_count     INTEGER,
    UNIQUE (subscription_id, local_date)
  );

  CREATE TABLE ledger (
    channel          TEXT NOT NULL,
    paper_id         TEXT NOT NULL,
    posted_at        TEXT NOT NULL,
    subscription_id  INTEGER,
    PRIMARY KEY (channel, paper_id)
  );

  CREATE TABLE papers (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    data        TEXT NOT NULL,
    fetched_at  TEXT NOT NULL
  );

  CREATE TABLE paper_first_seen (
    paper_id       TEXT PRIMARY KEY,
    first_seen_at  TEXT NOT NULL
  );

  CREATE TABLE feed_state (
    feed            TEXT PRIMARY KEY,
    last_polled_at  TEXT,
    last_error      TEXT
  );
  `,
  // 1 -> 2: Slack event_ids already handled, shared by every bot process on this file, so a retry that the load
  // balancer sends to another replica is still recognised (src/store/shared-seen-events.ts). seen_at is epoch
  // milliseconds, not ISO text: the hot path compares it arithmetically with the TTL; the index serves the prune.
  `
  CREATE TABLE slack_events_seen (
    event_id  TEXT    PRIMARY KEY,
    seen_at   INTEGER NOT NULL
  );
  CREATE INDEX slack_events_seen_by_time ON slack_events_seen (seen_at);
  `,
  // 2 -> 3: the lab feed. A channel's 👍/👎 per person and paper (buttons and reactions), the bot messages that show
  // one paper (so a reaction on one names its paper), and whether a digest ranks by the lab's taste. Rows that
  // belong to a workspace carry its team id ('' when the bot runs in one workspace and Slack did not say).
  `
  CREATE TABLE feedback (
    team_id    TEXT    NOT NULL DEFAULT '',
    channel    TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    paper_id   TEXT    NOT NULL,
    value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
    source     TEXT    NOT NULL CHECK (source IN ('button', 'reaction')),
    at         TEXT    NOT NULL,
    PRIMARY KEY (team_id, channel, user_id, paper_id)
  );
  CREATE INDEX feedback_by_channel ON feedback (team_id, channel);

  CREATE TABLE paper_messages (
    team_id   TEXT NOT NULL DEFAULT '',
    channel   TEXT NOT NULL,
    ts        TEXT NOT NULL,
    paper_id  TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    PRIMARY KEY (team_id, channel, ts)
  );

  ALTER TABLE subscriptions ADD COLUMN rank_by TEXT NOT NULL DEFAULT 'topic' CHECK (rank_by IN ('topic', 'lab'));
  ALTER TABLE subscriptions ADD COLUMN team_id TEXT NOT NULL DEFAULT '';
  `,
  // 3 -> 4: when a run that Slack certainly did not post (429, refused connection) may be tried again. Written before
  // the wait, so a process killed during a Retry-After leaves "not posted, retry at T" and the next start sends it.
  `
  ALTER TABLE runs ADD COLUMN retry_at TEXT;
  `,
  // 4 -> 5: paper links (docs/links.md): the metadata-lookup cache (arXiv, Crossref, OpenReview answers, `missing` included,
  // so one paper is fetched once); the lab's memory of shared links (paper, who, where, when: nothing else of the
  // message); what `corpus enrich` filled in per library paper, with its source, and each paper's outcome. The feedback
  // table is rebuilt to let a share count as the sharer's 👍 (source 'share'): SQLite cannot alter a CHECK.
  `
  CREATE TABLE paper_lookups (
    key         TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('found', 'missing')),
    paper_id    TEXT,
    data        TEXT,
    fetched_at  TEXT NOT NULL
  );

  CREATE TABLE shares (
    team_id     TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL,
    message_ts  TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    paper_id    TEXT NOT NULL,
    url         TEXT NOT NULL,
    shared_at   TEXT NOT NULL,
    PRIMARY KEY (team_id, channel, message_ts, paper_id)
  );
  CREATE INDEX shares_by_time ON shares (team_id, shared_at);
  CREATE INDEX shares_by_paper ON shares (team_id, paper_id);

  CREATE TABLE enriched_fields (
    paper_id  TEXT NOT NULL,
    field     TEXT NOT NULL,
    value     TEXT NOT NULL,
    source    TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (paper_id, field)
  );

  CREATE TABLE enrichment_outcomes (
    paper_id  TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('enriched', 'matched', 'ambiguous', 'unmatched')),
    detail    TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL
  );

  CREATE TABLE feedback_with_shares (
    team_id    TEXT    NOT NULL DEFAULT '',
    channel    TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    paper_id   TEXT    NOT NULL,
    value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
    source     TEXT    NOT NULL CHECK (source IN ('button', 'reaction', 'share')),
    at         TEXT    NOT NULL,
    PRIMARY KEY (team_id, channel, user_id, paper_id)
  );
  INSERT INTO feedback_with_shares (team_id, channel, user_id, paper_id, value, source, at)
    SELECT team_id, channel, user_id, paper_id, value, source, at FROM feedback;
  DROP TABLE feedback;
  ALTER TABLE feedback_with_shares RENAME TO feedback;
  CREATE INDEX feedback_by_channel ON feedback (team_id, channel);
  `,
  // 5 -> 6: reading lists (docs/personal.md): each person's saved papers per workspace, and the channel the Save was
  // clicked in ('' for the App Home), since a save counts as a 👍 of that channel in the lab feed.
  `
  CREATE TABLE saved_papers (
    team_id   TEXT NOT NULL DEFAULT '',
    user_id   TEXT NOT NULL,
    paper_id  TEXT NOT NULL,
    channel   TEXT NOT NULL DEFAULT '',
    saved_at  TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id, paper_id)
  );
  CREATE INDEX saved_papers_by_user ON saved_papers (team_id, user_id, saved_at);
  CREATE INDEX saved_papers_by_channel ON saved_papers (team_id, channel);
  `,
  // 6 -> 7: several workspaces and several hosts (docs/deploy.md). The ledger is keyed by workspace too (a channel id
  // is unique only within its workspace); old rows take their subscription's team. Leases let one replica of several
  // do a job (the arXiv poll) and another take over when it dies.
  `
  CREATE TABLE ledger_by_team (
    team_id          TEXT NOT NULL DEFAULT '',
    channel          TEXT NOT NULL,
    paper_id         TEXT NOT NULL,
    posted_at        TEXT NOT NULL,
    subscription_id  INTEGER,
    PRIMARY KEY (team_id, channel, paper_id)
  );
  INSERT INTO ledger_by_team (team_id, channel, paper_id, posted_at, subscription_id)
    SELECT COALESCE((SELECT s.team_id FROM subscriptions s WHERE s.id = l.subscription_id), ''), l.channel, l.paper_id, l.posted_at, l.subscription_id
    FROM ledger l;
  DROP TABLE ledger;
  ALTER TABLE ledger_by_team RENAME TO ledger;

  CREATE INDEX subscriptions_by_team_channel ON subscriptions (team_id, channel);

  CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  TEXT NOT NULL
  );
  `,
  // 7 -> 8: workspaces installed through OAuth (src/store/installations.ts): the bot token and the rest of Bolt's
  // installation, each sealed with TOKEN_ENCRYPTION_KEY (AES-256-GCM); one row per workspace, or per org install.
  `
  CREATE TABLE installations (
    team_id        TEXT NOT NULL DEFAULT '',
    enterprise_id  TEXT NOT NULL DEFAULT '',
    bot_user_id    TEXT,
    bot_id         TEXT,
    bot_token_enc  TEXT,
    scopes         TEXT NOT NULL DEFAULT '',
    installed_by   TEXT,
    installed_at   TEXT NOT NULL,
    data_enc       TEXT NOT NULL,
    PRIMARY KEY (team_id, enterprise_id)
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
