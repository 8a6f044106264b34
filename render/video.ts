import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { UserError } from '../util/errors';

/**
 * A walkthrough's frames as scenes/<id>/video.mp4: H.264, yuv420p, the frames at their rate. The
 * frames go to ffmpeg as raw RGB (no PNG round trip), encoded by one thread with fixed settings
 * and no version tags, so the same frames make the same bytes on one machine, across restarts.
 */

/** The one place that finds ffmpeg: $SIM_FFMPEG, then the PATH. */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): string {
  const set = env.SIM_FFMPEG;
  if (set) {
    if (isExecutable(set)) return set;
    throw new UserError(`SIM_FFMPEG=${set} is not an executable file; point it at an ffmpeg binary`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const path = join(dir, 'ffmpeg');
    if (dir && isExecutable(path)) return path;
  }
  throw new UserError(
    'no ffmpeg found (walkthrough scenes are also written as video.mp4); install it (Debian/Ubuntu: sudo apt-get install ffmpeg), set SIM_FFMPEG=/path/to/ffmpeg, or set walkthrough_fraction: 0',
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Encodes RGB frames (8-bit, 3 channels, top row first) at `fps` into `path` as they come: frames
 * may be added in any order and are fed to ffmpeg in index order, so encoding overlaps rendering
 * and no frame is held longer than it waits for its predecessors. `finish` writes the file;
 * `abort` stops ffmpeg and leaves nothing behind.
 */
export class VideoWriter {
  private readonly child: ChildProcessByStdio<Writable, null, Readable>;
  private readonly tmp: string;
  private readonly waiting = new Map<number, Uint8Array>();
  private readonly exited: Promise<number>;
  private readonly stderr: Buffer[] = [];
  private next = 0;
  /** Writes to ffmpeg, one after another. */
  private feeding: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    width: number,
    height: number,
    fps: number,
  ) {
    const args = [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
      ...[
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-s',
        `${width}x${height}`,
        '-r',
        String(fps),
        '-i',
        'pipe:0',
      ],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-threads', '1'],
      // yuv420p needs even sizes; an odd one loses its last row or column.
      ...['-vf', 'crop=trunc(iw/2)*2:trunc(ih/2)*2'],
      ...['-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1', '-movflags', '+faststart'],
    ];
    // Written under a temporary name and renamed (as every file of a scene), so no reader sees half a video.
    this.tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    mkdirSync(dirname(path), { recursive: true });
    this.child = spawn(resolveFfmpeg(), [...args, '-f', 'mp4', this.tmp], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    this.child.stderr.on('data', (b: Buffer) => this.stderr.push(b));
    this.exited = new Promise<number>((resolve) => {
      this.child.on('error', () => resolve(-1));
      this.child.on('close', (code) => resolve(code ?? -1));
    });
    // A write to a pipe ffmpeg closed early fails; its exit code and message say why.
    this.child.stdin.on('error', () => undefined);
  }

  /** Frame `index` (0-based, in video order); the caller may reuse `rgb` once this returns. */
  add(index: number, rgb: Uint8Array): void {
    this.waiting.set(index, rgb.slice());
    while (this.waiting.has(this.next)) {
      const frame = this.waiting.get(this.next)!;
      this.waiting.delete(this.next++);
      this.feeding = this.feeding.then(() => this.write(frame));
    }
  }

  private async write(frame: Uint8Array): Promise<void> {
    if (!this.child.stdin.write(frame))
      await Promise.race([new Promise((r) => this.child.stdin.once('drain', r)), this.exited]);
  }

  /** Ends the video after `frames` frames and renames it into place. */
  async finish(frames: number): Promise<void> {
    await this.feeding;
    this.child.stdin.end();
    const code = await this.exited;
    try {
      if (this.next !== frames) throw new Error(`${frames - this.next} of ${frames} frames never arrived`);
      if (code !== 0)
        throw new Error(
          `ffmpeg exited with ${code}: ${Buffer.concat(this.stderr).toString().trim().split('\n')[0]}`,
        );
      await rename(this.tmp, this.path);
    } finally {
      await rm(this.tmp, { force: true });
    }
  }

  /** Stops ffmpeg and removes what it wrote (the scene is being drawn again, or failed). */
  async abort(): Promise<void> {
    this.waiting.clear();
    this.child.stdin.destroy();
    this.child.kill('SIGKILL');
    await this.exited;
    await rm(this.tmp, { force: true });
  }
}

/** ffprobe, beside the ffmpeg that resolveFfmpeg finds. */
export function resolveFfprobe(env: NodeJS.ProcessEnv = process.env): string {
  const probe = join(dirname(resolveFfmpeg(env)), 'ffprobe');
  if (isExecutable(probe)) return probe;
  throw new UserError(`no ffprobe beside ${resolveFfmpeg(env)} (it comes with ffmpeg)`);
}

export interface VideoFacts {
  codec: string;
  pixelFormat: string;
  width: number;
  height: number;
  frames: number;
}

/** What a video's first stream is, from decoding every frame (ffprobe -count_frames). */
export async function probeVideo(data: Uint8Array): Promise<VideoFacts> {
  const args = [
    ...['-v', 'error', '-select_streams', 'v:0', '-count_frames'],
    ...[
      '-show_entries',
      'stream=codec_name,pix_fmt,width,height,nb_read_frames',
      '-of',
      'json',
      '-i',
      'pipe:0',
    ],
  ];
  const child = spawn(resolveFfprobe(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stdin.on('error', () => undefined);
  child.stdin.end(data);
  const code = await new Promise<number>((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (c) => resolve(c ?? -1));
  });
  const stream = code === 0 ? JSON.parse(Buffer.concat(out).toString()).streams?.[0] : undefined;
  if (!stream) throw new Error('ffprobe found no video stream');
  return {
    codec: stream.codec_name,
    pixelFormat: stream.pix_fmt,
    width: stream.width,
    height: stream.height,
    frames: Number(stream.nb_read_frames),
  };
}
