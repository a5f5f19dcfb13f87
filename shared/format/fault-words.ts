/**
 * The words for each kind of fault (shared/format/fault.ts decides the kind): a headline that
 * says what happened and a one-line advice that says what to do. Every surface — CLI, import
 * wizard, rejection report — uses these, so a fault reads the same on screen and on paper.
 */

/** The kinds of fault a refused package can have. Only 'tampered' is a security incident. */
export type FaultKind =
  | 'incomplete' // a file or volume missing or shorter than signed: the copy did not finish
  | 'misnamed' // the folder is not named after its transfer id, or is an unfinished `.partial` pack
  | 'replay' // already imported (the earlier import is named)
  | 'rollback' // older than a package already imported on the channel
  | 'wrong-destination' // addressed to another station
  | 'witnesses' // fewer valid witness co-signatures than required
  | 'clock' // created in the future of this station's clock
  | 'expired' // past its expiry
  | 'untrusted' // signed by a key this station does not trust (unknown or revoked)
  | 'tampered' // not what its signer signed, or hostile content: an incident
  | 'environment'; // this station could not read something: not the package's fault

/** An earlier import of the same transfer (or channel sequence), from the custody ledger. */
export interface EarlierImport {
  ledgerSeq: number;
  /** YYYY-MM-DD, UTC. */
  date: string;
  /** HH:MM:SS, UTC. */
  time: string;
  /** The officer who decided the import (the ledger line's actor). */
  officer: string;
  /** The transfer id it was imported as, when it differs (a sequence replayed under a new id). */
  transferId?: string;
}

/** A headline and one line of advice. */
export interface FaultWords {
  headline: string;
  advice: string;
}

/** What the words may mention: the deciding failure, already made printable. */
export interface WordsContext {
  detail: string;
  where: string;
  earlierImport?: EarlierImport;
  revoked: boolean;
}

/** The headline of an incomplete copy: exact, because people and tests look for it. */
export const INCOMPLETE_HEADLINE = 'Incomplete — copy it again from the medium';
/** What a tampered package's advice always says. */
export const INCIDENT_ADVICE = 'Report it to security and keep the medium as it is: do not copy it again or use it.';

/** "on 2026-11-20 at 14:03:05 UTC by alice, ledger entry 42". */
export function describeEarlierImport(e: EarlierImport): string {
  return `on ${e.date} at ${e.time} UTC by ${e.officer}, ledger entry ${e.ledgerSeq}`;
}

/** Words per kind ('incomplete-packed': the signed payload itself ends early). */
export const FAULT_WORDS: Record<FaultKind | 'incomplete-packed', (c: WordsContext) => FaultWords> = {
  incomplete: (c) => ({
    headline: INCOMPLETE_HEADLINE,
    // Deliberately no "security": this is a copying fault, and the words must not suggest otherwise.
    advice: `${c.detail}. The copy from the medium did not finish: a copying fault, not an incident. Copy the whole package folder again and check it again; if a fresh copy is still incomplete, return the medium to the sender.`,
  }),
  misnamed: (c) => ({
    headline: 'Not a package folder as it stands — its name is wrong',
    // A renamed copy or an unfinished pack is a handling mistake, not evidence of tampering.
    advice: `${c.detail}. Copy the package folder again from the medium under its own name (its transfer id), then check it again; a folder ending in .partial was never finished and must be packed again.`,
  }),
  'incomplete-packed': (c) => ({
    headline: 'Incomplete — the package was cut short when it was packed',
    advice: `${c.detail}. Every volume matches its signed SHA-256, so copying again will not help: ask the sender to pack it again.`,
  }),
  replay: (c) => ({
    headline: c.earlierImport
      ? `Already imported ${describeEarlierImport(c.earlierImport)}`
      : 'Already imported',
    advice: c.earlierImport
      ? `This transfer was imported ${describeEarlierImport(c.earlierImport)}${c.earlierImport.transferId ? ` (as ${c.earlierImport.transferId})` : ''}; nothing was imported again. Find that entry in Records; this medium may be set aside as a duplicate.`
      : `${c.detail}. Nothing was imported again; look for the earlier import in Records.`,
  }),
  rollback: (c) => ({
    headline: 'Older than a package already imported',
    advice: `${c.detail}. Its sequence number is further below the last one imported from this sender than the station's replay window allows, so it is not imported; ask the sender whether a newer package replaces it.`,
  }),
  'wrong-destination': (c) => ({
    headline: 'Addressed to another station',
    advice: `${c.detail}. Return the medium to the sender, who will send it to the right station or pack it again for this one.`,
  }),
  witnesses: (c) => ({
    headline: 'Not enough witness co-signatures',
    advice: `${c.detail}. Ask the sender to have a witness co-sign the package with their own trusted key, then bring it again.`,
  }),
  clock: (c) => ({
    headline: 'Not valid yet — check the clocks',
    advice: `${c.detail}. This station's clock or the sender's is wrong: have the clocks checked, then verify again.`,
  }),
  expired: (c) => ({
    headline: 'Expired — ask the sender for a fresh package',
    advice: `${c.detail}. A package is valid only until its expiry; ask the sender to pack it again.`,
  }),
  untrusted: (c) => c.revoked
    ? {
      headline: 'Signed by a revoked key',
      advice: `${c.detail}. Nothing was read beyond the signature. Ask the sender to sign with a current key; tell security if a package signed with this key was not expected.`,
    }
    : {
      headline: 'Signed by a key this station does not trust',
      advice: `${c.detail}. Nothing was read beyond the signature. If the sender is expected, trust their key only after comparing its fingerprint with its owner; otherwise return the medium.`,
    },
  tampered: (c) => ({
    headline: 'Possible tampering — report it to security',
    advice: `${c.detail}. The package is not what its signer signed. ${INCIDENT_ADVICE}`,
  }),
  environment: (c) => ({
    headline: 'Could not be checked — a problem on this station',
    advice: `${c.detail}. Is the medium still mounted, and may this station read it? Fix that and check again; nothing was found wrong with the package itself.`,
  }),
};
