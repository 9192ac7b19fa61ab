// Rows written before team ids were kept carry team_id '': a bot with one workspace token gives them to its workspace
// at start, so that scoping by team is strict everywhere (no other workspace of an OAuth install can ever see them).

/** Each table with a team id, and the columns that, with team_id, make a row unique. */
export const TEAM_TABLES: ReadonlyArray<{ table: string; key: string[] }> = [
  { table: 'subscriptions', key: ['id'] },
  { table: 'ledger', key: ['channel', 'paper_id'] },
  { table: 'feedback', key: ['channel', 'user_id', 'paper_id'] },
  { table: 'paper_messages', key: ['channel', 'ts'] },
  { table: 'shares', key: ['channel', 'message_ts', 'paper_id'] },
  { table: 'saved_papers', key: ['user_id', 'paper_id'] },
];

/**
 * The statements for one table, in order, with `$team` for the workspace: untagged rows move to it unless it already
 * has that row (its own wins), then the untagged copies left over are dropped. The same SQL on SQLite and PostgreSQL.
 */
export function adoptStatements(table: string, key: string[], param: (n: number) => string): string[] {
  const same = key.map((k) => `mine.${k} = ${table}.${k}`).join(' AND ');
  return [
    `UPDATE ${table} SET team_id = ${param(1)} WHERE team_id = '' AND NOT EXISTS (SELECT 1 FROM ${table} mine WHERE mine.team_id = ${param(1)} AND ${same})`,
    `DELETE FROM ${table} WHERE team_id = ''`,
  ];
}
