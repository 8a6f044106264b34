import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { UserError } from '../util/errors';

/** A question's image (or video) as sent: its bytes (for the data URL) and their hash (for the cache key). */
export interface LoadedImage {
  path: string;
  mime: string;
  bytes: Buffer;
  sha256: string;
}

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
};

/** Reads an image named relative to the dataset folder; a missing file is a one-line error. */
export async function loadImage(dataDir: string, path: string): Promise<LoadedImage> {
  const bytes = await readDatasetFile(dataDir, path);
  const mime = MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
  return { path, mime, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function dataUrl(image: LoadedImage): string {
  return `data:${image.mime};base64,${image.bytes.toString('base64')}`;
}

async function readDatasetFile(dataDir: string, path: string): Promise<Buffer> {
  try {
    return await readFile(join(dataDir, path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${join(dataDir, path)}: ${code === 'ENOENT' ? 'no such file' : String(err)}`);
  }
}
