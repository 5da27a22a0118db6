import { type ConfigSection, type VerifyContext, verifyContexts } from '../asterisk/apply.js';

/**
 * A domain whose part of Asterisk's config is one dialplan file: written,
 * reloaded through pbx_config, then verified by its family of contexts
 * (a name prefix or a pattern) being exactly the ones the rows expect.
 */
export function dialplanSection(
  spec: { name: string; file: string; family: string | RegExp; mismatch: string },
  build: () => { text: string; contexts: Iterable<string> },
): ConfigSection {
  return {
    name: spec.name,
    generate: () => {
      const { text, contexts } = build();
      return {
        files: [{ name: spec.file, text, reload: 'pbx_config.so' as const }],
        verify: (ctx: VerifyContext) => verifyContexts(ctx, spec.family, contexts, spec.mismatch),
      };
    },
  };
}
