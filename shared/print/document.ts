/**
 * The page shell: turns paginated bodies into one self-contained HTML document in which every page
 * is an explicit fixed-size <section> with the classification banner at its top and bottom, a
 * running head, and "page X of Y" computed here. No external fonts, images or scripts; a
 * Content-Security-Policy forbids any script even if hostile text ever slipped past escaping.
 */
import { escapeHtml } from './escape';
import { bodyCapacity, printCss, type Paper } from './layout';
import { paginate, type Flow } from './paginate';

/** Everything a printed document needs besides its content. */
export interface DocumentSpec {
  /** The <title> and the running head's left side ("Transfer manifest"). */
  title: string;
  /** The classification label printed as a banner at the top and bottom of every page. */
  banner: string;
  /** Running head, right side (the transfer id and sequence, say). */
  reference: string;
  /** Footer, left side (e.g. the first digits of the signed digest). */
  footer: string;
  paper: Paper;
  flow: readonly Flow[];
}

/** The policy written into every document: no scripts, no fetches, inline styles and data: images only. */
export const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'";

/** Renders the document: paginated pages, each with banners, running head and "page X of Y". */
export function renderDocument(spec: DocumentSpec): string {
  const bodies = paginate(spec.flow, bodyCapacity(spec.paper));
  const total = bodies.length;
  const banner = `<div class="banner">${escapeHtml(spec.banner)}</div>`;
  const pages = bodies.map(
    (body, i) => `<section class="page" data-page="${i + 1}">
${banner}
<div class="running"><span>${escapeHtml(spec.title)}</span><span>${escapeHtml(spec.reference)}</span></div>
<div class="body">${body}</div>
<div class="footer"><span>${escapeHtml(spec.footer)}</span><span class="pageno">Page ${i + 1} of ${total}</span></div>
${banner}
</section>`,
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(DOCUMENT_CSP)}">
<title>${escapeHtml(`${spec.title} — ${spec.reference}`)}</title>
<style>${printCss(spec.paper)}</style>
</head>
<body>
${pages.join('\n')}
</body>
</html>
`;
}
