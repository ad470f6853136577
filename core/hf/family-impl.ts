/**
 * The `hf` family as the catalog takes it (FamilyImpl): the catalog describes the family's
 * parameters but imports nothing above it, so the layer above both (core/plan/families.ts) passes
 * this implementation in.
 */
import type { FamilyImpl } from '../catalog/types';
import { estimateHfTrial, toTrialEstimates } from './estimate';
import { hfShape } from './family';

export const HF_FAMILY: FamilyImpl = {
  shape: hfShape,
  estimate: (config, resolveFile) => toTrialEstimates(estimateHfTrial(config, resolveFile)),
};
