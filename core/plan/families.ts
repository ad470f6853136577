/**
 * The composition root of the model families: the catalog describes every family but imports
 * nothing above it, so the plan, which sits above both the catalog and core/hf, passes the families
 * implemented elsewhere (`hf`) to the catalog's family functions and estimates.
 */
import type { FamilyImpl, ModelEnv } from '../catalog/types';
import type { ResolveFile } from '../types/files';
import { HF_FAMILY } from '../hf/family-impl';

/** The families the catalog describes but does not implement, by name. */
export const FAMILY_IMPLS: Readonly<Record<string, FamilyImpl>> = { hf: HF_FAMILY };

/** What the catalog's model functions and estimateTrial take here: files through `resolveFile`, every family implemented. */
export function modelEnv(resolveFile?: ResolveFile): ModelEnv {
  return { ...(resolveFile ? { resolveFile } : {}), families: FAMILY_IMPLS };
}
