// Author lists as data writes them: arrays of names or {name} objects, or one string ("A, B and C").

/** "Madry, Aleksander" -> "Aleksander Madry"; names without exactly one comma stay as written. */
export function firstLast(name: string): string {
  const parts = name.split(',');
  if (parts.length !== 2) return name.trim();
  const [last, first] = parts.map((p) => p.trim());
  return first && last ? `${first} ${last}` : (first || last);
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;

/**
 * Splits one author string. Handles "A, B and C", "A, B, and C", "A and B", "A; B", "A & B" and BibTeX's
 * "Last, First and Last2, First2" (every part has one comma: those are name inversions, flipped to "First Last").
 * A lone "Madry, Aleksander" (one word each side) is one inverted name, not two authors.
 */
export function splitAuthorString(text: string): string[] {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return [];
  if (t.includes(';')) return t.split(';').map((s) => s.trim()).filter(Boolean);
  const andParts = t.split(/\s+and\s+|\s*&\s*/i).map((s) => s.trim().replace(/,$/, '').trim()).filter(Boolean);
  if (andParts.length > 1 && andParts.every((p) => p.split(',').length === 2)) return andParts.map(firstLast);
  if (andParts.length === 1) {
    const commaParts = t.split(',').map((s) => s.trim()).filter(Boolean);
    if (commaParts.length === 2 && commaParts.every((p) => words(p) === 1)) return [firstLast(t)];
  }
  return andParts.flatMap((p) => p.split(',')).map((s) => s.trim()).filter(Boolean);
}

/** Author names from any of the shapes above; anything else yields no authors rather than a wrong one. */
export function readAuthors(value: unknown): string[] {
  if (typeof value === 'string') return splitAuthorString(value);
  if (!Array.isArray(value)) return [];
  const names: string[] = [];
  for (const a of value) {
    if (typeof a === 'string') names.push(a);
    else if (a && typeof a === 'object') {
      const o = a as Record<string, unknown>;
      if (typeof o.name === 'string') names.push(o.name);
      else if (typeof o.family === 'string') names.push([o.given, o.family].filter((x) => typeof x === 'string').join(' '));
    }
  }
  return names.map((n) => n.replace(/\s+/g, ' ').trim()).filter(Boolean);
}
