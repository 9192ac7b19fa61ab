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
];

export const SCHEMA_VERSION = MIGRATIONS.length;
