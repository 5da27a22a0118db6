import {
  assertLoaded,
  type ConfigSection,
  loadedExtensions,
  type VerifyContext,
  verifyContexts,
} from '../asterisk/apply.js';

/**
 * A domain whose part of Asterisk's config is one dialplan file,
 * `extensions_<name>.conf`, reloaded through pbx_config and verified by
 * what Asterisk then shows: the contexts of one family (a name prefix, or a
 * pattern where another context shares the prefix), or the extensions of
 * one context, are exactly the expected ones.
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
        files: [{ name: `extensions_${name}.conf`, text, reload: 'pbx_config.so' as const }],
        verify: async (ctx: VerifyContext) => {
          if ('extensionsOf' in loaded)
            assertLoaded(mismatch, expected, await loadedExtensions(ctx, loaded.extensionsOf));
          else await verifyContexts(ctx, loaded.contexts, expected, mismatch);
        },
      };
    },
  };
}
