/**
 * Lists that may hold 100,000 rows (a package mirror's files, a hostile package's failures): the
 * first `limit` rows are rendered, the count is said in words, and a search box finds any row by
 * its text among all of them. Rendering 100,000 table rows at once froze the window for seconds;
 * a summary plus search keeps it responsive and stays ordinary table/list markup, so screen
 * readers and keyboard users get the same page as everyone else (a virtualised list would
 * change which rows exist as the page scrolls, which assistive technology handles badly).
 */
import { useDeferredValue, useId, useMemo, useState } from 'react';

/** How many rows a long list shows before asking for a search. */
export const LONG_LIST_LIMIT = 200;

/** What `useLongList` returns: the rows to render, and what `ListSearch` shows. */
export interface LongListView<T> {
  shown: T[];
  total: number;
  matching: number;
  query: string;
  setQuery: (q: string) => void;
}

/** The first `limit` of `items` whose `text` contains the search (case-insensitive). */
export function useLongList<T>(items: readonly T[], text: (item: T) => string, limit = LONG_LIST_LIMIT): LongListView<T> {
  const [query, setQuery] = useState('');
  // Typing stays immediate; the filter over every row follows when React has time.
  const deferred = useDeferredValue(query);
  const { shown, matching } = useMemo(() => {
    const needle = deferred.trim().toLowerCase();
    if (!needle) return { shown: items.slice(0, limit), matching: items.length };
    const out: T[] = [];
    let count = 0;
    for (const item of items) {
      if (!text(item).toLowerCase().includes(needle)) continue;
      count++;
      if (out.length < limit) out.push(item);
    }
    return { shown: out, matching: count };
  }, [items, text, limit, deferred]);
  return { shown, total: items.length, matching, query, setQuery };
}

/**
 * The search box and the count for a long list ("Showing 200 of 100,000 files"). Renders nothing
 * while the list is short enough to show whole. `noun` is plural ("files", "failures").
 */
export function ListSearch<T>({ view, noun, limit = LONG_LIST_LIMIT }: { view: LongListView<T>; noun: string; limit?: number }) {
  const id = useId();
  if (view.total <= limit) return null;
  const n = (x: number) => x.toLocaleString('en');
  const status = view.query.trim()
    ? `${n(view.matching)} of ${n(view.total)} ${noun} match "${view.query.trim()}"${view.matching > view.shown.length ? `; showing the first ${n(view.shown.length)}` : ''}.`
    : `Showing the first ${n(view.shown.length)} of ${n(view.total)} ${noun}. Search to find any of them.`;
  return (
    <div className="list-search">
      <label htmlFor={id}>Find in {n(view.total)} {noun}</label>{' '}
      <input id={id} type="search" value={view.query} onChange={(e) => view.setQuery(e.target.value)} autoComplete="off" spellCheck={false} />
      <p className="hint" role="status" aria-live="polite">{status}</p>
    </div>
  );
}
