/// <reference types="svelte" />
/// <reference types="vite/client" />

// The `hyphen` package ships no types (and is CommonJS); these are the calls Pitchboard uses.
interface HyphenModule {
  hyphenateSync(text: string, options?: { minWordLength?: number; hyphenChar?: string }): string;
}
declare module 'hyphen/de' {
  const hyphen: HyphenModule;
  export default hyphen;
}
declare module 'hyphen/en' {
  const hyphen: HyphenModule;
  export default hyphen;
}
