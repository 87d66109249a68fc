// The part of hosted-git-info 9 that rule-links.ts uses (the package ships no types;
// @types/hosted-git-info describes version 3).
declare module 'hosted-git-info' {
  interface GitHost {
    type: string;
    browse(): string;
    browseFile(path: string): string;
  }
  const hosted: { fromUrl(url: string): GitHost | undefined };
  export default hosted;
}
