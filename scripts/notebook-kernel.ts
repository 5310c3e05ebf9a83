/**
 * Registers (or re-registers; idempotent) the Jupyter kernel "fgsm-faces", shown as
 * "TypeScript (fgsm-faces)": tslab started at the repository root by notebook-kernel-launch.mjs,
 * so notebook cells can import './src/...'. Installs for the current user (--user).
 * Usage: node --import tsx scripts/notebook-kernel.ts [--print]   (--print: show kernel.json only)
 * Jupyter: $FGSM_JUPYTER, else /usr/bin/jupyter, else `jupyter` on PATH.
 */
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, REPO_ROOT, installKernel, installedKernel, kernelJson, requireJupyter } from './notebook-jupyter.js';
import { scriptCommand } from './script-command.js';

const program = scriptCommand({
  name: 'notebook-kernel',
  description: `Register (or re-register) the Jupyter kernel "${KERNEL_NAME}" for the current user, so notebook cells can import ./src/...`,
  examples: ['npm run kernel:install', 'npm run kernel:install -- --print'],
})
  .option('--print', 'print the kernel.json only; register nothing')
  .parse();

if (program.opts<{ print?: boolean }>().print) {
  console.log(JSON.stringify(kernelJson(), null, 2));
} else {
  try {
    const jupyter = requireJupyter();
    installKernel(jupyter);
    const spec = installedKernel(jupyter);
    console.log(`Kernel "${KERNEL_NAME}" (${KERNEL_DISPLAY_NAME}) registered with ${jupyter}: ${spec?.argv?.join(' ')}`);
    console.log(`Cells run in ${REPO_ROOT}; open ${'notebooks/Grupo1_FGSM.ipynb'} with \`npm run notebook\`.`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
