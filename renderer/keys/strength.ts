/**
 * A rough passphrase strength hint (length and character variety). It guides; it does not enforce
 * beyond main's own minimum of 8 characters.
 */

/** 'too short' | 'weak' | 'fair' | 'strong', with a sentence for the person. */
export function passphraseStrength(p: string): { level: 'too short' | 'weak' | 'fair' | 'strong'; hint: string } {
  if (p.length < 8) return { level: 'too short', hint: 'Use at least 8 characters; a phrase of four or more words is best.' };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  const words = p.trim().split(/\s+/).length;
  if (p.length >= 20 || (words >= 4 && p.length >= 16)) return { level: 'strong', hint: 'Strong.' };
  if (p.length >= 12 && classes >= 2) return { level: 'fair', hint: 'Fair. A longer phrase would be stronger.' };
  return { level: 'weak', hint: 'Weak. Make it longer, for example several unrelated words.' };
}
