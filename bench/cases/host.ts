/** The headless host as users start it (`node bin/dpgui.js serve`): start-up time and request latency. */
import { Agent } from 'node:http';
import WebSocket from 'ws';
import type { RequestName } from '../../src/shared/contract';
import { launchHost, type RunningHost } from '../../tests/support/launch-headless-host';
import { postText } from '../../tests/support/post-channel';
import { summarize, type BenchCase } from '../harness';

type Host = Pick<RunningHost, 'port' | 'token'>;

const startHost = (): Promise<RunningHost> => launchHost({ checkResponses: false, removeDataDir: true });

/** The status of a POST of `{}` to the channel (its body read and dropped). */
const post = async (host: Host, channel: RequestName, agent: Agent): Promise<number> =>
  (await postText(host, channel, {}, agent)).status;

const coldStart: BenchCase = {
  name: 'host.cold_start',
  async run() {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const host = await startHost();
      const agent = new Agent({ keepAlive: false });
      const status = await post(host, 'app.info', agent);
      if (status !== 200) throw new Error(`first request answered ${status}`);
      samples.push(performance.now() - started);
      await host.stop();
    }
    const s = summarize(samples);
    return { value: s.median, unit: 'ms', min: s.min, max: s.max, runs: s.n };
  },
};

const requests = 2000;
const warmup = 200;

const roundtripHttp: BenchCase = {
  name: 'host.roundtrip_http',
  async run() {
    const host = await startHost();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < warmup; i++) await post(host, 'app.info', agent);
      const samples: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        await post(host, 'app.info', agent);
        samples.push((performance.now() - t) * 1000);
      }
      const s = summarize(samples);
      return { value: s.median, unit: 'µs', p99: s.p99, requests: s.n, channel: 'app.info', keepAlive: true };
    } finally {
      agent.destroy();
      await host.stop();
    }
  },
};

const roundtripWs: BenchCase = {
  name: 'host.roundtrip_ws',
  async run() {
    const host = await startHost();
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    let id = 0;
    const ask = (): Promise<void> =>
      new Promise((resolve) => {
        const mine = ++id;
        const onMessage = (data: Buffer): void => {
          if ((JSON.parse(data.toString()) as { id?: number }).id === mine) {
            ws.off('message', onMessage);
            resolve();
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'request', id: mine, channel: 'app.info', payload: {} }));
      });
    try {
      for (let i = 0; i < warmup; i++) await ask();
      const samples: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        await ask();
        samples.push((performance.now() - t) * 1000);
      }
      const s = summarize(samples);
      return { value: s.median, unit: 'µs', p99: s.p99, requests: s.n, channel: 'app.info' };
    } finally {
      ws.close();
      await host.stop();
    }
  },
};

export const hostCases: BenchCase[] = [coldStart, roundtripHttp, roundtripWs];
