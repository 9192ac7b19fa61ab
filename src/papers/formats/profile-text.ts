// Scholar-profile export text: header line, owner "Last, First", then title / venue / abstract blocks per paper.
import { firstLast } from '../authors.ts';
import { finishPaper, type PaperDraft } from '../paper-draft.ts';
import type { LoadedFile } from './loaded-file.ts';

interface Block {
  text: string;
  /** 1-based line of the block's first line. */
  line: number;
}

/**
 * A block that reads as prose, not as a title or venue line: very long, or long and ending like a sentence.
 * Titles and venues rarely pass 150 characters and rarely end with a period; abstract paragraphs do both.
 */
function isParagraph(text: string): boolean {
  return text.length > 300 || (text.length > 150 && /[.!?]["')\]]?\s*\.?$/.test(text));
}

function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block | undefined;
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      // trim() also removes U+00A0, which the export puts before the owner's name.
      const line = raw.trim();
      if (!line) current = undefined;
      else if (current) current.text += ` ${line}`;
      else out.push((current = { text: line, line: i + 1 }));
    });
  return out;
}

/**
 * The export holds no authors per paper, no years and no links: every paper is the owner's, and nothing else is
 * made up. Blocks are separated by one or more blank lines. An abstract split by a blank line (a "title" that reads
 * as prose) is joined back to the paper before it; a paper whose venue line is missing is loaded without
 * venue and reported.
 */
export function parseProfileText(text: string, file: string): LoadedFile {
  const out: LoadedFile = { papers: [], issues: [] };
  const all = blocks(text);
  const owner = all[1];
  if (!owner || owner.text.length > 80 || owner.text.split(/\s+/).length > 6) {
    out.issues.push({
      file,
      line: owner?.line ?? all[0]?.line ?? 1,
      message: 'not a profile export: expected a header line, then the owner\'s name ("Last, First")',
    });
    return out;
  }
  const authors = [firstLast(owner.text)];
  // Drafts are finished at the end, so an abstract's later paragraph still has its links extracted.
  const drafts: { draft: PaperDraft; line: number }[] = [];
  let i = 2;
  while (i < all.length) {
    const title = all[i];
    const last = drafts.at(-1);
    if (last && isParagraph(title.text)) {
      last.draft.abstract += ` ${title.text}`;
      i += 1;
      continue;
    }
    const venue = all[i + 1];
    const abstract = all[i + 2];
    if (!venue) {
      out.issues.push({ file, line: title.line, message: `"${title.text.slice(0, 60)}" has no venue or abstract (file ends)` });
      break;
    }
    let draft: PaperDraft;
    if (isParagraph(venue.text)) {
      // Title followed directly by a paragraph: the venue line is missing. Keep the paper, say so.
      out.issues.push({ file, line: venue.line, message: `no venue line after the title at line ${title.line}; loaded without venue` });
      draft = { title: title.text, abstract: venue.text, authors };
      i += 2;
    } else {
      draft = { title: title.text, venue: venue.text, abstract: abstract?.text ?? '', authors };
      if (!abstract) out.issues.push({ file, line: title.line, message: `"${title.text.slice(0, 60)}" has no abstract (file ends)` });
      i += 3;
    }
    drafts.push({ draft, line: title.line });
  }
  for (const { draft, line } of drafts) {
    const paper = finishPaper(draft, { file, line });
    if (typeof paper === 'string') out.issues.push({ file, line, message: paper });
    else out.papers.push(paper);
  }
  return out;
}
