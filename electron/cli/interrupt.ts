/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP (a closed terminal) during a command that writes: the
 * command's AbortSignal fires, the engine removes what it had written (the `<id>.partial` package,
 * the `.sluice-staging-*` folder), and the command says so in one line and exits 128 + the
 * signal's number, as a shell reports a process killed by that signal (130, 143, 129).
 *
 * While the command has not yet started work that honours the signal (a passphrase prompt, say),
 * a signal ends the process at once: there is nothing to clean up, and a prompt waiting on stdin
 * would never see the abort.
 */
import { constants } from 'node:os';
import type { CliIo } from './output';

/** The signals a writing command turns into a clean cancel. */
export const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];

/** 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
export function signalExitCode(sig: CancelSignal): number {
  return 128 + constants.signals[sig];
}

/** A command's link to the process's signals. Call `dispose()` when the command ends. */
export class Interrupt {
  private readonly controller = new AbortController();
  private received: CancelSignal | null = null;
  private working = false;
  private readonly handlers = new Map<CancelSignal, () => void>();

  /**
   * @param io where the one-line message goes
   * @param command the command's name ("import")
   * @param nothingDone what is true after a cancel ("nothing was imported")
   * @param exit ends the process at once (before work started); tests may replace it
   */
  constructor(
    private readonly io: CliIo,
    private readonly command: string,
    private readonly nothingDone: string,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {
    for (const sig of CANCEL_SIGNALS) {
      const handler = () => this.onSignal(sig);
      this.handlers.set(sig, handler);
      process.on(sig, handler);
    }
  }

  /** Aborted when a cancel signal arrives. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The signal that cancelled the command, or null. */
  get cancelledBy(): CancelSignal | null {
    return this.received;
  }

  /** From now on a signal aborts `signal` and the command finishes its own clean-up. */
  startWork(): void {
    this.working = true;
  }

  /** Writes the one-line message for a cancel and returns the exit code. */
  report(): number {
    const sig = this.received ?? 'SIGINT';
    this.io.stderr(`sluice ${this.command}: cancelled by ${sig}; ${this.nothingDone}.\n`);
    return signalExitCode(sig);
  }

  /** Removes the signal handlers (the process's defaults apply again). */
  dispose(): void {
    for (const [sig, handler] of this.handlers) process.off(sig, handler);
    this.handlers.clear();
  }

  private onSignal(sig: CancelSignal): void {
    if (this.received) return; // a second Ctrl-C while cleaning up: the clean-up is short, let it finish
    this.received = sig;
    this.controller.abort(new DOMException(`cancelled by ${sig}`, 'AbortError'));
    if (!this.working) {
      const code = this.report();
      this.dispose();
      this.exit(code);
    }
  }
}
