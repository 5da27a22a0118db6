/**
 * The deny list a new box ships with (migration 020 seeds it; the site
 * edits it with PUT /outbound-routes/deny-list). Patterns are in the
 * canonical form (pattern.ts canonicalNumber): 00 + country code abroad,
 * 0 + area code in China, the local number as dialled. docs/outbound.md
 * lists them with the same reasons.
 */
export const DEFAULT_DENY_LIST: readonly { pattern: string; reason: string }[] = [
  { pattern: '_00870X.', reason: 'Inmarsat satellite (+870): several yuan a minute' },
  { pattern: '_00881X.', reason: 'Global Mobile Satellite System (+881: Iridium, Globalstar, Thuraya)' },
  { pattern: '_00882X.', reason: 'International Networks (+882): revenue-share fraud favourite' },
  { pattern: '_00883X.', reason: 'International Networks (+883): revenue-share fraud favourite' },
  { pattern: '_00979X.', reason: 'International Premium Rate Service (+979)' },
  { pattern: '_001900NXXXXXX', reason: 'North American premium-rate area code 900 (+1 900)' },
  { pattern: '_001NXX976XXXX', reason: 'North American premium exchanges NXX-976 (+1 NXX 976)' },
  { pattern: '_160X.', reason: '160 pay-per-call information line (声讯台), local form' },
  { pattern: '_168X.', reason: '168 pay-per-call information line (声讯台), local form' },
  { pattern: '_010160X.', reason: '160 声讯台 with Beijing area code' },
  { pattern: '_010168X.', reason: '168 声讯台 with Beijing area code' },
  { pattern: '_02X160X.', reason: '160 声讯台 with a two-digit area code (020-029)' },
  { pattern: '_02X168X.', reason: '168 声讯台 with a two-digit area code (020-029)' },
  { pattern: '_0[3-9]XX160X.', reason: '160 声讯台 with a three-digit area code' },
  { pattern: '_0[3-9]XX168X.', reason: '168 声讯台 with a three-digit area code' },
  { pattern: '_12590X.', reason: '12590 mobile voice information service (声讯), charged by the minute' },
];
