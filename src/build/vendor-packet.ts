/**
 * Every `astro build` (and so every Vercel deployment, `npm start` and the test suite's build) checks
 * the shop's vendor packet first (architecture §12): a manifest entry with an unknown kind, a
 * duplicate id, a missing field or a file that is not in content/shop/vendor-packet/ fails the build
 * with one line per problem naming the entry and the field, instead of a buyer meeting a 503.
 */
import type { AstroIntegration } from 'astro';
import { vendorPacketFileProblems, type VendorPacketSource } from '../server/release/vendor-packet.js';

export function vendorPacketCheck(source?: VendorPacketSource): AstroIntegration {
  return {
    name: 'vendor-packet-check',
    hooks: {
      'astro:config:setup': async () => {
        await assertVendorPacket(source);
      },
    },
  };
}

/** Throws one error listing every problem of the packet; returns quietly when it is sound. */
export async function assertVendorPacket(source?: VendorPacketSource): Promise<void> {
  const problems = await vendorPacketFileProblems(source);
  if (problems.length === 0) return;
  throw new Error(
    `content/shop/vendor-packet.json has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
      problems.map((problem) => `  - ${problem}`).join('\n') +
      '\nFix the manifest or the files in content/shop/vendor-packet/ (README, "Vendor packet").',
  );
}
