import { appendFileSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { exactLengthStream, ShortReadError } from './exact-length-stream';

const tempDir = useTempDirs();

async function collect(stream: NodeJS.ReadableStream): Promise<{ body: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { body: Buffer.concat(chunks), error: null };
  } catch (error) {
    return { body: Buffer.concat(chunks), error };
  }
}

describe('a stream of exactly the declared bytes', () => {
  it('sends the head first, then the rest, and stops at the declared length when the file grew', async () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, Buffer.from('0123456789'));
    const handle = await open(file);
    appendFileSync(file, 'grown');
    const { body, error } = await collect(
      exactLengthStream(handle, 10, { head: Buffer.from('0123'), chunkBytes: 3 }),
    );
    expect(error).toBeNull();
    expect(body.toString()).toBe('0123456789');
  });

  it('ends with ShortReadError when the file shrank', async () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, Buffer.alloc(100, 1));
    const handle = await open(file);
    truncateSync(file, 40);
    const { body, error } = await collect(exactLengthStream(handle, 100, { chunkBytes: 16 }));
    expect(error).toBeInstanceOf(ShortReadError);
    expect(body.length).toBe(40);
  });

  it('sends nothing for a length of 0 (a procfs file is never read on)', async () => {
    const handle = await open('/proc/self/status');
    const { body, error } = await collect(exactLengthStream(handle, 0));
    expect(error).toBeNull();
    expect(body.length).toBe(0);
  });

  it('reads through the gate it is given', async () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, Buffer.alloc(50, 2));
    let reads = 0;
    const gate = <T>(read: () => Promise<T>): Promise<T> => {
      reads += 1;
      return read();
    };
    const { body } = await collect(exactLengthStream(await open(file), 50, { chunkBytes: 10, gate }));
    expect(body.length).toBe(50);
    expect(reads).toBe(5);
  });
});
