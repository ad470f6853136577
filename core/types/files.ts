/**
 * The file seam of pure code: core never reads files, so whoever can (the CLI, the language server,
 * a test) passes a reader in. It takes a path as written in a `.peft` file and returns the text, or
 * undefined when the file cannot be read; it may throw an Error whose message says why (outside the
 * workspace, not a regular file, too large), never the content.
 */
export type ResolveFile = (path: string) => string | undefined;
