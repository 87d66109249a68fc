/** `6.12.117` (plus EXTRAVERSION) from the top Makefile's VERSION/PATCHLEVEL/SUBLEVEL lines. */
export function kernelVersionFromMakefile(text: string): string | undefined {
  const get = (name: string): string | undefined => new RegExp(`^${name}\\s*=[ \\t]*(\\S*)[ \\t]*$`, 'm').exec(text)?.[1];
  const version = get('VERSION');
  const patchlevel = get('PATCHLEVEL');
  if (!version || !patchlevel || !/^\d+$/.test(version) || !/^\d+$/.test(patchlevel)) return undefined;
  const sublevel = get('SUBLEVEL');
  const extra = get('EXTRAVERSION') ?? '';
  return `${version}.${patchlevel}${sublevel && /^\d+$/.test(sublevel) ? `.${sublevel}` : ''}${extra}`;
}
