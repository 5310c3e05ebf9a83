/** The `verify` command's summary: the clean verification, then one line per threat and attack with its success at each epsilon. */
import { dirname } from 'node:path';
import { displayPath } from '../core/display-path.js';
import { numberFormat } from '../i18n/numbers.js';
import { verificationChecks } from '../outputs/verification-output.js';
import type { VerificationResults } from '../verification/study.js';

const percent = (rate: number | null) => (rate === null ? '-' : numberFormat('en').percent(rate));

export function verifySummary(results: VerificationResults, files: readonly string[]): string {
  const { clean, thresholds, photos, protocol } = results;
  const at = thresholds.attackedAt;
  const lines = [
    `Face verification, face-api recognizer on ${results.engine}: ${photos.chips} faces of ${protocol.people.length} people (${photos.skipped.length} photos skipped${photos.cached ? `, ${photos.cached} faces from the cache` : ''}).`,
    `Clean test pairs (${clean.genuinePairs} genuine, ${clean.impostorPairs} impostor): AUC ${clean.auc.toFixed(3)}, EER ${percent(clean.eer)}.`,
  ];
  lines.push(`  ${clean.operatingPoints.map((p) => `TAR ${percent(p.tar.rate)} at FAR ${p.targetFar} (measured ${percent(p.far.rate)})`).join(', ')}`);
  for (const choice of ['far', 'eer', 'faceapi'] as const) {
    const { tar, far } = clean.at[choice];
    lines.push(`  threshold ${thresholds[choice].value.toFixed(3)} (${choice}: ${thresholds[choice].how}): TAR ${percent(tar.rate)}, FAR ${percent(far.rate)}${choice === at ? '  <- attacks judged here' : ''}`);
  }
  for (const norm of ['linf', 'l2'] as const) {
    const epsilons = norm === 'linf' ? results.settings.epsilons : results.settings.l2Epsilons;
    if (epsilons.length === 0) continue;
    const texts = epsilons.map((e) => results.attacks.find((row) => row.norm === norm && row.epsilon === e)?.epsilonText ?? String(e));
    lines.push('', `Attack success (decision flipped), ${norm === 'linf' ? 'L-inf' : 'L2'} budgets: ${texts.join(', ')}`);
    for (const threat of ['dodging', 'impersonation'] as const) {
      for (const attack of results.settings.attacks) {
        const rows = epsilons.map((e) => results.attacks.find((row) => row.norm === norm && row.threat === threat && row.attack === attack && row.epsilon === e));
        if (rows.every((row) => row === undefined)) continue;
        lines.push(`  ${threat.padEnd(13)} ${attack.padEnd(7)} (${rows[0]?.success.total ?? 0} pairs): ${rows.map((row) => percent(row?.success.rate ?? null)).join('  ')}`);
      }
    }
  }
  if (results.regions.length) {
    lines.push('', `Physical attacks (${results.settings.regionSteps} steps, TV weight ${results.settings.tvWeight}), success after 8-bit saving: optimised region against a random colour of the same shape`);
    for (const row of results.regions.filter((r) => r.method === 'optimised')) {
      const random = results.regions.find((r) => r.method === 'random' && r.region === row.region && r.threat === row.threat)!;
      const rate = (r: typeof row) => `${r.success8Bit.count}/${r.success8Bit.total} (${percent(r.success8Bit.rate)}; 95% ${percent(r.success8Bit.lower)}-${percent(r.success8Bit.upper)})`;
      lines.push(`  ${row.threat.padEnd(13)} ${row.region.padEnd(9)} (${percent(row.coverage)} of the face image): ${rate(row)} against ${rate(random)}`);
    }
  }
  if (results.transfer) {
    const { models, cells } = results.transfer;
    lines.push('', `Transfer (success on each target's own eligible pairs; columns: ${models.map((m, k) => `[${k + 1}] ${m}`).join(', ')})`);
    for (const threat of ['dodging', 'impersonation'] as const) {
      const mine = cells.filter((cell) => cell.threat === threat);
      const sources = [...new Set(mine.map((cell) => cell.source))];
      for (const source of sources) {
        for (const row of mine.filter((cell) => cell.source === source && cell.target === models[0])) {
          const rates = models.map((target) => mine.find((c) => c.source === source && c.target === target && c.attack === row.attack && c.epsilonText === row.epsilonText)!.success.rate);
          const from = row.baseline ? 'random colour (no model)' : `from [${models.indexOf(source) + 1}] ${`${row.attack} ${row.epsilonText}`.trim()}`;
          lines.push(`  ${threat.padEnd(13)} ${from.padEnd(25)} ${rates.map((rate) => percent(rate).padStart(7)).join(' ')}`);
        }
      }
    }
  }
  const failed = verificationChecks(results).filter((check) => !check.ok);
  if (failed.length) lines.push('', ...failed.map((check) => `check failed: ${check.name}: ${check.detail}`));
  lines.push('', `Written: ${writtenList(files)} (${results.seconds.toFixed(0)} s).`, '');
  return lines.join('\n');
}

/** The files written, with the contents of a sub-folder (the region attacks' faces and prints) counted rather than listed. */
function writtenList(files: readonly string[]): string {
  const top = files.filter((f) => !/_regions[\\/]/.test(f)).map((f) => displayPath(f));
  const inFolder = files.filter((f) => /_regions[\\/]/.test(f));
  if (inFolder.length) top.push(`${displayPath(dirname(inFolder[0]!))}/ (${inFolder.length} PNGs: attacked faces and printable textures)`);
  return top.join(', ');
}
