import {
  assertLoaded,
  type ConfigSection,
  type GeneratedFile,
  loadedExtensions,
  type VerifyContext,
  verifyContexts,
} from '../asterisk/apply.js';

/** A domain's dialplan file, `extensions_<domain>.conf`, reloaded through pbx_config. */
export const dialplanFile = (domain: string, text: string): GeneratedFile => ({
  name: `extensions_${domain}.conf`,
  text,
  reload: 'pbx_config.so',
});

/**
 * A domain whose part of Asterisk's config is its one dialplan file
 * (`dialplanFile`), verified after the reload by what Asterisk then shows:
 * the contexts of one family (a name prefix, or a pattern where another
 * context shares the prefix), or the extensions of one context, are exactly
 * the expected ones.
 */
export function dialplanSection(
  spec: {
    name: string;
    loaded: { contexts: string | RegExp } | { extensionsOf: string };
    /** The records, plural, as the apply's error names them ("the IVRs"). */
    what: string;
  },
  build: () => { text: string; expected: Iterable<string> },
): ConfigSection {
  const { name, loaded } = spec;
  const mismatch = `dialplan does not match the ${spec.what} after reload`;
  return {
    name,
    generate: () => {
      const { text, expected } = build();
      return {
        files: [dialplanFile(name, text)],
        verify: async (ctx: VerifyContext) => {
          if ('extensionsOf' in loaded)
            assertLoaded(mismatch, expected, await loadedExtensions(ctx, loaded.extensionsOf));
          else await verifyContexts(ctx, loaded.contexts, expected, mismatch);
        },
      };
    },
  };
}
