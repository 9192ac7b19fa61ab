// Paper records kept off the JS heap: in a snapshot file, in its bytes, or in a build's spill file.
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../papers/paper.ts';

/**
 * Papers stored outside the JS heap: one JSON object each, at `offsets[doc]` to `offsets[doc + 1]` of a snapshot's
 * papers section. A query reads only the papers it shows and the rerank window (about 30, ~0.5 ms), so 1M papers
 * (1.8 GB of JSON, twice that as objects) cost the process 8 bytes each for their offset.
 */
export interface PaperRecords {
  readonly size: number;
  read(doc: number): Paper;
  /** The record's JSON text, unparsed (a snapshot copies it as it is). */
  text(doc: number): string;
}

/** Closes a descriptor when the object owning it is collected. */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** Reads `length` bytes at `position` of `fd`, or throws when the file is shorter. */
function readAt(fd: number, position: number, length: number, doc: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; ) {
    const n = readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) throw new RecordError(`paper ${doc} is cut short in its file`);
    done += n;
  }
  return bytes;
}

/** A record that cannot be read back (its bytes were checked by the snapshot's checksum, so a writer's bug). */
export class RecordError extends Error {
  readonly code = 'record_unreadable';
}

/** Records in a file, read with one positioned read each. The file descriptor is closed when the records are collected. */
export class FileRecords implements PaperRecords {
  /** `fd`: an open descriptor this object now owns; `base`: where the papers section starts in the file. */
  constructor(
    private readonly fd: number,
    private readonly base: number,
    private readonly offsets: Float64Array,
  ) {
    closer.register(this, fd);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  read(doc: number): Paper {
    return parseRecord(this.bytes(doc), doc);
  }

  text(doc: number): string {
    return lineText(this.bytes(doc));
  }

  private bytes(doc: number): Buffer {
    const from = this.offsets[doc];
    return readAt(this.fd, this.base + from, this.offsets[doc + 1] - from, doc);
  }
}

/**
 * Papers written to a file as they are added, so that a build does not keep them on the heap (1M papers are ~3 GB
 * of objects there, and every major garbage collection walks them): JSON lines in an unlinked temporary file, read
 * back by offset. The file is removed from its folder at once, so nothing is left behind whatever happens.
 */
export class SpillRecords implements PaperRecords {
  private readonly fd: number;
  private offsets = new Float64Array(1024);
  private count = 0;
  private written = 0;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `papers-${process.pid}-${randomUUID()}.spill`);
    this.fd = openSync(file, 'w+');
    try {
      unlinkSync(file);
    } catch {
      // A platform that cannot unlink an open file keeps it until the folder is cleaned.
    }
    closer.register(this, this.fd);
  }

  get size(): number {
    return this.count;
  }

  append(paper: Paper): void {
    const line = `${JSON.stringify(paper)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.count + 2 > this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[this.count + 1] = this.offsets[this.count] + bytes;
    this.count++;
    this.pending.push(line);
    this.pendingBytes += bytes;
    if (this.pendingBytes >= 4 << 20) this.flush();
  }

  read(doc: number): Paper {
    return parseRecord(this.bytes(doc), doc);
  }

  text(doc: number): string {
    return lineText(this.bytes(doc));
  }

  private bytes(doc: number): Buffer {
    this.flush();
    const from = this.offsets[doc];
    return readAt(this.fd, from, this.offsets[doc + 1] - from, doc);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''));
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** Records in memory (a snapshot made by the index worker and not saved to a file). */
export class BufferRecords implements PaperRecords {
  constructor(
    private readonly bytes: Buffer,
    private readonly offsets: Float64Array,
  ) {}

  get size(): number {
    return this.offsets.length - 1;
  }

  read(doc: number): Paper {
    return parseRecord(this.bytes.subarray(this.offsets[doc], this.offsets[doc + 1]), doc);
  }

  text(doc: number): string {
    return lineText(this.bytes.subarray(this.offsets[doc], this.offsets[doc + 1]));
  }
}

/** A record's bytes as text, without the newline that ends its line. */
function lineText(bytes: Buffer): string {
  return bytes.toString('utf8', 0, bytes.length > 0 && bytes[bytes.length - 1] === 10 ? bytes.length - 1 : bytes.length);
}

function parseRecord(bytes: Buffer, doc: number): Paper {
  try {
    return JSON.parse(bytes.toString('utf8')) as Paper;
  } catch {
    throw new RecordError(`paper ${doc} in the snapshot is not JSON`);
  }
}
