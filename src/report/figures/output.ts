import { writeAtomically } from '../../util/atomic-write.js';

/** Write a figure, its spec or its data whole or not at all, through the project's one whole-or-nothing writer. */
export async function writeWhole(target: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(target, (write) => write(content));
}
