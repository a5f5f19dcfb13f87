/**
 * Every `sluice` command, by name. A static table (no dynamic discovery) so the bundle holds exactly
 * these and `sluice --help` lists them in this order. Add one line per command.
 */
import type { CliCommand } from '../output';
import { keygenCommand } from './keygen';
import { packCommand } from './pack';
import { inspectCommand } from './inspect';
import { trustCommand } from './trust';
import { ledgerCommand } from './ledger';
import { manifestCommand } from './manifest';
import { receiptCommand } from './receipt';
import { verifyCommand } from './verify';
import { importCommand } from './import';
import { cosignCommand } from './cosign';
import { mediaCommand } from './media';
import { writeCommand } from './write';
import { gatherCommand } from './gather';

export const commands: Record<string, CliCommand> = {
  keygen: keygenCommand,
  trust: trustCommand,
  pack: packCommand,
  cosign: cosignCommand,
  media: mediaCommand,
  write: writeCommand,
  inspect: inspectCommand,
  ledger: ledgerCommand,
  manifest: manifestCommand,
  receipt: receiptCommand,
  gather: gatherCommand,
  verify: verifyCommand,
  import: importCommand,
};
