/**
 * Writes the contract's schemas of python-bridge's files (src/shared/contract/bridge-files.ts) as
 * JSON into python-bridge/tests/schemas/, where the stdlib-only unittest suite reads them.
 * `npx tsx tests/support/write-bridge-schemas.ts`; run-records.test.ts fails while they differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { bridgeFileSchemas } from '../../src/shared/contract/bridge-files';

const folder = join(import.meta.dirname, '..', '..', 'python-bridge', 'tests', 'schemas');

for (const [name, schema] of Object.entries(bridgeFileSchemas)) {
  const file = join(folder, name);
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify(schema), { ...options, filepath: file }));
}
