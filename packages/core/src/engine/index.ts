/** The engine: relevance, scoring, de-duplication and section filling. Pure functions, no I/O. */
export { borderlineItemIds, borderlineReason } from "./borderline.js";
export {
  type DedupCandidate,
  type DedupOptions,
  findDuplicates,
  jaccard,
  sameEventMismatch,
  titleTokens,
  trialNames,
  trialPhases,
} from "./dedup.js";
export {
  decisiveReason,
  type EvalItemRef,
  EvalLabel,
  type EvalMiss,
  type EvalReport,
  type EvalVerdict,
  evaluateVerdicts,
  parseEvalLabels,
} from "./evaluate.js";
export {
  decideRelevance,
  editorFeedback,
  type ItemRole,
  isRulingKeep,
  publisherRole,
  type RelevanceDecision,
} from "./relevance.js";
export { mustKeepRulings, RULING_BONUSES } from "./rulings.js";
export {
  assessItem,
  type EngineCounts,
  type EngineDecision,
  type EngineResult,
  type EngineSection,
  type EngineSectionItem,
  type ItemAssessment,
  type RunEngineInput,
  runEngine,
} from "./run-engine.js";
export { recencyFactor, SCORE_BONUSES, type ScoreBreakdown, scoreItem } from "./score.js";
export { type TriageInput, type TriageVerdict, triageItems } from "./triage.js";
export { type DateWindow, windowFor } from "./window.js";
