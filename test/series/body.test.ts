import { describe, expect, it } from 'vitest';
import { parsePerson, parseReplyBody, parseTrailers, splitPatchBody } from '../../src/series/index.js';

const PATCH_BODY = [
  'mm: do the thing',                                   // 0
  '',
  'Longer explanation.',
  '',
  'Fixes: 0123456789ab ("mm: old thing")',             // 4
  'Reported-by: Rita Reporter <rita@example.com>',
  'Closes: https://lore.kernel.org/r/abc@x',
  'Link: https://lore.kernel.org/r/def@x',
  'Co-developed-by: Cody Dev <cody@example.com>',
  'Signed-off-by: Cody Dev <cody@example.com>',
  'signed-off-by: Ada Lovelace <ada@example.org>',    // 10, lower case
  'Cc: stable@vger.kernel.org # 6.1+',
  '---',
  'v2: rebased',
  '',
  ' mm/thing.c | 3 ++-',
  ' 1 file changed, 2 insertions(+), 1 deletion(-)',
  '',
  'diff --git a/mm/thing.c b/mm/thing.c',                // 18
  'index 1111111..2222222 100644',
  '--- a/mm/thing.c',
  '+++ b/mm/thing.c',
  '@@ -1,3 +1,4 @@',
  ' a',
  '-- ',                                                 // a removed line "- " inside the hunk, not the signature
  '+b',
  '',                                                   // context line whose space a mail client dropped
  '+c',
  '-- ',
  '2.43.0',
  '',
].join('\n');

describe('splitPatchBody', () => {
  const parts = splitPatchBody(PATCH_BODY);

  it('cuts message, trailers, notes, diffstat, diff and signature apart', () => {
    expect(parts.commitMessage).toBe('mm: do the thing\n\nLonger explanation.');
    expect(parts.notes).toBe('v2: rebased');
    expect(parts.diffstat.split('\n')).toHaveLength(2);
    expect(parts.diffBodyLine).toBe(18);
    expect(parts.diffText.split('\n')[0]).toBe('diff --git a/mm/thing.c b/mm/thing.c');
    expect(parts.diffText.split('\n').at(-1)).toBe('+c');
    expect(parts.diffText).toContain('\n-- \n+b');
    expect(parts.diffText).not.toContain('2.43.0');
    expect(parts.signature).toBe('2.43.0');
  });

  it('reads the trailer block with canonical names, persons and body lines', () => {
    expect(parts.trailers.map((t) => t.name)).toEqual([
      'Fixes', 'Reported-by', 'Closes', 'Link', 'Co-developed-by', 'Signed-off-by', 'Signed-off-by', 'Cc',
    ]);
    expect(parts.trailers[0]).toMatchObject({ value: '0123456789ab ("mm: old thing")', bodyLine: 4 });
    expect(parts.trailers[0].person).toBeUndefined();
    expect(parts.trailers[6]).toMatchObject({ person: { name: 'Ada Lovelace', address: 'ada@example.org' }, bodyLine: 10 });
    expect(parts.trailers[7].person).toEqual({ name: '', address: 'stable@vger.kernel.org' });
  });

  it('finds `Index:` and bare `--- a/` diffs, and reports no diff for a cover', () => {
    const idx = splitPatchBody('msg\n---\nIndex: a.c\n===================================================================\n--- a.c\n+++ a.c\n@@ -1 +1 @@\n-x\n+y\n');
    expect(idx.diffBodyLine).toBe(2);
    expect(idx.diffText.split('\n')).toHaveLength(7);
    const bare = splitPatchBody('msg\n\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-x\n+y\n');
    expect(bare.diffBodyLine).toBe(2);
    const cover = splitPatchBody('Cover text.\n\nA (1):\n  x\n\n a.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\nbase-commit: abc\n-- \n2.43\n');
    expect(cover.diffText).toBe('');
    expect(cover.diffBodyLine).toBe(-1);
    expect(cover.signature).toBe('2.43');
  });

  it('does not take a `---` separator for a diff and survives junk', () => {
    expect(splitPatchBody('text\n---\n a | 1 +\n').diffText).toBe('');
    for (const junk of ['', '\n\n', '@@ -1 +1 @@', 'diff --git', '-- \n-- \n', 'diff --git a/x b/x\n@@ -99999999999999999999,1 +1 @@\n']) {
      expect(() => splitPatchBody(junk)).not.toThrow();
    }
  });
});

describe('parseTrailers', () => {
  it('is case-insensitive, skips quoted lines and unknown names', () => {
    const t = parseTrailers('> Reviewed-by: Quoted <q@x.org>\nREVIEWED-BY: Rev Iewer <rev@x.org>\nAcked-By: a@x.org\nFoo-by: x <y@z.org>\nTested-by: not a person\n');
    expect(t).toEqual([
      { name: 'Reviewed-by', value: 'Rev Iewer <rev@x.org>', person: { name: 'Rev Iewer', address: 'rev@x.org' }, bodyLine: 1 },
      { name: 'Acked-by', value: 'a@x.org', person: { name: '', address: 'a@x.org' }, bodyLine: 2 },
    ]);
  });

  it('parses the person forms b4 accepts', () => {
    expect(parsePerson('Name (corp) <a@b.org>')).toEqual({ name: 'Name', address: 'a@b.org' });
    expect(parsePerson('Name [corp] <a@b.org>')).toEqual({ name: 'Name', address: 'a@b.org' });
    expect(parsePerson('"Last, First" <a@b.org>')).toEqual({ name: 'Last, First', address: 'a@b.org' });
    expect(parsePerson('a@b.org (Name)')).toEqual({ name: 'Name', address: 'a@b.org' });
    expect(parsePerson('Junk <a@b.org<mailto:a@b.org>>')).toEqual({ name: 'Junk', address: 'a@b.org' });
    expect(parsePerson('nobody')).toBeUndefined();
  });
});

describe('parseReplyBody', () => {
  const body = [
    'Hi,',                                                  // 0
    '',
    'On Tue, Jul 09, 2024 at 02:20:33PM +0100, Patrick Roy wrote:', // 2 attribution
    '> Some commit text',
    '> ',
    '> +\tr = set_direct_map_invalid_noflush(&folio->page);', // 5
    '',
    'This assumes a single page folio.',                     // 7
    'Loop over the pages.',
    '',
    '>> older quote',
    '> +\treturn r;',
    '',
    'Reviewed-by: Rev Iewer <rev@x.org>',                  // 13
    '',
    '-- ',
    'Sincerely yours,',
    'Mike.',
  ].join('\n');
  const { comments, trailers } = parseReplyBody(body);

  it('keeps quoted lines (one level) apart from the reviewer text', () => {
    expect(comments).toHaveLength(3);
    expect(comments[0]).toEqual({ quoted: [], text: ['Hi,'], bodyLine: 0 });
    expect(comments[1].quoted).toEqual(['Some commit text', '', '+\tr = set_direct_map_invalid_noflush(&folio->page);']);
    expect(comments[1].text).toEqual(['This assumes a single page folio.', 'Loop over the pages.']);
    expect(comments[1].bodyLine).toBe(7);
    expect(comments[2].quoted).toEqual(['> older quote', '+\treturn r;']);
    expect(comments[2].text).toEqual(['Reviewed-by: Rev Iewer <rev@x.org>']);
  });

  it('drops attribution lines (also wrapped over two lines) and the signature', () => {
    const all = comments.flatMap((c) => [...c.text, ...c.quoted]).join('\n');
    expect(all).not.toMatch(/wrote:|Sincerely/);
    const wrapped = parseReplyBody('On Mon, 1 Jan 2024 at 10:00, Some Body\n<some@body.org> wrote:\n> x\nok\n');
    expect(wrapped.comments).toEqual([{ quoted: ['x'], text: ['ok'], bodyLine: 3 }]);
  });

  it('takes trailers from the reviewer text only', () => {
    expect(trailers).toEqual([
      { name: 'Reviewed-by', value: 'Rev Iewer <rev@x.org>', person: { name: 'Rev Iewer', address: 'rev@x.org' }, bodyLine: 13 },
    ]);
  });
});
