// `npm run bench [-- <case prefix>]`
import { hostCases } from './cases/host';
import { runBench } from './harness';

await runBench([...hostCases], process.argv[2]);
