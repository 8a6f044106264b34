import { spawn } from 'node:child_process';

/**
 * Opens a URL in the user's default browser (only on `--open`): `open` on macOS, `cmd /c start` on
 * Windows, `xdg-open` elsewhere. A missing opener is reported, not fatal: the URL is printed anyway.
 */
export function openBrowser(url: string, onError: (message: string) => void): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', (err) => onError(`could not open a browser (${command}: ${err.message})`));
    child.unref();
  } catch (err) {
    onError(`could not open a browser (${command}: ${(err as Error).message})`);
  }
}
