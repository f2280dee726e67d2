/** Prepared statements of one database, each prepared once on first use and kept for the next. */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite';

/** The statement for a piece of SQL text, prepared on first use. */
export type PreparedSql = (text: string) => BetterSqlite3.Statement;

export function statementCache(db: SqliteDatabase): PreparedSql {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}
