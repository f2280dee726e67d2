// `npm run bench [-- <case prefix>]`
import { apiCases } from './cases/api';
import { bridgeCases } from './cases/bridge';
import { configsCases } from './cases/configs';
import { datasetsCases } from './cases/datasets';
import { fuzzCases } from './cases/fuzz';
import { hostCases } from './cases/host';
import { queueCases } from './cases/queue';
import { supervisorCases } from './cases/supervisor';
import { uiCases } from './cases/ui';
import { runBench } from './harness';

await runBench(
  [
    ...hostCases,
    ...fuzzCases,
    ...datasetsCases,
    ...bridgeCases,
    ...configsCases,
    ...supervisorCases,
    ...queueCases,
    ...apiCases,
    ...uiCases,
  ],
  process.argv[2],
);
