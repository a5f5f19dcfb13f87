/**
 * The clock as the renderer records it: manifest timestamps (UTC, to the second).
 */
import { formatTimestamp } from '../../shared/format/manifest';

/** Now as YYYY-MM-DDTHH:MM:SSZ. */
export function nowTimestamp(): string {
  return formatTimestamp(Date.now() / 1000);
}
